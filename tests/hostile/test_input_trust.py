"""What a stranger's input files can do (issue 20, items 5–12): each test failed before its fix.

Formula cells with forged cached results, invisible characters inside published text,
hand-written pages at generated paths, inputs that took seconds per character, numbers
and names too long for Python or the file system, and the smaller cases of item 12.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import copy_example, run_placard, write

from placard.cli import main

PARTS = ("mkdocs.yml", "slogans", "hooks")
HEADER = ["name", "type", "period_from", "period_to", "slot", "kind", "ref", "advertiser"]


def campaign(root: Path) -> Path:
    copy_example(root, PARTS)
    write(root / "docs" / "index.md", "# 测试\n")
    return root


def check(root: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["--lang", "en", "check", str(root), "--date", "2026-11-23", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


# ------------------------------------------------------------------ XLSX written by hand


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A workbook whose first sheet is ``sheet_xml`` exactly (what a forger writes, not what Excel saves)."""
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(
                info.filename,
                sheet_xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else data,
            )
    return out.getvalue()


def _col(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def text_cell(ref: str, value: str) -> str:
    from xml.sax.saxutils import escape

    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def sheet(rows: list[list[str]], extra_cells: dict[int, str] | None = None, tail: str = "") -> str:
    """Sheet XML for ``rows`` of text; ``extra_cells`` appends raw cell XML to a row (1-based)."""
    parts = []
    for r, values in enumerate(rows, start=1):
        cells = "".join(text_cell(f"{_col(i)}{r}", v) for i, v in enumerate(values) if v != "")
        cells += (extra_cells or {}).get(r, "")
        parts.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(parts)
        + tail
        + "</sheetData></worksheet>"
    )


def six_slots(kind_of_c1: str = "") -> list[list[str]]:
    """One public slot and five others; the others' kind left blank in the first when ``kind_of_c1`` is ''."""
    rows = [
        HEADER,
        ["道旗", "banner", "2026-10-01", "2026-12-31", "p1", "public", "traffic-01", ""],
    ]
    for i in range(1, 6):
        rows.append(["", "", "", "", f"c{i}", kind_of_c1 if i == 1 else "public", "traffic-01", ""])
    return rows


def test_a_formula_with_a_forged_cached_value_is_a_finding_not_a_value(tmp_path, capsys):
    # Excel computes ="commercial" in F3; the file's cached value says public. The list would pass
    # (6 public of 6) on the cached value; it is 5 of 6 in Excel.
    root = campaign(tmp_path / "c")
    forged = '<c r="F3" t="str"><f>"commercial"</f><v>public</v></c>'
    data = xlsx_with_sheet(sheet(six_slots(""), {3: forged}))
    (root / "posters/placements").mkdir(parents=True)
    (root / "posters/placements/l.xlsx").write_bytes(data)
    code, out = check(root, capsys)
    assert code == 1, out
    assert "table.formula" in out and "l.xlsx:3" in out and "F3" in out
    assert "write the value, not a formula" in out
    assert "Traceback" not in out


def test_two_million_formatted_empty_rows_are_a_finding_not_a_wait(tmp_path):
    root = campaign(tmp_path / "c")
    rows = six_slots("commercial")
    tail = "".join(
        f'<row r="{i}"><c r="A{i}" s="1"/></row>' for i in range(len(rows) + 1, 2_000_001)
    )
    (root / "posters/placements").mkdir(parents=True)
    (root / "posters/placements/l.xlsx").write_bytes(xlsx_with_sheet(sheet(rows, tail=tail)))
    # a hang guard, not a timing target: before, the sheet was read twice from end to end (10 s and more)
    proc = run_placard("--lang", "en", "check", root, "--date", "2026-11-23", timeout=30)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert (
        "l.xlsx:100002" in out
        and "more than 100,001 rows" in out
        and "delete the rows below the table" in out
    )
    assert "Traceback" not in out


def test_an_xlsx_cell_longer_than_excel_allows_is_refused(tmp_path, capsys):
    root = campaign(tmp_path / "c")
    rows = six_slots("commercial")
    rows[3][7] = "光明银行" * 8200  # 32,800 characters: Excel keeps at most 32,767 in a cell
    (root / "posters/placements").mkdir(parents=True)
    (root / "posters/placements/l.xlsx").write_bytes(xlsx_with_sheet(sheet(rows)))
    code, out = check(root, capsys)
    assert code == 1
    assert (
        "table.cell-too-long" in out
        and "H4" in out
        and "32,800 characters" in out
        and "32,767" in out
    )


# ------------------------------------------------------------------ invisible characters


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def invisible_campaign(root: Path) -> Path:
    """A typo, a half-width comma and a misquoted canonical text, each with an invisible character inside."""
    copy_example(root)
    _edit(root / "slogans/traffic-01.md", "礼让斑马线，安全每一天", "再接再\u200b励，礼让斑马线")
    guide = root / "docs/guides/traffic.md"
    _edit(guide, "- 过马路走人行横道，看清", "- 过马路走人行横道\u00ad,看清")
    _edit(
        guide,
        "- 过街时不看手机",
        "- 富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚\u200b实、友善\n- 过街时不看手机",
    )
    return root


def test_invisible_characters_do_not_hide_a_typo_a_comma_or_a_misquote(tmp_path, capsys):
    root = invisible_campaign(tmp_path / "c")
    code, out = check(root, capsys)
    assert code == 1
    # the slogan: text: "再接再\u200b励，…" — 再 at column 8, the zero width space at column 11
    assert (
        "slogans/traffic-01.md:2:8: error [typo.known]" in out
        and "'再接再励' is a common miswriting of '再接再厉'" in out
    )
    assert (
        "slogans/traffic-01.md:2:11: error [text.invisible]" in out
        and "U+200B (zero width space)" in out
    )
    # the guide: "- 过马路走人行横道\u00ad,看清…" on line 20: the soft hyphen at column 11, the comma at 12
    assert (
        "docs/guides/traffic.md:20:11: error [text.invisible]" in out
        and "U+00AD (soft hyphen)" in out
    )
    assert "docs/guides/traffic.md:20:12: error [punct.half-width]" in out
    assert "docs/guides/traffic.md:21:" in out and "'诚实' should be '诚信'" in out


def test_check_fix_removes_invisible_characters_and_the_checks_still_see_the_words(
    tmp_path, capsys
):
    root = invisible_campaign(tmp_path / "c")
    assert main(["--lang", "en", "check", str(root), "--date", "2026-11-23", "--fix"]) == 1
    capsys.readouterr()
    slogan = (root / "slogans/traffic-01.md").read_text("utf-8")
    guide = (root / "docs/guides/traffic.md").read_text("utf-8")
    assert 'text: "再接再励，礼让斑马线"' in slogan
    assert "- 过马路走人行横道，看清" in guide and "敬业、诚实、友善" in guide
    assert "\u200b" not in slogan + guide and "\u00ad" not in guide
    code, out = check(root, capsys)
    assert "text.invisible" not in out and "punct.half-width" not in out
    assert "[typo.known]" in out and "'诚实' should be '诚信'" in out  # fixes only what is safe


def test_bidi_controls_in_a_title_are_found_and_an_emoji_joiner_is_not(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    _edit(root / "docs/guides/traffic.md", "title: 文明交通指南", "title: 文明\u202e交通指南")
    _edit(
        root / "docs/guides/traffic.md", "- 过街时不看手机", "- 👨\u200d👩\u200d👧 过街时不看手机"
    )
    code, out = check(root, capsys)
    assert code == 1
    assert (
        "docs/guides/traffic.md:3:10: error [text.invisible]" in out
        and "U+202E (right-to-left override)" in out
    )
    assert out.count("[text.invisible]") == 1


# ------------------------------------------------------------------ generated pages win or the clash is an error


def test_a_hand_written_page_at_a_slogans_qr_landing_page_is_a_finding_naming_both(
    tmp_path, capsys
):
    root = copy_example(tmp_path / "c")
    write(root / "docs/s/traffic-01.md", "# 这不是标语的页面\n\n请转账到……\n")
    code, out = check(root, capsys)
    assert code == 1
    assert "docs/s/traffic-01.md:1: error [site.page-clash]" in out
    assert (
        "the page of slogan 'traffic-01' (its QR codes lead there) (slogans/traffic-01.md:1)" in out
    )


def test_hand_written_theme_updated_index_and_404_pages_are_findings(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    write(root / "docs/slogans/traffic.md", "# 主题\n")
    write(root / "docs/updated/traffic.md", "# 已更新\n")
    write(root / "docs/guides/index.md", "# 指南\n")  # no <!-- placard:guides -->: the list is gone
    write(
        root / "docs/ads/index.md", "# 广告\n\n<!-- placard:ads -->\n"
    )  # placard fills it: allowed
    write(root / "docs/404.html", "<p>not found</p>")
    code, out = check(root, capsys)
    assert code == 1
    assert (
        "docs/slogans/traffic.md:1: error [site.page-clash]" in out
        and "the page of theme 'traffic'" in out
    )
    assert "docs/updated/traffic.md:1: error [site.page-clash]" in out
    assert (
        "docs/guides/index.md:1: error [site.page-clash]" in out
        and "put <!-- placard:guides --> in" in out
    )
    assert "docs/404.html:1: error [site.page-clash]" in out
    assert "docs/ads/index.md" not in out


def test_a_theme_with_id_index_is_a_finding_not_the_slogans_index_replaced(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    _edit(
        root / "mkdocs.yml",
        "      - {id: dining, name: 文明餐桌,",
        "      - {id: index, name: 文明餐桌,",
    )
    for p in root.glob("**/*.md"):
        t = p.read_text("utf-8")
        if "theme: dining" in t:
            p.write_text(t.replace("theme: dining", "theme: index"), "utf-8")
    code, out = check(root, capsys)
    assert code == 1
    assert "error [site.id-clash]" in out and "mkdocs.yml:" in out
    assert (
        "the page of theme 'index' would have the address 'slogans/index.md', which is already the slogans index"
        in out
    )


# ------------------------------------------------------------------ bounded work


def test_a_guide_body_of_8000_open_links_is_a_finding_not_a_16_second_build(tmp_path):
    root = copy_example(tmp_path / "c")
    guide = root / "docs/guides/traffic.md"
    text = guide.read_text("utf-8")
    guide.write_text(text[: text.index("# 文明交通指南")] + "[a](" * 8000 + "\n", "utf-8")
    # a hang guard, not a timing target: Python-Markdown took 16 s (and more on a busy machine)
    proc = run_placard("--lang", "en", "build", root, "--out", tmp_path / "site", timeout=60)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "docs/guides/traffic.md:" in out and "[markdown.too-many-links]" in out
    assert "8,000 links or '[' marks" in out and "Traceback" not in out
    assert not (tmp_path / "site").exists()


def test_a_page_of_many_short_paragraphs_of_links_is_bounded_too(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    guide = root / "docs/guides/traffic.md"
    text = guide.read_text("utf-8")
    paragraph = "[文明](https://example.org) " * 90  # under the bound for one paragraph
    guide.write_text(text + "\n" + "\n\n".join([paragraph] * 12) + "\n", "utf-8")
    code, out = check(root, capsys)
    assert code == 1
    assert "[markdown.too-many-links]" in out and "the page holds 1,080 links" in out
    assert "this paragraph holds" not in out


# ------------------------------------------------------------------ numbers and names too long


def test_a_4301_digit_number_in_a_placement_list_is_a_finding_not_a_traceback(tmp_path, capsys):
    root = campaign(tmp_path / "c")
    n = "9" * 4301
    head = "name: 道旗\ntype: banner\nperiod: {from: 2026-10-01, to: 2026-12-31}\nslots:\n"
    write(
        root / "posters/placements/flow.yml",
        head
        + f"  - {{id: p1, kind: public, ref: traffic-01, seconds: {n}}}\n  - {{id: c1, kind: commercial, advertiser: X}}\n",
    )
    write(
        root / "posters/placements/block.yml",
        head + f"  - id: p1\n    kind: public\n    ref: traffic-01\n    area: {n}\n",
    )
    write(
        root / "posters/placements/sheet.csv",
        "name,type,period_from,period_to,slot,kind,ref,advertiser,seconds\n"
        f"道旗,banner,2026-10-01,2026-12-31,p1,public,traffic-01,,{n}\n",
    )
    code, out = check(root, capsys)
    assert code == 1 and "Traceback" not in out
    assert "posters/placements/flow.yml:5:54: error [load.yaml]" in out
    assert "posters/placements/block.yml:8:11: error [load.yaml]" in out
    assert out.count("a number may have at most 4300 digits") == 2
    assert "posters/placements/sheet.csv:2: error [placements.bad-value] field 'seconds'" in out


def test_a_90_character_tag_and_a_300_character_slot_id_are_findings_before_the_build(tmp_path):
    root = copy_example(tmp_path / "c")
    _edit(
        root / "slogans/traffic-01.md", "tags: [交通]", "tags: [" + "交通安全" * 23 + "]"
    )  # 92 characters
    _edit(root / "posters/placements/fenghuang-hoarding.yml", "id: h01", "id: " + "s" * 300)
    proc = run_placard("--lang", "en", "build", root, "--out", tmp_path / "site")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert (
        "slogans/traffic-01.md:8: error [name.too-long] field 'tags': the tag '交通安全交通安全"
        in out
    )
    assert "(92 characters) is too long to be part of a file name" in out
    assert "posters/placements/fenghuang-hoarding.yml:" in out and "the slot id 'ssssss" in out
    assert "(300 characters)" in out and "File name too long" not in out
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------ item 12: the smaller cases


def test_a_binary_slogan_text_is_a_wrong_type_not_python_bytes_on_the_site(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    _edit(
        root / "slogans/traffic-01.md",
        'text: "礼让斑马线，安全每一天"',
        "text: !!binary 56S86K6p5paR6ams57q/",
    )
    code, out = check(root, capsys)
    assert code == 1
    assert "slogans/traffic-01.md:2: error [schema.bad-value] field 'text'" in out
    assert "binary data (a !!binary value), not a text" in out and "b'" not in out


def test_a_two_line_note_with_a_comma_is_read_not_an_unclosed_quote(tmp_path, capsys):
    root = campaign(tmp_path / "c")
    header = ",".join(HEADER) + ",备注\n"
    first = '道旗,banner,2026-10-01,2026-12-31,p1,public,traffic-01,,"第一行\n第二行, 含逗号"\n'
    others = "".join(
        f",,,,c{i},commercial,,光明银行,\n" for i in range(1, 6)
    )  # 1 public of 6: 16.66%
    write(root / "posters/placements/l.csv", header + first + others)
    code, out = check(root, capsys)
    assert code == 1
    assert "unreadable" not in out and "quote" not in out
    assert "16.66%" in out  # read, every row counted


SNEAKY = [";=1+1", "%=1+1", ';;=HYPERLINK("http://evil.example/")', "|=1+1", ",=1+1", "\u3000=1+1"]


def test_cells_starting_with_a_separator_or_percent_before_a_formula_are_neutralised(
    tmp_path, capsys
):
    import csv

    import openpyxl

    root = campaign(tmp_path / "c")
    rows = [
        ["name", "type", "period_from", "period_to", "slot", "kind", "ref", "advertiser"],
        [";=SUM(1)", "banner", "2026-10-01", "2026-12-31", "p1", "public", "traffic-01", ""],
    ]
    rows += [["", "", "", "", f"p{i}", "public", "traffic-01", ""] for i in range(2, 8)]
    rows += [["", "", "", "", f"c{i}", "commercial", "", evil] for i, evil in enumerate(SNEAKY)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    write(root / "posters/placements/l.csv", buf.getvalue())
    for out in ("l.csv", "l.xlsx"):
        assert (
            main(["ledger", str(root), "--date", "2026-11-23", "--out", str(tmp_path / out)]) == 0
        ), capsys.readouterr()
    cells = [
        c for r in csv.reader(io.StringIO((tmp_path / "l.csv").read_text("utf-8-sig"))) for c in r
    ]
    assert "';=SUM(1)" in cells and "';=1+1" in cells and "'%=1+1" in cells and "'|=1+1" in cells
    assert not [c for c in cells if c[:1] in (";", "%", "|", ",", "\u3000")]
    texts = {}
    for ws in openpyxl.load_workbook(tmp_path / "l.xlsx").worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (c.coordinate, c.value)
                if isinstance(c.value, str):
                    texts[c.value] = c.quotePrefix
    assert texts[";=SUM(1)"] is True and texts["%=1+1"] is True and texts[";=1+1"] is True


def test_a_fixable_mark_inside_div_markdown_does_not_make_fix_skip_the_file(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    guide = root / "docs/guides/traffic.md"
    _edit(
        guide,
        "- 过街时不看手机，注意来往车辆。",
        "- 过街时不看手机,注意来往车辆。\n\n<div markdown>\n注意安全,慢行。<b>a,b</b>\n</div>\n\n"
        '!!! tip "提示,注意"\n    看清信号灯,再过马路。\n',
    )
    main(["--lang", "en", "check", str(root), "--date", "2026-11-23", "--fix"])
    out = capsys.readouterr().out
    assert "left as it was" not in out
    text = guide.read_text("utf-8")
    assert "- 过街时不看手机，注意来往车辆。" in text  # outside
    assert (
        "<div markdown>\n注意安全，慢行。<b>a,b</b>\n</div>" in text
    )  # inside; the HTML as it was
    assert (
        '!!! tip "提示，注意"\n    看清信号灯，再过马路。' in text
    )  # an admonition's title and body
    code, out = check(root, capsys)
    assert "punct.half-width" not in out


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(proc.stdout)


def test_a_killed_fill_writes_temporary_is_removed_by_the_next_check_and_build(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    folder = root / "posters/placements"
    pid = _dead_pid()
    keep = [
        ".placard-tmp-backup",
        f".placard-tmp-{pid}-deadbeef.keep",
        f".placard-tmp-{pid}-DEADBEEF",
        "placard-tmp-1-deadbeef",
    ]
    for name in keep:
        (folder / name).write_text("the user's own file", "utf-8")
    (folder / f".placard-tmp-{pid}-deadbeef").write_text(
        "name: half a list\nslots:\n  - {id: p", "utf-8"
    )
    check(root, capsys)
    assert not (folder / f".placard-tmp-{pid}-deadbeef").exists()
    assert all((folder / name).read_text("utf-8") == "the user's own file" for name in keep)
    (root / "slogans" / f".placard-tmp-{pid}-0badf00d").write_text("text: half", "utf-8")
    main(["--lang", "en", "build", str(root), "--out", str(tmp_path / "site"), "--no-posters"])
    capsys.readouterr()
    assert not (root / "slogans" / f".placard-tmp-{pid}-0badf00d").exists()
    assert all((folder / name).read_text("utf-8") == "the user's own file" for name in keep)


def test_a_ledger_cell_over_excels_limit_is_cut_with_a_note_never_written_whole(tmp_path, capsys):
    import openpyxl

    root = campaign(tmp_path / "c")
    long = "光明银行" * 10_000  # 40,000 characters
    write(
        root / "posters/placements/l.yml",
        "name: 道旗\ntype: banner\nperiod: {from: 2026-10-01, to: 2026-12-31}\nslots:\n"
        + "".join(f"  - {{id: p{i}, kind: public, ref: traffic-01}}\n" for i in range(1, 4))
        + f"  - {{id: c1, kind: commercial, advertiser: {long}}}\n",
    )
    code = main(
        [
            "--lang",
            "en",
            "ledger",
            str(root),
            "--date",
            "2026-11-23",
            "--out",
            str(tmp_path / "l.xlsx"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert (
        "l.xlsx: sheet '台账' cell" in err and "40,000 characters, more than Excel's 32,767" in err
    )
    cells = [
        c.value
        for ws in openpyxl.load_workbook(tmp_path / "l.xlsx").worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert max(len(v) for v in cells) == 32_767
    assert any(v.startswith("光明银行光明银行") and v.endswith("已截断）") for v in cells)


# ------------------------------------------------------------------ messages that said the wrong thing


def test_an_invalid_approval_date_is_not_reported_as_missing(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    _edit(root / "slogans/traffic-01.md", "approved_on: 2026-09-11", "approved_on: 2026-02-30")
    code, out = check(root, capsys)
    assert code == 1
    assert (
        "slogans/traffic-01.md:6: error [approval.missing] field 'approved_on': status is 'approved' but "
        "'approved_on' is not a valid date" in out
    )
    assert "'approved_on' is missing" not in out


def test_a_photo_path_leaving_the_folder_is_named_so_not_not_there(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    rounds = root / "posters/patrols/2026-weekly-rounds.csv"
    text = rounds.read_text("utf-8-sig")
    old = "2026-10-21,metro-guangming-led,,刘洋,完好,,例行巡查"
    assert old in text
    rounds.write_text(
        text.replace(old, "2026-10-21,metro-guangming-led,,刘洋,完好,../../../mkdocs.yml,例行巡查"),
        "utf-8",
    )
    code, out = check(root, capsys)
    assert (
        "2026-weekly-rounds.csv:4: warning [patrol.photo] field 'photos': photo '../../../mkdocs.yml' of the "
        "record of 2026-10-21 leaves the campaign's photo folder" in out
    )
    assert "is not there" not in out


def test_play_log_rows_whose_lines_cannot_be_found_again_are_not_first_at_line_nothing():
    from types import SimpleNamespace

    from placard import i18n
    from placard.findings import Severity
    from placard.playlogs import _file_findings

    data = SimpleNamespace(findings=[])
    i18n.set_language("en")
    try:
        _file_findings(
            data,
            "posters/playlogs/x.csv",
            SimpleNamespace(bad_time=2, bad_seconds=1, bad_lines=[]),
            Severity.WARNING,
        )
    finally:
        i18n.set_language(None)
    texts = [f.message for f in data.findings]
    assert texts == [
        "2 row(s) have a time that cannot be read (their lines could not be found again when the file was read "
        "a second time); they are not counted",
        "1 row(s) have a duration that is not a number of seconds (their lines could not be found again when the "
        "file was read a second time); they are not counted",
    ]
    assert all(f.line is None for f in data.findings)


def test_every_page_the_public_site_generates_is_claimed_for_the_clash_check(tmp_path):
    """site/claims.py lists the generated addresses without rendering: a new generator must be added there."""
    import datetime as dt

    from placard.load import load_campaign
    from placard.site import PAGE_GENERATORS
    from placard.site.claims import dest, generated
    from placard.site.registry import PUBLIC, SiteOptions, serves

    root = copy_example(tmp_path / "c")
    _edit(root / "mkdocs.yml", "public_sets: [", "public_sets: [ads-a3, ")
    campaign = load_campaign(root, dt.date(2026, 11, 23)).campaign
    options = SiteOptions(today=campaign.today, preview=True)
    made = {uri for g in PAGE_GENERATORS if serves(g, PUBLIC) for uri in g(campaign, options)}
    claimed = {dest(uri) for uri, *_ in generated(campaign)}
    assert "posters/index.md" in made and "s/traffic-01.md" in made and "tags/index.md" in made
    assert {uri for uri in made if dest(uri) not in claimed} == set()
