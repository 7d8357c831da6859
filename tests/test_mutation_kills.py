"""Tests that kill mutants bench/mutation.py found alive: each asserts what a user sees (issue 26)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

# ----------------------------------------------------------------- spreadsheets as a clerk opens them


def _sheet(tmp_path: Path, rows, header=("点位名称", "状态", "日期", "note"), red=("不达标",)):
    import openpyxl

    from placard.tabular_out import add_sheet

    wb = openpyxl.Workbook()
    add_sheet(wb, True, "台账", header, rows, red=red)
    add_sheet(wb, False, "汇总", ("a",), [("x",)])
    wb.save(tmp_path / "t.xlsx")
    return openpyxl.load_workbook(tmp_path / "t.xlsx")


def test_a_sheet_has_a_bold_filled_frozen_header_with_filters(tmp_path):
    rows = [
        ("光明大道", "不达标", dt.date(2026, 11, 23), "ok"),
        ("凤凰路", "达标", dt.date(2026, 11, 24), ""),
    ]
    wb = _sheet(tmp_path, rows)
    assert wb.sheetnames == ["台账", "汇总"]  # the first sheet is reused, the second added
    ws = wb["台账"]
    for c in ws[1]:
        assert c.font.b is True
        assert c.fill.fill_type == "solid" and c.fill.fgColor.rgb.upper().endswith("FFF2CC")
        assert (c.alignment.horizontal, c.alignment.vertical) == ("center", "center")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    assert [c.value for c in ws[1]] == ["点位名称", "状态", "日期", "note"]
    assert ws["A2"].font.b is not True  # only the header is bold (and the red words)
    assert wb["汇总"].auto_filter.ref == "A1:A2"


def test_an_empty_sheet_filters_its_header_row(tmp_path):
    assert _sheet(tmp_path, [])["台账"].auto_filter.ref == "A1:D1"


def test_dates_stay_dates_shown_as_yyyy_mm_dd_and_failures_are_red(tmp_path):
    ws = _sheet(
        tmp_path,
        [
            ("光明大道", "不达标", dt.date(2026, 11, 23), "x"),
            ("凤凰路", "达标", dt.date(2026, 11, 24), "不达标"),
        ],
    )["台账"]
    assert ws["C2"].is_date and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C2"].value.date() == dt.date(2026, 11, 23)
    red = [
        c.coordinate
        for row in ws.iter_rows(min_row=2)
        for c in row
        if c.font.color is not None and str(c.font.color.rgb).upper().endswith("C00000")
    ]
    assert red == ["B2", "D3"]
    assert ws["B2"].font.b is True
    assert ws["A2"].number_format == "General"


def test_no_red_when_the_sheet_names_none(tmp_path):
    ws = _sheet(tmp_path, [("光明大道", "不达标", dt.date(2026, 11, 23), "x")], red=())["台账"]
    assert all(
        c.font.color is None or not str(c.font.color.rgb).upper().endswith("C00000")
        for row in ws.iter_rows(min_row=2)
        for c in row
    )


def test_columns_fit_their_text_cjk_counting_double(tmp_path):
    rows = [
        ("光" * 10, "a", dt.date(2026, 11, 23), "x" * 100),
        ("凤凰路", "b", dt.date(2026, 11, 24), None),
    ]
    ws = _sheet(tmp_path, rows, header=("点位", "s", "日期", "n"))["台账"]
    width = {k: ws.column_dimensions[k].width for k in "ABCD"}
    assert width["A"] == 22  # ten CJK characters: 20, plus 2
    assert width["B"] == 8  # short text: at least 8
    assert width["C"] == 12  # 2026-11-23: 10, plus 2
    assert width["D"] == 60  # long text: at most 60


def test_a_long_header_widens_its_column(tmp_path):
    ws = _sheet(tmp_path, [("x", "y", "z", "w")], header=("巡查照片拍摄时间", "s", "d", "n"))[
        "台账"
    ]
    assert ws.column_dimensions["A"].width == 18  # eight CJK characters: 16, plus 2


def test_text_width_counts_cjk_double_and_dates_as_written():
    from placard.tabular_out import text_width

    assert text_width("光明") == 4 and text_width("ab") == 2 and text_width("光a") == 3
    assert (
        text_width(dt.date(2026, 1, 2)) == 10 and text_width(None) == 0 and text_width(12345) == 5
    )
    assert text_width("⺀") == 2 and text_width("ｰ") == 2 and text_width("—") == 1  # U+2E80 is CJK


@pytest.mark.parametrize(
    "text",
    [
        "X=1",
        "Xi'an",
        "1+1",
        "a-b",
        "文明=新风",
        "光明@区",
        "",
        "   ",
        "'quoted",
    ],
)  # (a full-width indent before '=' is neutralised: WPS trims it; tests/hostile/test_input_trust.py)
def test_ordinary_text_is_written_as_it_is(text):
    from placard.tabular_out import csv_cell, is_formula_like

    assert csv_cell(text) == text and not is_formula_like(text)


@pytest.mark.parametrize("value", [-3, 2.5, 0, None, dt.date(2026, 1, 1)])
def test_numbers_and_dates_are_not_touched(value):
    from placard.tabular_out import csv_cell

    assert csv_cell(value) == value


# ----------------------------------------------------------------- QR codes residents scan


def test_codes_are_stable_across_versions():
    """Printed posters carry these codes for years: the same item must always get the same code."""
    from placard.posters.qr import item_code, slot_code

    assert item_code("slogan", "civility-01") == "XGBN4Z"
    assert slot_code("avenue", "p01") == "HK5J5G"
    assert item_code("guide", "civility-01") != item_code("slogan", "civility-01")


def test_the_code_url_is_upper_case_alphanumeric_and_small():
    from placard.posters.qr import code_url, make_symbol, redirect_uri

    url = code_url("https://wm.guangming.example.cn/", "ABC234")
    assert url == "HTTPS://WM.GUANGMING.EXAMPLE.CN/Q/ABC234/"
    sym = make_symbol(url)
    assert (sym.version, sym.modules, sym.ec, sym.alphanumeric) == (3, 29, "M", True)
    lower = make_symbol(url.lower())
    assert lower.alphanumeric is False
    assert make_symbol(url, "H").version == 4 and make_symbol(url, "H").modules == 33
    assert code_url("  https://wm.example.cn/  ", "ABC234") == "HTTPS://WM.EXAMPLE.CN/Q/ABC234/"
    assert (
        code_url("https://wm.example.cn/Sub/dir/", "ABC234")
        == "HTTPS://WM.EXAMPLE.CN/Sub/dir/Q/ABC234/"
    )
    assert redirect_uri("ABC234") == "Q/ABC234/index.md"


def _read(m):
    import zxingcpp
    from PIL import Image

    scale, quiet = 6, 4
    side = (len(m) + 2 * quiet) * scale
    im = Image.new("L", (side, side), 255)
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                im.paste(
                    0,
                    (
                        (x + quiet) * scale,
                        (y + quiet) * scale,
                        (x + quiet + 1) * scale,
                        (y + quiet + 1) * scale,
                    ),
                )
    (res,) = zxingcpp.read_barcodes(im)
    return res


@pytest.mark.parametrize(
    "url, ec, version",
    [
        ("HTTPS://WM.EXAMPLE.CN/Q/ABC234/", "M", 2),
        ("HTTPS://WM.EXAMPLE.CN/Q/ABC234/", "H", 5),  # a bigger symbol than needed, as asked
        ("https://wm.example.cn/q/abc234/", "L", 3),
        ("https://例子.cn/q/文明/", "Q", 4),
    ],
)
def test_the_matrix_is_the_symbol_a_phone_reads(url, ec, version):
    from placard.posters.qr import matrix

    m = matrix(url, ec, version)
    assert len(m) == 17 + 4 * version and all(len(r) == len(m) for r in m)
    res = _read(m)
    assert res.text == url and res.ec_level == ec


def test_alphanumeric_urls_are_encoded_in_alphanumeric_mode():
    """Upper-case URLs fit a smaller symbol in alphanumeric mode: version 4-M holds 90 alphanumeric
    characters but only 62 bytes."""
    from placard.posters.qr import matrix

    url = "HTTPS://WM.GUANGMING-DISTRICT.EXAMPLE.CN/WENMING/CHUANGJIAN/2026/Q/ABC234/"
    assert len(url) == 74
    assert _read(matrix(url, "M", 4)).text == url
    with pytest.raises(Exception):  # noqa: B017 - qrcode's DataOverflowError: the version is not grown
        matrix(url.lower(), "M", 4)


def test_module_sizes_and_the_reading_distance():
    from placard.posters.qr import QUIET, need_mm, place, size_problem

    assert QUIET == 4
    p = place(25, 330, 0.1)  # 330 px box: 33 modules with the quiet zone, 10 px each
    assert (p.module_px, p.symbol_px, p.module_mm, p.symbol_mm) == (10, 250, 1.0, 25.0)
    assert place(25, 329, 0.1).module_px == 9
    assert need_mm(1.0) == 100  # a tenth of the distance
    assert round(need_mm(3, 30), 1) == 346.4  # over cos 30°
    assert size_problem(p, 0.25) is None  # 25 mm from 25 cm: exactly enough
    assert size_problem(p, 0.26) is not None and "26" in size_problem(p, 0.26)
    assert size_problem(place(25, 32, 0.1), 0.01) is not None  # under one pixel a module
    assert (
        size_problem(place(25, 330, 0.049), 0.01) is not None
    )  # 0.49 mm modules: too fine to print
    assert size_problem(place(25, 330, 0.05), 0.01) is None  # 0.5 mm: the least allowed
    assert size_problem(p, 0.25, 30) is not None and "30°" in size_problem(
        p, 0.25, 30
    )  # 25 mm < 28.9 mm
    assert "°" not in size_problem(p, 0.26) and "0.26 m" in size_problem(p, 0.26)
    assert (
        size_problem(place(25, 33, 1.0), 0.01) is None
    )  # one pixel a module is enough at 1 mm a pixel


def test_formats_that_cannot_carry_a_scannable_code_say_why():
    from dataclasses import replace

    from placard.posters.formats import builtin_formats
    from placard.posters.qr import carry_problem

    fmts = builtin_formats()
    for name in ("A4", "A3", "board", "hoarding", "LED", "pole-banner"):
        assert carry_problem(fmts[name], 29) is None, name
    assert carry_problem(fmts["banner"], 29) is None  # no code at all
    low = replace(fmts["banner"], code=True)  # a 700 mm banner scanned from 10 m at 30°: no room
    why = carry_problem(low, 29)
    assert why is not None and "1155" in why and "height" in why and "620" in why
    tiny = replace(fmts["A4"], width=18, height=18, safe_mm=0, dpi=300, scan_distance_m=0.05)
    assert "0.42 mm" in (
        carry_problem(tiny, 29) or ""
    )  # 5 px modules at 300 dpi: too fine to print
    tall = replace(fmts["A4"], width=2000, height=210, scan_distance_m=3)
    assert "height of 210" in (carry_problem(tall, 29) or "")
    wide = replace(fmts["A4"], width=150, height=2000, scan_distance_m=3)
    assert "width of 150" in (carry_problem(wide, 29) or "")


# ----------------------------------------------------------------- times of day in placement rules


@pytest.mark.parametrize(
    "value, expected",
    [
        ("19:00", 1140),
        ("24:00", 1440),
        ("00:00", 0),
        ("7:05", 425),
        ("19：00", 1140),
        (" 19 : 00 ", 1140),
        (1140, 1140),
        (1440, 1440),
        (0, 0),
        ("24:01", None),
        ("19:60", None),
        ("25:00", None),
        ("19", None),
        (1441, None),
        (-1, None),
        (True, None),
        (19.0, None),
        (None, None),
        ("19:0", None),
        ("119:00", None),
    ],
)
def test_times_of_day(value, expected):
    from placard.hours import minutes

    assert minutes(value) == expected


def test_clock_and_shares():
    from fractions import Fraction

    from placard.hours import _exact, clock

    assert clock(1140) == "19:00" and clock(5) == "00:05" and clock(1440) == "24:00"
    assert (
        _exact("30%") == Fraction(3, 10)
        and _exact("30％") == Fraction(3, 10)
        and _exact(" 0.3 ") == Fraction(3, 10)
    )
    assert (
        _exact(0.3) == Fraction(3, 10)
        and _exact(1) == 1
        and _exact(Fraction(1, 3)) == Fraction(1, 3)
    )
    assert (
        _exact("abc") is None
        and _exact(True) is None
        and _exact(None) is None
        and _exact("1/0") is None
    )
    assert _exact("30X") is None and _exact("X30") is None


def _windows(raw, default="1/2"):
    from fractions import Fraction

    from placard.hours import parse_windows

    found: list = []
    out = parse_windows(raw, 7, "posters/placements/led.yml", Fraction(default), found)
    return out, [(f.rule, f.line, f.field) for f in found], found


def test_windows_are_read_sorted_with_the_default_share():
    from fractions import Fraction

    out, errs, _ = _windows(
        [{"from": "21:00", "to": "23:00"}, {"from": "19:00", "to": "21:00", "min_public": "40%"}]
    )
    assert errs == []
    assert [(w.start, w.end, w.min_public) for w in out] == [
        (1140, 1260, Fraction(2, 5)),
        (1260, 1380, Fraction(1, 2)),
    ]
    out, errs, _ = _windows([{"from": "00:00", "to": "24:00", "min_public": 1}])
    assert errs == [] and out[0].min_public == 1
    out, errs, _ = _windows([{"from": "00:00", "to": "24:00", "min_public": 0}])
    assert errs == [] and out[0].min_public == 0


@pytest.mark.parametrize(
    "raw, field",
    [
        ("19:00-21:00", "rule.hours"),
        (["19:00-21:00"], "rule.hours[0]"),
        ([{"from": "19:00", "to": "21:00", "share": 0.3}], "rule.hours[0]"),
        ([{"from": "19:00"}], "rule.hours[0]"),
        ([{"to": "19:00"}], "rule.hours[0]"),
        ([{"from": "7pm", "to": "21:00"}], "rule.hours[0].from"),
        ([{"from": "19:00", "to": "9pm"}], "rule.hours[0].to"),
        ([{"from": "21:00", "to": "19:00"}], "rule.hours[0].from"),
        ([{"from": "21:00", "to": "21:00"}], "rule.hours[0].from"),
        ([{"from": "19:00", "to": "21:00", "min_public": 1.5}], "rule.hours[0].min_public"),
        ([{"from": "19:00", "to": "21:00", "min_public": -0.1}], "rule.hours[0].min_public"),
        ([{"from": "19:00", "to": "21:00", "min_public": "lots"}], "rule.hours[0].min_public"),
        ([{"from": "20:00", "to": "22:00"}, {"from": "19:00", "to": "21:00"}], "rule.hours"),
    ],
)
def test_a_wrong_window_is_one_finding_on_its_field(raw, field):
    out, errs, found = _windows(raw)
    assert out is None
    assert errs == [("placements.bad-value", 7, field)]
    assert found[0].fix and found[0].message and found[0].severity.name == "ERROR"
    assert found[0].file == "posters/placements/led.yml"


def test_a_bad_window_among_good_ones_drops_the_rule_and_names_its_line():
    from placard.yamlsrc import load

    doc = load('hours:\n  - {from: "19:00", to: "21:00"}\n  - {from: "x", to: "23:00"}\n')
    out, errs, _ = _windows(doc["hours"])
    assert out is None and errs == [("placements.bad-value", 3, "rule.hours[1].from")]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("07:00-19:00", (420, 1140)),
        ("07:00~19:00", (420, 1140)),
        ("07:00到19:00", (420, 1140)),
        ("07:00 – 19:00", (420, 1140)),
        ("7:00至19:00", (420, 1140)),
        ("21:00-24:00", (1260, 1440)),
        ("19:00-07:00", None),
        ("07:00-07:00", None),
        ("7-19", None),
        (None, None),
        (700, None),
        ("07:00-25:00", None),
    ],
)
def test_a_slot_s_hours(value, expected):
    from placard.hours import parse_span

    assert parse_span(value) == expected


def test_a_slot_without_hours_plays_in_every_window():
    from fractions import Fraction

    from placard.hours import overlaps
    from placard.model import HourWindow

    w = HourWindow(1260, 1380, Fraction(1, 2))
    assert overlaps(None, w)
    assert overlaps((1200, 1261), w) and overlaps((1379, 1440), w) and overlaps((0, 1440), w)
    assert not overlaps((1200, 1260), w) and not overlaps((1380, 1440), w)
    assert w.label == "21:00–23:00"


# ----------------------------------------------------------------- the window rule with few slots up


def _list_with(kinds, size=3, min_public=1):
    from fractions import Fraction

    from placard.model import PlacementList, Rule, Slot, Source, Window

    d0, d1 = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    slots = tuple(
        Slot(
            f"s{i}",
            i,
            k,
            d0,
            d1,
            i + 5,
            ref="traffic-01" if k == "public" else None,
            advertiser="X" if k == "commercial" else None,
        )
        for i, k in enumerate(kinds)
    )
    return PlacementList(
        "l",
        "测试",
        "banner",
        "",
        d0,
        d1,
        Rule(Fraction(0), "count", Window(size, min_public)),
        slots,
        Source("posters/placements/l.yml"),
    )


@pytest.mark.parametrize(
    "kinds, broken",
    [
        (
            ["commercial"],
            True,
        ),  # one ad alone on the street: no public slot among the (fewer than 3) up
        (["public"], False),
        (["commercial", "commercial"], True),
        (["public", "commercial"], False),
        (["public", "public"], False),
        (["commercial", "vacant", "commercial"], True),  # vacant slots are not published
    ],
)
def test_fewer_slots_than_the_window_still_need_their_public_ones(kinds, broken):
    from placard.placements.share import evaluate

    fails = [f for f in evaluate(_list_with(kinds)).failures if f.kind == "window"]
    assert bool(fails) == broken
    if broken:
        assert fails[0].slots == tuple(f"s{i}" for i, k in enumerate(kinds) if k != "vacant")
        assert (fails[0].start, fails[0].end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_two_public_in_every_three_counts_each_run():
    from placard.placements.share import evaluate

    assert evaluate(_list_with(["public", "public", "commercial"], 3, 2)).ok
    (f,) = evaluate(
        _list_with(["public", "commercial", "commercial", "public", "public"], 3, 2)
    ).failures
    assert f.kind == "window" and f.slots == ("s0", "s1", "s2")
    (f,) = evaluate(
        _list_with(["public", "public", "commercial", "commercial", "public"], 3, 2)
    ).failures
    assert f.slots == ("s1", "s2", "s3")  # the first run that breaks it, by order


# ----------------------------------------------------------------- where a list stands on patrols


def _patrols(
    records, every=7, fix=3, period=(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), lists=None
):
    from types import MappingProxyType

    from placard.model import PatrolRecord, Patrols, PatrolSettings

    pl = _list_with(["public", "commercial"])
    pl = type(pl)(**{**pl.__dict__, "start": period[0], "end": period[1]})
    recs = tuple(
        PatrolRecord(
            dt.date.fromisoformat(d), "l", slot, "李娜", status, photos, "", "r.yml", n + 1
        )
        for n, (d, slot, status, photos) in enumerate(
            (r + ((),) if len(r) == 3 else r) for r in records
        )
    )
    return pl, Patrols(recs, PatrolSettings(every, fix, lists=MappingProxyType(lists or {})))


def _state(records, today, **kw):
    from placard.patrols.state import list_patrols

    pl, patrols = _patrols(records, **kw)
    return list_patrols(pl, patrols, dt.date.fromisoformat(today))


def test_overdue_days_count_from_the_last_patrol_to_today():
    lp = _state([("2026-10-06", None, "ok")], "2026-10-16")
    assert lp.overdue_days == 3 and not lp.ok(dt.date(2026, 10, 16))
    (g,) = lp.gaps
    assert (g.last, g.next, g.until, g.late_days, g.first_day) == (
        dt.date(2026, 10, 6),
        None,
        dt.date(2026, 10, 16),
        3,
        False,
    )
    lp = _state([("2026-10-06", None, "ok")], "2026-10-13")
    assert lp.overdue_days == 0 and lp.gaps == () and lp.ok(dt.date(2026, 10, 13))
    assert lp.last.day == dt.date(2026, 10, 6)
    assert _state([], "2026-10-01").last is None


def test_no_patrol_since_the_period_began():
    lp = _state([], "2026-10-10")
    (g,) = lp.gaps
    assert (g.last, g.late_days, g.first_day) == (dt.date(2026, 10, 1), 2, True)
    assert lp.overdue_days == 2
    assert _state([], "2026-09-20").gaps == ()  # before the period: nothing is due
    assert _state([], "2026-09-20").overdue_days == 0


def test_after_the_period_gaps_are_measured_to_its_last_day_and_nothing_is_overdue_today():
    lp = _state(
        [("2026-10-06", None, "ok")],
        "2027-01-15",
        period=(dt.date(2026, 10, 1), dt.date(2026, 10, 20)),
    )
    (g,) = lp.gaps
    assert (g.until, g.late_days) == (dt.date(2026, 10, 20), 7)
    assert lp.overdue_days == 0


def test_gaps_between_patrols_and_records_after_today_are_ignored():
    lp = _state(
        [("2026-10-06", None, "ok"), ("2026-10-20", None, "ok"), ("2026-11-30", None, "ok")],
        "2026-10-22",
    )
    (g,) = lp.gaps
    assert (g.last, g.next, g.until, g.late_days, g.first_day) == (
        dt.date(2026, 10, 6),
        dt.date(2026, 10, 20),
        dt.date(2026, 10, 20),
        7,
        False,
    )
    assert lp.overdue_days == 0
    lp = _state([("2026-10-12", None, "ok")], "2026-10-12")
    (g,) = lp.gaps
    assert g.first_day and g.late_days == 4 and g.next == dt.date(2026, 10, 12)


def test_one_list_may_have_its_own_rhythm():
    lp = _state([("2026-10-06", None, "ok")], "2026-10-16", lists={"l": (14, 5)})
    assert (lp.every_days, lp.fix_within_days, lp.overdue_days) == (14, 5, 0)


def test_problems_open_and_close_per_slot_or_for_the_whole_list():
    lp = _state(
        [
            ("2026-10-06", "s0", "damaged"),
            ("2026-10-07", "s0", "dirty"),
            ("2026-10-07", "s1", "missing"),
            ("2026-10-08", "s0", "fixed"),
            ("2026-10-09", "s1", "ok"),
        ],
        "2026-10-20",
    )
    by_slot = {p.opened.slot: p for p in lp.problems}
    assert by_slot["s0"].opened.status == "damaged"  # seen again: the first report stays the one
    assert by_slot["s0"].closed.day == dt.date(2026, 10, 8) and not by_slot["s0"].open
    assert (
        by_slot["s0"].due == dt.date(2026, 10, 9)
        and by_slot["s0"].late_days(dt.date(2026, 10, 20)) == 0
    )
    assert by_slot["s1"].open and by_slot["s1"].due == dt.date(2026, 10, 10)
    assert by_slot["s1"].late_days(dt.date(2026, 10, 20)) == 10
    assert [p.opened.slot for p in lp.open_problems()] == ["s1"]
    assert len(lp.problems) == 2
    # a whole-list 已整改 closes every open problem
    lp = _state(
        [
            ("2026-10-06", "s0", "damaged"),
            ("2026-10-06", "s1", "wrong"),
            ("2026-10-08", None, "fixed"),
        ],
        "2026-10-20",
    )
    assert [p.open for p in lp.problems] == [False, False]
    assert [p.opened.slot for p in lp.problems] == ["s0", "s1"]  # by day, then slot
    # a fix of another slot closes nothing
    lp = _state([("2026-10-06", "s0", "damaged"), ("2026-10-07", "s1", "fixed")], "2026-10-20")
    assert [p.open for p in lp.problems] == [True]


def test_a_problem_fixed_late_counts_the_days_to_the_fix():
    lp = _state(
        [
            ("2026-10-06", "s0", "damaged"),
            ("2026-10-15", "s0", "fixed"),
            ("2026-10-13", None, "ok"),
            ("2026-10-20", None, "ok"),
        ],
        "2026-10-20",
    )
    (p,) = lp.problems
    assert p.late_days(dt.date(2027, 1, 1)) == 6  # fixed on 10-15, due 10-09
    assert not lp.ok(dt.date(2026, 10, 20))
    lp = _state(
        [
            ("2026-10-06", "s0", "damaged"),
            ("2026-10-09", "s0", "fixed"),
            ("2026-10-13", None, "ok"),
            ("2026-10-20", None, "ok"),
        ],
        "2026-10-20",
    )
    assert lp.ok(dt.date(2026, 10, 20))


def test_a_slot_s_records_and_latest_readable_photo():
    from placard.model import Photo

    good, later, bad = (
        Photo("p/a.jpg"),
        Photo("p/b.jpg", problem="no-exif"),
        Photo("p/c.jpg", problem="missing"),
    )
    lp = _state(
        [
            ("2026-10-06", "s0", "ok", (good,)),
            ("2026-10-07", None, "ok", (later, bad)),
            ("2026-10-08", "s1", "ok", (Photo("p/d.jpg"),)),
        ],
        "2026-10-08",
    )
    assert [r.day.day for r in lp.slot_records("s0")] == [6, 7]
    assert lp.slot_photo("s0") == "p/b.jpg"  # the whole list's later photo (no EXIF, but readable)
    assert lp.slot_photo("s1") == "p/d.jpg"
    lp = _state([("2026-10-06", "s0", "ok", (good, bad))], "2026-10-06")
    assert lp.slot_photo("s0") == "p/a.jpg" and lp.slot_photo("s9") is None


def test_a_campaign_s_patrol_state_is_worked_out_once():
    from types import SimpleNamespace

    from placard.patrols.state import campaign_patrols

    pl, patrols = _patrols([("2026-10-06", None, "ok")])
    c = SimpleNamespace(patrols=patrols, placements=(pl,), today=dt.date(2026, 10, 16))
    first = campaign_patrols(c)
    assert list(first) == ["l"] and first["l"].overdue_days == 3
    assert campaign_patrols(c) is first
    assert (
        campaign_patrols(
            SimpleNamespace(patrols=None, placements=(pl,), today=dt.date(2026, 10, 16))
        )
        == {}
    )


# ----------------------------------------------------------------- caches that travel with a campaign


@pytest.fixture
def own_key(tmp_path, monkeypatch):
    import placard.cachesafe as cs

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cs.local_key.cache_clear()
    yield tmp_path / "xdg" / "placard" / "cache.key"
    cs.local_key.cache_clear()


def test_the_cache_key_is_made_once_private_and_kept(own_key):
    import stat

    from placard.cachesafe import local_key

    key = local_key()
    assert key is not None and len(key) == 32 and own_key.read_bytes() == key
    assert stat.S_IMODE(own_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(own_key.parent.stat().st_mode) == 0o700
    local_key.cache_clear()
    assert local_key() == key  # the same key next time
    assert [p.name for p in own_key.parent.iterdir()] == ["cache.key"]  # no temporary file left


def test_a_short_key_file_or_no_place_for_one_means_no_cache(own_key, tmp_path, monkeypatch):
    from placard.cachesafe import local_key, seal

    own_key.parent.mkdir(parents=True)
    own_key.write_bytes(b"x" * 31)
    assert local_key() is None and seal(b"body", "p") is None
    local_key.cache_clear()
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert local_key() is None
    local_key.cache_clear()
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert local_key() is not None and (tmp_path / "home/.cache/placard/cache.key").is_file()


def test_sealed_data_opens_only_unchanged_and_for_its_purpose(own_key):
    from placard.cachesafe import seal, unseal

    sealed = seal(b"line one\nline two", "placements-1")
    assert sealed.startswith(b"placard-sealed-1 ") and sealed.endswith(b"\nline one\nline two")
    assert unseal(sealed, "placements-1") == b"line one\nline two"
    assert unseal(sealed, "thumbs-1") is None
    assert unseal(sealed.replace(b"two", b"TWO"), "placements-1") is None
    assert unseal(sealed[len(b"placard-sealed-1 ") :], "placements-1") is None
    assert unseal(sealed.split(b"\n")[0], "placements-1") is None  # header only
    assert unseal(b"", "placements-1") is None
    assert unseal(seal(b"", "p"), "p") == b""


def test_the_code_key_changes_with_the_code(tmp_path, monkeypatch):
    import placard.cachesafe as cs

    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "a.py").write_text("A = 1\n")
    (pkg / "sub" / "b.py").write_text("B = 1\n")
    monkeypatch.setattr(cs, "PACKAGE", pkg)
    cs.code_key.cache_clear()
    try:
        k1 = cs.code_key("a.py", "sub/b.py")
        assert len(k1) == 64 and k1 == cs.code_key("a.py", "sub/b.py")
        assert cs.code_key("a.py") != k1 and cs.code_key("sub/b.py", "a.py") != k1
        (pkg / "sub" / "b.py").write_text("B = 2\n")
        cs.code_key.cache_clear()
        assert cs.code_key("a.py", "sub/b.py") != k1
        # the file names count too: the same bytes under another name are other code
        (pkg / "c.py").write_text("A = 1\n")
        assert cs.code_key("c.py") != cs.code_key("a.py")
        gone = cs.code_key("a.py", "missing.py")
        cs.code_key.cache_clear()
        assert gone.startswith("unreadable-") and gone != cs.code_key("a.py", "missing.py")
    finally:
        cs.code_key.cache_clear()


# ----------------------------------------------------------------- quoting the official texts

CORE = "富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善"
NORMS = "爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献"


def _canon(text: str, which: str = "core-values", custom: str | None = None):
    from placard.lint import CanonicalText
    from placard.rules.canonical import Canon, CanonMatcher, builtin

    c = (
        CanonicalText("custom", "口号", custom)
        if custom
        else next(t for t in builtin() if t.id == which)
    )
    return list(CanonMatcher(Canon.of(c)).check_text(text))


@pytest.mark.parametrize(
    "text",
    [
        CORE,
        CORE.replace("、", "").replace("，", ""),
        CORE.replace("、", " ").replace("，", " "),
        "践行社会主义核心价值观：" + CORE + "。",
        "富强、民主、文明",
        "文明和谐",
        "自由平等",
        "",
    ],
)
def test_exact_or_short_quotations_are_fine(text):
    assert _canon(text) == []


def test_an_altered_word_is_named_and_pointed_at():
    text = "我们倡导" + CORE.replace("法治", "法制")
    ((start, end, problems, focus),) = _canon(text)
    assert (start, end) == (4, len(text))
    assert problems == ["'法制' should be '法治'"]
    assert focus == (text.index("法制"), text.index("法制") + 2)


def test_an_altered_first_word_is_part_of_the_quotation():
    text = CORE.replace("富强", "福强")
    ((start, end, problems, focus),) = _canon(text)
    assert (start, end, focus) == (0, len(text), (0, 2))
    assert problems == ["'福强' should be '富强'"]


def test_missing_and_misordered_words():
    ((_, _, problems, focus),) = _canon(CORE.replace("、诚信", ""))
    assert problems == ["missing 诚信"] and focus is None
    ((_, _, problems, _),) = _canon(CORE.replace("敬业、诚信", "诚信、敬业"))
    assert problems == ["the words are out of order"]
    eight = "富强、民主、文明、和谐，自由、平等、公正、法治"
    ((s, e, problems, _),) = _canon(eight)
    assert (s, e) == (0, len(eight)) and problems == ["missing 爱国、敬业、诚信、友善"]
    assert _canon("富强、民主、文明、和谐，自由、平等、公正") == []  # seven words: not a quotation


def test_different_punctuation_between_the_words():
    ((_, _, problems, _),) = _canon(CORE.replace("，", "、"))
    assert problems == ["the punctuation between the words differs"]
    assert _canon(CORE.replace("、", "").replace("，", "")) == []


def test_a_latin_letter_is_not_an_altered_word():
    assert not any(
        "法Z" in p for _, _, problems, _ in _canon(CORE.replace("法治", "法Z")) for p in problems
    )


def test_one_character_words_are_never_near_another_character():
    five = "德、智、体、美、劳"
    assert _canon(five, custom=five) == []
    ((_, _, problems, _),) = _canon("德、智、体、美、丑", custom=five)
    assert problems == ["missing 劳"]


def test_the_civic_norms_from_three_words():
    ((_, _, problems, _),) = _canon("爱国守法、明礼诚信、团结友善", "civic-norms")
    assert problems == ["missing 勤俭自强、敬业奉献"]
    assert _canon("爱国守法、明礼诚信", "civic-norms") == []
    assert _canon(NORMS, "civic-norms") == []
    ((_, _, problems, _),) = _canon(NORMS.replace("团结友善", "团结友爱"), "civic-norms")
    assert problems == ["'团结友爱' should be '团结友善'"]


@pytest.mark.parametrize(
    "text",
    [
        "爱国守法、明礼诚信、团结有爱、勤俭自强、敬业奉献",
        "爱国守法明礼诚信团结有爱勤俭自强敬业奉献",  # laid out in lines, no punctuation
        "践行公民基本道德规范：爱国守法，明礼诚信，团结有爱，勤俭自强，敬业奉献。",
    ],
)
def test_a_word_with_two_wrong_characters_between_right_ones_is_named(text):
    # 团结有爱 is a phrase of its own (so not a typo pair), but in this quotation it replaces 团结友善
    ((start, end, problems, focus),) = _canon(text, "civic-norms")
    assert problems == ["'团结有爱' should be '团结友善'"]
    assert text[focus[0] : focus[1]] == "团结有爱"


@pytest.mark.parametrize(
    "text",
    [
        "明礼诚信、团结有爱的集体",  # a phrase after one word of the norms is no quotation
        "爱国守法、明礼诚信、互助友爱、勤俭自强、敬业奉献",  # all four characters differ: not the word
        "我们团结有爱，勤俭自强",
    ],
)
def test_a_different_phrase_is_not_taken_for_an_altered_word(text):
    assert _canon(text, "civic-norms") == []


def test_a_campaign_tagline_is_matched_whole_with_one_wrong_character_in_five():
    tag = "创建全国文明城区"
    assert _canon("我们一起" + tag, custom=tag) == []
    ((s, e, problems, focus),) = _canon("我们一起创建全国文明成区！", custom=tag)
    assert (s, e, focus) == (4, 12, None) and problems == [
        "'创建全国文明成区' should be '创建全国文明城区'"
    ]
    assert _canon("我们一起创建全国文化成区", custom=tag) == []  # two wrong in eight: another text
    assert _canon("创建全国", custom=tag) == []
    both = _canon("创建全国文明成区，创建全国文明城市", custom=tag)
    assert [(s, e) for s, e, _, _ in both] == [(0, 8), (9, 17)]


def test_a_code_url_with_a_path_ending_in_x_keeps_it():
    from placard.posters.qr import code_url

    assert code_url("https://h.cn/BOX/", "ABC234") == "HTTPS://H.CN/BOX/Q/ABC234/"


def test_a_non_ascii_url_is_sized_by_its_bytes():
    from placard.posters.qr import make_symbol

    url = "https://文明城区.cn/q/创建全国文明城区倡导文明新风/"  # 33 characters, 69 bytes in UTF-8
    sym = make_symbol(url)
    assert (sym.version, sym.modules, sym.alphanumeric, sym.data) == (5, 37, False, url)


def _fmt(**kw):
    from dataclasses import replace

    from placard.posters.formats import builtin_formats

    return replace(builtin_formats()["A4"], **kw)


def test_the_smallest_codes_a_format_can_still_carry():
    from placard.posters.qr import carry_problem

    # 1 mm pixels: one pixel a module is a 1 mm module, enough
    assert (
        carry_problem(_fmt(width=40, height=40, safe_mm=0, dpi=25.4, scan_distance_m=0.01), 29)
        is None
    )
    # 0.5 mm pixels, one pixel a module: exactly the least module size
    assert (
        carry_problem(_fmt(width=20, height=20, safe_mm=0, dpi=50.8, scan_distance_m=0.1), 29)
        is None
    )
    # a 29 mm code scanned from 29 cm: exactly a tenth of the distance
    assert (
        carry_problem(_fmt(width=37, height=37, safe_mm=0, dpi=25.4, scan_distance_m=0.29), 29)
        is None
    )
    why = carry_problem(_fmt(width=37, height=37, safe_mm=0, dpi=25.4, scan_distance_m=0.295), 29)
    assert why is not None and "30" in why and "29" in why  # 29.5 mm needed, 29 mm fits


def test_the_code_is_too_small_before_its_modules_are_too_fine():
    from placard.posters.qr import carry_problem

    # 5 px modules at 300 dpi (0.42 mm) and a 12.3 mm code where 12.5 mm is needed: the size is named
    why = carry_problem(_fmt(width=18, height=18, safe_mm=0, dpi=300, scan_distance_m=0.125), 29)
    assert why is not None and "0.42" not in why and "12" in why


def test_the_angle_is_named_where_there_is_one():
    from dataclasses import replace

    from placard.posters.formats import builtin_formats
    from placard.posters.qr import carry_problem

    why = carry_problem(replace(builtin_formats()["banner"], code=True), 29)
    assert why.count("30°") == 2  # where residents stand, and the widening for the angle
    assert "°" not in carry_problem(_fmt(width=20, height=20, scan_distance_m=1), 29)


def test_every_wrong_window_is_reported_on_its_own_line():
    from placard.yamlsrc import load

    doc = load(
        "hours:\n"
        '  - {from: "19:00", to: "20:00"}\n'
        '  - "20:00-21:00"\n'
        '  - {from: "21:00", to: "22:00", share: 1}\n'
        '  - {from: "22:00"}\n'
        '  - {from: "7pm", to: "23:00"}\n'
        '  - {from: "23:00", to: "11pm"}\n'
        '  - {from: "23:30", to: "23:10"}\n'
        '  - {from: "23:40", to: "23:50", min_public: 1.5}\n'
        '  - {from: "23:55", to: "23:50"}\n'
    )
    out, errs, found = _windows(doc["hours"])
    assert out is None
    assert errs == [
        ("placements.bad-value", 3, "rule.hours[1]"),
        ("placements.bad-value", 4, "rule.hours[2]"),
        ("placements.bad-value", 5, "rule.hours[3]"),
        ("placements.bad-value", 6, "rule.hours[4].from"),
        ("placements.bad-value", 7, "rule.hours[5].to"),
        ("placements.bad-value", 8, "rule.hours[6].from"),
        ("placements.bad-value", 9, "rule.hours[7].min_public"),
        ("placements.bad-value", 10, "rule.hours[8].from"),
    ]
    assert all(f.file == "posters/placements/led.yml" and f.message and f.fix for f in found)
    assert "share" in found[1].message  # the unknown key is named
    assert "7pm" in found[3].message and "11pm" in found[4].message  # the value the clerk wrote
    assert "23:30" in found[5].message and "23:10" in found[5].message
    assert "1.5" in found[6].message


def test_an_open_problem_is_fine_until_its_due_day():
    lp = _state([("2026-10-06", "s0", "damaged")], "2026-10-09")
    assert lp.ok(dt.date(2026, 10, 9)) and not lp.ok(dt.date(2026, 10, 10))
    assert lp.pl.id == "l" and lp.pl.name == "测试"


def test_problems_of_one_day_list_the_whole_list_first():
    lp = _state([("2026-10-06", "A1", "damaged"), ("2026-10-06", None, "dirty")], "2026-10-07")
    assert [p.opened.slot for p in lp.problems] == [None, "A1"]


def test_without_a_key_nothing_opens(own_key, tmp_path, monkeypatch):
    from placard.cachesafe import local_key, seal, unseal

    sealed = seal(b"body", "p")
    assert unseal(sealed, "p") == b"body"
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    local_key.cache_clear()
    assert (
        unseal(sealed, "p") is None
    )  # no key here: a cache is never trusted (and never an exception)


# ----------------------------------------------------------------- content rules on a loaded campaign


@pytest.fixture(scope="module")
def content_campaign(tmp_path_factory):
    """A small campaign with slogans that misquote, miswrite and quote a custom tagline (loaded once)."""
    from conftest import copy_example, write

    from placard.load import load_campaign

    root = copy_example(tmp_path_factory.mktemp("content") / "c", ("mkdocs.yml", "hooks"))
    write(root / "docs" / "index.md", "# 测试\n")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace(
            "\n  placard:\n",
            "\n  placard:\n    lint:\n      typos: {光名区: 光明区}\n      allow: [一股作气势]\n"
            "      canonical:\n        - {id: tagline, name: 口号, text: 创建全国文明城区}\n",
            1,
        ),
        "utf-8",
    )

    def slogan(name, text):
        write(
            root / "slogans" / f"{name}.md",
            f'---\ntext: "{text}"\ntheme: civility\nstatus: draft\n---\n',
        )

    slogan("core-ok", CORE)
    slogan("core-bad", "倡导" + CORE.replace("法治", "法制"))
    slogan("tag-bad", "我们大家都来创建全国文明成区吧朋友们好")
    slogan("typo-custom", "欢迎来到光名区")
    slogan("typo-builtin", "文明创建要再接再励")
    slogan("typo-allowed", "一股作气势如虹")
    loaded = load_campaign(root, dt.date(2026, 11, 23))
    assert loaded.campaign is not None, loaded.findings
    return loaded.campaign


def test_canonical_findings_point_at_the_altered_word(content_campaign):
    from placard.rules import canonical

    got = {f.file: f for f in canonical.check(content_campaign)}
    assert set(got) == {"slogans/core-bad.md", "slogans/tag-bad.md"}
    f = got["slogans/core-bad.md"]
    assert (f.rule, f.severity.name, f.field) == ("canonical.misquote", "ERROR", "text")
    assert f.column == 2 + CORE.index("法治") + 1 + 7  # 'text: "' before the slogan
    assert f.context == "…平等、公正、【法制】，爱国、敬业…" and CORE in f.fix and f.message
    t = got["slogans/tag-bad.md"]
    assert t.context == "…大家都来【创建全国文明成区】吧朋友们…" and "创建全国文明城区" in t.fix


def test_typo_findings_with_the_campaign_s_own_pairs_and_allowed_words(content_campaign):
    from placard.rules import typos

    got = {f.file: f for f in typos.check(content_campaign)}
    assert set(got) == {"slogans/typo-custom.md", "slogans/typo-builtin.md"}
    f = got["slogans/typo-custom.md"]
    assert (f.rule, f.severity.name, f.field, f.line) == ("typo.known", "ERROR", "text", 2)
    assert f.column == 8 + len("欢迎来到") and "光明区" in f.fix and "光名区" in f.context
    assert "再接再厉" in got["slogans/typo-builtin.md"].fix


@pytest.mark.parametrize(
    "text, k",
    [
        ("口号", 1),
        ("甲乙、丙丁", 2),
        ("甲、乙、丙", 3),
        ("甲、乙、丙、丁", 3),
        ("甲、乙、丙、丁、戊", 4),
        ("甲、乙、丙、丁、戊、己", 4),
        (CORE, 8),
    ],
)
def test_a_quotation_needs_about_two_thirds_of_the_words(text, k):
    from placard.lint import CanonicalText
    from placard.rules.canonical import Canon

    c = Canon.of(CanonicalText("t", "名", text))
    assert c.min_items == k and (c.id, c.name) == ("t", "名")
    assert Canon.of(CanonicalText("t", "名", text, 99)).min_items == len(c.items)


def test_the_official_punctuation_between_the_words():
    from placard.rules.canonical import Canon, builtin

    core = Canon.of(next(t for t in builtin() if t.id == "core-values"))
    assert core.seps == ("、", "、", "、", "，", "、", "、", "、", "，", "、", "、", "、")
    assert core.items[0] == "富强" and core.items[-1] == "友善" and len(core.items) == 12


def test_the_longest_word_is_matched_first():
    custom = "创建、创建文明城区、共享"
    assert _canon(custom, custom=custom) == []
    ((_, _, problems, _),) = _canon("创建文明城区、创建、共享", custom=custom)
    assert problems == ["the words are out of order"]


# ----------------------------------------------------------------- placement lists as ratio findings

R0 = dt.date(2026, 10, 1)
LIST_FILE = "posters/placements/l.yml"


def _day(n: int) -> dt.date:
    return R0 + dt.timedelta(days=n)


def _slot(i, kind, start=0, end=30, **kw):
    from fractions import Fraction

    from placard.model import Slot

    if kind == "public":
        kw.setdefault("ref", "traffic-01")
    if kind == "commercial":
        kw.setdefault("advertiser", "X")
    if "area" in kw:
        kw["area"] = Fraction(kw["area"])
    if "seconds" in kw:
        kw["seconds"] = Fraction(kw["seconds"])
    return Slot(f"s{i}", kw.pop("order", i), kind, _day(start), _day(end), 10 + i, **kw)


def _plist(
    slots, min_public="3/10", measure="count", window=None, themes=(), days=31, warn_only=False
):
    from fractions import Fraction

    from placard.model import PlacementList, Rule, Source, Window

    w = Window(*window) if window else None
    rule = Rule(Fraction(min_public), measure, w, themes, warn_only)
    return PlacementList(
        "l",
        "测试道旗",
        "banner",
        "",
        R0,
        _day(days - 1),
        rule,
        tuple(slots),
        Source(LIST_FILE, 1, {"rule": 4}),
    )


@pytest.fixture(scope="module")
def ratio_campaign(tmp_path_factory):
    """The example's slogans (approved from 2026-10-01, open-ended) and one that expires on 2026-10-15."""
    from conftest import copy_example, write

    from placard.load import load_campaign

    root = copy_example(tmp_path_factory.mktemp("ratio") / "c", ("mkdocs.yml", "slogans", "hooks"))
    write(root / "docs" / "index.md", "# 测试\n")
    write(
        root / "slogans" / "old-01.md",
        "---\ntext: 旧标语，已过期\ntheme: civility\nstatus: approved\napproved_by: 区文明办 王丽\n"
        "approved_on: 2026-01-05\nvalid_from: 2026-01-10\nvalid_to: 2026-10-15\n---\n",
    )
    write(
        root / "slogans" / "end-01.md",
        "---\ntext: 只到十月中\ntheme: civility\nstatus: approved\napproved_by: 区文明办 王丽\n"
        "approved_on: 2026-01-05\nvalid_to: 2026-10-15\n---\n",
    )
    loaded = load_campaign(root, dt.date(2026, 11, 23))
    assert loaded.campaign is not None, loaded.findings
    return loaded.campaign


def _ratio(campaign, pl):
    from placard.rules.ratio import list_findings

    return [
        (f.rule, f.severity.value, f.file, f.line, f.field, f.message, f.fix)
        for f in list_findings(campaign, pl)
    ]


def test_each_wrong_reference_is_an_error_on_its_slot_s_line(ratio_campaign):
    pl = _plist(
        [
            _slot(0, "public", ref="trafic-01"),
            _slot(1, "public", ref="traffic-draft-01"),
            _slot(2, "public", ref="old-01"),
            _slot(3, "public", start=-5, end=3),
            _slot(4, "public", ref="civility-retired-01", start=3, end=4),
            _slot(5, "public", ref="zzzz"),
            _slot(6, "commercial", ref="nosuch"),  # a commercial slot's ref is not an item
            _slot(7, "public", start=2, end=14, ref="old-01"),  # inside its validity
            _slot(8, "public", ref="zzzz2"),  # after those: still checked
        ],
        min_public="0",
    )
    got = _ratio(ratio_campaign, pl)
    hint = (
        "use the id of an approved slogan, ad or guide: its 'id:' line, else its file name without .md "
        "(slogans/, docs/ads/, docs/guides/)"
    )
    valid = "shorten the slot's dates to the item's validity, or choose another item"
    assert got == [
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            10,
            "ref",
            "slot 's0' refers to 'trafic-01', which is not a slogan, ad or guide",
            "did you mean 'traffic-01'? " + hint,
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            11,
            "ref",
            "slot 's1' shows 'traffic-draft-01', which is draft, not approved",
            "have it approved first, or choose an approved item (placard fill l proposes some)",
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            12,
            "ref",
            "slot 's2' shows 'old-01' from 2026-10-01 to 2026-10-31, but it expires (valid 2026-01-10 to 2026-10-15)",
            valid,
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            13,
            "ref",
            "slot 's3' shows 'traffic-01' from 2026-09-26 to 2026-10-04, but it is not yet valid (valid 2026-10-01 to …)",
            valid,
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            14,
            "ref",
            "slot 's4' shows 'civility-retired-01', which is retired, not approved",
            "have it approved first, or choose an approved item (placard fill l proposes some)",
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            15,
            "ref",
            "slot 's5' refers to 'zzzz', which is not a slogan, ad or guide",
            hint,
        ),
        (
            "ratio.ref",
            "error",
            LIST_FILE,
            18,
            "ref",
            "slot 's8' refers to 'zzzz2', which is not a slogan, ad or guide",
            hint,
        ),
    ]


def test_a_required_theme_that_does_not_exist_names_the_themes_there_are(ratio_campaign):
    pl = _plist([_slot(0, "public")], min_public="0", themes=("traffic", "nosuch"))
    assert _ratio(ratio_campaign, pl) == [
        (
            "ratio.theme-id",
            "error",
            LIST_FILE,
            4,
            "rule.required_themes",
            "required theme 'nosuch' is not one of the campaign's themes",
            "use one of: civility, dining, health, traffic, values, volunteer, waste",
        ),
        (
            "ratio.theme",
            "error",
            LIST_FILE,
            4,
            "rule.required_themes",
            "list 'l' (测试道旗): from 2026-10-01 to 2026-10-31 no public slot shows the required theme(s) nosuch",
            "put up an approved item of theme nosuch for those days",
        ),
    ]


def test_a_missing_theme_is_named_for_the_days_it_is_missing(ratio_campaign):
    # traffic-01 is of theme traffic; civility is shown by civility-01 only until 2026-10-10
    pl = _plist(
        [_slot(0, "public"), _slot(1, "public", ref="civility-01", end=9)],
        min_public="0",
        themes=("civility", "traffic"),
    )
    assert _ratio(ratio_campaign, pl) == [
        (
            "ratio.theme",
            "error",
            LIST_FILE,
            4,
            "rule.required_themes",
            "list 'l' (测试道旗): from 2026-10-11 to 2026-10-31 no public slot shows the required theme(s) civility",
            "put up an approved item of theme civility for those days",
        ),
    ]


def test_the_share_finding_names_the_share_the_rule_and_the_smallest_fix(ratio_campaign):
    # 1 public of 10 against 30 %: add 3 public slots (4/13 = 30.8 %) or turn 2 commercial ones public
    pl = _plist([_slot(0, "public")] + [_slot(i, "commercial") for i in range(1, 10)])
    assert _ratio(ratio_campaign, pl) == [
        (
            "ratio.share",
            "error",
            LIST_FILE,
            4,
            "rule.min_public",
            "list 'l' (测试道旗): from 2026-10-01 to 2026-10-31 the public-benefit share is 10% (1 of 10 slots "
            "public), below the required 30%",
            "from 2026-10-01 to 2026-10-31 public content must grow by 3 slots (or turn 2 slots of commercial "
            "content public); 'placard fill l' proposes items for vacant slots",
        ),
    ]
    soft = _plist(
        [_slot(0, "public")] + [_slot(i, "commercial") for i in range(1, 10)], warn_only=True
    )
    assert [f[:2] for f in _ratio(ratio_campaign, soft)] == [("ratio.share", "warning")]


def test_under_a_100_percent_rule_only_turning_ads_public_helps(ratio_campaign):
    pl = _plist(
        [_slot(0, "public", end=9)] + [_slot(i, "commercial", end=20) for i in range(1, 10)],
        min_public="1",
    )
    assert _ratio(ratio_campaign, pl) == [
        (
            "ratio.share",
            "error",
            LIST_FILE,
            4,
            "rule.min_public",
            "list 'l' (测试道旗): from 2026-10-01 to 2026-10-21 the public-benefit share is 0% (0 of 9 slots "
            "public), below the required 100%",
            "from 2026-10-01 to 2026-10-21 turn 9 slots of commercial content public; 'placard fill l' proposes "
            "items for vacant slots",
        ),
        (
            "ratio.empty",
            "warning",
            LIST_FILE,
            4,
            None,
            "list 'l' (测试道旗): nothing is published from 2026-10-22 to 2026-10-31, so there is no share to check",
            "shorten the list's period, or put up slots for those days",
        ),
    ]


def test_one_failing_day_is_named_as_that_day(ratio_campaign):
    pl = _plist(
        [_slot(0, "public", end=3), _slot(1, "public", start=5), _slot(2, "commercial")],
        min_public="1/2",
    )
    ((rule, _sev, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
    assert rule == "ratio.share"
    assert message == (
        "list 'l' (测试道旗): on 2026-10-05 the public-benefit share is 0% (0 of 1 slot public), "
        "below the required 50%"
    )
    assert fix.startswith(
        "on 2026-10-05 public content must grow by 1 slot (or turn 1 slot of commercial"
    )


def test_shares_in_square_metres_and_seconds(ratio_campaign):
    pl = _plist(
        [_slot(0, "public", area="1.5"), _slot(1, "commercial", area="8.25")], measure="area"
    )
    ((_r, _s, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
    assert (
        "the public-benefit share is 15.38% (1.5 m² of 9.75 m² public), below the required 30%"
        in message
    )
    # (1.5 + x) / (9.75 + x) >= 0.3: x = 2.036 m², written rounded up; or 1.425 m² turned public
    assert (
        "public content must grow by 2.04 m² (or turn 1.43 m² of commercial content public)" in fix
    )
    pl = _plist(
        [_slot(0, "public", seconds="15"), _slot(1, "commercial", seconds="45")], measure="airtime"
    )
    ((_r, _s, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
    assert (
        "the public-benefit share is 25% (15 s of 60 s public), below the required 30%" in message
    )
    # x = 4.2857 s, written rounded up to a tenth of a second
    assert "public content must grow by 4.3 s (or turn 3 s of commercial content public)" in fix


def test_a_window_finding_names_the_run_on_its_first_slot_s_line(ratio_campaign):
    kinds = ["public", "commercial", "commercial", "commercial", "public"]
    pl = _plist([_slot(i, k) for i, k in enumerate(kinds)], min_public="0", window=(3, 1))
    assert _ratio(ratio_campaign, pl) == [
        (
            "ratio.window",
            "error",
            LIST_FILE,
            11,
            "rule.window",
            "list 'l' (测试道旗): from 2026-10-01 to 2026-10-31 slots s1, s2, s3 stand in a row with 0 public; the "
            "rule asks for at least 1 public in every 3",
            "make one of s1, s2, s3 public, or fill a vacant slot between them",
        ),
    ]
    pl = _plist([_slot(i, k) for i, k in enumerate(kinds)], min_public="0", window=(3, 2))
    ((_r, _s, _f, line, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert line == 10 and "slots s0, s1, s2 stand in a row with 1 public" in message
    assert "at least 2 public in every 3" in message


def test_after_ten_date_ranges_one_line_counts_the_rest(ratio_campaign):
    # 12 one-day gaps: a commercial slot all month, a public one missing every other day from the 2nd
    slots = [_slot(0, "commercial", end=24)] + [
        _slot(i, "public", start=2 * i - 2, end=2 * i - 2) for i in range(1, 13)
    ]
    pl = _plist(slots, min_public="1/2", days=25)
    got = _ratio(ratio_campaign, pl)
    assert [g[0] for g in got] == ["ratio.share"] * 11
    assert got[0][5].startswith("list 'l' (测试道旗): on 2026-10-02 the public-benefit share is 0%")
    assert got[9][5].startswith("list 'l' (测试道旗): on 2026-10-20 ")
    assert (
        got[10][5]
        == "list 'l' (测试道旗): 2 more date ranges break the same rule (only the first ones are listed)"
    )
    assert got[10][3] == 4 and got[10][6].startswith(
        "on 2026-10-02 public content must grow by 1 slot"
    )
    from placard.rules.ratio import list_findings

    assert list_findings(ratio_campaign, pl)[10].context == ""  # no source line under the count
    # exactly ten ranges: all ten listed, no count line
    pl = _plist([_slot(0, "commercial", end=19), *slots[1:-2]], min_public="1/2", days=20)
    assert [g[5].split(" the public")[0] for g in _ratio(ratio_campaign, pl)][-1] == (
        "list 'l' (测试道旗): on 2026-10-20"
    )
    assert len(_ratio(ratio_campaign, pl)) == 10


@pytest.mark.parametrize(
    "share, shown",
    [
        ("0", "0%"),
        ("3/10", "30%"),
        ("1/2", "50%"),
        ("1", "100%"),
        ("2999/10000", "29.99%"),
        ("1/3", "33.33%"),
        ("2/3", "66.66%"),
        ("61/200", "30.5%"),
        ("29999/100000", "29.99%"),
        ("1/20", "5%"),
    ],
)
def test_a_share_is_shown_rounded_down_to_a_hundredth_of_a_percent(share, shown):
    from fractions import Fraction

    from placard.rules.ratio import pct

    assert pct(Fraction(share)) == shown


def test_warn_only_softens_the_rules_of_the_share_not_the_references():
    from placard.findings import error, warning
    from placard.rules.ratio import soften

    found = [
        error(r, "x")
        for r in (
            "ratio.share",
            "ratio.window",
            "ratio.theme",
            "ratio.hours",
            "ratio.ref",
            "ratio.theme-id",
        )
    ] + [warning("ratio.empty", "y")]
    assert [f.severity.value for f in soften(found)] == ["warning"] * 4 + [
        "error",
        "error",
        "warning",
    ]


def untranslated(text: str, *names: str) -> list[str]:
    """English words left in a message meant for a Chinese reader (ids, file and command names removed):
    a message whose text is missing from the catalogue (its words changed in the code) shows in English."""
    import re

    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_ratio_findings_reach_a_chinese_clerk_in_chinese(ratio_campaign):
    from placard import i18n

    lists = [
        _plist(
            [
                _slot(0, "public", ref="trafic-01"),
                _slot(1, "public", ref="traffic-draft-01"),
                _slot(2, "public", ref="old-01"),
                _slot(3, "public", start=-5, end=3),
            ],
            min_public="0",
            themes=("nosuch",),
        ),
        _plist(
            [_slot(0, "public", end=3)] + [_slot(i, "commercial", end=20) for i in range(1, 10)]
        ),
        _plist([_slot(0, "commercial", end=20)], min_public="1"),
        _plist([_slot(i, "commercial") for i in range(3)], min_public="0", window=(3, 1)),
        _plist(
            [_slot(0, "commercial", end=24)]
            + [_slot(i, "public", start=2 * i - 2, end=2 * i - 2) for i in range(1, 13)],
            min_public="1/2",
            days=25,
        ),
    ]
    i18n.set_language("zh_Hans")
    seen = set()
    for pl in lists:
        for rule, _sev, _f, _l, _fd, message, fix in _ratio(ratio_campaign, pl):
            seen.add(rule)
            names = (
                "trafic-01",
                "traffic-draft-01",
                "traffic-01",
                "old-01",
                "nosuch",
                "placard fill",
                "civility",
                "dining",
                "health",
                "traffic",
                "values",
                "volunteer",
                "waste",
                "slogans",
                "docs/ads",
                "docs/guides",
                "id:",
                ".md",
            )
            assert untranslated(message, *names) == [], message
            assert untranslated(fix, *names) == [], fix
    assert seen == {
        "ratio.ref",
        "ratio.theme-id",
        "ratio.theme",
        "ratio.share",
        "ratio.empty",
        "ratio.window",
    }


def test_adjacent_failing_days_are_one_range_showing_its_worst_day_and_largest_need(ratio_campaign):
    # 8 ads all month, one public slot all month, a second public one on the first ten days:
    # 2 of 10 (20 %) then 1 of 9 (11.11 %); one range, the worst share, the larger fix (2.43 -> 3 slots)
    ads = [_slot(i, "commercial") for i in range(2, 10)]
    for first, second in (
        (_slot(0, "public"), _slot(1, "public", end=9)),
        (_slot(0, "public", start=10), _slot(1, "public")),
    ):
        pl = _plist([first, second, *ads] if first.start == R0 else [second, first, *ads[:-1]])
        ((_r, _s, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
        assert message.startswith(
            "list 'l' (测试道旗): from 2026-10-01 to 2026-10-31 the public-benefit share is "
        )
        if first.start == R0:
            assert "is 11.11% (1 of 9 slots public)" in message
            assert "must grow by 3 slots (or turn 2 slots of commercial content public)" in fix
        else:  # 1 of 8 (12.5 %) first, then 2 of 9 (22.22 %): the first days are the worst
            assert "is 12.5% (1 of 8 slots public)" in message
            assert "must grow by 2 slots (or turn 2 slots of commercial content public)" in fix


def test_a_passing_day_between_failing_ones_splits_the_range(ratio_campaign):
    pl = _plist([_slot(0, "commercial"), _slot(1, "public", start=10, end=10)], min_public="1/2")
    got = [g[5] for g in _ratio(ratio_campaign, pl)]
    assert [m.split(" the public")[0] for m in got] == [
        "list 'l' (测试道旗): from 2026-10-01 to 2026-10-10",
        "list 'l' (测试道旗): from 2026-10-12 to 2026-10-31",
    ]


def test_the_window_slides_over_every_run_and_passes_when_each_holds_a_public_slot(ratio_campaign):
    kinds = ["public", "commercial", "commercial", "public", "commercial", "commercial", "public"]
    pl = _plist([_slot(i, k) for i, k in enumerate(kinds)], min_public="0", window=(3, 1))
    assert _ratio(ratio_campaign, pl) == []
    kinds = [
        "public",
        "commercial",
        "commercial",
        "public",
        "commercial",
        "commercial",
        "commercial",
    ]
    pl = _plist([_slot(i, k) for i, k in enumerate(kinds)], min_public="0", window=(3, 1))
    ((_r, _s, _f, line, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert line == 14 and "slots s4, s5, s6 stand in a row with 0 public" in message


def test_only_public_slots_show_a_required_theme(ratio_campaign):
    # an advertiser's slot that names a traffic slogan does not show the traffic theme
    pl = _plist(
        [
            _slot(0, "public", ref="civility-01"),
            _slot(1, "commercial", ref="traffic-01"),
            _slot(2, "vacant", ref="traffic-02"),
        ],
        min_public="0",
        themes=("traffic",),
    )
    assert [g[5] for g in _ratio(ratio_campaign, pl)] == [
        "list 'l' (测试道旗): from 2026-10-01 to 2026-10-31 no public slot shows the required theme(s) traffic"
    ]


# ----------------------------------------------------------------- time-of-day windows on the plan (ratio.hours)


def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _led(slots, windows, warn_only=False, days=31):
    """An airtime list with time-of-day windows: windows as ("19:00", "21:00", "3/10")."""
    from fractions import Fraction

    from placard.model import HourWindow, PlacementList, Rule, Source

    hw = tuple(HourWindow(_hm(a), _hm(b), Fraction(m)) for a, b, m in windows)
    rule = Rule(Fraction(0), "airtime", None, (), warn_only, hw)
    return PlacementList(
        "led",
        "大屏",
        "led",
        "",
        R0,
        _day(days - 1),
        rule,
        tuple(slots),
        Source("posters/placements/led.yml", 1, {"rule": 3}),
    )


def _ad(i, kind, seconds, hours=None, start=0, end=30):
    s = _slot(i, kind, start=start, end=end, seconds=seconds)
    if hours:
        from dataclasses import replace

        a, b = hours.split("-")
        s = replace(s, hours=(_hm(a), _hm(b)))
    return s


def _hours(*lists):
    from types import SimpleNamespace

    from placard.rules.hours import check

    return [
        (f.rule, f.severity.value, f.file, f.line, f.field, f.message, f.fix)
        for f in check(SimpleNamespace(placements=list(lists)))
    ]


def test_the_evening_window_counts_only_what_plays_in_it():
    slots = [
        _ad(0, "public", "10", "21:00-23:00"),  # starts when the window ends: not in it
        _ad(1, "commercial", "30", "07:00-21:00"),
        _ad(2, "commercial", "30", "23:00-24:00"),
        _ad(3, "public", "10"),  # all day
        _ad(4, "vacant", "50"),
    ]
    got = _hours(_led(slots, [("19:00", "21:00", "3/10")]))
    assert got == [
        (
            "ratio.hours",
            "error",
            "posters/placements/led.yml",
            3,
            "rule.hours",
            "list 'led' (大屏): from 2026-10-01 to 2026-10-31 the planned loop in 19:00–21:00 is 25% public (10 s of 40 s), "
            "below the window's 30%",
            "from 2026-10-01 to 2026-10-31 add 2.9 s of public content playing in 19:00–21:00 (or turn 2 s of "
            "commercial content public); a slot plays all day unless its 'hours' says otherwise",
        ),
    ]
    # the same slots against a window they all miss but one (21:00-23:00): 20 s public of 20 s
    assert _hours(_led(slots, [("21:00", "23:00", "1")])) == []
    assert [g[1] for g in _hours(_led(slots, [("19:00", "21:00", "3/10")], warn_only=True))] == [
        "warning"
    ]


def test_a_window_nothing_plays_in_is_not_a_failure_and_a_100_percent_window_asks_to_convert():
    slots = [_ad(0, "commercial", "30", "07:00-09:00")]
    assert _hours(_led(slots, [("19:00", "21:00", "1/2")])) == []
    ((*_, message, fix),) = _hours(_led(slots, [("08:00", "08:30", "1")]))
    assert (
        "the planned loop in 08:00–08:30 is 0% public (0 s of 30 s), below the window's 100%"
        in message
    )
    assert fix == (
        "from 2026-10-01 to 2026-10-31 turn 30 s of commercial content public; a slot plays all day "
        "unless its 'hours' says otherwise"
    )


def test_adjacent_failing_days_join_and_keep_the_worst_day():
    # 19:00-21:00 at 50 %: 10 s public with 30 s of ads until the 10th (25 %), with 20 s after (33.33 %);
    # then the other way round
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20"), _ad(2, "commercial", "10", end=9)]
    for order in (slots, [slots[0], slots[1], _ad(2, "commercial", "10", start=10)]):
        ((*_, message, fix),) = _hours(_led(order, [("19:00", "21:00", "1/2")]))
        assert message.startswith(
            "list 'led' (大屏): from 2026-10-01 to 2026-10-31 the planned loop in 19:00–21:00 "
            "is 25% public (10 s of 40 s)"
        )
        # (10 + x) / (40 + x) = 50 %: x = 20 s; or 10 s of ads turned public
        assert fix.startswith(
            "from 2026-10-01 to 2026-10-31 add 20 s of public content playing in 19:00–21:00 "
            "(or turn 10 s of commercial content public)"
        )
    # a passing day between two failing ones keeps them apart; each window is joined on its own
    slots = [_ad(0, "commercial", "10"), _ad(1, "public", "10", start=5, end=5)]
    got = _hours(_led(slots, [("07:00", "08:00", "1/2"), ("19:00", "21:00", "1/2")]))
    assert [m.split(" is ")[0] for *_, m, _f in got] == [
        "list 'led' (大屏): from 2026-10-01 to 2026-10-05 the planned loop in 07:00–08:00",
        "list 'led' (大屏): from 2026-10-01 to 2026-10-05 the planned loop in 19:00–21:00",
        "list 'led' (大屏): from 2026-10-07 to 2026-10-31 the planned loop in 07:00–08:00",
        "list 'led' (大屏): from 2026-10-07 to 2026-10-31 the planned loop in 19:00–21:00",
    ]


def test_after_ten_failing_ranges_one_line_counts_the_rest():
    # a public slot on every other day from the 2nd: 13 failing days (the 1st, 3rd, ... 25th)
    slots = [_ad(0, "commercial", "10", end=24)] + [
        _ad(i, "public", "10", start=2 * i - 1, end=2 * i - 1) for i in range(1, 13)
    ]
    got = _hours(_led(slots, [("19:00", "21:00", "1/2")], days=25))
    assert len(got) == 11
    assert got[0][5].startswith("list 'led' (大屏): on 2026-10-01 the planned loop")
    assert got[10][:5] == ("ratio.hours", "error", "posters/placements/led.yml", 3, "rule.hours")
    assert got[10][5] == (
        "list 'led': 3 more date ranges break a time-of-day window (only the first ones are listed)"
    )
    assert got[10][6] == got[0][6]
    assert _hours(_led(slots, [], days=25)) == []  # no windows: nothing to check


def test_hour_findings_reach_a_chinese_clerk_in_chinese():
    from placard import i18n

    i18n.set_language("zh_Hans")
    slots = [_ad(0, "commercial", "10", end=24)] + [
        _ad(i, "public", "10", start=2 * i - 1, end=2 * i - 1) for i in range(1, 13)
    ]
    got = _hours(_led(slots, [("19:00", "21:00", "1/2")], days=25))
    got += _hours(_led([_ad(0, "commercial", "30")], [("08:00", "08:30", "1")]))
    for *_, message, fix in got:
        assert untranslated(message, "led", "hours") == [], message
        assert untranslated(fix, "led", "hours") == [], fix


# ----------------------------------------------------------------- punctuation in Chinese text

#: text, the text after `placard fix`, the problems: (start, end, rule, replacement); rules: H half-width,
#: S space, D doubled, Q quotes; '*' marks the second half of a pair (fixed, reported with the first)
PUNCT_CASES = [
    ("你好,世界", "你好，世界", [(2, 3, "H", "，")]),
    ("你好 ,世界", "你好，世界", [(2, 4, "H", "，")]),
    ("你好, 世界", "你好，世界", [(2, 4, "H", "，")]),
    ("价格1,000元", "价格1,000元", []),
    ("时间10:30开始", "时间10:30开始", []),
    ("He said, hi", "He said, hi", []),
    ("文明,", "文明，", [(2, 3, "H", "，")]),
    (",文明", "，文明", [(0, 1, "H", "，")]),
    ("你好?!", "你好？！", [(2, 3, "H", "？"), (3, 4, "H", "！")]),
    ("你好,,。", "你好，。", [(2, 3, "H", "，"), (3, 4, "H", "，")]),
    ("文明(城市)", "文明（城市）", [(2, 3, "H", "（"), (5, 6, "H*", "）")]),
    ("文明 (城市) 创建", "文明（城市）创建", [(2, 4, "H", "（"), (6, 8, "H*", "）")]),
    ("f(x)很好", "f(x)很好", []),
    ("(abc)文明", "（abc）文明", [(0, 1, "H", "（"), (4, 5, "H*", "）")]),
    ("文明(abc)", "文明（abc）", [(2, 3, "H", "（"), (6, 7, "H*", "）")]),
    ("a(b)c", "a(b)c", []),
    ("(文明", "(文明", []),
    ("文明 城市", "文明城市", [(2, 3, "S", "")]),
    ("创建文明 城市", "创建文明城市", [(4, 5, "S", "")]),
    ("创建文明城市 共建美好家园", "创建文明城市 共建美好家园", [(6, 7, "S", None)]),
    ("文明\t城市", "文明城市", [(2, 3, "S", "")]),
    ("文明，，城市", "文明，城市", [(2, 4, "D", "，")]),
    ("文明。。。", "文明……", [(2, 5, "D", "……")]),
    ("文明。。", "文明。", [(2, 4, "D", "。")]),
    ("文明，。", "文明，。", [(2, 4, "D", None)]),
    ("文明。，城市", "文明。，城市", [(2, 4, "D", None)]),
    ("文明、、", "文明、", [(2, 4, "D", "、")]),
    ('他说"你好"', "他说“你好”", [(2, 3, "Q", "“"), (5, 6, "Q*", "”")]),
    ('"hello" 文明', '"hello" 文明', []),
    ('文明"', '文明"', [(2, 3, "Q", None)]),
    ('a "b" c', 'a "b" c', []),
    (
        '"x"文明"y"',
        "“x”文明“y”",
        [(0, 1, "Q", "“"), (2, 3, "Q*", "”"), (5, 6, "Q", "“"), (7, 8, "Q*", "”")],
    ),
    (
        "文明;城市:你好!",
        "文明；城市：你好！",
        [(2, 3, "H", "；"), (5, 6, "H", "："), (8, 9, "H", "！")],
    ),
    ("文明 ， 城市", "文明，城市", [(2, 3, "S", ""), (4, 5, "S", "")]),
    ("文明 。", "文明。", [(2, 3, "S", "")]),
    ("文明城市", "文明城市", []),
    ("", "", []),
    ("文明!!", "文明！", [(2, 3, "H", "！"), (3, 4, "H", "！")]),
    ("你好 (ok)", "你好 (ok)", []),
    ("创建 (全国) 文明城市", "创建（全国）文明城市", [(2, 4, "H", "（"), (6, 8, "H*", "）")]),
]

# the edges: spaces after a mark, marks at the ends, digits on one side, a stray ')', short texts
PUNCT_CASES += [
    ("你好, -x", "你好， -x", [(2, 3, "H", "，")]),  # the space before a non-Chinese mark stays
    ("你好, a", "你好，a", [(2, 4, "H", "，")]),
    ("你好, “世界”", "你好，“世界”", [(2, 4, "H", "，")]),
    ("文明, ", "文明，", [(2, 4, "H", "，")]),
    ("hello ,世界", "hello ，世界", [(6, 7, "H", "，")]),
    (",abc文明", ",abc文明", []),  # a comma before English is not in Chinese text
    ("文,x", "文，x", [(1, 2, "H", "，")]),
    ("hello, world 文明,世界", "hello, world 文明，世界", [(15, 16, "H", "，")]),
    ("价格1,000元，你好,世界", "价格1,000元，你好，世界", [(11, 12, "H", "，")]),
    ("文明,1号", "文明，1号", [(2, 3, "H", "，")]),
    ("第1,文明", "第1，文明", [(2, 3, "H", "，")]),
    (")文明(城市)", ")文明（城市）", [(3, 4, "H", "（"), (6, 7, "H*", "）")]),
    ("创建城 文明区", "创建城 文明区", [(3, 4, "S", None)]),
    ("。。", "。", [(0, 2, "D", "。")]),
    ("文,", "文，", [(1, 2, "H", "，")]),
    # parentheses: Chinese inside, before or after; spaces taken in only next to Chinese
    ("x (文a) y", "x （文a） y", [(2, 3, "H", "（"), (5, 6, "H*", "）")]),
    ("(ab) x文", "(ab) x文", []),
    ("x (ab)文", "x （ab）文", [(2, 3, "H", "（"), (5, 6, "H*", "）")]),
    ("f(x) 文明(城市)", "f(x) 文明（城市）", [(7, 8, "H", "（"), (10, 11, "H*", "）")]),
    ("(a) b 文明(城市)", "(a) b 文明（城市）", [(8, 9, "H", "（"), (11, 12, "H*", "）")]),
    (" (城市)文", " （城市）文", [(1, 2, "H", "（"), (4, 5, "H*", "）")]),
    ("文 (城市)", "文（城市）", [(1, 3, "H", "（"), (5, 6, "H*", "）")]),
    ("文 (ab城)", "文（ab城）", [(1, 3, "H", "（"), (6, 7, "H*", "）")]),
    ("文明(城市) ", "文明（城市） ", [(2, 3, "H", "（"), (5, 6, "H*", "）")]),
    ("(城市) 文", "（城市）文", [(0, 1, "H", "（"), (3, 5, "H*", "）")]),
    ("(城市) 文x", "（城市）文x", [(0, 1, "H", "（"), (3, 5, "H*", "）")]),
    ("创建 文明区", "创建文明区", [(2, 3, "S", "")]),  # two characters on the left: a stray space
    # straight quotes next to Chinese on one side only, or around it; overlapping and later problems
    ('他"x"', "他“x”", [(1, 2, "Q", "“"), (3, 4, "Q*", "”")]),
    ('"x"他', "“x”他", [(0, 1, "Q", "“"), (2, 3, "Q*", "”")]),
    ('" 你好 "', "“你好”", [(0, 1, "Q", "“"), (5, 6, "Q*", "”")]),
    ("文明，，城市，。", "文明，城市，。", [(2, 4, "D", "，"), (6, 8, "D", None)]),
    ("文明，，。", "文明，。", [(2, 4, "D", "，")]),
    ("文明，，。城市,好", "文明，。城市，好", [(2, 4, "D", "，"), (7, 8, "H", "，")]),
    # '。，' and '，，' overlap: the first is reported, the fixable one still fixed; later problems too
    ("文明。，，城市,好", "文明。，城市，好", [(2, 4, "D", None), (7, 8, "H", "，")]),
    ("f(x)文明(城市)", "f(x)文明（城市）", [(6, 7, "H", "（"), (9, 10, "H*", "）")]),
]


@pytest.mark.parametrize("text, fixed, problems", PUNCT_CASES)
def test_punctuation_problems_and_their_fixes(text, fixed, problems):
    from placard.rules.punctuation import fix_text, issues

    rules = {"punct.half-width": "H", "punct.space": "S", "punct.doubled": "D", "punct.quotes": "Q"}
    got = [
        (i.start, i.end, rules[i.rule] + ("*" if i.silent else ""), i.replacement)
        for i in issues(text)
    ]
    assert got == problems
    assert fix_text(text) == fixed
    assert fix_text(fixed) == fixed  # a second run changes nothing


def test_each_punctuation_problem_says_what_and_how_to_fix_it():
    from placard.rules.punctuation import issues

    def said(text):
        return [(i.severity.value, i.message, i.fix) for i in issues(text) if not i.silent]

    assert said("你好,世界") == [
        ("error", "half-width ',' in Chinese text", "use the full-width '，'")
    ]
    assert said("文明(城市)") == [
        ("error", "half-width '( )' in Chinese text", "use the full-width '（ ）'")
    ]
    assert [(i.message, i.fix) for i in issues("文明(城市)") if i.silent] == [
        ("half-width ')' in Chinese text", "use the full-width '）'")
    ]
    assert said("文明 城市") == [
        ("warning", "a stray space between Chinese characters", "remove the space")
    ]
    assert said("创建文明城市 共建美好家园") == [
        (
            "warning",
            "a space between two Chinese phrases",
            "use '，' between the two halves (or '|' for a line break on posters), or remove the space",
        )
    ]
    assert said("文明，，城市") == [("error", "doubled punctuation '，，'", "keep one '，'")]
    assert said("文明。。。") == [
        ("error", "'。。。' used as an ellipsis", "write the ellipsis as '……'")
    ]
    assert said("文明，。") == [
        ("error", "two punctuation marks in a row '，。'", "keep the one that belongs")
    ]
    assert said('他说"你好"') == [
        ("warning", "straight quotes '\"…\"' in Chinese text", "use Chinese quotation marks “…”")
    ]
    assert said('文明"') == [
        (
            "warning",
            "straight quote '\"' in Chinese text (unpaired)",
            "use Chinese quotation marks “…”",
        )
    ]


def test_a_switched_off_rule_s_fixes_are_not_applied():
    from placard.rules.punctuation import fix_text

    assert fix_text("你好,世界 文明。。", skip=("punct.half-width",)) == "你好,世界文明。"
    assert (
        fix_text("你好,世界 文明。。", skip=("punct.space", "punct.doubled"))
        == "你好，世界 文明。。"
    )


def test_quote_styles():
    from placard.rules.punctuation import quote_styles

    assert (
        quote_styles("“文明”") == {"“”"}
        and quote_styles("」") == {"「」"}
        and quote_styles("”") == {"“”"}
    )
    assert quote_styles("「文明」与“城市”") == {"“”", "「」"} and quote_styles("文明") == set()
    assert quote_styles("“") == {"“”"} and quote_styles("「") == {"「」"}


# ----------------------------------------------------------------- what the screens really played (playlog.*)


def _played(
    slots,
    days,
    windows=None,
    played=None,
    files=("posters/playlogs/led-10.csv",),
    hours=("19:00", "21:00", "1/2"),
):
    """A LED list at 30 % (window 19:00-21:00 at 50 %) and what its screen played: days as
    {day number: (public s, total s)}, windows as {day number: (public s, total s)}, played as
    {day number: item ids}."""
    from fractions import Fraction

    from placard.playlogs import ListPlays

    pl = _led(slots, [hours] if hours else [])
    pl = type(pl)(
        **{
            **pl.__dict__,
            "rule": type(pl.rule)(**{**pl.rule.__dict__, "min_public": Fraction(3, 10)}),
        }
    )
    w = pl.rule.hours[0] if hours else None
    fr = lambda pt: (Fraction(pt[0]), Fraction(pt[1]))  # noqa: E731
    return ListPlays(
        pl,
        days={_day(n): fr(v) for n, v in days.items()},
        windows={(_day(n), w): fr(v) for n, v in (windows or {}).items()},
        played={_day(n): set(v) for n, v in (played or {}).items()},
        files=set(files),
    )


def _play_findings(lp, strict=False):
    from placard.findings import Severity
    from placard.rules.playlog import list_findings

    sev = Severity.ERROR if strict else Severity.WARNING
    return [
        (f.rule, f.severity.value, f.file, f.line, f.field, f.message, f.fix)
        for f in list_findings(lp, sev)
    ]


def test_what_the_screen_played_against_the_plan_day_by_day():
    # the plan: 10 s public of 30 s (33 %), so every shortfall is the screen's
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    lp = _played(
        slots,
        days={0: (10, 30), 1: (5, 30), 2: (6, 30), 4: (10, 30)},  # nothing logged on the 4th
        windows={0: (5, 20), 2: (10, 10)},  # nothing in the window on the 2nd: no window finding
        played={0: ["traffic-01"], 1: ["traffic-01"]},
        files=("posters/playlogs/led-10.csv", "posters/playlogs/a.csv"),
    )
    logs = "(play log: posters/playlogs/a.csv, posters/playlogs/led-10.csv)"
    where = ("warning", "posters/placements/led.yml")
    missing_fix = (
        "ask the operator to put 'traffic-01' in the loop, or map its file name to 'traffic-01' in "
        "posters/playlogs/map.yml if it did play under another name"
    )
    assert _play_findings(lp) == [
        (
            "playlog.share",
            *where,
            3,
            "rule.min_public",
            "list 'led' (大屏): from 2026-10-02 to 2026-10-03 the screen played 16.66% public airtime (5 s of 30 s on "
            "2026-10-02), below the required 30%, though the plan meets the rule on those days: the screen did not "
            f"play the plan {logs}",
            "ask the screen's operator to play the planned loop and send the corrected export",
        ),
        (
            "playlog.hours",
            *where,
            3,
            "rule.hours",
            f"list 'led' (大屏): on 2026-10-01 in 19:00–21:00 the screen played 25% public airtime (5 s of 20 s), below "
            f"the window's 50% {logs}",
            "have the operator schedule more public content in 19:00–21:00, or move commercial spots out of that window",
        ),
        (
            "playlog.missing",
            *where,
            10,
            "ref",
            f"list 'led' (大屏): slot 's0' plans public item 'traffic-01', but it did not play on 2026-10-03 {logs}",
            missing_fix,
        ),
        (
            "playlog.missing",
            *where,
            10,
            "ref",
            f"list 'led' (大屏): slot 's0' plans public item 'traffic-01', but it did not play on 2026-10-05 {logs}",
            missing_fix,
        ),
        (
            "playlog.gap",
            *where,
            3,
            None,
            "list 'led' (大屏): no plays are logged on 1 day(s) between 2026-10-01 and 2026-10-05: 2026-10-04",
            "add the missing days' export to posters/playlogs/, or find out why the screen was off",
        ),
    ]
    assert {f[1] for f in _play_findings(lp, strict=True)} == {"error"}
    from placard.rules.playlog import summary

    s = summary(lp)
    assert (s.first, s.last, s.days, s.days_below, s.windows_below, s.missing_runs) == (
        _day(0),
        _day(4),
        4,
        2,
        1,
        2,
    )
    assert s.files == ("posters/playlogs/a.csv", "posters/playlogs/led-10.csv")
    assert (s.ok, s.verdict) == (False, "不达标")


def test_a_short_plan_is_named_as_the_cause_and_runs_split_where_the_plan_changes():
    # the plan meets 30 % until the 2nd (10 of 30 s); from the 3rd a 20 s ad more: 10 of 50 s
    slots = [
        _ad(0, "public", "10"),
        _ad(1, "commercial", "20"),
        _ad(2, "commercial", "20", start=2),
    ]
    lp = _played(
        slots,
        days={1: (5, 30), 2: (5, 50), 3: (4, 50)},
        played={1: ["traffic-01"], 2: ["traffic-01"], 3: ["traffic-01"]},
        hours=None,
    )
    got = _play_findings(lp)
    assert [g[0] for g in got] == ["playlog.share", "playlog.share"]
    assert (
        "on 2026-10-02 the screen played 16.66% public airtime (5 s of 30 s), below the required 30%, though the plan meets"
        in got[0][5]
    )
    assert got[1][5] == (
        "list 'led' (大屏): from 2026-10-03 to 2026-10-04 the screen played 8% public airtime (4 s of 50 s on "
        "2026-10-04), below the required 30%, and the plan itself falls short on those days (play log: "
        "posters/playlogs/led-10.csv)"
    )
    assert got[1][6] == "fix the plan first (see ratio.share), then the screen's loop"


def test_a_list_that_played_its_share_every_day_is_fine():
    from placard.rules.playlog import summary

    lp = _played(
        [_ad(0, "public", "10"), _ad(1, "commercial", "20")],
        days={0: (9, 30), 1: (10, 20)},
        windows={0: (10, 20), 1: (5, 10)},
        played={0: ["traffic-01"], 1: ["traffic-01"]},
    )
    assert _play_findings(lp) == []
    s = summary(lp)
    assert (s.ok, s.verdict, s.days_below, s.windows_below) == (True, "达标", 0, 0)
    assert summary(None).verdict == "无播放记录" and not summary(None).ok


def test_play_findings_after_ten_ranges_and_gaps_after_five_days_are_counted():
    # logged every other day from the 1st to the 25th, each day below 30 % and the window below 50 %
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    days = {2 * i: (1, 30) for i in range(13)}
    lp = _played(
        slots,
        days=days,
        windows={n: (1, 30) for n in days},
        played={n: ["traffic-01"] for n in days},
    )
    got = _play_findings(lp)
    assert [g[0] for g in got] == ["playlog.share"] * 11 + ["playlog.hours"] * 11 + ["playlog.gap"]
    assert (
        got[10][5]
        == "list 'led' (大屏): 3 more date ranges of the same kind (only the first ones are listed)"
    )
    assert got[10][3:5] == (3, "rule.min_public") and got[10][6] == got[0][6]
    assert got[21][5] == (
        "list 'led' (大屏) 19:00–21:00: 3 more date ranges of the same kind (only the first ones "
        "are listed)"
    )
    assert got[22][5] == (
        "list 'led' (大屏): no plays are logged on 12 day(s) between 2026-10-01 and 2026-10-25: "
        "2026-10-02, 2026-10-04, 2026-10-06, 2026-10-08, 2026-10-10 and 7 more"
    )


def test_a_planned_item_missing_on_following_days_is_one_range():
    slots = [
        _ad(0, "public", "10", end=2),
        _ad(1, "commercial", "20"),
        _ad(2, "public", "10", start=3),
    ]
    slots[2] = type(slots[2])(**{**slots[2].__dict__, "ref": "civility-01"})
    lp = _played(
        slots,
        days={n: (10, 30) for n in range(6)},
        played={0: ["traffic-01"], 4: ["civility-01"]},
        hours=None,
    )
    assert [g[5].split(": ", 1)[1].split(" (play")[0] for g in _play_findings(lp)] == [
        "slot 's0' plans public item 'traffic-01', but it did not play from 2026-10-02 to 2026-10-03",
        "slot 's2' plans public item 'civility-01', but it did not play on 2026-10-04",
        "slot 's2' plans public item 'civility-01', but it did not play on 2026-10-06",
    ]


def test_play_findings_reach_a_chinese_clerk_in_chinese():
    from placard import i18n

    slots = [
        _ad(0, "public", "10"),
        _ad(1, "commercial", "20"),
        _ad(2, "commercial", "20", start=20),
    ]
    days = {2 * i: (1, 30) for i in range(13)}
    lp = _played(slots, days=days, windows={n: (1, 30) for n in days}, played={0: ["traffic-01"]})
    i18n.set_language("zh_Hans")
    got = _play_findings(lp)
    assert {g[0] for g in got} == {
        "playlog.share",
        "playlog.hours",
        "playlog.missing",
        "playlog.gap",
    }
    names = (
        "led",
        "traffic-01",
        "posters/playlogs/led-10.csv",
        "posters/playlogs/map.yml",
        "posters/playlogs/",
        "ratio.share",
    )
    for *_, message, fix in got:
        assert untranslated(message, *names) == [], message
        assert untranslated(fix, *names) == [], fix


EXAMPLE_HOURS = '[{from: "19:00", to: "21:00", min_public: 0.3}]'
MIDNIGHT_FIX = (
    "make 'from' the earlier time; a window cannot run past midnight (split it into "
    '"21:00"–"24:00" and "00:00"–"06:00")'
)


@pytest.mark.parametrize(
    "raw, message, fix",
    [
        (
            "19:00-21:00",
            "'hours' must be a list of time-of-day windows",
            f"write it as {EXAMPLE_HOURS}",
        ),
        (
            [{"from": "19:00", "to": "21:00"}, "19:00-21:00"],
            "window 2 is not a mapping",
            f'write each window as {{from: "19:00", to: "21:00"}} ({EXAMPLE_HOURS})',
        ),
        (
            [{"from": "19:00", "to": "21:00", "share": 0.3}],
            "window 1 has an unknown key 'share'",
            "use only from, to and min_public",
        ),
        ([{"from": "19:00"}], "window 1 needs both 'from' and 'to'", f"write e.g. {EXAMPLE_HOURS}"),
        (
            [{"from": "7pm", "to": "21:00"}],
            "window 1: '7pm' is not a time of day",
            'write it as "HH:MM" in quotes, e.g. "19:00" (00:00 to 24:00)',
        ),
        (
            [{"from": "21:00", "to": "19:00"}],
            "window 1: 'from' 21:00 is after 'to' 19:00",
            MIDNIGHT_FIX,
        ),
        (
            [{"from": "21:00", "to": "21:00"}],
            "window 1: 'from' 21:00 is the same as 'to' 21:00",
            MIDNIGHT_FIX,
        ),
        (
            [{"from": "19:00", "to": "21:00", "min_public": "lots"}],
            "window 1: min_public 'lots' is not a share from 0 to 1",
            "write a share such as 0.3 (30 %)",
        ),
        (
            [{"from": "20:00", "to": "22:00"}, {"from": "19:00", "to": "21:00"}],
            "windows 19:00–21:00 and 20:00–22:00 overlap",
            "make the windows follow one another without overlapping (e.g. end the first at 20:00)",
        ),
    ],
)
def test_a_wrong_window_says_which_what_and_how_to_write_it(raw, message, fix):
    from placard import i18n

    _out, _errs, found = _windows(raw)
    assert [(f.message, f.fix) for f in found] == [(message, fix)]
    # the clerk's language: the same finding in Chinese, with no English words left
    i18n.set_language("zh_Hans")
    _out, _errs, found = _windows(raw)
    names = ("hours", "from", "to", "min_public", "share", "lots", "pm", "HH", "MM")
    assert untranslated(found[0].message, *names) == [], found[0].message
    assert untranslated(found[0].fix, *names) == [], found[0].fix


def test_three_failing_stretches_in_a_row_are_one_range_and_a_tie_names_the_first_worst(
    ratio_campaign,
):
    # 1 public of 10 (10 %), then of 9, then of 8 (12.5 %): one range, the worst is the first
    ads = [
        _slot(i, "commercial", end=9 if i == 9 else (19 if i == 8 else 30)) for i in range(1, 10)
    ]
    pl = _plist([_slot(0, "public"), *ads])
    ((_r, _s, _f, _l, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert (
        "from 2026-10-01 to 2026-10-31 the public-benefit share is 10% (1 of 10 slots public)"
        in message
    )
    # 1 of 10 on the first ten days, 2 of 20 after: the same 10 %; the first days are named
    pl = _plist(
        [_slot(0, "public"), _slot(1, "public", start=10)]
        + [_slot(i, "commercial", start=0 if i < 11 else 10) for i in range(2, 20)]
    )
    ((_r, _s, _f, _l, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert (
        "from 2026-10-01 to 2026-10-31 the public-benefit share is 10% (1 of 10 slots public)"
        in message
    )


# ----------------------------------------------------------------- the typo dictionary


def test_the_typo_dictionary_holds_the_pairs_clerks_meet():
    from placard.rules.typos import builtin_pairs

    pairs = dict(builtin_pairs())
    for wrong, right in [
        ("再接再励", "再接再厉"),
        ("迫不急待", "迫不及待"),
        ("一股作气", "一鼓作气"),
        ("按步就班", "按部就班"),
        ("如火如茶", "如火如荼"),
        ("宏扬", "弘扬"),
        ("班马线", "斑马线"),
        ("按装", "安装"),
        ("号招", "号召"),
        ("招开", "召开"),
    ]:
        assert pairs[wrong] == right, wrong
    # read as data: no comment line, no blank, no stray space or tab, no pair that changes nothing
    assert all(
        not w.startswith("#") and w == w.strip() and r == r.strip() and w and r and w != r
        for w, r in builtin_pairs()
    )
    assert (
        "团结有爱" not in pairs
    )  # a phrase of its own; wrong only inside the civic norms (canonical)


def test_a_typo_is_found_on_whole_words_the_longest_first():
    from placard.rules.typos import TypoMatcher, builtin_pairs

    m = TypoMatcher(builtin_pairs())
    assert m.find("文明创建要再接再励") == [(5, 9, "再接再励", "再接再厉")]
    assert m.find("请按装说明书正确使用") == [(1, 3, "按装", "安装")]
    assert m.find("按装修标准施工") == []  # 按装 inside 装修: not a word here
    assert m.find("文明城市") == [] and TypoMatcher([]).find("再接再励") == []
    m = TypoMatcher([("光名", "光明"), ("光名区", "光明区")])
    assert m.find("欢迎来到光名区") == [(4, 7, "光名区", "光明区")]


def test_allowed_words_are_never_reported_and_only_where_they_stand():
    from placard.rules.typos import TypoMatcher, builtin_pairs

    m = TypoMatcher(builtin_pairs(), ["按装", "按装说明"])
    assert m.find("请按装说明书") == []
    m = TypoMatcher(builtin_pairs(), ["请按装说明书上写"])
    assert m.find("请按装说明书") == [
        (1, 3, "按装", "安装")
    ]  # the allowed phrase is not in the text
    m = TypoMatcher(builtin_pairs(), ["再接再励", "请按装"])
    assert m.find("请按装说明书，再接再励") == []
    assert m.find("按装说明书") == [(0, 2, "按装", "安装")]


def test_typo_findings_say_the_pair_in_english_and_in_chinese(content_campaign):
    from placard import i18n
    from placard.rules import typos

    got = {f.file: (f.message, f.fix) for f in typos.check(content_campaign)}
    assert got["slogans/typo-builtin.md"] == (
        "'再接再励' is a common miswriting of '再接再厉'",
        "write '再接再厉' instead of '再接再励'",
    )
    i18n.set_language("zh_Hans")
    for message, fix in [(f.message, f.fix) for f in typos.check(content_campaign)]:
        assert untranslated(message) == [] and untranslated(fix) == [], (message, fix)
        assert "再接再厉" in fix or "光明区" in fix


def test_amounts_of_a_share_are_written_as_they_are_and_needs_rounded_up(ratio_campaign):
    # a third of a square metre public of one: shown 0.33 m² (not rounded up), the need rounded up
    pl = _plist(
        [_slot(0, "public", area="1/3"), _slot(1, "commercial", area="2/3")],
        measure="area",
        min_public="1/2",
    )
    ((_r, _s, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
    assert (
        "the public-benefit share is 33.33% (0.33 m² of 1 m² public), below the required 50%"
        in message
    )
    assert (
        "public content must grow by 0.34 m² (or turn 0.17 m² of commercial content public)" in fix
    )
    pl = _plist(
        [_slot(0, "public", area="1/3"), _slot(1, "commercial", area="4/3")], measure="area"
    )
    ((_r, _s, _f, _l, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert "(0.33 m² of 1.67 m² public)" in message  # 1.6666… m² written as 1.67, as it rounds
    pl = _plist([_slot(0, "public", area="1/3"), _slot(1, "commercial", area="1")], measure="area")
    ((_r, _s, _f, _l, _fd, message, _fix),) = _ratio(ratio_campaign, pl)
    assert "(0.33 m² of 1.33 m² public)" in message  # 1.3333… m²: not rounded up to 1.34


def test_several_missing_themes_are_listed(ratio_campaign):
    pl = _plist([_slot(0, "public")], min_public="0", themes=("health", "traffic", "values"))
    ((_r, _s, _f, _l, _fd, message, fix),) = _ratio(ratio_campaign, pl)
    assert message.endswith("no public slot shows the required theme(s) health, values")
    assert fix == "put up an approved item of theme health for those days"


def test_a_changed_word_needs_the_next_right_word_after_it():
    # the last word has no next word: a two-character change there reads as the word missing
    ((_s, _e, problems, focus),) = _canon(
        "爱国守法、明礼诚信、团结友善、勤俭自强、敬业有爱", "civic-norms"
    )
    assert problems == ["missing 敬业奉献"] and focus is None
    assert (
        _canon("爱国守法、明礼诚信、团结", "civic-norms") == []
    )  # the text stops: two words, no quotation
    ((_s, _e, problems, focus),) = _canon(
        "爱国守法、明礼诚信、团结有爱 、 勤俭自强、敬业奉献", "civic-norms"
    )
    assert problems == ["'团结有爱' should be '团结友善'"] and focus == (10, 14)


def test_validity_dates_name_the_side_that_fails(ratio_campaign):
    # old-01 is valid 2026-01-10 to 2026-10-15: a slot ending on its last day but starting too early
    # is "not yet valid"; end-01 has no first day: shown as …
    pl = _plist(
        [
            _slot(0, "public", ref="old-01", start=-269, end=14),
            _slot(1, "public", ref="end-01", end=20),
        ],
        min_public="0",
        days=21,
    )
    assert [g[5] for g in _ratio(ratio_campaign, pl)] == [
        "slot 's0' shows 'old-01' from 2026-01-05 to 2026-10-15, but it is not yet valid (valid 2026-01-10 to "
        "2026-10-15)",
        "slot 's1' shows 'end-01' from 2026-10-01 to 2026-10-21, but it expires (valid … to 2026-10-15)",
    ]


def test_each_window_is_checked_even_after_one_that_passes():
    slots = [_ad(0, "commercial", "1", "19:30-20:00")]  # a single one-second spot in the evening
    got = _hours(_led(slots, [("07:00", "08:00", "0"), ("19:00", "21:00", "1/2")]))
    assert [m for *_, m, _f in got] == [
        "list 'led' (大屏): from 2026-10-01 to 2026-10-31 the planned loop in 19:00–21:00 is 0% public (0 s of 1 s), "
        "below the window's 50%"
    ]


def test_a_joined_window_range_shows_its_worst_day_whole():
    # 10 s public of 30 s (33.33 %) until the 10th, then 5 s of 30 s (16.66 %); then two days at the same 25 %
    slots = [
        _ad(0, "public", "10", end=9),
        _ad(1, "public", "5", start=10),
        _ad(2, "commercial", "20"),
        _ad(3, "commercial", "5", start=10),
    ]
    ((*_, message, _fix),) = _hours(_led(slots, [("19:00", "21:00", "1/2")]))
    assert "is 16.66% public (5 s of 30 s)" in message
    slots = [
        _ad(0, "public", "10", end=9),
        _ad(1, "public", "5", start=10),
        _ad(2, "commercial", "30", end=9),
        _ad(3, "commercial", "15", start=10),
    ]
    ((*_, message, _fix),) = _hours(_led(slots, [("19:00", "21:00", "1/2")]))
    assert "is 25% public (10 s of 40 s)" in message  # a tie: the first days are named


def test_window_amounts_are_written_as_they_are_and_needs_rounded_up():
    slots = [_ad(0, "public", "10/3"), _ad(1, "commercial", "20")]
    ((*_, message, fix),) = _hours(_led(slots, [("19:00", "21:00", "1/2")]))
    assert "is 14.28% public (3.3 s of 23.3 s)" in message
    # (10/3 + x) / (70/3 + x) = 1/2: x = 16.67 s, written 16.7 s; or 8.33 s turned public, written 8.4 s
    assert (
        "add 16.7 s of public content playing in 19:00–21:00 (or turn 8.4 s of commercial content public)"
        in fix
    )


def test_no_play_log_is_an_empty_summary():
    from placard.rules.playlog import PlaySummary, summary

    assert summary(None) == PlaySummary(None, None, 0, 0, 0, 0, ())


def test_whether_the_plan_met_the_rule_on_a_played_day():
    from fractions import Fraction

    from placard.rules.playlog import day_shares

    # the plan: exactly 30 % (3 s of 10 s) until the 3rd; a single 1 s public spot on the 4th; nothing after
    slots = [
        _ad(0, "public", "3", end=2),
        _ad(1, "commercial", "7", end=2),
        _ad(2, "public", "1", start=3, end=3),
    ]
    lp = _played(
        slots,
        days={0: (1, 10), 3: (0, 10), 5: (2, 10)},
        windows={0: (1, 4)},
        hours=("19:00", "21:00", "1/2"),
    )
    got = [
        (d.day, d.window.label if d.window else None, d.public, d.total, d.plan_ok)
        for d in day_shares(lp)
    ]
    assert got == [
        (_day(0), None, 1, 10, True),
        (_day(0), "19:00–21:00", 1, 4, None),
        (_day(3), None, 0, 10, True),
        (_day(3), "19:00–21:00", 0, 0, None),  # nothing logged in the window that day
        (_day(5), None, 2, 10, False),  # nothing planned that day
        (_day(5), "19:00–21:00", 0, 0, None),
    ]
    assert all(isinstance(d.public, Fraction) for d in day_shares(lp))
    shares = [m for r, *_x, m, _f in _play_findings(lp) if r == "playlog.share"]
    assert [("the plan meets" in m, "falls short" in m) for m in shares] == [
        (True, False),
        (True, False),
        (False, True),
    ]


def test_play_amounts_are_written_as_they_are():
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    lp = _played(
        slots, days={0: ("10/3", "70/3")}, windows={0: ("10/3", "70/3")}, played={0: ["traffic-01"]}
    )
    got = [m for *_x, m, _f in _play_findings(lp)]
    assert "played 14.28% public airtime (3.3 s of 23.3 s)" in got[0]
    assert "in 19:00–21:00 the screen played 14.28% public airtime (3.3 s of 23.3 s)" in got[1]


def test_a_window_below_on_following_days_is_one_range_naming_its_worst_day():
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    lp = _played(
        slots,
        days={0: (10, 30), 1: (10, 30)},
        windows={0: (2, 10), 1: (1, 10)},
        played={0: ["traffic-01"], 1: ["traffic-01"]},
    )
    (got,) = [m for r, *_x, m, _f in _play_findings(lp) if r == "playlog.hours"]
    assert got.startswith(
        "list 'led' (大屏): from 2026-10-01 to 2026-10-02 in 19:00–21:00 the screen played 10% "
        "public airtime (1 s of 10 s on 2026-10-02), below the window's 50%"
    )


def test_the_count_line_repeats_the_first_finding_s_fix_and_place():
    # the plan meets 30 % on the 1st only (a public slot that day); every logged day is below
    slots = [_ad(0, "public", "10", end=0), _ad(1, "commercial", "20")]
    days = {2 * i: (1, 30) for i in range(13)}
    got = _play_findings(
        _played(slots, days=days, played={n: ["traffic-01"] for n in days}, hours=None)
    )
    shares = [g for g in got if g[0] == "playlog.share"]
    assert (
        shares[0][6]
        == "ask the screen's operator to play the planned loop and send the corrected export"
    )
    assert shares[1][6] == "fix the plan first (see ratio.share), then the screen's loop"
    assert shares[10][1:7] == (
        "warning",
        "posters/placements/led.yml",
        3,
        "rule.min_public",
        "list 'led' (大屏): 3 more date ranges of the same kind (only the first ones are listed)",
        shares[0][6],
    )
    # exactly ten: no count line
    days = {2 * i: (1, 30) for i in range(10)}
    got = _play_findings(
        _played(slots, days=days, played={n: ["traffic-01"] for n in days}, hours=None)
    )
    assert len([g for g in got if g[0] == "playlog.share"]) == 10


@pytest.mark.parametrize(
    "logged, shown",
    [
        (6, "2026-10-02, 2026-10-04, 2026-10-06, 2026-10-08, 2026-10-10"),
        (7, "2026-10-02, 2026-10-04, 2026-10-06, 2026-10-08, 2026-10-10 and 1 more"),
    ],
)
def test_up_to_five_days_without_plays_are_named(logged, shown):
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    days = {2 * i: (10, 30) for i in range(logged)}
    got = _play_findings(
        _played(slots, days=days, played={n: ["traffic-01"] for n in days}, hours=None)
    )
    (gap,) = [g for g in got if g[0] == "playlog.gap"]
    assert gap[5].endswith(": " + shown)


def test_only_public_slots_are_expected_to_play_their_item():
    slots = [_ad(0, "public", "10"), _ad(1, "commercial", "20")]
    slots[1] = type(slots[1])(
        **{**slots[1].__dict__, "ref": "civility-01"}
    )  # an ad's slot naming an item
    lp = _played(slots, days={0: (10, 30)}, played={0: ["traffic-01"]}, hours=None)
    assert _play_findings(lp) == []


def _typo_campaign(root, lint: str):
    from conftest import copy_example, write

    from placard.load import load_campaign

    copy_example(root, ("mkdocs.yml", "hooks"))
    write(root / "docs" / "index.md", "# 测试\n")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace("\n  placard:\n", "\n  placard:\n    lint:\n" + lint, 1),
        "utf-8",
    )
    for name, text in {
        "a": "欢迎来到光名区",
        "b": "文明创建要再接再励",
        "c": "请按装说明书，文明出行",
    }.items():
        write(
            root / "slogans" / f"{name}.md",
            f'---\ntext: "{text}"\ntheme: civility\nstatus: draft\n---\n',
        )
    loaded = load_campaign(root, dt.date(2026, 11, 23))
    assert loaded.campaign is not None, loaded.findings
    return loaded.campaign


def test_a_campaign_s_own_pairs_count_without_allowed_words_and_allowed_words_without_pairs(
    tmp_path,
):
    from placard.rules import typos

    def found(campaign):
        return sorted((f.file, f.message) for f in typos.check(campaign))

    only_pairs = _typo_campaign(tmp_path / "a", "      typos: {光名区: 光明区}\n")
    assert found(only_pairs) == [
        ("slogans/a.md", "'光名区' is a common miswriting of '光明区'"),
        ("slogans/b.md", "'再接再励' is a common miswriting of '再接再厉'"),
        ("slogans/c.md", "'按装' is a common miswriting of '安装'"),
    ]
    only_allowed = _typo_campaign(tmp_path / "b", "      allow: [再接再励]\n")
    assert found(only_allowed) == [("slogans/c.md", "'按装' is a common miswriting of '安装'")]
    assert found(only_allowed) == found(only_allowed)  # asked again (the matcher is kept): the same


def test_jieba_s_dictionary_decides_the_words_not_its_guesses():
    from placard.rules.typos import TypoMatcher, builtin_pairs

    # with guessing (HMM) jieba joins 要默 and misses the idiom; from its dictionary alone it is a word
    assert TypoMatcher(builtin_pairs()).find("要默守成规") == [(1, 5, "默守成规", "墨守成规")]


def test_matching_goes_on_past_a_hit_that_does_not_count():
    from placard.rules.typos import TypoMatcher, builtin_pairs

    m = TypoMatcher(builtin_pairs())
    assert m.find("按装修标准施工，请按装说明书") == [
        (9, 11, "按装", "安装")
    ]  # the first is inside 装修
    m = TypoMatcher(builtin_pairs(), ["请按装说明"])
    assert m.find("请按装说明书，再接再励") == [
        (7, 11, "再接再励", "再接再厉")
    ]  # the first is allowed
    # an allowed word elsewhere in the text does not excuse a hit outside it
    m = TypoMatcher(builtin_pairs(), ["文明"])
    assert m.find("文明城市，再接再励") == [(5, 9, "再接再励", "再接再厉")]
    # the longest allowed word counts where a shorter one starts at the same place
    m = TypoMatcher(builtin_pairs(), ["请按", "请按装说明"])
    assert m.find("请按装说明书") == []


def test_three_failing_stretches_of_a_window_are_one_range_and_ten_ranges_have_no_count_line():
    # 10 s public against 20 s of ads, then 30 s, then 40 s (the ads change on the 11th and the 21st)
    slots = [
        _ad(0, "public", "10"),
        _ad(1, "commercial", "20"),
        _ad(2, "commercial", "10", start=10),
        _ad(3, "commercial", "10", start=20),
    ]
    ((*_, message, _fix),) = _hours(_led(slots, [("19:00", "21:00", "1/2")]))
    assert message.startswith(
        "list 'led' (大屏): from 2026-10-01 to 2026-10-31 the planned loop in 19:00–21:00 "
        "is 20% public (10 s of 50 s)"
    )
    # a public slot on every other day from the 2nd to the 18th: ten failing ranges (1st, 3rd, ... 17th, 19th-20th)
    slots = [_ad(0, "commercial", "10", end=19)] + [
        _ad(i, "public", "10", start=2 * i - 1, end=2 * i - 1) for i in range(1, 10)
    ]
    got = _hours(_led(slots, [("19:00", "21:00", "1/2")], days=20))
    assert len(got) == 10 and got[-1][5].startswith(
        "list 'led' (大屏): from 2026-10-19 to 2026-10-20 the planned loop"
    )


def test_more_quotations_of_the_civic_norms():
    # the fourth word changed: the fifth follows it
    ((_s, _e, problems, focus),) = _canon(
        "爱国守法、明礼诚信、团结友善、勤俭有爱、敬业奉献", "civic-norms"
    )
    assert problems == ["'勤俭有爱' should be '勤俭自强'"] and focus == (15, 19)
    assert (
        _canon("爱国守法、明礼诚信、团结有爱", "civic-norms") == []
    )  # the text ends after it: no next word
    # a run too short to be a quotation does not hide the quotation after it
    ((start, _e, problems, _f),) = _canon(
        "爱国守法、明礼诚信。我们要爱国守法、明礼诚信、团结友爱、勤俭自强、敬业奉献", "civic-norms"
    )
    assert (start, problems) == (13, ["'团结友爱' should be '团结友善'"])
    # a word said twice is out of order
    ((_s, _e, problems, _f),) = _canon(
        "爱国守法、明礼诚信、明礼诚信、团结友善、勤俭自强、敬业奉献", "civic-norms"
    )
    assert problems == ["the words are out of order"]


def test_a_text_longer_than_an_excel_cell_is_cut_with_a_mark_and_a_note(tmp_path):
    import openpyxl

    from placard.tabular_out import add_sheet

    wb = openpyxl.Workbook()
    notes: list[str] = []
    rows = [("光明大道", "x" * 32_767), ("凤凰路", "y" * 40_000)]
    add_sheet(wb, True, "台账", ("点位名称", "备注"), rows, notes=notes)
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["台账"]
    assert ws["B2"].value == "x" * 32_767  # exactly the limit: whole
    mark = "…（超出 Excel 单元格 32767 字上限，已截断）"
    assert len(ws["B3"].value) == 32_767 and ws["B3"].value.endswith(mark)
    assert ws["B3"].value == "y" * (32_767 - len(mark)) + mark
    assert notes == [
        "sheet '台账' cell B3: 40,000 characters, more than Excel's 32,767 for one cell; written cut short, "
        "ending with a note that it was cut"
    ]
    add_sheet(wb, False, "汇总", ("a",), [("z" * 40_000,)])  # no list for notes: cut all the same
    assert len(wb["汇总"]["A2"].value) == 32_767


def test_a_formula_after_spaces_line_breaks_or_a_list_separator_is_neutralised():
    from placard.tabular_out import is_formula_like

    for text in (
        "  =1+1",
        "\t=1+1",
        "\r\n+1",
        " -1+2",
        " \t@SUM(A1)",
        ";=1+1",
        ",=1",
        "%=1",
        "|=1",
        "\u3000=1",
    ):
        assert is_formula_like(text), repr(text)
    for text in ("  文明", " 1-2", "a=1", ""):
        assert not is_formula_like(text), repr(text)


def test_the_status_a_slot_shows():
    assert _state([], "2026-10-08").slot_status("s0") is None  # never patrolled
    lp = _state([("2026-10-06", "s0", "ok")], "2026-10-08")
    assert lp.slot_status("s0") == "ok" and lp.slot_status("s1") is None
    # a damaged slot stays damaged under a later whole-list 完好 until it is fixed
    lp = _state([("2026-10-06", "s0", "damaged"), ("2026-10-07", None, "ok")], "2026-10-08")
    assert lp.slot_status("s0") == "damaged" and lp.slot_status("s1") == "ok"
    lp = _state([("2026-10-06", "s0", "damaged"), ("2026-10-07", "s0", "fixed")], "2026-10-08")
    assert lp.slot_status("s0") == "fixed"
    assert (
        _state(
            [("2026-10-06", "s0", "ok"), ("2026-10-07", "s0", "dirty")], "2026-10-08"
        ).slot_status("s0")
        == "dirty"
    )
    # two open problems: the latest one shows
    lp = _state(
        [
            ("2026-10-05", None, "missing"),
            ("2026-10-06", "s0", "damaged"),
            ("2026-10-07", None, "ok"),
        ],
        "2026-10-08",
    )
    assert lp.slot_status("s0") == "damaged" and lp.slot_status("s1") == "missing"


def test_why_a_code_is_too_small_word_for_word():
    from dataclasses import replace

    from placard.posters.formats import builtin_formats
    from placard.posters.qr import QrPlacement, carry_problem, size_problem

    quiet = "(29 modules and 4 on each side for the quiet zone)"
    assert carry_problem(
        _fmt(width=37, height=37, safe_mm=0, dpi=25.4, scan_distance_m=0.295), 29
    ) == (
        "scanned from 0.295 m a code must be at least 30 mm wide (a tenth of the distance), but its height of 37 mm "
        f"leaves 37 mm inside the 0 mm safe margins: room for a code of at most 29 mm {quiet}"
    )
    # a tall format is limited by its width
    assert carry_problem(
        _fmt(width=37, height=60, safe_mm=2, dpi=25.4, scan_distance_m=0.5), 29
    ) == (
        "scanned from 0.5 m a code must be at least 50 mm wide (a tenth of the distance), but its width of 37 mm "
        f"leaves 33 mm inside the 2 mm safe margins: room for a code of at most 0 mm {quiet}"
    )
    assert carry_problem(replace(builtin_formats()["banner"], code=True), 29) == (
        "scanned from 10 m at 30° a code must be at least 1155 mm wide (a tenth of the distance, over cos 30°), "
        f"but its height of 700 mm leaves 620 mm inside the 40 mm safe margins: room for a code of at most 481 mm {quiet}"
    )
    assert carry_problem(
        _fmt(width=10, height=10, safe_mm=0, dpi=300, scan_distance_m=0.01), 29
    ) == ("a code that fits has modules of 0.25 mm; they must be at least 0.5 mm")
    assert size_problem(QrPlacement(0, 0, 0, 0), 1) == "the code box is smaller than the code"
    assert (
        size_problem(QrPlacement(1, 29, 0.3, 8.7), 1)
        == "each module is 0.30 mm; it must be at least 0.5 mm"
    )
    assert size_problem(QrPlacement(4, 116, 1.0, 29.0), 1) == (
        "the code is 29 mm wide; scanned from 1 m it must be at least 100 mm (a tenth of the distance)"
    )
    assert size_problem(QrPlacement(4, 116, 1.0, 100.0), 1, 30) == (
        "the code is 100 mm wide; scanned from 1 m at 30° it must be at least 115 mm (a tenth of the distance, "
        "over the cosine of the angle)"
    )
    assert size_problem(QrPlacement(4, 116, 1.0, 116.0), 1, 30) is None


# ----------------------------------------------------------------- cache files: never through a link


def test_a_cache_file_is_written_and_read_back_only_as_a_plain_file(tmp_path):
    import os

    from placard.cachesafe import read_file, write_file

    path = tmp_path / "c" / ".cache" / "placard" / "x.bin"
    (tmp_path / "c").mkdir()
    assert read_file(path) is None  # nothing yet
    assert write_file(path, b"data") and read_file(path) == b"data"
    assert write_file(path, b"new") and read_file(path) == b"new"  # replaced whole
    assert sorted(os.listdir(path.parent)) == ["x.bin"]  # no temporary left
    assert read_file(path, limit=2) is None and read_file(path, limit=3) == b"new"
    assert read_file(path.parent) is None  # a folder is not a file
    link = path.parent / "link.bin"
    link.symlink_to(path)
    assert read_file(link) is None  # a link is not followed
    os.mkfifo(path.parent / "fifo")
    assert read_file(path.parent / "fifo") is None  # nor a FIFO read (it would block)


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(tmp_path):
    from placard.cachesafe import read_file, write_file

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "placard").mkdir(parents=True)
    (elsewhere / "placard" / "x.bin").write_bytes(b"planted")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / ".cache").symlink_to(elsewhere)
    path = tmp_path / "c" / ".cache" / "placard" / "x.bin"
    assert read_file(path) is None
    assert write_file(path, b"mine") is False
    assert (elsewhere / "placard" / "x.bin").read_bytes() == b"planted"


def test_sealed_cache_files_open_only_for_their_purpose(own_key, tmp_path):
    from placard.cachesafe import read_sealed, write_sealed

    path = tmp_path / "c" / ".cache" / "placard" / "s.bin"
    (tmp_path / "c").mkdir()
    assert write_sealed(path, b"body", "lists")
    assert read_sealed(path, "lists") == b"body"
    assert read_sealed(path, "posters") is None
    path.write_bytes(path.read_bytes().replace(b"body", b"bodY"))
    assert read_sealed(path, "lists") is None  # edited: not trusted


def test_the_code_of_a_cache_is_every_module_it_imports():
    from placard.cachesafe import code_modules

    mods = code_modules("posters/qr.py")
    assert "posters/qr.py" in mods and "i18n.py" in mods and "__init__.py" in mods
    assert "site/posters.py" not in mods  # not imported by the QR code module
    assert set(code_modules("rules/ratio.py")) >= {
        "rules/ratio.py",
        "placements/share.py",
        "placements/__init__.py",  # the package of what it imports
        "measures.py",
    }


def test_a_cache_folder_is_made_privately_and_put_in_place_whole(tmp_path):
    import os
    import re
    import shutil

    from placard.cachesafe import install_dir, is_regular, open_new, private_dir, temp_name

    parent = tmp_path / "c" / ".cache" / "placard" / "posters"
    (tmp_path / "c").mkdir()
    tmp = private_dir(parent, "entry")
    assert tmp is not None and tmp.parent == parent and tmp.is_dir() and list(tmp.iterdir()) == []
    assert re.fullmatch(rf"\.entry\.{os.getpid()}\.[0-9a-f]{{12}}\.tmp", tmp.name)
    assert temp_name("entry") != temp_name("entry")  # each a name of its own
    (tmp / "a.png").write_bytes(b"new")
    dest = parent / "entry"
    assert install_dir(tmp, dest) and (dest / "a.png").read_bytes() == b"new" and not tmp.exists()
    # what stood there is replaced: a file, a link (itself, never its target), an old folder
    for old in ("file", "link", "folder"):
        target = tmp_path / f"target-{old}"
        target.mkdir()
        (target / "keep.txt").write_text("mine", "utf-8")
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            shutil.rmtree(dest)
        if old == "file":
            dest.write_bytes(b"x")
        elif old == "link":
            dest.symlink_to(target)
        else:
            dest.mkdir()
            (dest / "old.png").write_bytes(b"old")
        tmp = private_dir(parent, "entry")
        (tmp / "a.png").write_bytes(old.encode())
        assert install_dir(tmp, dest), old
        assert not dest.is_symlink() and sorted(p.name for p in dest.iterdir()) == ["a.png"], old
        assert (target / "keep.txt").read_text(
            "utf-8"
        ) == "mine"  # a link's target is never touched
    assert sorted(p.name for p in parent.iterdir()) == ["entry"]  # nothing set aside is left
    # another run's finished entry that keep() accepts stays; this run's copy goes
    tmp = private_dir(parent, "entry")
    assert install_dir(tmp, dest, keep=lambda d: True) and not tmp.exists()
    assert (dest / "a.png").read_bytes() == b"folder"
    # a plain new file, never one that was there
    f = parent / "n.bin"
    with open_new(f) as fh:
        fh.write(b"1")
    assert is_regular(f) and not is_regular(parent) and not is_regular(tmp_path / "nothing")
    (parent / "l.bin").symlink_to(f)
    assert not is_regular(parent / "l.bin")
    with pytest.raises(FileExistsError):
        open_new(f)


def test_a_cache_that_cannot_be_written_in_the_campaign_goes_to_a_private_temporary_folder(
    tmp_path,
):
    from placard.cachesafe import install_dir, private_dir, usable_dir

    good = tmp_path / "c" / ".cache" / "placard"
    (tmp_path / "c").mkdir()
    assert usable_dir(good) == good and good.is_dir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ".cache").symlink_to(elsewhere)
    linked = tmp_path / "d" / ".cache" / "placard"
    scratch = usable_dir(linked)
    assert scratch != linked and scratch.is_dir() and scratch.name.startswith("placard-cache-")
    assert usable_dir(linked) == scratch  # the same one for the whole run
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    assert private_dir(linked, "x") is None
    tmp = private_dir(good, "x")
    assert install_dir(tmp, linked / "x") is False and not tmp.exists()


def test_a_modules_imports_are_read_in_each_form_they_are_written():
    from placard.cachesafe import _imports

    # from ..pkg.mod import name (two levels up, into a package: the package's __init__ too)
    ratio = _imports("rules/ratio.py")
    assert {
        "findings.py",
        "i18n.py",
        "measures.py",
        "model.py",
        "placements/share.py",
        "placements/__init__.py",
        "__init__.py",
    } <= ratio
    assert "rules/hours.py" not in ratio and "rules/__init__.py" not in ratio
    # from . import a, b, c (modules of the package; __version__ is a name, not a module)
    assert {"argparse_i18n.py", "i18n.py", "__init__.py"} <= _imports("cli.py")
    # from . import fonts as F
    assert {"posters/fonts.py", "posters/profiles.py", "posters/qr.py"} <= _imports(
        "posters/plan.py"
    )
    # from . import a, b, c  # a comment after them
    assert {
        f"posters/elements/{m}.py"
        for m in ("image", "points", "qrcode", "rect", "text", "vertical")
    } <= (_imports("posters/elements/__init__.py"))
    # from ..cachesafe import ( … ) over several lines
    assert "cachesafe.py" in _imports("posters/build.py")
    assert _imports("no/such/module.py") == set()  # unreadable: nothing (the key says so itself)


def test_cache_files_and_folders_get_placard_s_permissions_whatever_the_umask():
    import os
    import tempfile
    from pathlib import Path

    from placard.cachesafe import open_new, private_dir, write_file

    old = os.umask(0o002)  # a group-writable default: placard's own modes still hold
    try:
        with tempfile.TemporaryDirectory() as d:
            root = Path(d) / "c"
            root.mkdir()
            path = root / ".cache" / "placard" / "x.bin"
            assert write_file(path, b"1")
            assert oct(path.stat().st_mode & 0o777) == oct(
                0o644
            )  # readable by all, written by its owner
            assert oct(path.parent.stat().st_mode & 0o777) == oct(0o755)  # folders placard made
            assert oct((root / ".cache").stat().st_mode & 0o777) == oct(0o755)
            tmp = private_dir(path.parent, "entry")
            assert oct(tmp.stat().st_mode & 0o777) == oct(0o755)
            with open_new(path.parent / "n.bin") as fh:
                fh.write(b"1")
            assert oct((path.parent / "n.bin").stat().st_mode & 0o777) == oct(0o644)
    finally:
        os.umask(old)


def test_putting_a_cache_folder_in_place_leaves_nothing_elsewhere_and_gives_up_cleanly(
    tmp_path, monkeypatch
):
    import errno
    import os

    from placard.cachesafe import install_dir, private_dir

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # nothing may land in the folder placard runs from
    parent = tmp_path / "c" / ".cache" / "placard"
    (tmp_path / "c").mkdir()
    dest = parent / "entry"
    dest.mkdir(parents=True)
    (dest / "old.png").write_bytes(b"old")
    tmp = private_dir(parent, "entry")
    (tmp / "new.png").write_bytes(b"new")
    assert install_dir(tmp, dest) and sorted(os.listdir(dest)) == ["new.png"]
    assert os.listdir(cwd) == [] and sorted(os.listdir(parent)) == ["entry"]
    # when no rename succeeds: False, this run's folder removed, what stood there untouched
    tmp = private_dir(parent, "entry")
    real = os.rename

    def failing(*a, **kw):
        raise OSError(errno.EIO, "disk error")

    monkeypatch.setattr(os, "rename", failing)
    assert install_dir(tmp, dest) is False
    monkeypatch.setattr(os, "rename", real)
    assert not tmp.exists() and sorted(os.listdir(dest)) == ["new.png"]


def test_imports_are_read_in_absolute_and_relative_forms(tmp_path, monkeypatch):
    import placard.cachesafe as cs

    pkg = tmp_path / "placard"
    for rel, text in {
        "__init__.py": "",
        "a.py": (
            "import os, placard.b\n"
            "import placard.sub.c as cc\n"
            "from placard.sub import d\n"
            "from placard import (e,\n    f)\n"
            "from json import loads\n"
            "    import placard.h  # inside a function\n"
        ),
        "b.py": "",
        "e.py": "",
        "f.py": "",
        "h.py": "",
        "sub/__init__.py": "",
        "sub/c.py": "",
        "sub/d.py": "",
        "sub/g.py": "from .. import b\nfrom . import c  # the package's c\nfrom .... import too_far\n",
    }.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text, "utf-8")
    monkeypatch.setattr(cs, "PACKAGE", pkg)
    assert cs._imports("a.py") == {
        "__init__.py",
        "b.py",
        "sub/__init__.py",
        "sub/c.py",
        "sub/d.py",
        "e.py",
        "f.py",
        "h.py",
    }
    assert cs._imports("sub/g.py") == {"__init__.py", "b.py", "sub/__init__.py", "sub/c.py"}


def test_cache_files_where_the_campaign_is_reached_through_links_and_when_the_disk_is_full(
    own_key, tmp_path, monkeypatch
):
    import errno
    import os

    from placard.cachesafe import read_file, read_sealed, write_file, write_sealed

    # the campaign folder the user named may be a link, inside a folder named .cache reached by a link
    real = tmp_path / "u" / ".cache" / "real-projects"
    (real / "c").mkdir(parents=True)
    (tmp_path / "u" / ".cache" / "projects").symlink_to(real)
    (tmp_path / "u" / ".cache" / "projects" / "campaign").symlink_to(real / "c")
    path = tmp_path / "u" / ".cache" / "projects" / "campaign" / ".cache" / "placard" / "x.bin"
    assert write_file(path, b"1") and read_file(path) == b"1"
    assert (real / "c" / ".cache" / "placard" / "x.bin").read_bytes() == b"1"
    # sealed: the size limit holds; nothing there is nothing
    assert write_sealed(path, b"0123456789" * 10, "lists")
    assert (
        read_sealed(path, "lists") == b"0123456789" * 10
        and read_sealed(path, "lists", limit=50) is None
    )
    assert read_sealed(path.parent / "missing.bin", "lists") is None

    # a write that fails (disk full) says so and leaves no temporary behind
    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert write_file(path, b"2") is False
    monkeypatch.undo()
    assert read_file(path) is not None and sorted(os.listdir(path.parent)) == ["x.bin"]
