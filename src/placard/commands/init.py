"""placard init: scaffold a new campaign from the example."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

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
    raise FileNotFoundError("the example campaign is not installed with placard")


def add_parser(sub):
    p = sub.add_parser(
        "init",
        help="create a new campaign folder from the example",
        description="Copy the example campaign (settings, pages, slogans, placement lists, poster "
        "sets) into DIR. It builds as is; then edit it.",
    )
    p.add_argument("dir", metavar="DIR", help="the new campaign folder (must be empty or not exist)")
    return p


def run(args) -> int:
    dest = Path(args.dir)
    if dest.exists() and any(dest.iterdir()):
        return fail(f"{dest} is not empty: choose a new folder so nothing is overwritten")
    try:
        src = example_root()
    except FileNotFoundError as exc:
        return fail(str(exc))
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "site")
    for name in SCAFFOLD:
        s = src / name
        if s.is_dir():
            shutil.copytree(s, dest / name, ignore=ignore)
        elif s.is_file():
            shutil.copy2(s, dest / name)
    print(f"placard: created a campaign in {dest}\n  next: placard check {dest} && placard build {dest}")
    return 0
