"""Shared test helpers: the example campaign, temporary campaigns and the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
EXAMPLE_PARTS = ("mkdocs.yml", "docs", "slogans", "posters", "hooks")
# In-process tests import this checkout's placard too (not an installed or editable copy elsewhere).
if str(SRC) not in sys.path[:1]:
    sys.path.insert(0, str(SRC))


# The existing suite asserts English wording: it runs with English messages (issue 21). Tests of the
# default language (tests/test_messages_language.py) choose zh_Hans explicitly, in-process and in
# the environment of the subprocesses they start.
os.environ["PLACARD_LANG"] = "en"


@pytest.fixture(autouse=True)
def _english_messages():
    from placard import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


def env() -> dict[str, str]:
    """Environment for subprocesses: this checkout's placard first on the path."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e["NO_MKDOCS_2_WARNING"] = "1"
    return e


def run_placard(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "placard", *map(str, args)],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_mkdocs(*args: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *map(str, args)],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def copy_example(dest: Path, parts=EXAMPLE_PARTS) -> Path:
    """A private copy of the example campaign (never build into the repository)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in parts:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """A fresh copy of the example campaign in a temporary folder."""
    return copy_example(tmp_path / "campaign")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example campaign built once per test session with `placard build`; returns the site dir."""
    root = copy_example(tmp_path_factory.mktemp("example") / "campaign")
    out = root / "site"
    proc = run_placard("build", root, "--out", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Hypothesis runs a fixed (derandomized) set of examples everywhere, so the README's test
# command gives the same verdict on every machine, CI or not. Set PLACARD_HYPOTHESIS_EXPLORE=1
# to explore new random examples while developing (and keep each failure it finds as an @example).
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("fixed", derandomize=True, print_blob=True, database=None)
_hsettings.register_profile("explore", print_blob=True)
_hsettings.load_profile("explore" if os.environ.get("PLACARD_HYPOTHESIS_EXPLORE") else "fixed")
