"""A missing browser, PDF or axe tool never passes silently: CI fails, elsewhere one line says what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

PROBE = """
from conftest import missing_tool


def test_needs_pdftoppm():
    missing_tool("poppler")


def test_needs_chromium():
    missing_tool("browser", "needs Debian's chromium and chromedriver")


def test_fine():
    assert True
"""


def _run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(HERE) + os.pathsep + str(HERE.parent / "src")
    if ci:
        env["CI"] = "1"
    # -p conftest: this suite's conftest (its hooks and helpers) as a plugin of a run in another folder
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path / "test_probe.py"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_outside_ci_a_missing_tool_skips_and_the_run_says_what_to_install(tmp_path):
    proc = _run(tmp_path, ci=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("SKIPPED for missing tools")]
    assert len(lines) == 1, proc.stdout
    assert (
        "apt-get install poppler-utils" in lines[0]
        and "apt-get install chromium chromium-driver" in lines[0]
    )
    assert "2 skipped" in proc.stdout and "1 passed" in proc.stdout


def test_under_ci_a_missing_tool_fails(tmp_path):
    proc = _run(tmp_path, ci=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2 failed" in proc.stdout and "1 passed" in proc.stdout
    assert "SKIPPED for missing tools" not in proc.stdout


@pytest.mark.parametrize("ci", ["", "1"])
def test_hypothesis_has_no_deadline_and_is_derandomized_only_in_ci(tmp_path, ci):
    code = (
        "import conftest, hypothesis; s = hypothesis.settings.default; "
        "print(s.deadline, s.derandomize)"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(HERE) + os.pathsep + str(HERE.parent / "src")
    if ci:
        env["CI"] = ci
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.split() == ["None", "True" if ci else "False"], out.stdout + out.stderr
