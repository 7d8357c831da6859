"""The two sites a campaign builds: the public site and the staff site (内部资料), and where each goes.

The public site (MkDocs' ``site_dir``, default ``site``) is what residents see; the staff site
(``extra.placard.staff_dir``, default ``staff``, beside it) holds placement lists, print files,
the ledger and the approvals report. They must never hold one another: a staff site inside the
public one would be published with it. This module reads no MkDocs code, so ``placard check``
stays quick.
"""

from __future__ import annotations

import glob
from pathlib import Path

from .i18n import _
from .yamlsrc import YamlProblem, load

PUBLIC, STAFF = "public", "staff"
AUDIENCES = (PUBLIC, STAFF)
STAFF_DIR = "staff"
SOURCE_DIRS = ("slogans", "posters", "hooks")  # besides docs_dir


def _mkdocs(root: Path) -> dict:
    try:
        mk = load((root / "mkdocs.yml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}
    return mk if isinstance(mk, dict) else {}


def public_out(root: Path) -> Path:
    """The public site folder: site_dir of mkdocs.yml (default 'site'), relative to the campaign."""
    site = _mkdocs(root).get("site_dir")
    return (root / (site if isinstance(site, str) and site else "site")).resolve()


def staff_out(root: Path, raw=None) -> Path:
    """The staff site folder: extra.placard.staff_dir (default 'staff'), relative to the campaign.

    ``raw`` is the campaign's ``extra.placard`` mapping when already loaded.
    """
    if raw is None:
        extra = _mkdocs(root).get("extra")
        raw = extra.get("placard") if isinstance(extra, dict) else None
    value = raw.get("staff_dir") if isinstance(raw, dict) or hasattr(raw, "get") else None
    return (root / (value if isinstance(value, str) and value.strip() else STAFF_DIR)).resolve()


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def apart_problem(public: Path, staff: Path, root: Path, docs_dir: str = "docs") -> str | None:
    """Why the staff site may not go to ``staff`` (None when it may)."""
    root = root.resolve()
    if staff == public:
        return _("the staff site and the public site would be the same folder ({public})").format(public=public)
    if _within(staff, public):
        return _("the staff site ({staff}) would be inside the public site ({public}) and be published with "
                 "it").format(staff=staff, public=public)
    if _within(public, staff):
        return _("the public site ({public}) would be inside the staff site ({staff})").format(
            public=public, staff=staff)
    if staff == root or staff in root.parents:
        return _("the staff site would replace the campaign folder itself ({staff})").format(staff=staff)
    for name in (docs_dir, *SOURCE_DIRS):
        src = (root / name).resolve()
        if _within(staff, src):
            if name == docs_dir:
                return _("the staff site ({staff}) would be inside the source folder {name}/ (MkDocs would publish "
                         "it)").format(staff=staff, name=name)
            return _("the staff site ({staff}) would be inside the source folder {name}/").format(
                staff=staff, name=name)
    return None


def scan_logs(root: Path, patterns) -> list[Path]:
    """The access logs that ``extra.placard.scans.logs`` names: paths or globs, relative to the campaign."""
    found: dict[Path, None] = {}
    for pattern in patterns or ():
        full = pattern if Path(pattern).is_absolute() else str(root / pattern)
        for name in sorted(glob.glob(full)):
            p = Path(name)
            if p.is_file():
                found.setdefault(p)
    return list(found)
