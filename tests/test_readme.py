"""The README fits on a screen (≤ 15 KB) and its two commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import REPO

README = REPO / "README.md"


def commands() -> dict[str, str]:
    """The README's numbered commands: '1' -> the line under '# 1. …' in its first sh block."""
    block = re.search(r"## Two commands.*?```sh\n(.*?)```", README.read_text("utf-8"), re.S).group(
        1
    )
    return dict(re.findall(r"^# (\d)\. .*\n(.+)$", block, re.M))


def test_readme_is_at_most_15_kb():
    assert README.stat().st_size <= 15 * 1024


def test_the_second_command_is_what_ci_runs_and_the_first_builds_the_example():
    cmds = commands()
    assert sorted(cmds) == ["1", "2"]
    ci = (REPO / ".ci/run").read_text("utf-8")
    run_lines = [ln for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert run_lines[-1] == cmds["2"]  # CI ends with the README's second command, as written there
    assert (
        cmds["2"]
        == "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q"
    )
    assert (
        cmds["1"]
        == "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/placard build"
    )
    assert (REPO / "mkdocs.yml").is_file() and (
        REPO / "slogans"
    ).is_dir()  # command 1 builds this folder


def test_readme_says_how_to_run_placard_and_where_the_manual_is():
    text = README.read_text("utf-8")
    assert "source .venv/bin/activate" in text and ".venv/bin/placard" in text
    assert "manual/" in text and "/manual/" in text
    assert (REPO / "manual/mkdocs.yml").is_file()
    assert (REPO / "DEVELOPMENT.md").is_file() and (REPO / "bench/README.md").is_file()
