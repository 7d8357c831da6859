"""Hostile inputs for placement lists, caches and the tables placard writes (issue 10).

Each test here failed before its fix: a campaign folder from someone else must not run code
or pass a failing list through its cache, a stray quote must not drop rows, cells written
for Excel must not be formulas, and no input may hang or give a traceback.
"""

from __future__ import annotations

import csv
import gzip
import io
import marshal
import os
import pickle
from pathlib import Path

import pytest
from conftest import copy_example, write

from placard import cachesafe
from placard.cli import main
from placard.placements import load as L

PARTS = ("mkdocs.yml", "slogans", "hooks")
HEADER = "name,type,period_from,period_to,slot,kind,ref,advertiser\n"
FIRST = "道旗,banner,2026-10-01,2026-12-31,p1,public,traffic-01,\n"
COMMERCIAL = "".join(f",,,,c{i},commercial,,光明银行\n" for i in range(1, 6))  # 1 public of 6: 16.66%
FAILING = HEADER + FIRST + COMMERCIAL
PASSING = HEADER + FIRST + "".join(f",,,,c{i},public,traffic-01,\n" for i in range(1, 6))


def campaign(root: Path, lists: dict[str, str] | None = None) -> Path:
    copy_example(root, PARTS)
    write(root / "docs" / "index.md", "# 测试\n")
    for name, text in (lists or {}).items():
        write(root / "posters" / "placements" / name, text)
    return root


def check(root: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", str(root), "--date", "2026-11-23", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


# ------------------------------------------------------------------ 1. the parse cache


class RunsCode:
    """A pickle that runs a command when loaded (what a hostile campaign can ship)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_in_the_cache_folder_is_never_loaded(tmp_path, capsys):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    marker = tmp_path / "pwned"
    payload = pickle.dumps(RunsCode(marker))
    (root / ".cache/placard").mkdir(parents=True)
    for name in ("placements.pickle", Path(L.CACHE_FILE).name):
        (root / ".cache/placard" / name).write_bytes(payload)
    code, out = check(root, capsys)
    assert not marker.exists()
    assert code == 1 and "16.66%" in out


def _entries_for(root: Path, text: str) -> dict:
    """Cache entries that say l.csv is the passing list: what a forger writes, knowing the file's bytes."""
    findings: list = []
    src = root / "posters/placements/l.csv"
    data = src.read_bytes()
    write(root / "posters/placements/l.csv", text)
    good = L.load_list(src, root, L.Defaults(), findings)
    src.write_bytes(data)
    assert good is not None and not findings
    import hashlib

    key = [hashlib.sha256(data).hexdigest(), repr(L.read_defaults(None, []))]
    return {"posters/placements/l.csv": [key, L.encode(good), []]}


def test_a_forged_cache_entry_cannot_pass_a_failing_list(tmp_path, capsys, monkeypatch):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    entries = _entries_for(root, PASSING)
    cache = {"code": L._code_key(), "entries": entries}
    # the old place and format (pickle), and the new format sealed with a key that is not this user's
    (root / ".cache/placard").mkdir(parents=True)
    (root / ".cache/placard/placements.pickle").write_bytes(pickle.dumps(
        {"code": L._code_key(), "entries": {k: (tuple(v[0]), L.encode(L.decode(v[1])), ()) for k, v in entries.items()}}))
    monkeypatch.setattr(cachesafe, "local_key", lambda: b"a key the forger chose, not this user's")
    forged = cachesafe.seal(marshal.dumps(cache), L.CACHE_PURPOSE)
    monkeypatch.undo()
    for body in (forged, marshal.dumps(cache), b"placard-sealed-1 " + b"0" * 64 + b"\n" + marshal.dumps(cache)):
        (root / L.CACHE_FILE).write_bytes(body)
        code, out = check(root, capsys)
        assert code == 1 and "16.66%" in out, out


def test_a_well_sealed_entry_of_the_wrong_shape_is_a_miss(tmp_path, capsys, monkeypatch):
    """Even under this user's own key, an entry that is not a list is re-parsed, never an exception."""
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    good = _entries_for(root, FAILING)["posters/placements/l.csv"]
    for bad in (None, [], [good[0]], [good[0], "x", []], [good[0], good[1][:3], []],
                [good[0], [*good[1][:7], [["s", "1", "public", 1, 1, 1, None, None, None, None, None]],
                           *good[1][8:]], []],
                [good[0], good[1], [{"rule": "x"}]], [good[0], good[1], [None]]):
        body = marshal.dumps({"code": L._code_key(), "entries": {"posters/placements/l.csv": bad}})
        (root / ".cache/placard").mkdir(parents=True, exist_ok=True)
        (root / L.CACHE_FILE).write_bytes(cachesafe.seal(body, L.CACHE_PURPOSE))
        code, out = check(root, capsys)
        assert code == 1 and "16.66%" in out, (bad, out)


def test_the_cache_is_used_when_it_is_this_users_own(tmp_path, capsys, monkeypatch):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    assert check(root, capsys)[0] == 1
    assert (root / L.CACHE_FILE).is_file()
    calls = []
    monkeypatch.setattr(L, "load_list", lambda *a, **k: calls.append(a))
    code, out = check(root, capsys)
    assert code == 1 and "16.66%" in out and calls == []  # from the cache, not parsed again


# ------------------------------------------------------------------ 2. a stray quote in a CSV


def test_a_stray_quote_cannot_swallow_rows_and_pass_a_failing_list(tmp_path, capsys):
    text = FAILING.replace(",,光明银行\n", ',,"光明银行\n', 1)  # c1's advertiser opens a quote it never closes
    root = campaign(tmp_path / "c", {"l.csv": text})
    code, out = check(root, capsys)
    assert code == 1 and "no problems" not in out
    assert "l.csv:3:" in out and "field 'advertiser'" in out and "quote" in out and "line 3" in out
    assert "close the quote" in out and "remove it" in out


def test_a_quote_closed_rows_later_is_reported_where_it_opened(tmp_path, capsys):
    rows = FAILING.splitlines(keepends=True)
    rows[3] = rows[3].replace(",,光明银行", ',,"光明银行')  # opens on line 4 ...
    rows[5] = rows[5].replace(",,光明银行", ',,光明银行"')  # ... and closes on line 6
    root = campaign(tmp_path / "c", {"l.csv": "".join(rows)})
    code, out = check(root, capsys)
    assert code == 1 and "l.csv:4:" in out and "line 4 to line 6" in out


def test_a_note_may_span_lines_but_not_swallow_rows_or_run_to_the_end(tmp_path, capsys):
    head = HEADER.rstrip("\n") + ",备注\n"
    ok = head + FIRST.rstrip("\n") + ',"第一行\n第二行"\n' + COMMERCIAL.replace("\n", ",\n")
    root = campaign(tmp_path / "c", {"l.csv": ok})
    code, out = check(root, capsys)
    assert "16.66%" in out and "unreadable" not in out  # read, and its rows still counted
    assert "l.csv:2:" in out  # rows are numbered as the spreadsheet shows them
    swallowing = head + FIRST.rstrip("\n") + ',"注意\n' + COMMERCIAL.replace("\n", ",\n")
    write(root / "posters/placements/l.csv", swallowing)
    code, out = check(root, capsys)
    assert code == 1 and "unreadable" in out and "field '备注'" in out and "16.66%" not in out
    to_the_end = head + COMMERCIAL.replace("\n", ",\n") + FIRST.rstrip("\n") + ',"注意\n没有结束'
    write(root / "posters/placements/l.csv", to_the_end)
    code, out = check(root, capsys)
    assert code == 1 and "never closed" in out


def test_a_bare_cr_inside_a_note_keeps_the_row_numbers(tmp_path, capsys):
    head = HEADER.rstrip("\n") + ",备注\r\n"
    rows = [FIRST.rstrip("\n") + ',"甲\r乙"', ",,,,c1,commercial,,x,", ",,,,c2,bogus,,x,", ",,,,c3,commercial,,y,"]
    root = campaign(tmp_path / "c", {"l.csv": head + "\r\n".join(rows) + "\r\n"})
    code, out = check(root, capsys)
    assert code == 1
    assert "l.csv:4:" in out and "'bogus' is not one of the values" in out  # row 4, as Excel numbers it
    assert out.count("placements.") == 1  # one error, no cascade


def test_a_huge_cell_is_a_finding_not_a_traceback(tmp_path, capsys):
    text = HEADER + FIRST.rstrip("\n") + "x" * 200_000 + "\n" + COMMERCIAL
    root = campaign(tmp_path / "c", {"l.csv": text})
    code, out = check(root, capsys)
    assert code == 1 and "l.csv:2:" in out and "131,072 characters" in out and "Traceback" not in out


# ------------------------------------------------------------------ 4. sizes and dates


def test_a_cell_at_xfd1048576_is_a_finding_in_no_time(tmp_path, capsys):
    import openpyxl

    root = campaign(tmp_path / "c")
    (root / "posters/placements").mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in csv.reader(io.StringIO(FAILING)):
        ws.append(r)
    ws["XFD1048576"] = "x"
    wb.save(root / "posters/placements/far.xlsx")
    assert (root / "posters/placements/far.xlsx").stat().st_size < 10_000
    code, out = check(root, capsys)  # before: more than 300 s
    assert code == 1 and "far.xlsx:1048576:" in out and "XFD1048576" in out and "delete" in out


def test_empty_formatted_cells_far_away_do_not_count(tmp_path, capsys):
    import openpyxl
    from openpyxl.styles import Font

    root = campaign(tmp_path / "c")
    (root / "posters/placements").mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in csv.reader(io.StringIO(FAILING)):
        ws.append(r)
    ws["XFD1048576"].font = Font(bold=True)  # formatted, no value
    ws["Z500000"] = "   "
    wb.save(root / "posters/placements/far.xlsx")
    code, out = check(root, capsys)
    assert code == 1 and "16.66%" in out and "unreadable" not in out


@pytest.mark.parametrize("fmt", ["yml", "csv"])
def test_a_period_ending_in_9999_is_a_finding(tmp_path, capsys, fmt):
    if fmt == "yml":
        text = ("name: 道旗\ntype: banner\nperiod: {from: 2026-10-01, to: 9999-12-31}\nslots:\n"
                "  - {id: p1, kind: public, ref: traffic-01}\n  - {id: c1, kind: commercial, advertiser: X}\n")
    else:
        text = FAILING.replace("2026-12-31", "9999-12-31")
    root = campaign(tmp_path / "c", {f"l.{fmt}": text})
    code, out = check(root, capsys)
    # YAML dates go through the shared schema's range check, CSV cells through the table reader's
    assert code == 1 and "Traceback" not in out
    assert "9999-12-31 is not a plausible date" in out or "9999-12-31 is out of range" in out
    assert (f"l.{fmt}:3:" if fmt == "yml" else "l.csv:2:") in out


# ------------------------------------------------------------------ 3. formulas in the tables placard writes

EVIL = ['=HYPERLINK("http://evil.example/","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "  =1+1"]


def hostile_list() -> str:
    """A passing list whose every text field a spreadsheet would run as a formula."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "type", "location", "contact", "period_from", "period_to", "slot", "kind", "ref",
                "advertiser"])
    w.writerow([EVIL[0], "banner", EVIL[1], EVIL[3], "2026-10-01", "2026-12-31", "p1", "public", "traffic-01", ""])
    w.writerow(["", "", "", "", "", "", "p2", "public", "traffic-01", ""])
    for i, evil in enumerate(EVIL):
        w.writerow(["", "", "", "", "", "", f"c{i}", "commercial", "", evil])
    w.writerow(["", "", "", "", "", "", "p3", "public", "traffic-01", ""])
    w.writerow(["", "", "", "", "", "", "p4", "public", "traffic-01", ""])
    return buf.getvalue()


def test_the_ledger_never_writes_a_formula(tmp_path, capsys):
    import openpyxl

    root = campaign(tmp_path / "c", {"l.csv": hostile_list()})
    assert main(["ledger", str(root), "--date", "2026-11-23", "--out", str(tmp_path / "l.xlsx")]) == 0, \
        capsys.readouterr()
    assert main(["ledger", str(root), "--date", "2026-11-23", "--out", str(tmp_path / "l.csv")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "l.xlsx")
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (c.coordinate, c.value)
                if isinstance(c.value, str) and c.value.lstrip().startswith(("=", "+", "@")):
                    texts.append(c.value)
                    assert c.quotePrefix  # Excel and WPS keep it text even after an edit
    assert '=HYPERLINK("http://evil.example/","点我")' in texts and "+1+1" in texts and "@SUM(A1)" in texts
    for name in ("l.csv", "l-summary.csv"):
        cells = [c for r in csv.reader(io.StringIO((tmp_path / name).read_text("utf-8-sig"))) for c in r]
        assert not [c for c in cells if c.lstrip(" \t\r\n").startswith(("=", "+", "-", "@"))]
        assert "'" + EVIL[0] in cells and "'+1+1" in cells  # the list's name and location
        if name == "l.csv":
            assert "'=1+1" in cells and "'-2+3" in cells and "'@SUM(A1)" in cells  # advertisers (trimmed)


def test_the_scans_csv_never_writes_a_formula(tmp_path, capsys):
    from placard.posters import qr as Q

    root = campaign(tmp_path / "c", {"l.csv": hostile_list()})
    log = write(tmp_path / "access.log", f'10.0.0.1 - - [20/Nov/2026:08:00:00 +0800] "GET /Q/{Q.slot_code("l", "p1")}/ '
                'HTTP/1.1" 200 512 "-" "Mozilla/5.0 (iPhone) MicroMessenger/8.0"\n')
    assert main(["scans", str(root), "--log", str(log), "--format", "csv", "--out", str(tmp_path / "s.csv")]) == 0
    cells = [c for r in csv.reader(io.StringIO((tmp_path / "s.csv").read_text("utf-8-sig"))) for c in r]
    assert "'" + EVIL[0] in cells and "'+1+1" in cells  # the list's name and location
    assert not [c for c in cells if c.lstrip(" \t\r\n").startswith(("=", "+", "-", "@"))]


# ------------------------------------------------------------------ 4. access logs


def _scan_line(when: str, code: str) -> str:
    return f'10.0.0.1 - - [{when}] "GET /Q/{code}/ HTTP/1.1" 200 512 "-" "Mozilla/5.0 (iPhone) MicroMessenger/8.0"\n'


def test_a_giant_log_line_is_skipped_in_bounded_memory(tmp_path, capsys):
    import tracemalloc

    from placard.posters import qr as Q
    from placard.scans import read_log

    code = Q.slot_code("l", "p1")
    log = tmp_path / "access.log.gz"
    with gzip.open(log, "wb", compresslevel=1) as fh:
        fh.write(_scan_line("20/Nov/2026:08:00:00 +0800", code).encode())
        fh.write(b'10.0.0.2 - - [20/Nov/2026:08:00:01 +0800] "GET /Q/' + b"A" * (32 << 20) + b'/ HTTP/1.1" 200 1\n')
        fh.write(_scan_line("20/Nov/2026:08:00:02 +0800", code).encode())
    tracemalloc.start()
    try:
        read = read_log(log)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # before: the whole 32 MiB line (and 2.1 GB for a 2 GiB one)
    assert len(read.hits) == 2 and read.skipped == 1 and read.overlong == 1 and read.first_skipped == 2
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    assert main(["scans", str(root), "--log", str(log)]) == 0
    err = capsys.readouterr().err
    assert "1 of 3 lines" in err and "longer than 64 KiB" in err


def test_a_log_time_without_a_zone_is_another_format(tmp_path, capsys):
    from placard.posters import qr as Q

    code = Q.slot_code("l", "p1")
    log = write(tmp_path / "access.log", _scan_line("26/Nov/2026:09:30:00 ", code)
                + _scan_line("26/Nov/2026:09:31:00 +0800", code))
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    assert main(["scans", str(root), "--log", str(log)]) == 0
    out = capsys.readouterr()
    assert "1 of 2 lines are not in the access log format" in out.err and "(the first is line 1)" in out.err
    assert "1 scans" in out.out  # the line with a zone is counted, the other one not


# ------------------------------------------------------------------ 5. the poster caches


def test_a_change_in_the_drawing_code_draws_every_poster_again(tmp_path, monkeypatch):
    from test_posters import make_campaign, plan_of

    from placard.posters import plan as P
    from placard.posters.build import build_posters

    root = make_campaign(tmp_path / "mini")
    out = tmp_path / "site"
    first = build_posters(*plan_of(root), out, workers=1)
    assert (first.rendered, first.reused) == (5, 0)
    again = build_posters(*plan_of(root), out, workers=1)
    assert (again.rendered, again.reused) == (0, 5)
    monkeypatch.setattr(P, "code_key_of", lambda *modules: "the drawing code changed")
    third = build_posters(*plan_of(root), out, workers=1)
    assert (third.rendered, third.reused) == (5, 0)


def test_a_shipped_layout_cache_is_not_used(tmp_path):
    from test_posters import make_campaign, plan_of

    from placard.posters.plan import LayoutCache

    root = make_campaign(tmp_path / "mini")
    _, fresh = plan_of(root)
    cache_file = root / ".cache/placard/posters/layouts.bin"
    body = cachesafe.unseal(cache_file.read_bytes(), LayoutCache.TAG)
    tag, entries = marshal.loads(body)
    for spec, _ in entries.values():
        spec["background"] = "#ff0000"  # a forger's change (it could as well be the QR code's address)
    for forged in (marshal.dumps((tag, entries)), marshal.dumps((tag, {k: ("x", 1) for k in entries}))):
        cache_file.write_bytes(forged)
        _, plan = plan_of(root)
        assert [j.spec for j in plan.jobs] == [j.spec for j in fresh.jobs]


def test_a_shipped_poster_in_the_cache_is_drawn_again(tmp_path):
    from PIL import Image
    from test_posters import make_campaign, plan_of

    from placard.posters.build import build_posters, cache_dir

    root = make_campaign(tmp_path / "mini")
    campaign, plan = plan_of(root)
    first = build_posters(campaign, plan, tmp_path / "site", workers=1)
    assert first.rendered == 5
    cache = cache_dir(campaign)
    forged = tmp_path / "forged.png"
    Image.new("RGB", (40, 40), "red").save(forged)
    for job in plan.jobs:  # what a campaign folder from someone else can hold under the right names
        (cache / job.key / "poster.png").unlink()
        (cache / job.key / "poster.png").write_bytes(forged.read_bytes())
    for page in (cache / "sheets").iterdir():
        page.write_bytes(forged.read_bytes())
    again = build_posters(*plan_of(root), tmp_path / "site2", workers=1)
    assert (again.rendered, again.reused) == (5, 0)
    for job in plan.jobs:
        assert (tmp_path / "site2" / job.files["png"]).read_bytes() != forged.read_bytes()
    assert all(p.read_bytes() != forged.read_bytes() for p in (cache / "sheets").iterdir())  # pages drawn again
    third = build_posters(*plan_of(root), tmp_path / "site3", workers=1)
    assert (third.rendered, third.reused) == (0, 5)  # this user's own cache is still used
