"""placard scans: scan statistics per QR code, item and placement, from real access-log lines."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json

import pytest
from conftest import REPO, write

from placard.cli import main
from placard.load import load_campaign
from placard.posters.plan import make_plan
from placard.scans import parse_time, read_log

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.50"
ANDROID = "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"


def line(ip, when, path, status=200, method="GET", agent=PHONE):
    return f'{ip} - - [{when}] "{method} {path} HTTP/1.1" {status} 512 "-" "{agent}"\n'


@pytest.fixture(scope="module")
def printed():
    """Codes as the example's posters print them: one item's own code and one placement slot's."""
    plan = make_plan(load_campaign(REPO).campaign)
    slot_code, (slot_item, _, slot) = next((c, v) for c, v in plan.codes.items() if v[2] is not None)
    item_code, (item, _, _) = next((c, v) for c, v in plan.codes.items()
                                   if v[2] is None and v[0].kind == "slogan" and v[0].id != slot_item.id)
    campaign = load_campaign(REPO).campaign
    pl = next(p for p in campaign.placements if p.id == slot[0])
    return {"item_code": item_code, "item": item, "slot_code": slot_code, "slot_item": slot_item,
            "list": pl}


@pytest.fixture
def logs(tmp_path, printed):
    ic, sc = printed["item_code"], printed["slot_code"]
    a = write(tmp_path / "access.log", "".join([
        line("10.0.0.1", "20/Nov/2026:08:00:00 +0800", f"/Q/{ic}/"),
        line("10.0.0.1", "20/Nov/2026:18:30:00 +0800", f"/Q/{ic}/"),  # same phone, same day: 1 visitor
        line("10.0.0.2", "20/Nov/2026:09:00:00 +0800", f"/Q/{ic}/?from=singlemessage", agent=ANDROID),
        line("10.0.0.1", "21/Nov/2026:07:45:10 +0800", f"/Q/{ic}/"),  # next day: a visitor again
        line("10.0.0.3", "21/Nov/2026:07:45:09 +0800", f"/Q/{ic}", status=301),  # no final /: not a 2nd scan
        line("10.0.0.4", "21/Nov/2026:10:00:00 +0800", f"/Q/{ic}/", method="HEAD"),  # a link check
        line("66.249.66.1", "21/Nov/2026:11:00:00 +0800", f"/Q/{ic}/",
             agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        line("10.0.0.5", "21/Nov/2026:12:00:00 +0800", "/s/civility-01/"),  # the page itself: not a scan
        line("10.0.0.6", "21/Nov/2026:12:30:00 +0800", "/Q/AAAAAA/", status=404),  # a code we never had
        "this line is not a log line\n",
        line("10.0.0.7", "01/Oct/2026:12:00:00 +0800", f"/Q/{ic}/"),  # before --from
    ]))
    b = tmp_path / "access.log.2.gz"
    with gzip.open(b, "wt", encoding="utf-8") as fh:
        fh.write(line("10.0.0.8", "22/Nov/2026:16:00:00 +0800", f"/Q/{sc}/", agent=ANDROID))
        fh.write(line("10.0.0.9", "22/Nov/2026:16:05:00 +0800", f"/Q/{sc}/index.html", status=304))
    return a, b


def test_scans_are_counted_per_code_item_and_location(tmp_path, logs, printed, capsys):
    a, b = logs
    code = main(["scans", str(REPO), "--log", str(a), str(b), "--from", "2026-11-01", "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "1 of 11 lines are not in the access log format" in out.err and "line 10" in out.err
    data = json.loads(out.out)
    rows = {r["code"]: r for r in data["codes"]}
    item = rows[printed["item_code"]]
    assert (item["scans"], item["visitors"], item["failed"]) == (4, 3, 0)
    assert item["item"] == printed["item"].id and item["list"] is None
    assert item["first"].startswith("2026-11-20T08:00") and item["last"].startswith("2026-11-21T07:45")
    assert item["url"] == f"HTTPS://WM.GUANGMING.EXAMPLE.CN/Q/{printed['item_code']}/"
    slot = rows[printed["slot_code"]]
    assert (slot["scans"], slot["visitors"]) == (2, 2)
    assert slot["item"] == printed["slot_item"].id
    assert slot["list"] == printed["list"].id and slot["location"] == printed["list"].location
    unknown = rows["AAAAAA"]
    assert (unknown["scans"], unknown["failed"], unknown["item"]) == (0, 1, None)
    assert (data["scans"], data["visitors"], data["failed"], data["robots"]) == (6, 5, 1, 2)
    assert {r["id"]: r["scans"] for r in data["lists"]} == {printed["list"].id: 2}
    assert {r["id"]: r["scans"] for r in data["items"]} == {printed["item"].id: 4, printed["slot_item"].id: 2}


def test_period_and_readable_report(logs, printed, capsys):
    # the report in the default language, 简体中文
    a, b = logs
    assert main(["--lang", "zh-Hans", "scans", str(REPO), "--log", str(a), str(b), "--from", "2026-11-21", "--to", "2026-11-21"]) == 0
    text = capsys.readouterr().out
    assert "扫码统计（2026-11-21 至 2026-11-21）：1 次扫码，1 位访客" in text
    assert printed["item"].text in text
    assert printed["list"].name not in text  # its scans were on the 22nd
    assert "1 次扫码打开失败" in text
    assert main(["--lang", "zh-Hans", "scans", str(REPO), "--log", str(b)]) == 0
    text = capsys.readouterr().out
    assert "按点位" in text and printed["list"].name in text and printed["list"].location[:6] in text


def test_csv_report_for_excel(tmp_path, logs, printed, capsys):
    a, b = logs
    out = tmp_path / "scans.csv"
    assert main(["scans", str(REPO), "--log", str(a), str(b), "--format", "csv", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    raw = out.read_bytes()  # the file is the campaign's (language: zh-Hans): Chinese headers
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    by_code = {r["二维码"]: r for r in rows}
    assert by_code[printed["item_code"]]["扫码次数"] == "5"  # no --from: the October scan counts too
    assert by_code[printed["slot_code"]]["位置"] == printed["list"].location


def test_apache_common_format_and_time_zones(tmp_path):
    log = write(tmp_path / "access_log",
                '203.0.113.9 - - [26/Nov/2026:23:59:59 -0500] "GET /sub/Q/xgbn4z/ HTTP/1.1" 200 2326\n')
    read = read_log(log)
    assert [h.code for h in read.hits] == ["XGBN4Z"]
    assert read.hits[0].when == dt.datetime(2026, 11, 27, 4, 59, 59, tzinfo=dt.UTC)
    assert read.hits[0].when.date() == dt.date(2026, 11, 26)  # counted on the log's own day
    assert parse_time("05/Jan/2027:08:00:00 +0800").utcoffset() == dt.timedelta(hours=8)


def test_missing_log_is_a_clear_error(tmp_path, capsys):
    assert main(["scans", str(REPO), "--log", str(tmp_path / "nope.log")]) == 1
    err = capsys.readouterr().err
    assert "nope.log: no such file" in err and "access log" in err and "Traceback" not in err


def test_a_file_that_is_not_an_access_log(tmp_path, capsys):
    assert main(["scans", str(REPO), "--log", str(REPO / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml, line 1: not an access log in the 'combined' or 'common' format" in err
    assert "nginx" in err


def test_damaged_gz_and_folder(tmp_path, capsys):
    bad = tmp_path / "access.log.1.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert main(["scans", str(REPO), "--log", str(bad)]) == 1
    assert "access.log.1.gz: cannot read it" in capsys.readouterr().err
    assert main(["scans", str(REPO), "--log", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_bad_period_and_bad_campaign(tmp_path, logs, capsys):
    a, _ = logs
    assert main(["scans", str(REPO), "--log", str(a), "--from", "2026-11-22", "--to", "2026-11-01"]) == 1
    assert "--from 2026-11-22 is after --to 2026-11-01" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["scans", str(REPO), "--log", str(a), "--from", "2026-13-01"])
    assert exc.value.code == 2
    assert "'2026-13-01' is not a date: write it as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["scans", str(tmp_path / "empty"), "--log", str(a)]) == 1
    assert "placard: error:" in capsys.readouterr().err


def test_no_scans_yet(tmp_path, capsys):
    log = write(tmp_path / "access.log", line("10.0.0.1", "20/Nov/2026:08:00:00 +0800", "/index.html"))
    assert main(["--lang", "zh-Hans", "scans", str(REPO), "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert "0 次扫码" in out and "没有本站二维码短地址" in out


def test_codes_of_retired_items_and_unprinted_slots_are_still_known(tmp_path, capsys):
    # A retired slogan's posters may still hang: its code keeps a page (the theme's "updated" page),
    # so a 200 there is a scan of the retired item, marked as such, not a failure and not "unknown".
    from placard.posters.qr import item_code

    campaign = load_campaign(REPO).campaign
    retired = next(s for s in campaign.slogans if s.approval.status == "retired")
    code = item_code("slogan", retired.id)
    assert code not in make_plan(campaign).codes  # no poster is made for it now
    log = write(tmp_path / "access.log",
                line("10.0.0.1", "20/Nov/2026:08:00:00 +0800", f"/Q/{code}/", status=200)
                + line("10.0.0.2", "20/Nov/2026:09:00:00 +0800", f"/Q/{code}/", status=404))
    assert main(["scans", str(REPO), "--log", str(log), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = data["codes"][0]
    assert (row["code"], row["item"], row["status"], row["scans"], row["failed"]) == (code, retired.id, "retired", 1, 1)
    assert data["retired_code_scans"] == 1 and data["unknown_code_scans"] == 0
    assert main(["--lang", "zh-Hans", "scans", str(REPO), "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert f"（已下架）{retired.text[:6]}" in out and "1 次扫码来自已下架或过期内容的二维码" in out
