"""Every user mistake in content files gives a clear message (file, line, field, fix), exit 1."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import run_placard, write

from placard.cli import main

GOOD_SLOGAN = """---
text: 礼让斑马线，安全每一天
theme: traffic
status: approved
approved_by: 区文明办 王丽
approved_on: 2026-09-11
---
"""


def check(root: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(root), "--date", "2026-11-23"])
    out = capsys.readouterr()
    return code, out.out + out.err


CASES = {
    "malformed-yaml": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: [traffic\nstatus: draft\n---\n",
        ["slogans/bad.md:4", "YAML syntax error", "fix:"],
    ),
    "unclosed-front-matter": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\n",
        ["slogans/bad.md:1", "never closed", "'---'"],
    ),
    "unknown-key": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstaus: draft\nstatus: draft\n---\n",
        ["slogans/bad.md:4", "field 'staus'", "unknown field", "did you mean 'status'?"],
    ),
    "wrong-type": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\ntags: {a: 1}\n---\n",
        ["slogans/bad.md:5", "field 'tags'", "expected a list of texts", "fix:"],
    ),
    "duplicate-key": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\ntheme: waste\n---\n",
        ["slogans/bad.md:5", "duplicate key 'theme'", "first on line 3"],
    ),
    "unknown-theme": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: trafic\nstatus: draft\n---\n",
        ["slogans/bad.md:3", "field 'theme'", "'trafic' is not one of the campaign's themes", "traffic"],
    ),
    "empty-text": (
        "slogans/bad.md",
        "---\ntext: \"  \"\ntheme: traffic\nstatus: draft\n---\n",
        ["slogans/bad.md:2", "field 'text'", "must not be empty"],
    ),
    "empty-text-marks-only": (
        "slogans/bad.md",
        "---\ntext: \"|\"\ntheme: traffic\nstatus: draft\n---\n",
        ["slogans/bad.md:2", "field 'text'", "'text' is empty"],
    ),
    "invalid-date": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\nvalid_from: 2026-13-01\n---\n",
        ["slogans/bad.md:5", "field 'valid_from'", "'2026-13-01' is not a valid date", "YYYY-MM-DD"],
    ),
    "dates-reversed": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\nvalid_from: 2026-12-01\nvalid_to: 2026-11-01\n---\n",
        ["slogans/bad.md:6", "field 'valid_to'", "before valid_from", "fix:"],
    ),
    "approved-without-approver": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: approved\napproved_on: 2026-09-01\n---\n",
        ["slogans/bad.md", "field 'approved_by'", "status is 'approved' but 'approved_by' is missing",
         "status: draft"],
    ),
    "bad-status": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: aproved\n---\n",
        ["slogans/bad.md:4", "field 'status'", "did you mean 'approved'?", "draft, approved, retired"],
    ),
    "tab-indentation": (
        "slogans/bad.md",
        "---\ntext: 礼让斑马线\ntheme: traffic\nstatus: draft\ntags:\n\t- a\n---\n",
        ["slogans/bad.md:6", "YAML syntax error", "tab"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_slogan_is_a_clear_error(case, campaign, capsys):
    rel, text, expected = CASES[case]
    write(campaign / rel, text)
    code, out = check(campaign, capsys)
    assert code == 1
    assert "Traceback" not in out
    for piece in expected:
        assert piece in out, f"{piece!r} not in:\n{out}"


def test_duplicate_id_names_both_files(campaign, capsys):
    write(campaign / "slogans/another.md", GOOD_SLOGAN.replace("---\ntext", "---\nid: traffic-01\ntext", 1))
    code, out = check(campaign, capsys)
    assert code == 1
    # files load in name order: another.md first, so traffic-01.md is the duplicate
    assert "slogans/traffic-01.md:2: error [schema.duplicate-id] field 'id'" in out
    assert "id 'traffic-01' is already used by slogans/another.md" in out


def test_missing_artwork(campaign, capsys):
    page = campaign / "docs/ads/guangpan.md"
    page.write_text(page.read_text("utf-8").replace("artwork: guangpan.png", "artwork: nothere.png"), "utf-8")
    code, out = check(campaign, capsys)
    assert code == 1
    assert "docs/ads/guangpan.md:5" in out
    assert "field 'artwork'" in out and "'nothere.png': the file does not exist" in out


def test_corrupt_artwork(campaign, capsys):
    (campaign / "docs/ads/guangpan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    code, out = check(campaign, capsys)
    assert code == 1
    assert "docs/ads/guangpan.md:5" in out and "cannot be opened" in out


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_decompression_bomb_artwork(campaign, capsys):
    (campaign / "docs/ads/guangpan.png").write_bytes(_png_header_only(60000, 60000))
    code, out = check(campaign, capsys)
    assert code == 1
    assert "decompression bomb" in out and "docs/ads/guangpan.md:5" in out


def test_missing_required_ad_alt(campaign, capsys):
    page = campaign / "docs/ads/paidui.md"
    lines = [ln for ln in page.read_text("utf-8").splitlines() if not ln.startswith("alt:")]
    page.write_text("\n".join(lines) + "\n", "utf-8")
    code, out = check(campaign, capsys)
    assert code == 1
    assert "docs/ads/paidui.md" in out and "field 'alt'" in out and "has no 'alt'" in out


def test_ad_links_unknown_slogan(campaign, capsys):
    page = campaign / "docs/ads/paidui.md"
    page.write_text(page.read_text("utf-8").replace("[civility-03]", "[civility-99]"), "utf-8")
    code, out = check(campaign, capsys)
    assert code == 1
    assert "slogan 'civility-99' does not exist" in out and "field 'slogans'" in out


def test_broken_mkdocs_yml(campaign, capsys):
    cfg = campaign / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("site_name:", "site_name: [", 1), "utf-8")
    code, out = check(campaign, capsys)
    assert code == 1
    assert "mkdocs.yml:" in out and "YAML syntax error" in out


def test_theme_colour_must_be_a_colour(campaign, capsys):
    cfg = campaign / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace('colour: "#1565c0"', "colour: blue"), "utf-8")
    code, out = check(campaign, capsys)
    assert code == 1
    assert "'blue' is not a colour" in out and "extra.placard.themes.colour" in out


@pytest.mark.parametrize("command", ["check", "build"])
def test_not_a_campaign_folder(command, tmp_path, capsys):
    code = main([command, str(tmp_path)])
    out = capsys.readouterr().err
    assert code == 1
    assert "no mkdocs.yml here" in out and "placard init" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing built, nothing made


def test_not_utf8(campaign, capsys):
    (campaign / "slogans/gbk.md").write_bytes("---\ntext: 文明\ntheme: traffic\nstatus: draft\n---\n".encode("gbk"))
    code, out = check(campaign, capsys)
    assert code == 1
    assert "slogans/gbk.md" in out and "not UTF-8" in out


def test_usage_error_exits_2():
    proc = run_placard("check", "--format", "xml")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_date_option_is_usage_error():
    proc = run_placard("build", "--date", "2026-02-30")
    assert proc.returncode == 2
    assert "'2026-02-30' is not a date" in proc.stderr


def test_json_report(campaign, capsys):
    import json

    write(campaign / "slogans/bad.md", "---\ntext: 礼让\ntheme: nope\nstatus: draft\n---\n")
    code = main(["check", str(campaign), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["errors"] == 1
    (f,) = [x for x in data["findings"] if x["severity"] == "error"]  # the example's evidence warnings aside
    assert f["file"] == "slogans/bad.md" and f["line"] == 3 and f["field"] == "theme"
    assert f["rule"] == "schema.unknown-theme" and f["fix"]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    from conftest import copy_example

    root = copy_example(tmp_path_factory.mktemp("built") / "c")
    assert main(["build", str(root), "--no-posters", "--date", "2026-11-23"]) == 0
    return root


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_leaves_the_previous_build_untouched(case, built_once, capsys):
    rel, text, expected = CASES[case]
    site = built_once / "site"
    before = _snapshot(site)
    bad = write(built_once / rel, text)
    try:
        code = main(["build", str(built_once), "--no-posters", "--date", "2026-11-23"])
        err = capsys.readouterr().err
    finally:
        bad.unlink()
    assert code == 1
    assert expected[0] in err and "previous output was left as it was" in err
    assert _snapshot(site) == before


def test_lint_knows_every_rule_family(campaign, capsys):
    """Switching off a placement or poster rule id is not reported as an unknown rule."""
    page = campaign / "slogans" / "traffic-02.md"
    text = page.read_text("utf-8").replace(
        "status: approved", 'status: approved\nlint: {ignore: [ratio.share, glyph.missing], reason: "测试"}', 1
    )
    page.write_text(text, "utf-8")
    code, out = check(campaign, capsys)
    assert code == 0, out
    assert "lint.unknown-rule" not in out
    page.write_text(text.replace("ratio.share", "ratio.nonesuch"), "utf-8")
    code, out = check(campaign, capsys)
    assert "lint.unknown-rule" in out and "ratio.nonesuch" in out
