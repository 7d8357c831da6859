"""Shared test helpers: the example campaign, temporary campaigns and the CLI."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
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


#: The language tests read placard's terminal messages in: English (``PLACARD_LANG=en``), so a test
#: asserts a message's words as written in the code. A test of the Chinese default sets its own
#: language (tests/test_messages_cli.py). Pages follow the campaign's ``language:``, not this.
TEST_LANG = "en"


def env() -> dict[str, str]:
    """Environment for subprocesses: this checkout's placard first on the path, English messages."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e["NO_MKDOCS_2_WARNING"] = "1"
    e["PLACARD_LANG"] = TEST_LANG
    return e


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch):
    """In-process tests too: ``placard.cli.main`` and findings speak English unless a test says otherwise."""
    from placard import i18n

    monkeypatch.setenv("PLACARD_LANG", TEST_LANG)
    i18n.set_language(TEST_LANG)
    i18n.set_page_language(None)  # pages: zh-Hans until a build sets its campaign's language
    yield
    i18n.set_language(TEST_LANG)
    i18n.set_page_language(None)


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def placard_serve(root: Path, *args: str, log: Path | None = None):
    """``placard serve ROOT ARGS`` on a free port of 127.0.0.1; yields ``(base URL with its '/', process)``
    and stops it at the end. Its terminal output goes to ``log`` (a file: a pipe nobody reads fills up and
    blocks serve) or nowhere."""
    port = free_port()
    out = log.open("w", encoding="utf-8") if log is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen([sys.executable, "-m", "placard", "serve", str(root), "-a", f"127.0.0.1:{port}", *args],
                                env=env(), stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log is not None:
            out.close()
    try:
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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


# ------------------------------------------------------------------ Hypothesis: one profile everywhere
# No deadline (a shared or slow machine must not turn a slow example into a failure); derandomized
# under CI, so a CI run gives the same verdict every time. Outside CI Hypothesis explores new
# random examples: keep each failure it finds as an @example.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("placard", deadline=None, derandomize=bool(os.environ.get("CI")), print_blob=True,
                            database=None)
_hsettings.load_profile("placard")


def examples(n: int) -> int:
    """``n`` Hypothesis examples; a tenth under bench/mutation.py (PLACARD_MUTATION), which runs the
    same tests once per mutant and needs the first counter-example, not the last."""
    return max(10, n // 10) if os.environ.get("PLACARD_MUTATION") else n


# ------------------------------------------------------------------ tools: never a silent skip
# Browser, PDF and axe tests need tools outside pip. Under CI (env var CI set) a missing tool fails the
# test; elsewhere it is skipped and the run ends with ONE line naming what was skipped and how to install it.
TOOLS = {
    "browser": ("Debian's chromium and chromedriver", "apt-get install chromium chromium-driver"),
    "poppler": ("pdftoppm (poppler)", "apt-get install poppler-utils"),
    "axe": ("axe-core", "npm install --prefix .ci/node axe-core@4"),
    "python": ("the test extras", "pip install -e '.[test]'"),
}
_TAG = "[needs {}] "


def missing_tool(tool: str, reason: str = "", module_level: bool = False):
    """Skip (fail under CI) a test whose ``tool`` (a key of TOOLS) is not installed."""
    what, how = TOOLS[tool]
    text = f"{_TAG.format(tool)}{reason or what + ' not installed'} (install: {how})"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {text}", pytrace=False)
    pytest.skip(text, allow_module_level=module_level)


def need_module(name: str):
    """``pytest.importorskip`` that fails under CI (a test extra that is missing is a broken install)."""
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        missing_tool("python", f"python module {name} is missing", module_level=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts: dict[str, int] = {}
    for rep in terminalreporter.stats.get("skipped", []):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        for tool in TOOLS:
            if _TAG.format(tool) in reason:
                counts[tool] = counts.get(tool, 0) + 1
    if counts:
        parts = [f"{n} need {TOOLS[t][0]} ({TOOLS[t][1]})" for t, n in counts.items()]
        terminalreporter.write_line("SKIPPED for missing tools: " + "; ".join(parts) + " — CI=1 makes these fail",
                                    yellow=True)
