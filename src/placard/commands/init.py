"""placard init: a small campaign of one's own, or (--example) the example campaign."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ..i18n import _
from .common import fail

#: What a new campaign gets: the example campaign's own files.
SCAFFOLD = ("mkdocs.yml", "docs", "slogans", "posters", "hooks", "reviews")


def _start_review_trails(dest: Path) -> None:
    """The new campaign's items start their review trails (reviews/) from the approval init wrote,
    so the clerk's first check has no 'approved the old way' note (issue 23)."""
    import contextlib
    import io

    from ..cli import main as placard_main

    with contextlib.redirect_stdout(io.StringIO()):
        placard_main(["review", "adopt", str(dest)])


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
        help=_(
            "create a new campaign folder: a small campaign of your own, or the example (--example)"
        ),
        description=_(
            "Create a small campaign of your own in DIR: settings with your campaign's name, office and "
            "site address, one theme, one slogan, one guide, one ad with its artwork, one placement list "
            "(XLSX) and poster sets that match them. It builds as it is; then add to it. Asks for what is "
            "missing when run in a terminal. --example copies the full example campaign (光明区) instead."
        ),
    )
    p.add_argument(
        "dir", metavar="DIR", help=_("the new campaign folder (must be empty or not exist)")
    )
    p.add_argument(
        "--name", metavar="TEXT", help=_("the campaign's name, e.g. 某某区创建全国文明城区")
    )
    p.add_argument(
        "--office", metavar="TEXT", help=_("the issuing office, e.g. 某某区委宣传部（区文明办）")
    )
    p.add_argument(
        "--site-url",
        metavar="URL",
        help=_("the public site's address (QR codes point there), e.g. https://wm.example.gov.cn/"),
    )
    p.add_argument(
        "--example",
        action="store_true",
        help=_("copy the full example campaign (光明区: slogans, lists, patrols, play logs)"),
    )
    return p


def _ask(args) -> str | None:
    """Fill --name, --office, --site-url (asking on a terminal); the problem as a message, or None."""
    import sys

    questions = (
        ("name", _("Campaign name (e.g. 某某区创建全国文明城区): ")),
        ("office", _("Issuing office (e.g. 某某区委宣传部): ")),
        ("site_url", _("Site address (e.g. https://wm.example.gov.cn/): ")),
    )
    for key, question in questions:
        value = (getattr(args, key) or "").strip()
        while not value and sys.stdin.isatty():
            try:
                value = input(question).strip()
            except EOFError:
                break
        setattr(args, key, value)
    missing = [f"--{k.replace('_', '-')}" for k, _q in questions if not getattr(args, k)]
    if missing:
        return _("give {options} (or run placard init in a terminal to be asked)").format(
            options=", ".join(missing)
        )
    url = args.site_url
    if "://" not in url:
        url = "https://" + url
    if not url.endswith("/"):
        url += "/"
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return _("'{url}' is not a web address: write it like https://wm.example.gov.cn/").format(
            url=args.site_url
        )
    args.site_url = url
    for key in ("name", "office"):
        if "\n" in getattr(args, key) or len(getattr(args, key)) > 100:
            return _("--{key} is one line of at most 100 characters").format(key=key)
    return None


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
    if dest.is_symlink():
        return fail(
            _("{dest} is a symbolic link: name a new folder for the campaign").format(dest=dest)
        )
    if dest.exists() and not dest.is_dir():
        return fail(_("{dest} is a file, not a folder: name a new folder for the campaign "
                      "(e.g. placard init {example})").format(dest=dest, example=f"{dest.with_suffix('')}-campaign"))
    try:
        if dest.is_dir() and any(dest.iterdir()):
            return fail(_("{dest} is not empty: choose a new folder so nothing is overwritten").format(dest=dest))
        src = example_root() if args.example else None
    except FileNotFoundError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(_("cannot read {path}: {problem}").format(path=dest, problem=exc.strerror or exc))
    if not args.example:
        problem = _ask(args)
        if problem:
            return fail(problem)
    made = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        if args.example:
            ignore = shutil.ignore_patterns("__pycache__", ".cache", "site")
            for name in SCAFFOLD:
                s = src / name
                if s.is_dir():
                    shutil.copytree(s, dest / name, ignore=ignore)
                elif s.is_file():
                    shutil.copy2(s, dest / name)
            (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        else:
            from ..newcampaign import write_campaign

            write_campaign(dest, args.name, args.office, args.site_url)
            _start_review_trails(dest)
    except OSError as exc:
        _undo(dest, made)
        return fail(_("cannot create the campaign in {dest}: {problem} ({file}); choose a folder you can write")
                    .format(dest=dest, problem=exc.strerror or exc, file=getattr(exc, "filename", None) or dest))
    print(_("placard: created a campaign in {dest}").format(dest=dest))
    print(_("  next: placard check {dest} && placard build {dest}").format(dest=dest))
    print(
        _(
            "  (placard is in the virtual environment: run 'source .venv/bin/activate' first, "
            "or call it as .venv/bin/placard)"
        )
    )
    return 0


def _undo(dest: Path, made: bool) -> None:
    """After a failed init: remove what it wrote (dest was empty or did not exist)."""
    if made:
        shutil.rmtree(dest, ignore_errors=True)
    else:
        for child in dest.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
