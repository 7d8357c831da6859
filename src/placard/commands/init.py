"""placard init: scaffold a new campaign from the example."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ..i18n import _
from .common import fail

#: What a new campaign gets: the example campaign's own files.
SCAFFOLD = ("mkdocs.yml", "docs", "slogans", "posters", "hooks")


def example_root() -> Path:
    """The example campaign shipped with placard (the repository root in a source checkout)."""
    packaged = Path(str(resources.files("placard").joinpath("example")))
    if (packaged / "mkdocs.yml").is_file():
        return packaged
    here = Path(__file__).resolve().parents[3]
    if (here / "mkdocs.yml").is_file() and (here / "slogans").is_dir():
        return here
    raise FileNotFoundError(_("the example campaign is not installed with placard"))


def add_parser(sub):
    p = sub.add_parser(
        "init",
        help=_("create a new campaign folder from the example"),
        description=_(
"Copy the example campaign (settings, pages, slogans, placement lists, poster "
        "sets) into DIR. It builds as is; then edit it."),
    )
    p.add_argument("dir", metavar="DIR", help=_("the new campaign folder (must be empty or not exist)"))
    return p


#: A new campaign's .gitignore: what placard builds (the site, the staff site, its cache) and a venv.
GITIGNORE = """\
# made by placard: rebuilt from the sources, never edit or commit
.cache/
site/
staff/
# a Python virtual environment, if you make one here
.venv/
"""


def run(args) -> int:
    dest = Path(args.dir)
    if dest.exists() and not dest.is_dir():
        return fail(_("{dest} is a file, not a folder: name a new folder for the campaign "
                      "(e.g. placard init {example})").format(dest=dest, example=f"{dest.with_suffix('')}-campaign"))
    try:
        if dest.is_dir() and any(dest.iterdir()):
            return fail(_("{dest} is not empty: choose a new folder so nothing is overwritten").format(dest=dest))
        src = example_root()
    except FileNotFoundError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(_("cannot read {path}: {problem}").format(path=dest, problem=exc.strerror or exc))
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "site")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for name in SCAFFOLD:
            s = src / name
            if s.is_dir():
                shutil.copytree(s, dest / name, ignore=ignore)
            elif s.is_file():
                shutil.copy2(s, dest / name)
        (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    except OSError as exc:
        return fail(_("cannot create the campaign in {dest}: {problem} ({file}); choose a folder you can write")
                    .format(dest=dest, problem=exc.strerror or exc, file=getattr(exc, "filename", None) or dest))
    print(_("placard: created a campaign in {dest}\n  next: placard check {dest} && placard build {dest}")
          .format(dest=dest))
    return 0
