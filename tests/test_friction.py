"""A clerk's friction (issue 21, item 6): each warning once in build, ``fill LIST [DIR]`` like the
other commands, and ``check --fix`` saying which warnings it leaves and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_placard, write


@pytest.fixture(scope="module")
def own(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("own") / "c"
    proc = run_placard(
        "init",
        root,
        "--name",
        "东湖区文明创建",
        "--office",
        "东湖区文明办",
        "--site-url",
        "https://wm.donghu.example.org/",
    )
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.mark.slow
def test_build_prints_each_warning_once(own, tmp_path):
    write(own / "posters/night.yml", "kind: slogan\nformat: A3\ntemplate: slogan\ntags: [夜间]\n")
    try:
        proc = run_placard(
            "--lang",
            "en",
            "build",
            own,
            "--no-progress",
            "--out",
            tmp_path / "site",
            "--staff-out",
            tmp_path / "staff",
        )
    finally:
        (own / "posters/night.yml").unlink()
    assert proc.returncode == 0, proc.stderr
    both = proc.stdout + proc.stderr
    assert both.count("[poster.set-empty]") == 1, (
        both
    )  # not again for the public and the staff site


def test_fill_takes_the_folder_like_the_other_commands_and_keeps_the_old_form(own):
    said = "list 'main-street' already meets its rules on every day; nothing to fill."
    for args in (["main-street", own], ["main-street", "--dir", own], [own, "main-street"]):
        proc = run_placard("--lang", "en", "fill", *args)
        assert proc.returncode == 0 and said in proc.stdout, (args, proc.stdout + proc.stderr)
    proc = run_placard("--lang", "en", "fill", "main-street", own, "--dir", own.parent)
    assert proc.returncode == 2 and "name two folders: give one" in proc.stderr


def test_check_fix_says_which_warnings_it_leaves_and_why(own):
    quotes = write(
        own / "slogans/civility-09.md",
        '---\ntext: "讲“文明”，树「新风」"\ntheme: civility\n'
        "status: approved\napproved_by: x\napproved_on: 2026-10-01\n---\n",
    )
    fixable = write(
        own / "slogans/civility-08.md",
        '---\ntext: "文明出行,你我同行"\ntheme: civility\n'
        "status: approved\napproved_by: x\napproved_on: 2026-10-01\n---\n",
    )
    try:
        proc = run_placard("--lang", "en", "check", own, "--fix")
        assert "文明出行，你我同行" in fixable.read_text("utf-8")
        out = proc.stdout
        assert "placard: fixed 1 file(s)." in out
        assert (
            "placard: left slogans/civility-09.md:2:15 [punct.quotes]: which quotation marks to keep "
            "(“” or 「」) is your choice; use one style throughout"
        ) in out
    finally:
        quotes.unlink()
        fixable.unlink()
