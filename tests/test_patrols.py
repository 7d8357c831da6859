"""Patrol records (posters/patrols/): loading, photo EXIF, rules, strictness, `placard patrols match`,
the ledger's patrol columns and sheet, and the staff site's patrol block and map."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import copy_example, run_placard, write
from PIL import Image

from placard.cli import main
from placard.engine import check_campaign
from placard.load import load_campaign

TODAY = dt.date(2026, 11, 26)
LAT, LON = 22.7482, 113.9361
LIST = f"""name: 光明大道道旗
type: banner
lat: {LAT}
lon: {LON}
period: {{from: 2026-10-01, to: 2026-12-31}}
slots:
  - {{id: p01, order: 1, kind: public, ref: civility-01}}
  - {{id: p02, order: 2, kind: commercial, advertiser: 光明银行}}
  - {{id: p03, order: 3, kind: public, ref: traffic-01, to: 2026-10-31}}
"""


def campaign_dir(root: Path, patrol: str | None = "{every_days: 7, fix_within_days: 3}") -> Path:
    copy_example(root, ("mkdocs.yml", "slogans", "hooks"))
    cfg = root / "mkdocs.yml"
    text = re.sub(r"\n    posters:\n      public_sets: .*\n", "\n", cfg.read_text("utf-8"))
    text = re.sub(r"\n    patrol: .*\n", "\n" if patrol is None else f"\n    patrol: {patrol}\n", text)
    cfg.write_text(text, "utf-8")
    write(root / "docs" / "index.md", "# 测试\n")
    write(root / "docs" / "actions.md", "# 我能做什么\n")
    write(root / "posters/placements/avenue.yml", LIST)
    return root


def _dms(x: float):
    d = int(x)
    m = int((x - d) * 60)
    return (float(d), float(m), round(((x - d) * 60 - m) * 60, 2))


def photo(root: Path, name: str, when: dt.datetime | None = None, place=(LAT, LON)) -> Path:
    path = root / "posters/patrols/photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    if when is not None:
        exif.get_ifd(0x8769)[36867] = when.strftime("%Y:%m:%d %H:%M:%S")
    if place is not None and when is not None:
        exif.get_ifd(0x8825).update({1: "N", 2: _dms(place[0]), 3: "E", 4: _dms(place[1])})
    Image.new("RGB", (40, 30), (200, 60, 50)).save(path, "JPEG", exif=exif)
    return path


def weekly(list_id="avenue", until=TODAY, status="完好") -> str:
    day, out = dt.date(2026, 10, 6), []
    while day <= until:
        out.append(f"- {{date: {day}, list: {list_id}, inspector: 李娜, status: {status}}}")
        day += dt.timedelta(days=7)
    return "\n".join(out) + "\n"


def records(root: Path, body: str, name: str = "r.yml") -> Path:
    return write(root / "posters/patrols" / name, body)


def patrol_findings(root: Path, today=TODAY):
    result = check_campaign(root, today)
    return result, [f for f in result.findings if f.rule.startswith(("patrol", "config", "load"))]


def one(findings, rule: str):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, [f.render() for f in findings]
    return got[0]


# ------------------------------------------------------------------ loading


def test_yaml_records_load_with_chinese_status_file_defaults_and_exif(tmp_path):
    root = campaign_dir(tmp_path / "c")
    photo(root, "2026-11/IMG_1.jpg", dt.datetime(2026, 11, 10, 9, 30))
    records(root, "list: avenue\ninspector: 李娜\nrecords:\n"
            "  - {date: 2026-11-10, slot: p01, status: 破损, photos: [2026-11/IMG_1.jpg], note: 撕裂}\n"
            "  - {date: 2026-11-11, slot: p01, status: 已整改, photos: IMG_1.jpg}\n")  # a unique bare name
    c = load_campaign(root, TODAY).campaign
    r1, r2 = c.patrols.records
    assert (r1.list_id, r1.slot, r1.status, r1.inspector, r1.note) == ("avenue", "p01", "damaged", "李娜", "撕裂")
    assert r2.status == "fixed" and r2.photos == r1.photos
    ph = r1.photos[0]
    assert ph.problem is None and ph.taken == dt.datetime(2026, 11, 10, 9, 30)
    assert abs(ph.lat - LAT) < 1e-4 and abs(ph.lon - LON) < 1e-4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_records_with_chinese_headers(tmp_path, fmt):
    root = campaign_dir(tmp_path / "c")
    rows = [["巡查日期", "点位编号", "槽位编号", "巡查人", "状态", "照片", "备注"],
            ["2026/11/10", "avenue", "p02", "王强", "脏污", "a.jpg；b.jpg", "有涂鸦"],
            ["2026年11月12日", "avenue", "", "王强", "完好", "", ""]]
    path = root / f"posters/patrols/round.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(path)
    c = load_campaign(root, TODAY).campaign
    r1, r2 = c.patrols.records
    assert (r1.day, r1.slot, r1.status, r1.note, r1.line) == (dt.date(2026, 11, 10), "p02", "dirty", "有涂鸦", 2)
    assert [p.path for p in r1.photos] == ["posters/patrols/photos/a.jpg", "posters/patrols/photos/b.jpg"]
    assert r2.slot is None and r2.status == "ok"


# ------------------------------------------------------------------ bad input


def test_bad_records_are_reported_with_file_line_and_fix_and_not_counted(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, "- {date: 2026-11-10, list: avenu, inspector: 李娜, status: 完好}\n"
            "- {date: 2026-11-10, list: avenue, slot: p09, inspector: 李娜, status: 完好}\n"
            "- {date: 2026-09-01, list: avenue, inspector: 李娜, status: 完好}\n"
            "- {date: 2026-11-10, list: avenue, inspector: 李娜, status: 坏了}\n"
            "- {date: 2026-11-10, list: avenue, status: 完好}\n"
            "- {date: 2026-13-01, list: avenue, inspector: 李娜, status: 完好}\n"
            "- {date: 2026-11-10, list: avenue, inspector: 李娜, status: 完好, colour: red}\n")
    result, found = patrol_findings(root)
    assert result.campaign.patrols.records == ()
    f = one(found, "patrols.unknown-list")
    assert (f.file, f.line, f.field) == ("posters/patrols/r.yml", 1, "list") and not f.is_error
    assert "'avenu' is not a placement list; this record is not counted" in f.message
    assert "did you mean 'avenue'?" in f.fix
    f = one(found, "patrols.unknown-slot")
    assert f.line == 2 and "list 'avenue' has no slot 'p09'" in f.message and "or leave the slot out" in f.fix
    f = one(found, "patrols.out-of-period")
    assert f.line == 3 and "2026-09-01 is outside the period of list 'avenue', 2026-10-01 to 2026-12-31" in f.message
    bad = [f for f in found if f.rule == "patrols.bad-value"]
    assert any(f.line == 4 and f.field == "status" and "'坏了' is not allowed" in f.message
               and "完好, 破损" in f.fix for f in bad)
    assert any(f.line == 6 and f.field == "date" and "not a valid date" in f.message for f in bad)
    f = one(found, "patrols.missing")
    assert f.line == 5 and f.field == "inspector" and "the record has no 'inspector'" in f.message
    f = one(found, "patrols.unknown-key")
    assert f.line == 7 and f.field == "colour"
    assert result.ok  # evidence: warnings unless strict


def test_records_after_the_check_date_wait_and_records_after_today_are_flagged(tmp_path):
    root = campaign_dir(tmp_path / "c", "{every_days: 7, lists: {avenue: {every_days: 90}}}")
    records(root, "- {date: 2026-11-20, list: avenue, inspector: 李娜, status: 破损}\n"
            "- {date: 2099-01-01, list: avenue, inspector: 李娜, status: 完好}\n")
    result, found = patrol_findings(root, dt.date(2026, 11, 10))  # as on a day before the record
    assert result.campaign.patrols.records == () and [f.rule for f in found] == ["patrols.future"]
    assert found[0].line == 2 and "2099-01-01 has not come yet" in found[0].message


def test_patrol_rules_apply_once_the_folder_exists(tmp_path):
    root = campaign_dir(tmp_path / "c", "{every_days: 7, fix_within: 3}")
    result, found = patrol_findings(root)
    assert result.campaign.patrols is None and [f.rule for f in found] == ["config.unknown-key"]
    (root / "posters/patrols").mkdir()
    result, found = patrol_findings(root)
    assert result.campaign.patrols.records == () and {f.rule for f in found} == {"config.unknown-key",
                                                                                  "patrol.overdue"}


def test_strict_makes_record_and_rule_findings_errors_and_check_fails(tmp_path, capsys):
    root = campaign_dir(tmp_path / "c", "{every_days: 7, fix_within_days: 3, strict: true}")
    records(root, "- {date: 2026-11-10, list: nosuch, inspector: 李娜, status: 完好}\n")
    result, found = patrol_findings(root)
    assert one(found, "patrols.unknown-list").is_error
    assert one(found, "patrol.overdue").is_error  # never patrolled since 2026-10-01
    assert main(["check", str(root), "--date", TODAY.isoformat()]) == 1
    assert "error [patrol.overdue]" in capsys.readouterr().out


def test_broken_patrol_files_are_errors_even_when_not_strict(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, "- {date: 2026-11-10, list: avenue\n")
    write(root / "posters/patrols/b.csv", "巡查日期,点位编号,巡查人,颜色\n2026-11-10,avenue,李娜,红\n")
    write(root / "posters/patrols/q.csv", '巡查日期,点位编号,巡查人,状态\n2026-11-10,"avenue,李娜,完好\n'
          "2026-11-11,avenue,李娜,完好\n")
    result, found = patrol_findings(root)
    assert one(found, "load.yaml").is_error and one(found, "load.yaml").file == "posters/patrols/r.yml"
    f = one(found, "patrols.bad-header")
    assert f.is_error and f.field == "颜色" and "unknown column '颜色'" in f.message and "manual (patrols)" in f.fix
    f = one(found, "patrols.missing-column")
    assert f.is_error and "the header row has no '状态' (status) column" in f.message
    f = one(found, "patrols.unreadable")
    assert f.is_error and f.file == "posters/patrols/q.csv" and "a quote (\") opened on line 2" in f.message
    assert not result.ok


def test_settings_are_checked(tmp_path):
    root = campaign_dir(tmp_path / "c", "{every_day: 7, lists: {avenu: {every_days: 3}}}")
    result, found = patrol_findings(root)
    f = one(found, "config.unknown-key")
    assert f.field == "extra.placard.patrol.every_day" and "did you mean 'every_days'?" in f.fix and f.is_error
    f = one(found, "config.bad-value")
    assert f.field == "extra.placard.patrol.lists.avenu" and "did you mean 'avenue'?" in f.fix


# ------------------------------------------------------------------ photos


def test_photo_problems_are_flagged_and_never_stop_the_check(tmp_path):
    root = campaign_dir(tmp_path / "c")
    photo(root, "ok.jpg", dt.datetime(2026, 11, 10, 9))
    photo(root, "old.jpg", dt.datetime(2026, 11, 1, 9))
    photo(root, "far.jpg", dt.datetime(2026, 11, 10, 9), place=(22.80, 113.9361))
    photo(root, "plain.jpg", None)
    write(root / "posters/patrols/photos/broken.jpg", "\xff\xd8 not really a JPEG")
    body = "".join(f"- {{date: 2026-11-10, list: avenue, inspector: 李娜, status: 完好, photos: [{n}]}}\n"
                   for n in ("ok.jpg", "old.jpg", "far.jpg", "plain.jpg", "broken.jpg", "gone.jpg"))
    records(root, body + weekly())
    result, found = patrol_findings(root)
    assert result.ok
    by_line = {(f.rule, f.line): f for f in found}
    assert ("patrol.photo", 1) not in by_line and ("patrol.photo-mismatch", 1) not in by_line
    assert "taken on 2026-11-01, 9 days from its record's date 2026-11-10" in by_line["patrol.photo-mismatch", 2].message
    far = by_line["patrol.photo-mismatch", 3]
    assert re.search(r"taken 5,7\d\d m from list 'avenue'", far.message) and "photo_metres" in far.fix
    assert "has no EXIF date or GPS" in by_line["patrol.photo", 4].message
    assert "messaging app" in by_line["patrol.photo", 4].fix
    assert "is not an image placard can read" in by_line["patrol.photo", 5].message
    gone = by_line["patrol.photo", 6]
    assert "photo 'posters/patrols/photos/gone.jpg' of the record of 2026-11-10 is not there" in gone.message
    assert gone.field == "photos" and "copy the photo into posters/patrols/photos/" in gone.fix


def test_photo_outside_the_folder_is_never_read(tmp_path):
    root = campaign_dir(tmp_path / "c")
    photo(root, "x.jpg", dt.datetime(2026, 11, 10, 9))
    records(root, "- {date: 2026-11-10, list: avenue, inspector: 李娜, status: 完好, photos: [../../../mkdocs.yml]}\n")
    c = load_campaign(root, TODAY).campaign
    assert c.patrols.records[0].photos[0].problem == "outside"  # named as such, not "not there" (issue 20)


# ------------------------------------------------------------------ rules


def test_overdue_list_names_the_dates_and_days(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly(until=dt.date(2026, 10, 20)))  # 10-06, 10-13, 10-20, then nothing
    _, found = patrol_findings(root)
    f = one(found, "patrol.overdue")
    assert f.file == "posters/placements/avenue.yml" and not f.is_error
    assert "has not been patrolled after 2026-10-20: 37 days to 2026-11-26, 30 days more than every 7 days" in f.message


def test_per_list_every_days_override(tmp_path):
    root = campaign_dir(tmp_path / "c", "{every_days: 7, lists: {avenue: {every_days: 3}}}")
    records(root, weekly())
    _, found = patrol_findings(root)
    gaps = [f for f in found if f.rule == "patrol.overdue"]
    assert "until 2026-10-06: 5 days, 2 more than every 3 days" in gaps[0].message
    assert len(gaps) == 5 + 1  # a gap every week (the last line counts the rest)


def test_problems_fixed_in_time_late_or_still_open(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly() +
            "- {date: 2026-11-02, list: avenue, slot: p01, inspector: 李娜, status: 破损}\n"  # fixed in time
            "- {date: 2026-11-04, list: avenue, slot: p01, inspector: 李娜, status: 已整改}\n"
            "- {date: 2026-11-05, list: avenue, slot: p02, inspector: 李娜, status: 脏污}\n"  # fixed late
            "- {date: 2026-11-12, list: avenue, slot: p02, inspector: 李娜, status: 已整改}\n"
            "- {date: 2026-11-20, list: avenue, slot: p01, inspector: 李娜, status: 缺失}\n"  # open, overdue
            "- {date: 2026-11-25, list: avenue, slot: p02, inspector: 李娜, status: 破损}\n")  # open, not due
    _, found = patrol_findings(root)
    late = sorted((f for f in found if f.rule == "patrol.fix-late"), key=lambda f: f.line)
    assert len(late) == 2, [f.render() for f in found]
    assert "slot 'p02' was reported 脏污 (dirty) on 2026-11-05 and fixed only on 2026-11-12, 4 days after it " \
           "was due (2026-11-08)" in late[0].message
    assert "slot 'p01' was reported 缺失 (missing) on 2026-11-20 and is still not fixed: it was due by " \
           "2026-11-23 (within 3 days), 3 days late" in late[1].message
    assert "已整改" in late[1].fix and late[1].line == 13


def test_whole_list_fix_closes_slot_problems(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly() + "- {date: 2026-11-20, list: avenue, slot: p01, inspector: 李娜, status: 破损}\n"
            "- {date: 2026-11-21, list: avenue, inspector: 李娜, status: 已整改}\n")
    _, found = patrol_findings(root)
    assert not [f for f in found if f.rule == "patrol.fix-late"]


def test_wrong_content_is_compared_with_the_plan(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly() +
            "- {date: 2026-11-10, list: avenue, slot: p01, inspector: 李娜, status: 完好, seen: traffic-01}\n"
            "- {date: 2026-11-10, list: avenue, slot: p01, inspector: 李娜, status: 内容不符, seen: civility-01}\n"
            "- {date: 2026-11-10, list: avenue, slot: p03, inspector: 李娜, status: 完好}\n"
            "- {date: 2026-11-11, list: avenue, slot: p01, inspector: 李娜, status: 已整改}\n")
    _, found = patrol_findings(root)
    content = sorted((f for f in found if f.rule == "patrol.content"), key=lambda f: f.line)
    assert len(content) == 3
    assert "showed 'traffic-01' on 2026-11-10 but the plan has 'civility-01'" in content[0].message
    assert "内容不符" in content[0].fix
    assert "recorded as wrong content on 2026-11-10, but what it saw ('civility-01') is what the plan has" \
        in content[1].message
    assert "slot 'p03' is not in the plan on 2026-11-10 (it runs from 2026-10-01 to 2026-10-31)" in content[2].message


# ------------------------------------------------------------------ match


def test_match_proposes_and_writes_records_that_load_cleanly(tmp_path, capsys):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly())
    photo(root, "inbox/a.jpg", dt.datetime(2026, 11, 26, 9), place=(LAT + 0.0003, LON))
    photo(root, "inbox/far.jpg", dt.datetime(2026, 11, 26, 9), place=(23.5, 114.5))
    photo(root, "inbox/plain.jpg", None)
    args = ["patrols", "match", str(root), "--date", TODAY.isoformat()]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "inbox/a.jpg: 2026-11-26 at 'avenue' (33 m)" in out
    assert "inbox/far.jpg: not matched (no list with lat/lon within 500 m)" in out
    assert "inbox/plain.jpg: not matched (no EXIF date and GPS position)" in out
    assert not list((root / "posters/patrols").glob("matched-*"))  # nothing written without --write
    assert main([*args, "--write", "--inspector", "王强"]) == 0
    written = root / "posters/patrols/matched-2026-11-26.yml"
    assert written.is_file()
    result, found = patrol_findings(root)
    assert [f.render() for f in found if f.file == "posters/patrols/matched-2026-11-26.yml"] == []
    rec = [r for r in result.campaign.patrols.records if r.file.endswith("matched-2026-11-26.yml")]
    assert len(rec) == 1 and rec[0].inspector == "王强" and rec[0].photos[0].path.endswith("inbox/a.jpg")
    capsys.readouterr()
    assert main([*args, "--write"]) == 0  # a.jpg is now named by a record: nothing new to write
    assert "0 of 2 unrecorded photos matched" in capsys.readouterr().out
    assert sorted(p.name for p in (root / "posters/patrols").glob("matched-*")) == ["matched-2026-11-26.yml"]


# ------------------------------------------------------------------ ledger and staff site


def test_ledger_has_patrol_columns_thumbnails_and_history(tmp_path):
    from openpyxl import load_workbook

    root = campaign_dir(tmp_path / "c")
    photo(root, "d.jpg", dt.datetime(2026, 11, 20, 9))
    records(root, weekly() + "- {date: 2026-11-20, list: avenue, slot: p01, inspector: 李娜, status: 破损, "
            "photos: [d.jpg]}\n")
    out = tmp_path / "l.xlsx"
    assert main(["ledger", str(root), "--date", TODAY.isoformat(), "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["台账", "汇总", "巡查记录"]
    ws = wb["台账"]
    header = [c.value for c in ws[1]]
    rows = {r[4]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    p01 = rows["p01"]
    # the later whole-list 完好 (11-24) does not hide the slot's open 破损 (issue 21)
    assert p01["最近巡查日期"].date() == dt.date(2026, 11, 24) and p01["巡查状态"] == "破损"
    assert p01["巡查照片"] == "posters/patrols/photos/d.jpg"
    assert p01["未整改问题"] == "破损（2026-11-20 起，应于 2026-11-23 前整改）" and p01["巡查逾期天数"] == 3
    assert rows["p02"]["未整改问题"] is None and rows["p02"]["巡查逾期天数"] == 0
    assert len(ws._images) == 1  # the photo, embedded
    summary = dict(zip([c.value for c in wb["汇总"][1]], next(wb["汇总"].iter_rows(min_row=2, values_only=True)),
                       strict=True))
    assert summary["巡查结论"] == "不达标" and summary["未整改问题数"] == 1
    history = list(wb["巡查记录"].iter_rows(min_row=2, values_only=True))
    assert len(history) == 9 and ("破损" in history[-1] or any("破损" in r for r in history))


def test_staff_map_and_patrol_block_escape_user_text(tmp_path):
    from placard.site.patrols import map_section, patrol_section
    from placard.site.placements import INDEX, list_uri
    from placard.site.registry import SiteOptions

    root = campaign_dir(tmp_path / "c")
    write(root / "posters/placements/other.yml", LIST.replace("光明大道道旗", "<script>x</script>")
          .replace(str(LAT), str(LAT + 0.01)))
    records(root, weekly() + "- {date: 2026-11-20, list: other, slot: p01, inspector: '<b>李</b>', status: 破损, "
            "note: '<img src=x>'}\n")
    c = load_campaign(root, TODAY).campaign
    opts = SiteOptions(today=TODAY)
    svg = map_section(c, INDEX, list_uri, opts)
    assert svg.count("<circle cx=") == 2 + 2  # two lists and the legend's two states
    assert "<script>x" not in svg and "&lt;script&gt;x" in svg
    assert svg.count('href="other/"') == 2  # the patrol table's row and the map's dot
    assert re.search(r'href="other/">&lt;script&gt;x&lt;/script&gt;</a></td><td><span class="pl-nw">2026-11-20</span>'
                     r'</td><td>7</td><td>1</td><td>0</td><td><span class="pl-badge pl-badge--fail">不达标', svg)
    assert "有未整改问题" in svg and "正常" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tile server, no other host
    other = next(pl for pl in c.placements if pl.id == "other")
    block = patrol_section(c, other, list_uri(other), opts)
    assert "<b>李" not in block and "<img src=x>" not in block and "&lt;img src=x&gt;" in block
    assert "破损（2026-11-20 起，应于 2026-11-23 前整改，已逾期 3 天）" in block


def test_strict_build_stops_but_a_corrupt_photo_does_not(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly() + "- {date: 2026-11-20, list: avenue, inspector: 李娜, status: 完好, photos: [bad.jpg]}\n")
    write(root / "posters/patrols/photos/bad.jpg", "\xff\xd8\xff\xe1 broken")
    proc = run_placard("build", root, "--no-posters", "--date", TODAY.isoformat())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "is not an image placard can read" in proc.stdout + proc.stderr
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("fix_within_days: 3}", "fix_within_days: 3, strict: true}"), "utf-8")
    proc = run_placard("build", root, "--no-posters", "--date", TODAY.isoformat())
    assert proc.returncode == 1 and "error [patrol.photo]" in proc.stdout + proc.stderr


# ------------------------------------------------------------------ the fast EXIF reader


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(lat=st.floats(-89.99, 89.99), lon=st.floats(-179.99, 179.99),
       when=st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2099, 12, 31)).map(lambda d: d.replace(microsecond=0)),
       gps=st.booleans(), date=st.booleans())
def test_fast_jpeg_exif_reads_what_pillow_reads(tmp_path_factory, lat, lon, when, gps, date):
    from placard.patrols.photos import _pillow_photo, read_photo

    path = tmp_path_factory.mktemp("exif") / "p.jpg"
    exif = Image.Exif()
    if date:
        exif.get_ifd(0x8769)[36867] = when.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        exif.get_ifd(0x8825).update({1: "N" if lat >= 0 else "S", 2: _dms(abs(lat)),
                                     3: "E" if lon >= 0 else "W", 4: _dms(abs(lon))})
    Image.new("RGB", (8, 8)).save(path, "JPEG", exif=exif)
    fast, slow = read_photo(path, "p"), _pillow_photo(path, "p")
    assert fast == slow
    if gps:
        assert abs(fast.lat - lat) < 1e-4 and abs(fast.lon - lon) < 1e-4


def test_truncated_and_odd_jpegs_are_not_images_or_have_no_exif(tmp_path):
    from placard.patrols.photos import read_photo

    good = photo(tmp_path, "g.jpg", dt.datetime(2026, 11, 10, 9)).read_bytes()
    cases = {"head.jpg": good[:40], "soi.jpg": b"\xff\xd8", "zero.jpg": b"", "text.jpg": b"hello"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert read_photo(tmp_path / name, name).problem == "not-image", name
    app1 = good.index(b"Exif")  # EXIF that points past its end: an image with nothing to say
    broken = bytearray(good)
    broken[app1 + 10:app1 + 14] = b"II*\x00"
    broken[app1 + 14:app1 + 18] = b"\xff\xff\xff\x00"
    (tmp_path / "b.jpg").write_bytes(bytes(broken))
    assert read_photo(tmp_path / "b.jpg", "b").problem == "no-exif"


@given(text=st.text(alphabet=st.sampled_from(list("-{}[]:,;\"'\n #完好破损日期点位abc0129/.\t")), max_size=120),
       suffix=st.sampled_from([".yml", ".csv"]))
def test_any_patrol_file_gives_findings_never_a_traceback(tmp_path_factory, text, suffix):
    from placard.patrols.load import load_patrols

    root = tmp_path_factory.mktemp("fuzz")
    write(root / "posters/patrols" / f"r{suffix}", text)
    if not _LISTS:
        _LISTS.extend(load_campaign(campaign_dir(tmp_path_factory.mktemp("lists")), TODAY).campaign.placements)
    findings: list = []
    patrols = load_patrols(root, None, tuple(_LISTS), TODAY, findings)
    assert patrols is not None
    assert all(f.file == f"posters/patrols/r{suffix}" for f in findings)


_LISTS: list = []  # the small campaign's placement lists, loaded once
