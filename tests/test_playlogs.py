"""Screen play logs and time-of-day windows: what users rely on (formats, matching, rules, bad input)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, copy_example, examples, write

from placard.cli import main
from placard.engine import check_campaign

PARTS = ("mkdocs.yml", "slogans", "hooks")
LED = """name: 测试屏
type: led
period: {from: 2026-10-01, to: 2026-10-31}
rule:
  min_public: 0.3
  measure: airtime
  hours: [{from: "19:00", to: "21:00", min_public: 0.5}]
slots:
  - {id: c1, order: 1, kind: commercial, advertiser: 光明银行, seconds: 30}
  - {id: p1, order: 2, kind: public, ref: traffic-01, seconds: 30}
"""
PLAIN_HEAD = "time,screen,item,seconds\n"
# Xibo CMS proof-of-play export, header exactly as lib/Controller/Stats.php writes it.
XIBO_HEAD = "Stat Date,Type,FromDT,ToDT,Layout,Campaign,Display,Media,Tag,Duration,Count,Engagements\n"


def led_campaign(root: Path, led: str = LED) -> Path:
    copy_example(root, PARTS)
    write(root / "docs" / "index.md", "# 测试\n")
    write(root / "posters" / "placements" / "led-1.yml", led)
    return root


def check(root: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", str(root), "--date", "2026-11-23", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def plays(root: Path, name: str, text: str) -> Path:
    return write(root / "posters" / "playlogs" / name, text)


def rules_of(out: str) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if ": warning [" in line
            or ": error [" in line]


def test_plain_log_share_per_day_and_window(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    rows = [
        # 2026-10-02: daytime half public; evening public 30 of 90 s (33 % < 50 %)
        "2026-10-02 10:00:00,led-1,光明银行,30", "2026-10-02 10:00:30,led-1,traffic-01,30",
        "2026-10-02 19:10:00,led-1,c1,60", "2026-10-02 19:11:00,led-1,traffic-01.mp4,30",
        # 2026-10-03: 10 of 100 s public all day (the plan meets 30 %: the screen did not play it)
        "2026-10-03 08:00:00,led-1,c1,90", "2026-10-03 08:01:30,led-1,traffic-01,10",
    ]
    plays(root, "day.csv", PLAIN_HEAD + "\n".join(rows) + "\n")
    code, out = check(root, capsys)
    assert code == 0, out  # evidence: warnings by default
    assert "led-1.yml:4: warning [playlog.hours]" in out
    assert "on 2026-10-02 in 19:00–21:00 the screen played 33.33% public airtime (30 s of 90 s)" in out
    assert "below the window's 50%" in out
    assert "on 2026-10-03 the screen played 10% public airtime (10 s of 100 s)" in out
    assert "though the plan meets the rule on those days: the screen did not play the plan" in out
    assert "2026-10-02 the screen played" not in out  # 2026-10-02 as a whole is 90 of 180 s = 50 %


def test_strict_makes_play_findings_errors(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    mk = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(mk.replace("  placard:\n", "  placard:\n    playlogs: {strict: true}\n", 1),
                                     encoding="utf-8")
    plays(root, "day.csv", PLAIN_HEAD + "2026-10-03 08:00:00,led-1,c1,90\n2026-10-03 08:01:30,led-1,p1,10\n")
    code, out = check(root, capsys)
    assert code == 1
    assert "error [playlog.share]" in out


def test_xibo_export_counts_media_rows_with_count_and_skips_layout_rows(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    write(root / "posters" / "playlogs" / "map.yml", "screens:\n  大厅屏: led-1\nfiles:\n  bank.mp4: c1\n")
    text = XIBO_HEAD + (
        "2026-10-05 10:00:00,media,2026-10-05 10:00:00,2026-10-05 11:00:00,轮播,,大厅屏,bank.mp4,,2700,90,\n"
        "2026-10-05 10:00:00,widget,2026-10-05 10:00:00,2026-10-05 11:00:00,轮播,,大厅屏,traffic-01.png,,900,30,\n"
        # a layout row repeats its widgets' time: counted, it would make the share 900 / 7200
        "2026-10-05 10:00:00,layout,2026-10-05 10:00:00,2026-10-05 11:00:00,轮播,,大厅屏,,,3600,1,\n"
    )
    plays(root, "xibo.csv", text)
    code, out = check(root, capsys)
    assert "on 2026-10-05 the screen played 25% public airtime (900 s of 3600 s)" in out, out
    from placard.playlogs import load_plays

    result = check_campaign(root, None)
    lp = load_plays(result.campaign).lists["led-1"]
    assert sum(t for _p, t in lp.days.values()) == 3600


def test_brightsign_log_seconds_from_start_and_end(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    write(root / "posters" / "playlogs" / "map.yml", "screens:\n  A0F02G000348: led-1\n")
    log = ("BrightSignLogVersion\t3\nSerialNumber\tA0F02G000348\nTimezone\tCST\n"
           "L=p\tZ=Video or Images\tS=2026/10/06 19:00:00.000\tE=2026/10/06 19:00:45.500\tI=video\tN=bank_ad.mp4\n"
           "L=p\tZ=Video or Images\tS=2026/10/06 19:00:45.500\tE=2026/10/06 19:01:00.000\tI=video\tN=traffic-01.mp4\n"
           "L=e\tS=x\tT=2026/10/06 19:00:00.000\n")
    plays(root, "A0F02G000348.log", log)
    write(root / "posters" / "playlogs" / "map.yml", "screens:\n  A0F02G000348: led-1\nfiles:\n  bank_ad.mp4: c1\n")
    code, out = check(root, capsys)
    assert "(14.5 s of 60 s)" in out, out
    assert "[playlog.hours]" in out


def test_planned_public_item_that_did_not_play(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    rows = ["2026-10-07 09:00:00,led-1,c1,30", "2026-10-07 09:00:30,led-1,traffic-01,30",
            "2026-10-08 09:00:00,led-1,c1,30", "2026-10-09 09:00:00,led-1,c1,30",
            "2026-10-10 09:00:00,led-1,c1,30", "2026-10-10 09:00:30,led-1,traffic-01,30"]
    plays(root, "w.csv", PLAIN_HEAD + "\n".join(rows) + "\n")
    code, out = check(root, capsys)
    assert "slot 'p1' plans public item 'traffic-01', but it did not play from 2026-10-08 to 2026-10-09" in out


def test_unmatched_rows_are_one_summary_with_counts(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    rows = [f"2026-10-04 10:{i // 60:02d}:{i % 60:02d},unknown-screen-{i % 3},c1,10" for i in range(600)]
    rows += [f"2026-10-04 11:00:{i:02d},led-1,mystery.mp4,1" for i in range(40)]
    plays(root, "many.csv", PLAIN_HEAD + "\n".join(rows) + "\n")
    code, out = check(root, capsys)
    assert rules_of(out).count("playlog.unmatched-screen") == 1
    assert "600 play(s) on 3 screen(s) that match no placement list are not counted: 'unknown-screen-0' (200)" in out
    assert rules_of(out).count("playlog.unmatched-item") == 1
    assert "40 play(s) of 1 item(s)" in out and "'mystery.mp4 on led-1' (40)" in out
    assert "fix: map each screen to its list in posters/playlogs/map.yml" in out


def test_times_that_do_not_parse_named_by_line(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    rows = ["2026-10-04 10:00:00,led-1,c1,10", "yesterday,led-1,c1,10", "2026-10-04 10:00:20,led-1,p1,abc",
            "2026-13-40 10:00:00,led-1,c1,10"]
    plays(root, "bad.csv", PLAIN_HEAD + "\n".join(rows) + "\n")
    code, out = check(root, capsys)
    assert "posters/playlogs/bad.csv:3: warning [playlog.bad-time]" in out
    assert "2 row(s) have a time that cannot be read (first at line(s) 3, 4, 5)" in out
    assert "1 row(s) have a duration that is not a number of seconds" in out


def test_unknown_header_is_explained(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    plays(root, "x.csv", "when,where,what\n2026-10-04,led-1,c1\n")
    code, out = check(root, capsys)
    assert "[playlog.unreadable]" in out and "no column for time, screen, item, seconds" in out
    assert "fix: use the columns '时间, 屏幕, 内容, 时长' (time, screen, item, seconds)" in out


def test_chinese_headers_and_slot_code(tmp_path, capsys):
    from placard.posters.qr import slot_code

    root = led_campaign(tmp_path / "c")
    code_file = slot_code("led-1", "p1") + ".mp4"
    plays(root, "zh.csv", "时间,屏幕,内容,时长\n2026-10-04 10:00:00,测试屏,光明银行,90\n"
          f"2026-10-04 10:01:30,测试屏,{code_file},10\n")
    code, out = check(root, capsys)
    assert "(10 s of 100 s)" in out, out  # screen by the list's name, items by advertiser and by QR code


def test_plan_that_breaks_a_window_is_an_error(tmp_path, capsys):
    led = LED.replace("{id: p1, order: 2, kind: public, ref: traffic-01, seconds: 30}",
                      '{id: p1, order: 2, kind: public, ref: traffic-01, seconds: 30, hours: "07:00-18:00"}')
    root = led_campaign(tmp_path / "c", led)
    code, out = check(root, capsys)
    assert code == 1
    assert "led-1.yml:4: error [ratio.hours] field 'rule.hours'" in out
    assert "from 2026-10-01 to 2026-10-31 the planned loop in 19:00–21:00 is 0% public" in out
    code, out = check(root, capsys, "--warn-only")
    assert code == 0 and "warning [ratio.hours]" in out


def test_window_mistakes(tmp_path, capsys):
    cases = {
        '[{from: "21:00", to: "19:00"}]': "window 1: 'from' 21:00 is after 'to' 19:00",
        '[{from: "19:00", to: "21:00"}, {from: "20:00", to: "22:00"}]': "windows 19:00–21:00 and 20:00–22:00 overlap",
        '[{from: "7pm", to: "21:00"}]': "window 1: '7pm' is not a time of day",
        '[{from: "19:00", to: "21:00", min_public: 1.5}]': "min_public '1.5' is not a share from 0 to 1",
        '[{from: "19:00"}]': "window 1 needs both 'from' and 'to'",
    }
    for hours, expected in cases.items():
        led = LED.replace('hours: [{from: "19:00", to: "21:00", min_public: 0.5}]', f"hours: {hours}")
        root = led_campaign(tmp_path / f"c{len(hours)}{hours[3]}", led)
        code, out = check(root, capsys)
        assert code == 1, (hours, out)
        assert "led-1.yml" in out and "rule.hours" in out and expected in out, (hours, out)
        assert "fix:" in out


def test_hours_need_airtime_and_slot_span_is_checked(tmp_path, capsys):
    root = led_campaign(tmp_path / "a", LED.replace("measure: airtime", "measure: count"))
    code, out = check(root, capsys)
    assert code == 1 and "time-of-day windows ('hours') need the airtime measure" in out
    led = LED.replace("seconds: 30}\n", 'seconds: 30, hours: "21:00-19:00"}\n', 1)
    root = led_campaign(tmp_path / "b", led)
    code, out = check(root, capsys)
    assert code == 1 and "slot 'c1' hours '21:00-19:00' is not a time of day span" in out


def test_example_campaign_shows_an_evening_below_its_window(tmp_path, capsys):
    root = copy_example(tmp_path / "ex")
    code, out = check(root, capsys)
    assert "on 2026-10-10 in 19:00–21:00 the screen played 11.76% public airtime" in out
    assert "slot 'l08' plans public item 'health-02', but it did not play on 2026-10-13" in out
    assert "[ratio.hours]" not in out  # the plan itself meets the evening window
    assert (REPO / "posters" / "playlogs" / "map.yml").is_file()


def test_ledger_play_sheet_and_summary_column(tmp_path):
    import datetime as dt

    from placard.ledger import ledger_rows, write_csv

    root = copy_example(tmp_path / "ex")
    result = check_campaign(root, dt.date(2026, 10, 12))
    ledger = ledger_rows(result.campaign, dt.date(2026, 10, 12))
    assert ledger.summary_headers[-1] == "播放结论"
    verdicts = {r[0]: r[-1] for r in ledger.summary}
    assert verdicts["metro-guangming-led"] == "不达标" and verdicts["guangming-avenue-banners"] == ""
    (title, suffix, headers, rows), = ledger.sheets
    assert title == "播放" and headers[3] == "时段"
    evening = [r for r in rows if r[2] == dt.date(2026, 10, 10) and r[3] == "19:00–21:00"]
    assert evening == [("metro-guangming-led", "地铁光明站大厅 LED 屏", dt.date(2026, 10, 10), "19:00–21:00", 6120,
                        720, "11.76%", "30%", "不达标", "", "posters/playlogs/xibo-metro-guangming-2026-10-08_14.csv")]
    written = write_csv(ledger, tmp_path / "l.csv")
    assert (tmp_path / "l-plays.csv") in written
    assert "2026-10-10,19:00–21:00,6120,720,11.76%" in (tmp_path / "l-plays.csv").read_text(encoding="utf-8-sig")


def test_staff_plays_page_escapes_names_from_logs(tmp_path):
    import datetime as dt

    from placard.site.plays import PLAYS, plays_page
    from placard.site.registry import SiteOptions

    root = led_campaign(tmp_path / "c")
    plays(root, "x.csv", PLAIN_HEAD + '2026-10-04 10:00:00,"<script>alert(1)</script>",c1,10\n'
          "2026-10-04 10:00:00,led-1,c1,30\n")
    result = check_campaign(root, dt.date(2026, 10, 20))
    page = plays_page(result.campaign, SiteOptions())[PLAYS]
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "测试屏" in page and "不达标" in page  # 0 % public on 2026-10-04


# ---------------------------------------------------------------- DuckDB totals = a plain Python reading

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NAMES = st.text(alphabet='ab,"中 -', max_size=6)
_TIMES = st.one_of(
    st.builds(lambda d, f: d.strftime(f), st.datetimes(min_value=__import__("datetime").datetime(2026, 1, 1),
                                                      max_value=__import__("datetime").datetime(2027, 12, 31)),
              st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])),
    st.sampled_from(["yesterday", "", "2026-13-40 10:00:00", "19:00"]))
_SECONDS = st.one_of(st.decimals(min_value=0, max_value=10_000, places=3).map(str),
                     st.sampled_from(["abc", "", "-5", "1.5.2", "15"]))


def _reference(rows, bounds):
    from decimal import Decimal, InvalidOperation

    from placard.playlogs.read import parse_time

    groups, bad_time, bad_sec = {}, 0, 0
    for t, screen, item, sec in rows:
        ts = parse_time(t)
        if ts is None:
            bad_time += 1
            continue
        try:
            s = Decimal(sec.strip())
            ok = s >= 0
        except (InvalidOperation, ArithmeticError):
            ok = False
        if not ok:
            bad_sec += 1
            continue
        m = ts.hour * 60 + ts.minute
        key = (screen.strip(" "), item.strip(" "), ts.date(), sum(m >= b for b in bounds))
        g = groups.setdefault(key, [Decimal(0), 0])
        g[0] += s
        g[1] += 1
    return {k: (v[0], v[1]) for k, v in groups.items()}, bad_time, bad_sec


@settings(max_examples=examples(40))
@given(st.lists(st.tuples(_TIMES, _NAMES, _NAMES, _SECONDS), min_size=1, max_size=25))
@example([("2026-10-01 19:00:00", "a", "b", "15"), ("2026-10-01 18:59:59", "a", "b", "0.5")])
def test_duckdb_totals_equal_a_python_reading(tmp_path_factory, rows):
    import csv

    from placard.playlogs.read import aggregate

    path = tmp_path_factory.mktemp("prop") / "log.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["time", "screen", "item", "seconds"])
        w.writerows(rows)
    bounds = [19 * 60, 21 * 60]
    got = aggregate(path, bounds)
    want, bad_time, bad_sec = _reference(rows, bounds)
    assert {(s, i, d, b): (sec, n) for s, i, d, b, sec, n in got.rows} == want
    assert (got.bad_time, got.bad_seconds, got.total_rows) == (bad_time, bad_sec, len(rows))


def test_map_mistakes(tmp_path, capsys):
    root = led_campaign(tmp_path / "c")
    plays(root, "d.csv", PLAIN_HEAD + "2026-10-04 10:00:00,大厅屏,c1,10\n")
    write(root / "posters" / "playlogs" / "map.yml", "screens:\n  大厅屏: led-9\n")
    code, out = check(root, capsys)
    assert code == 0  # evidence settings: a warning, the plan still builds
    assert "posters/playlogs/map.yml: warning [playlogs.map] field 'screens.大厅屏'" in out
    assert "maps to 'led-9', which is no placement list" in out
    write(root / "posters" / "playlogs" / "map.yml", "screen:\n  大厅屏: led-1\n")
    code, out = check(root, capsys)
    assert code == 1 and "the map holds only 'screens:' and 'files:'" in out
    mk = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(mk.replace("  placard:\n", "  placard:\n    playlogs: {strict: yes please}\n", 1),
                                     encoding="utf-8")
    code, out = check(root, capsys)
    assert code == 1 and "extra.placard.playlogs takes only 'strict: true' or 'strict: false'" in out


def test_list_page_shows_what_the_screen_played(tmp_path):
    import datetime as dt

    from placard.site.placements import list_page
    from placard.site.registry import SiteOptions

    root = led_campaign(tmp_path / "c")
    plays(root, "x.csv", PLAIN_HEAD + "2026-10-04 19:30:00,led-1,c1,30\n2026-10-04 19:31:00,led-1,p1,30\n")
    result = check_campaign(root, dt.date(2026, 10, 20))
    pl = result.campaign.placements[0]
    page = list_page(result.campaign, pl, SiteOptions(today=dt.date(2026, 10, 20)))
    assert "实际播放" in page and "19:00–21:00 公益时长不少于 50%" in page
    assert "播放记录 2026-10-04 至 2026-10-04，共 1 天" in page and "结论：达标" in page
