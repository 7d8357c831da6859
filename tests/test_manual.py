"""The manual (使用手册): a MkDocs site of its own, built with --strict, asking no other host, covering
every command and option placard has and every check id; placard serve serves it at /manual/."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, env

MANUAL = REPO / "manual"
PAGES = ("index", "quickstart", "formats", "commands", "checks", "hosting", "faq")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("manual") / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(MANUAL / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_the_manual_builds_strict_with_its_pages_in_chinese(built):
    for page in PAGES:
        html = (built / ("index.html" if page == "index" else f"{page}/index.html")).read_text(
            "utf-8"
        )
        assert 'lang="zh' in html
    assert "快速上手" in (built / "quickstart/index.html").read_text("utf-8")
    assert (built / "404.html").is_file() and (built / "search/search_index.json").is_file()


def test_the_manual_asks_no_other_host(built):
    cfg = (MANUAL / "mkdocs.yml").read_text("utf-8")
    assert re.search(
        r"^  font: false", cfg, re.M
    )  # no Google Fonts (unreachable in mainland China)
    loads = re.compile(r'<(?:script|link|img|iframe)\b[^>]*?(?:src|href)="(https?:)?//', re.I)
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not loads.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for css in built.rglob("*.css"):
        assert "@import url(http" not in css.read_text("utf-8", "replace")


def test_every_command_and_option_is_in_the_manual():
    from placard.cli import COMMANDS, build_parser

    text = (MANUAL / "docs/commands.md").read_text("utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in COMMANDS:
        shown = name.replace("_", "-")
        assert f"## {shown}" in text, shown
        parsers = [sub.choices[shown]]
        nested = [a for a in parsers[0]._actions if a.__class__.__name__ == "_SubParsersAction"]
        for n in nested:
            for action, p in n.choices.items():
                assert f"### {name} {action}" in text, (name, action)
                parsers.append(p)
        for p in parsers:
            for action in p._actions:
                for opt in action.option_strings:
                    if opt.startswith("--") and opt not in ("--help",):
                        assert opt in text, (shown, opt)


def test_every_check_id_is_explained():
    from placard.rules import RULES

    text = (MANUAL / "docs/checks.md").read_text("utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in text]
    assert missing == []
    for rule in (
        "placements.not-in-list",
        "placements.synonym",
        "patrols.not-in-list",
        "example.leftover",
        "poster.set-empty",
        "load.yaml",
        "schema.unknown-key",
        "ref.unknown",
    ):
        assert f"`{rule}`" in text, rule


def test_the_quickstart_walks_from_init_to_a_printed_poster():
    text = (MANUAL / "docs/quickstart.md").read_text("utf-8")
    steps = [
        "placard init",
        "placard build",
        "placard template placements",
        "placard check",
        "print-order",
        "source .venv/bin/activate",
        ".venv/bin/placard",
    ]
    commands = "\n".join(
        re.findall(r"```sh\n(.*?)```", text, re.S)
    )  # what the clerk types, in order
    positions = [commands.index(s) for s in steps[:5]]
    assert positions == sorted(positions)
    for s in steps[5:]:
        assert s in text


def test_serve_answers_the_manual_at_manual(built):
    from placard.live.manual import Manual
    from placard.live.server import LiveState, make_server

    state = LiveState()
    state.manual = Manual()
    server = make_server("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    try:
        status, body = get("/manual/")
        assert status == 503 and "manual" in body.lower() or "手册" in body  # still being built
        state.manual.dir = built
        status, body = get("/manual/")
        assert status == 200 and "placard 使用手册" in body
        status, body = get("/manual/quickstart/")
        assert status == 200 and "快速上手" in body
        assert get("/manual/no-such-page/")[0] == 404
        assert get("/manual/../../etc/passwd")[0] in (404, 400)
    finally:
        server.shutdown()


def test_the_manual_is_found_from_this_checkout():
    from placard.live.manual import manual_source

    assert manual_source() == MANUAL / "mkdocs.yml"
