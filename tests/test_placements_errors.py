"""Every mistake in a placement list gives a clear message (file, line/row, field, what, fix), exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import copy_example, write

from placard.cli import main

PARTS = ("mkdocs.yml", "slogans", "hooks")

LIST_HEAD = """name: 测试道旗
type: banner
period: {from: 2026-10-01, to: 2026-10-31}
"""


def small_campaign(root: Path) -> Path:
    copy_example(root, PARTS)
    write(root / "docs" / "index.md", "# 测试\n")
    write(root / "slogans" / "old-01.md", "---\ntext: 旧标语，已过期\ntheme: civility\nstatus: approved\n"
          "approved_by: 区文明办 王丽\napproved_on: 2026-01-05\nvalid_from: 2026-01-10\nvalid_to: 2026-10-15\n---\n")
    return root


def check(root: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", str(root), "--date", "2026-11-23", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


YAML_CASES = {
    "unknown-ref": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: trafic-01}\n  - {id: b, kind: commercial, advertiser: X}\n",
        ["bad.yml:5", "field 'ref'", "'trafic-01', which is not a slogan, ad or guide", "did you mean 'traffic-01'?"],
    ),
    "draft-ref": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: traffic-draft-01}\n",
        ["bad.yml:5", "field 'ref'", "which is draft, not approved", "fix: have it approved first"],
    ),
    "retired-ref": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: traffic-01}\n  - {id: b, kind: public, ref: civility-retired-01}\n",
        ["bad.yml:6", "field 'ref'", "'civility-retired-01', which is retired", "fix:"],
    ),
    "expired-ref": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: old-01}\n",
        ["bad.yml:5", "field 'ref'", "but it expires (valid 2026-01-10 to 2026-10-15)",
         "fix: shorten the slot's dates"],
    ),
    "date-outside-period": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: traffic-01, to: 2026-11-05}\n",
        ["bad.yml:5", "field 'to'", "2026-11-05 is outside the list's period 2026-10-01 to 2026-10-31",
         "fix: move the date inside the period"],
    ),
    "duplicate-slot": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public, ref: traffic-01}\n  - {id: a, kind: commercial, advertiser: X}\n",
        ["bad.yml:6", "field 'id'", "slot id 'a' is used twice (first at line 5)", "fix: give every slot"],
    ),
    "zero-area": (
        LIST_HEAD + "rule: {measure: area}\nslots:\n  - {id: a, kind: public, ref: traffic-01, area: 0}\n",
        ["bad.yml:6", "field 'area'", "the area must be more than 0 m², got 0", "fix: write the area"],
    ),
    "negative-seconds": (
        LIST_HEAD + "rule: {measure: airtime}\nslots:\n  - {id: a, kind: public, ref: traffic-01, seconds: -15}\n",
        ["bad.yml:6", "field 'seconds'", "more than 0 seconds, got -15", "fix:"],
    ),
    "min-public-above-1": (
        LIST_HEAD + "rule: {min_public: 30}\nslots:\n  - {id: a, kind: public, ref: traffic-01}\n",
        ["bad.yml:4", "field 'rule.min_public'", "30 is too large: it must be at most 1", "fix: write 'min_public'"],
    ),
    "min-public-negative": (
        LIST_HEAD + "rule: {min_public: -0.1}\nslots:\n  - {id: a, kind: public, ref: traffic-01}\n",
        ["bad.yml:4", "field 'rule.min_public'", "too small: it must be at least 0", "fix:"],
    ),
    "window-larger-than-list": (
        LIST_HEAD + "rule: {window: {size: 3, min_public: 1}}\nslots:\n  - {id: a, kind: public, ref: traffic-01}\n"
        "  - {id: b, kind: commercial, advertiser: X}\n",
        ["bad.yml:4", "field 'rule.window.size'", "the window (3 slots) is larger than the list (2 positions)",
         "fix: make the window size at most 2"],
    ),
    "window-min-above-size": (
        LIST_HEAD + "rule: {window: {size: 2, min_public: 3}}\nslots:\n  - {id: a, kind: public, ref: traffic-01}\n",
        ["bad.yml:4", "field 'rule.window.min_public'", "asks for 3 public slots in every 2",
         "fix: make 'min_public' at most 2"],
    ),
    "unknown-measure": (
        LIST_HEAD + "rule:\n  measure: volume\nslots:\n  - {id: a, kind: public, ref: traffic-01}\n",
        ["bad.yml:5", "field 'rule.measure'", "'volume' is not allowed", "Allowed: count, area, airtime"],
    ),
    "unknown-type": (
        "name: 测试\ntype: hording\nperiod: {from: 2026-10-01, to: 2026-10-31}\n"
        "slots:\n  - {id: a, kind: public, ref: traffic-01}\n",
        ["bad.yml:2", "field 'type'", "'hording' is not allowed — did you mean 'hoarding'?", "fix:"],
    ),
    "area-without-size": (
        LIST_HEAD + "rule: {measure: area}\nslots:\n  - {id: a, kind: public, ref: traffic-01, size: 2000×1000}\n"
        "  - {id: b, kind: commercial, advertiser: X}\n",
        ["bad.yml:7", "field 'size'", "measured by area but slot 'b' has no size (or area)",
         "fix: give every slot 'size: 2000×1000'"],
    ),
    "empty-list": (
        LIST_HEAD + "slots: []\n",
        ["bad.yml:4", "field 'slots'", "the list has no slots", "fix: add at least one slot"],
    ),
    "bad-size": (
        LIST_HEAD + "rule: {measure: area}\nslots:\n  - {id: a, kind: public, ref: traffic-01, size: 2 m by 1 m}\n",
        ["bad.yml:6", "field 'size'", "'2 m by 1 m' is not a size", "fix: write width×height in millimetres"],
    ),
    "public-without-ref": (
        LIST_HEAD + "slots:\n  - {id: a, kind: public}\n",
        ["bad.yml:5", "field 'kind'", "slot 'a' is public but names no item", "fix: add 'ref'"],
    ),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_list_errors(case, tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    text, expected = YAML_CASES[case]
    write(root / "posters/placements/bad.yml", text)
    code, out = check(root, capsys)
    assert code == 1, out
    assert "Traceback" not in out
    for piece in expected:
        assert piece in out, f"{piece!r} not in:\n{out}"
    assert "posters/placements/bad.yml:" in out


CSV_HEADER = "名称,类型,周期开始,周期结束,槽位编号,性质,内容编号,广告主,开始日期,结束日期\n"
CSV_FIRST = "测试站亭,公交站亭,2026-10-01,2026-10-31,"

CSV_CASES = {
    "missing-column": (
        "名称,类型,周期开始,周期结束,槽位编号,内容编号\n测试站亭,公交站亭,2026-10-01,2026-10-31,s1,traffic-01\n",
        ["bad.csv:1", "field '性质'", "the header row has no '性质' (kind) column", "fix: add a column '性质'"],
    ),
    "unknown-header": (
        CSV_HEADER.replace("广告主", "广告商") + CSV_FIRST + "s1,公益,traffic-01,,,\n",
        ["bad.csv:1", "field '广告商'", "unknown column '广告商' in the header row", "fix: did you mean '广告主'?"],
    ),
    "non-date": (
        CSV_HEADER + CSV_FIRST + "s1,公益,traffic-01,,,\n,,,,s2,商业,,光明银行,十月一日,\n",
        ["bad.csv:3", "field '开始日期'", "'十月一日' is not a valid date", "fix:"],
    ),
    "duplicate-slot": (
        CSV_HEADER + CSV_FIRST + "s1,公益,traffic-01,,,\n,,,,s1,商业,,光明银行,,\n",
        ["bad.csv:3", "field '槽位编号'", "slot id 's1' is used twice (first at line 2)", "fix:"],
    ),
    "unknown-kind": (
        CSV_HEADER + CSV_FIRST + "s1,公告,traffic-01,,,\n",
        ["bad.csv:2:6", "field '性质'", "row 2, column F (性质): '公告' is not one of the values this column takes",
         "'公益', '商业', '空置'"],
    ),
    "percent-above-100": (
        CSV_HEADER.replace("槽位编号", "公益占比下限,槽位编号") + CSV_FIRST + "150%,s1,公益,traffic-01,,,\n",
        ["bad.csv:2", "field '公益占比下限'", "1.5 is too large: it must be at most 1", "fix:"],
    ),
    "empty": (
        CSV_HEADER,
        ["bad.csv:1", "the list has no slots (only a header row)", "fix: add one row per slot"],
    ),
    "conflicting-list-values": (
        CSV_HEADER + CSV_FIRST + "s1,公益,traffic-01,,,\n别的名字,,,,s2,商业,,光明银行,,\n",
        ["bad.csv:3", "field '名称'", "row 3 says '别的名字' but row 2 says '测试站亭'", "fix:"],
    ),
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_csv_list_errors(case, tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    text, expected = CSV_CASES[case]
    write(root / "posters/placements/bad.csv", text)
    code, out = check(root, capsys)
    assert code == 1, out
    assert "Traceback" not in out
    for piece in expected:
        assert piece in out, f"{piece!r} not in:\n{out}"


def _xlsx(path: Path, header: list, rows: list) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


XLSX_HEADER = ["名称", "类型", "周期开始", "周期结束", "槽位编号", "性质", "内容编号", "广告主", "开始日期", "结束日期"]
D1, D31 = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


@pytest.mark.parametrize(
    "case, header, rows, expected",
    [
        ("missing-column", XLSX_HEADER[:5] + XLSX_HEADER[6:], [["测试", "灯箱", D1, D31, "s1", "traffic-01"]],
         ["bad.xlsx:1", "the header row has no '性质' (kind) column"]),
        ("unknown-header", [*XLSX_HEADER, "颜色"], [["测试", "灯箱", D1, D31, "s1", "公益", "traffic-01"]],
         ["bad.xlsx:1", "field '颜色'", "unknown column '颜色'", "备注"]),
        ("non-date", XLSX_HEADER, [["测试", "灯箱", D1, D31, "s1", "公益", "traffic-01", None, "下周一"]],
         ["bad.xlsx:2", "field '开始日期'", "'下周一' is not a valid date", "YYYY-MM-DD"]),
        ("date-outside", XLSX_HEADER,
         [["测试", "灯箱", D1, D31, "s1", "公益", "traffic-01", None, None, dt.datetime(2026, 11, 2)]],
         ["bad.xlsx:2", "field '结束日期'", "2026-11-02 is outside the list's period"]),
        ("empty", XLSX_HEADER, [], ["bad.xlsx:1", "the list has no slots"]),
    ],
)
def test_xlsx_list_errors(case, header, rows, expected, tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    _xlsx(root / "posters/placements/bad.xlsx", header, rows)
    code, out = check(root, capsys)
    assert code == 1, out
    for piece in expected:
        assert piece in out, f"{piece!r} not in:\n{out}"


def test_broken_xlsx_is_a_clean_error(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    (root / "posters/placements").mkdir(parents=True)
    (root / "posters/placements/bad.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    code, out = check(root, capsys)
    assert code == 1
    assert "bad.xlsx" in out and "cannot be opened" in out and "fix: save it again" in out


def test_bad_config_defaults(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "    search_terms:", "    placements: {min_public: 1.3, measure: count}\n    search_terms:"), encoding="utf-8")
    code, out = check(root, capsys)
    assert code == 1
    assert "mkdocs.yml:" in out and "field 'extra.placard.placements.min_public'" in out and "at most 1" in out


def test_the_parse_cache_never_hides_an_edit(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    lst = write(root / "posters/placements/l.yml", YAML_CASES["duplicate-slot"][0].replace("id: a, kind: commercial",
                                                                                          "id: b, kind: commercial"))
    assert check(root, capsys)[0] == 0
    assert (root / ".cache/placard/placements.bin").is_file()
    lst.write_text(YAML_CASES["duplicate-slot"][0], encoding="utf-8")  # same size class, new content
    code, out = check(root, capsys)
    assert code == 1 and "slot id 'a' is used twice" in out
    (root / ".cache/placard/placements.bin").write_bytes(b"garbage")  # a broken cache is ignored
    code, out = check(root, capsys)
    assert code == 1 and "slot id 'a' is used twice" in out
