"""placard template: the workbooks a clerk fills in Excel/WPS, and the loaders that read them back.

Every value a template's drop-down offers loads; common synonyms load with a note; a value outside
the list is one finding per cell naming the sheet, row, column and the allowed values in Chinese.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_placard
from openpyxl import load_workbook

from placard import i18n
from placard.placements.load import load_list, read_defaults
from placard.xlsx_templates import write_template

TODAY = dt.date(2026, 10, 1)
#: The template's Chinese labels and the values the model keeps (written out here, not read from code).
TYPES = {
    "道旗": "banner",
    "横幅": "banner",
    "围挡": "hoarding",
    "广告牌": "billboard",
    "LED屏": "led",
    "灯箱": "lightbox",
    "公交站亭": "bus-shelter",
    "宣传栏": "bulletin-board",
    "展板": "bulletin-board",
    "其他": "other",
}
KINDS = {"公益": "public", "商业": "commercial", "空置": "vacant"}
MEASURES = {"数量": "count", "面积": "area", "时长": "airtime"}
STATUSES = {
    "完好": "ok",
    "破损": "damaged",
    "脏污": "dirty",
    "缺失": "missing",
    "内容不符": "wrong",
    "已整改": "fixed",
}


@pytest.fixture(autouse=True)
def english():
    before = i18n.current()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def validations(ws) -> dict[str, str]:
    """Column letter -> the list a drop-down offers."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            for rng in dv.sqref.ranges:
                out[rng.coord.split(":")[0].rstrip("0123456789")] = dv.formula1
    return out


def placements(tmp_path: Path, rows: list[dict[str, object]], name: str = "l.xlsx") -> Path:
    """The placements template with its example row replaced by ``rows`` ({header: value})."""
    folder = tmp_path / "posters" / "placements"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_template("placements", path, today=TODAY)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    col = columns(ws)
    for c in range(1, ws.max_column + 1):
        ws.cell(2, c).value = None
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(r, col[header]).value = value
    wb.save(path)
    return path


LIST_HEAD = {
    "名称": "人民路宣传栏",
    "类型": "宣传栏",
    "周期开始": TODAY,
    "周期结束": dt.date(2026, 12, 31),
}


def load(tmp_path: Path, path: Path):
    findings = []
    pl = load_list(path, tmp_path, read_defaults(None, []), findings)
    return pl, findings


def test_placements_template_has_chinese_headers_drop_downs_and_date_cells(tmp_path):
    out = tmp_path / "t.xlsx"
    write_template("placements", out, today=TODAY)
    ws = load_workbook(out).worksheets[0]
    assert ws.title == "点位台账"
    col = columns(ws)
    assert list(col)[:3] == ["名称", "类型", "位置"] and "性质" in col and "内容编号" in col
    letters = validations(ws)
    from openpyxl.utils import get_column_letter

    assert letters[get_column_letter(col["性质"])] == '"公益,商业,空置"'
    assert letters[get_column_letter(col["计量方式"])] == '"数量,面积,时长"'
    assert letters[get_column_letter(col["类型"])] == '"' + ",".join(TYPES) + '"'
    assert ws.cell(2, col["周期开始"]).number_format == "yyyy-mm-dd"
    assert ws.cell(40, col["开始日期"]).number_format == "yyyy-mm-dd"
    assert ws.cell(2, col["公益占比下限"]).number_format == "0%"
    assert ws.cell(2, col["性质"]).value == "公益"  # the example row
    assert load_workbook(out).sheetnames == ["点位台账", "填写说明"]


def test_patrol_and_playlog_templates(tmp_path):
    write_template("patrols", tmp_path / "p.xlsx", lists=("avenue", "hoarding"), today=TODAY)
    ws = load_workbook(tmp_path / "p.xlsx").worksheets[0]
    assert [c.value for c in ws[1]] == [
        "巡查日期",
        "点位编号",
        "槽位编号",
        "巡查人",
        "状态",
        "照片",
        "备注",
    ]
    assert validations(ws) == {"B": '"avenue,hoarding"', "E": '"' + ",".join(STATUSES) + '"'}
    assert ws["A2"].value.date() == TODAY and ws["A2"].number_format == "yyyy-mm-dd"
    write_template("playlogs", tmp_path / "l.xlsx", today=TODAY)
    ws = load_workbook(tmp_path / "l.xlsx").worksheets[0]
    assert [c.value for c in ws[1]] == ["时间", "屏幕", "内容", "时长"]
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm:ss"


@pytest.mark.parametrize("label", list(TYPES))
def test_every_type_the_template_offers_loads(tmp_path, label):
    path = placements(
        tmp_path,
        [
            {**LIST_HEAD, "类型": label, "槽位编号": "p01", "性质": "商业", "广告主": "某银行"},
            {"槽位编号": "p02", "性质": "公益", "内容编号": "civility-01"},
        ],
    )
    pl, findings = load(tmp_path, path)
    assert findings == [] and pl.type == TYPES[label]


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_kind_and_measure_the_template_offers_loads(tmp_path, measure):
    extra = {"面积": {"尺寸": "2000×1000"}, "时长": {"时长": 15}}.get(measure, {})
    path = placements(
        tmp_path,
        [
            {
                **LIST_HEAD,
                "公益占比下限": 0.3,
                "计量方式": measure,
                "槽位编号": "p01",
                "性质": "公益",
                "内容编号": "civility-01",
                **extra,
            },
            {"槽位编号": "p02", "性质": "商业", "广告主": "某银行", **extra},
            {"槽位编号": "p03", "性质": "空置", **extra},
        ],
    )
    pl, findings = load(tmp_path, path)
    assert findings == [], [f.render() for f in findings]
    assert pl.rule.measure == MEASURES[measure]
    assert [s.kind for s in pl.slots] == [KINDS["公益"], KINDS["商业"], KINDS["空置"]]


def test_synonyms_load_with_a_note_saying_what_was_read(tmp_path):
    path = placements(
        tmp_path,
        [
            {
                **LIST_HEAD,
                "类型": "LED显示屏",
                "槽位编号": "p01",
                "性质": "公益广告",
                "内容编号": "civility-01",
            },
            {"槽位编号": "p02", "性质": "商业广告", "广告主": "某银行"},
            {"槽位编号": "p03", "性质": "公益广告", "内容编号": "civility-02"},
        ],
    )
    pl, findings = load(tmp_path, path)
    assert pl is not None and pl.type == "led"
    assert [s.kind for s in pl.slots] == ["public", "commercial", "public"]
    assert all(not f.is_error for f in findings)
    notes = {f.message for f in findings if f.rule == "placements.synonym"}
    assert notes == {
        "column 性质: read '公益广告' as '公益' (rows 2, 4)",
        "column 性质: read '商业广告' as '商业' (rows 3)",
        "column 类型: read 'LED显示屏' as 'LED屏' (rows 2)",
    }


def test_values_outside_the_lists_are_one_finding_per_cell_with_sheet_row_column_and_allowed_values(
    tmp_path,
):
    path = placements(
        tmp_path,
        [
            {
                **LIST_HEAD,
                "类型": "路灯",
                "槽位编号": "p01",
                "性质": "公益性",
                "内容编号": "civility-01",
            },
            {"槽位编号": "p02", "性质": "商业", "广告主": "某银行"},
            {"槽位编号": "p03", "性质": "其它"},
        ],
    )
    pl, findings = load(tmp_path, path)
    assert pl is None
    bad = [f for f in findings if f.rule == "placements.not-in-list"]
    assert [(f.line, f.column, f.field) for f in bad] == [
        (2, 2, "类型"),
        (2, 13, "性质"),
        (4, 13, "性质"),
    ]
    assert (
        bad[1].message
        == "sheet '点位台账', row 2, column M (性质): '公益性' is not one of the values this column takes"
    )
    assert all(v in bad[1].fix for v in ("公益", "商业", "空置"))
    assert all(v in bad[0].fix for v in ("道旗", "横幅", "围挡"))
    # the cell is reported once: no second, English-only message about the same cell
    assert [
        f
        for f in findings
        if f not in bad and (f.line, f.field) in {(2, "类型"), (2, "性质"), (4, "性质")}
    ] == []


def new_campaign(root: Path) -> Path:
    """A clerk's own new campaign (placard init), as the templates meet it."""
    proc = run_placard("init", root, "--name", "东湖区", "--office", "东湖区文明办", "--site-url", "https://a.example/")
    assert proc.returncode == 0, proc.stderr
    return root


def patrol_campaign(tmp_path: Path, statuses: list[str]) -> Path:
    """The new-campaign scaffold with a patrol sheet from the template, one row per status."""
    root = new_campaign(tmp_path / "c")
    folder = root / "posters" / "patrols"
    folder.mkdir()
    path = folder / "rounds.xlsx"
    write_template("patrols", path, lists=("main-street",), today=dt.date.today())
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for r, status in enumerate(statuses, start=2):
        ws.cell(r, 1).value = dt.date.today()
        ws.cell(r, 2).value = "main-street"
        ws.cell(r, 3).value = "b01"
        ws.cell(r, 4).value = "张三"
        ws.cell(r, 5).value = status
        ws.cell(r, 7).value = None
    wb.save(path)
    return root


def test_every_patrol_status_the_template_offers_loads_and_synonyms_and_strays_are_reported(
    tmp_path,
):
    from placard.engine import check_campaign

    root = patrol_campaign(tmp_path, [*STATUSES, "已处理", "还行"])
    result = check_campaign(root)
    records = result.campaign.patrols.records
    assert [r.status for r in records] == [*STATUSES.values(), "fixed"]
    f = [f for f in result.findings if f.file == "posters/patrols/rounds.xlsx"]
    stray = [x for x in f if x.rule == "patrols.not-in-list"]
    assert len(stray) == 1 and stray[0].line == 9 and stray[0].column == 5
    assert (
        "'巡查记录', row 9, column E (状态)" in stray[0].message
        and all(v in stray[0].fix for v in ("完好", "破损", "脏污"))
    )
    assert [x.message for x in f if x.rule == "patrols.synonym"] == [
        "column 状态: read '已处理' as '已整改' (rows 8)"
    ]


def test_a_playlog_template_filled_in_loads(tmp_path):
    from placard.playlogs.read import aggregate

    path = tmp_path / "plays.xlsx"
    write_template("playlogs", path, lists=("led-1",), item="ad-x", today=TODAY)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.append([dt.datetime(2026, 10, 1, 9, 30), "led-1", "ad-x", 15])
    wb.save(path)
    totals = aggregate(path, [0])
    assert totals.format == "plain" and totals.bad_time == 0 and totals.bad_seconds == 0
    assert sorted((s, i, d, int(sec), n) for s, i, d, _b, sec, n in totals.rows) == [
        ("led-1", "ad-x", TODAY, 30, 2)
    ]


def test_template_command_writes_a_new_file_and_never_over_one(tmp_path):
    out = tmp_path / "mine.xlsx"
    proc = run_placard("--lang", "en", "template", "placements", "--out", out, "--dir", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "posters/placements/" in proc.stdout
    before = out.read_bytes()
    proc = run_placard("--lang", "en", "template", "patrols", "--out", out)
    assert proc.returncode == 1 and "exists already" in proc.stderr
    assert out.read_bytes() == before
    proc = run_placard("--lang", "en", "template", "patrols", "--out", tmp_path / "x.csv")
    assert proc.returncode == 1 and ".xlsx" in proc.stderr


def test_template_inside_a_campaign_offers_its_lists(tmp_path):
    root = new_campaign(tmp_path / "c")
    out = tmp_path / "p.xlsx"
    proc = run_placard("--lang", "en", "template", "patrols", root, "--out", out)
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(out).worksheets[0]
    assert validations(ws)["B"] == '"main-street"' and ws["B2"].value == "main-street"
    proc = run_placard(
        "--lang", "en", "template", "patrols", root, "--dir", tmp_path, "--out", tmp_path / "q.xlsx"
    )
    assert (
        proc.returncode == 1
        and "name two folders" in proc.stderr
        and not (tmp_path / "q.xlsx").exists()
    )
