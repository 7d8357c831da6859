"""The rules users rely on, stated as the rule and not as the code: every expected value is written here.

Each test below was checked by planting the bug it names (a mutant) and seeing it fail (issue 26):
the built-in 30 % share, typo pairs, the canonical texts, poster formats, the day a patrol becomes
overdue, hour windows that only touch, formula neutralisation in every spreadsheet writer, the QR
payload's sub-path, and the placement-list cache's code key.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import marshal
import re
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import copy_example, write

from placard.cli import main
from placard.engine import check_campaign

TODAY = dt.date(2026, 11, 23)
HEAD = "name: 测试道旗\ntype: banner\nperiod: {from: 2026-10-01, to: 2026-10-31}\n"


def small_campaign(root: Path) -> Path:
    copy_example(root, ("mkdocs.yml", "slogans", "hooks"))
    write(root / "docs" / "index.md", "# 测试\n")
    return root


def findings(root: Path, rule_prefix: str, today: dt.date = TODAY) -> list:
    return [f for f in check_campaign(root, today).findings if f.rule.startswith(rule_prefix)]


def slots_yaml(public: int, commercial: int) -> str:
    rows = [
        f"  - {{id: p{i:03d}, order: {i}, kind: public, ref: traffic-01}}" for i in range(public)
    ]
    rows += [
        f"  - {{id: c{i:03d}, order: {public + i}, kind: commercial, advertiser: 光明银行}}"
        for i in range(commercial)
    ]
    return "slots:\n" + "\n".join(rows) + "\n"


# ----------------------------------------------------------------- the built-in 30 % public share


@pytest.mark.parametrize("config", ["none", "measure-only"])
def test_a_list_without_a_rule_needs_30_percent_public(tmp_path, config):
    """No rule in the list and none in mkdocs.yml: the national practice of 30 % applies."""
    root = small_campaign(tmp_path / "c")
    if config == "measure-only":  # a campaign that sets its defaults but not the share
        cfg = root / "mkdocs.yml"
        text = cfg.read_text("utf-8")
        assert "\n    placements:" not in text
        cfg.write_text(
            text.replace("\n  placard:\n", "\n  placard:\n    placements: {measure: count}\n", 1),
            "utf-8",
        )
    lst = write(root / "posters/placements/flags.yml", HEAD + slots_yaml(29, 71))
    (f,) = findings(root, "ratio.share")
    assert (f.file, f.field) == ("posters/placements/flags.yml", "rule.min_public")
    assert "29%" in f.message and "30%" in f.message
    lst.write_text(HEAD + slots_yaml(30, 70), "utf-8")
    assert findings(root, "ratio.share") == []
    assert main(["check", str(root), "--date", str(TODAY)]) == 0


def test_a_campaign_default_replaces_the_built_in_share(tmp_path):
    root = small_campaign(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace(
            "\n  placard:\n", "\n  placard:\n    placements: {min_public: 0.5}\n", 1
        ),
        "utf-8",
    )
    write(root / "posters/placements/flags.yml", HEAD + slots_yaml(49, 51))
    (f,) = findings(root, "ratio.share")
    assert "50%" in f.message


# ----------------------------------------------------------------- typo pairs users rely on

TYPO_PAIRS = [
    ("再接再励", "再接再厉", "文明创建要再接再励，不断前进"),
    ("思想首先建设", "思想道德建设", "加强未成年人思想首先建设"),
    ("迫不急待", "迫不及待", "大家迫不急待地参加志愿服务"),
    ("一股作气", "一鼓作气", "一股作气完成创建任务"),
    ("按步就班", "按部就班", "工作不能按步就班"),
    ("走头无路", "走投无路", "帮助走头无路的困难群众"),
]


def test_the_typo_data_holds_the_pairs_users_rely_on():
    from placard.rules.typos import builtin_pairs

    pairs = dict(builtin_pairs())
    for wrong, right, _ in TYPO_PAIRS:
        assert pairs.get(wrong) == right, wrong


def test_placard_check_catches_each_typo_in_a_slogan(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    for n, (_, _, text) in enumerate(TYPO_PAIRS):
        write(
            root / "slogans" / f"typo-{n:02d}.md",
            f'---\ntext: "{text}"\ntheme: civility\nstatus: draft\n---\n',
        )
    found = {f.file: f for f in findings(root, "typo.known")}
    for n, (wrong, right, _) in enumerate(TYPO_PAIRS):
        f = found.get(f"slogans/typo-{n:02d}.md")
        assert f is not None, f"{wrong} is not caught"
        assert wrong in f.message + f.fix and right in f.message + f.fix
    assert main(["check", str(root), "--date", str(TODAY)]) == 1
    out = capsys.readouterr()
    assert "typo.known" in out.out + out.err and "slogans/typo-00.md" in out.out + out.err


def test_the_right_words_are_not_reported(tmp_path):
    root = small_campaign(tmp_path / "c")
    for n, (wrong, right, text) in enumerate(TYPO_PAIRS):
        write(
            root / "slogans" / f"ok-{n:02d}.md",
            f'---\ntext: "{text.replace(wrong, right)}"\ntheme: civility\nstatus: draft\n---\n',
        )
    assert findings(root, "typo.known") == []


# ----------------------------------------------------------------- canonical texts

CORE_VALUES = "富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善"
CIVIC_NORMS = "爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献"


def test_the_canonical_texts_are_the_official_wording():
    from placard.rules.canonical import builtin

    texts = {c.id: c.text for c in builtin()}
    assert texts["core-values"] == CORE_VALUES
    assert texts["civic-norms"] == CIVIC_NORMS
    assert (
        len(re.sub("[、，]", "", CORE_VALUES)) == 24
        and len(re.sub("[、，]", "", CIVIC_NORMS)) == 20
    )


@pytest.mark.parametrize(
    "text, bad",
    [
        (
            "富强、民主、文明、和谐，自由、平等、公正、法制，爱国、敬业、诚信、友善",
            True,
        ),  # 法制 for 法治
        ("富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、友善、诚信", True),  # order
        (CORE_VALUES, False),
        ("爱国守法、明礼诚信、团结友爱、勤俭自强、敬业奉献", True),  # 团结友爱 for 团结友善
        ("爱国守法、明礼诚信、团结有爱、勤俭自强、敬业奉献", True),  # 团结有爱 (2 characters)
        (CIVIC_NORMS, False),
    ],
)
def test_a_misquoted_canonical_text_is_caught(tmp_path, text, bad):
    root = small_campaign(tmp_path / "c")
    write(
        root / "slogans" / "quote-01.md",
        f'---\ntext: "{text}"\ntheme: civility\nstatus: draft\n---\n',
    )
    got = [f for f in findings(root, "canonical.") if f.file == "slogans/quote-01.md"]
    assert bool(got) == bad
    assert all(f.rule == "canonical.misquote" for f in got)


# ----------------------------------------------------------------- poster formats


@pytest.mark.parametrize(
    "name, width, height, bleed",
    [
        ("A4", 210, 297, 3),
        ("A3", 297, 420, 3),
        ("A3-landscape", 420, 297, 3),
        ("A2", 420, 594, 3),
        ("A1", 594, 841, 3),
        ("A0", 841, 1189, 3),
        ("board", 1200, 900, 3),
        ("hoarding", 2000, 1000, 3),
        ("LED", 1920, 1080, 0),
    ],
)
def test_built_in_formats_have_the_paper_sizes_printers_use(name, width, height, bleed):
    from placard.posters.formats import builtin_formats

    f = builtin_formats()[name]
    assert (f.width, f.height) == (width, height)
    assert f.unit == ("px" if name == "LED" else "mm")
    assert f.bleed_mm == bleed


def test_banners_carry_no_code_and_a3_is_scanned_from_arm_length():
    from placard.posters.formats import builtin_formats

    fmts = builtin_formats()
    assert fmts["banner"].code is False
    assert fmts["A3"].code is True and fmts["A3"].scan_distance_m == 0.8


# ----------------------------------------------------------------- patrols: the exact due day

PATROL_LIST = (
    "name: 光明大道道旗\ntype: banner\nperiod: {from: 2026-10-01, to: 2026-12-31}\nslots:\n"
    "  - {id: p01, order: 1, kind: public, ref: civility-01}\n"
    "  - {id: p02, order: 2, kind: commercial, advertiser: 光明银行}\n"
)


def patrol_campaign(root: Path, records: str) -> Path:
    small_campaign(root)
    cfg = root / "mkdocs.yml"
    text = re.sub(r"\n    patrol: .*\n", "\n", cfg.read_text("utf-8"))
    cfg.write_text(
        text.replace(
            "\n  placard:\n", "\n  placard:\n    patrol: {every_days: 7, fix_within_days: 3}\n", 1
        ),
        "utf-8",
    )
    write(root / "posters/placements/avenue.yml", PATROL_LIST)
    write(root / "posters/patrols/r.yml", records)
    return root


def rec(day: str, status: str = "完好", slot: str = "") -> str:
    where = f", slot: {slot}" if slot else ""
    return f"- {{date: {day}, list: avenue{where}, inspector: 李娜, status: {status}}}\n"


def test_a_patrol_is_not_overdue_on_its_due_day_and_is_the_day_after(tmp_path):
    # every 7 days: patrolled on 10-06, due again on 10-13
    root = patrol_campaign(tmp_path / "c", rec("2026-10-06"))
    assert findings(root, "patrol.overdue", dt.date(2026, 10, 13)) == []
    (f,) = findings(root, "patrol.overdue", dt.date(2026, 10, 14))
    assert f.file == "posters/placements/avenue.yml"
    assert "1" in f.message and "2026-10-06" in f.message


def test_the_first_patrol_is_due_every_days_after_the_period_begins(tmp_path):
    root = patrol_campaign(tmp_path / "c", rec("2026-10-08"))  # period begins 10-01: due by 10-08
    assert findings(root, "patrol.overdue", dt.date(2026, 10, 8)) == []
    root2 = patrol_campaign(tmp_path / "d", rec("2026-10-09"))
    (f,) = findings(root2, "patrol.overdue", dt.date(2026, 10, 9))
    assert "2026-10-01" in f.message and "2026-10-09" in f.message


def test_a_gap_of_exactly_every_days_between_patrols_is_in_time(tmp_path):
    root = patrol_campaign(
        tmp_path / "c", rec("2026-10-06") + rec("2026-10-13") + rec("2026-10-20")
    )
    assert findings(root, "patrol.overdue", dt.date(2026, 10, 20)) == []
    root = patrol_campaign(
        tmp_path / "d", rec("2026-10-06") + rec("2026-10-14") + rec("2026-10-20")
    )
    (f,) = findings(root, "patrol.overdue", dt.date(2026, 10, 20))
    assert "2026-10-06" in f.message and "2026-10-14" in f.message


def test_a_problem_fixed_on_its_due_day_is_in_time(tmp_path):
    # damaged on 10-06, fix within 3 days: due 10-09
    body = rec("2026-10-06", "破损", "p01")
    root = patrol_campaign(tmp_path / "c", body + rec("2026-10-09", "已整改", "p01"))
    assert findings(root, "patrol.fix-late", dt.date(2026, 10, 12)) == []
    root = patrol_campaign(tmp_path / "d", body + rec("2026-10-10", "已整改", "p01"))
    (f,) = findings(root, "patrol.fix-late", dt.date(2026, 10, 12))
    assert (f.file, f.line, f.field) == ("posters/patrols/r.yml", 1, "status")
    root = patrol_campaign(tmp_path / "e", body)  # still open
    assert findings(root, "patrol.fix-late", dt.date(2026, 10, 9)) == []
    assert len(findings(root, "patrol.fix-late", dt.date(2026, 10, 10))) == 1


# ----------------------------------------------------------------- hour windows that only touch

LED_HEAD = "name: 地铁站 LED\ntype: led\nperiod: {from: 2026-10-01, to: 2026-10-31}\n"


def led_list(rule_hours: str, slots: str) -> str:
    return (
        LED_HEAD
        + f"rule: {{measure: airtime, min_public: 0, hours: {rule_hours}}}\nslots:\n"
        + slots
    )


def test_a_slot_that_ends_when_a_window_starts_is_not_in_that_window(tmp_path):
    root = small_campaign(tmp_path / "c")
    lst = write(
        root / "posters/placements/led.yml",
        led_list(
            '[{from: "21:00", to: "23:00", min_public: 0.5}]',
            '  - {id: a, kind: public, ref: traffic-01, seconds: 10, hours: "21:00-23:00"}\n'
            '  - {id: b, kind: commercial, advertiser: 光明银行, seconds: 30, hours: "07:00-21:00"}\n'
            '  - {id: c, kind: commercial, advertiser: 光明银行, seconds: 30, hours: "23:00-24:00"}\n',
        ),
    )
    assert findings(root, "ratio.hours") == []
    # one minute of overlap brings the ad into the window: 10 of 40 s is 25 %, below 50 %
    lst.write_text(lst.read_text("utf-8").replace('"07:00-21:00"', '"07:00-21:01"'), "utf-8")
    (f,) = findings(root, "ratio.hours")
    assert "25%" in f.message and (f.file, f.field) == ("posters/placements/led.yml", "rule.hours")


def test_windows_that_follow_one_another_are_not_overlapping(tmp_path):
    root = small_campaign(tmp_path / "c")
    slots = "  - {id: a, kind: public, ref: traffic-01, seconds: 10}\n"
    lst = write(
        root / "posters/placements/led.yml",
        led_list('[{from: "19:00", to: "21:00"}, {from: "21:00", to: "23:00"}]', slots),
    )
    assert [
        f for f in findings(root, "placements.") if f.file == "posters/placements/led.yml"
    ] == []
    lst.write_text(
        led_list('[{from: "19:00", to: "21:01"}, {from: "21:00", to: "23:00"}]', slots), "utf-8"
    )
    (f,) = [
        f for f in findings(root, "placements.bad-value") if f.file == "posters/placements/led.yml"
    ]
    assert f.field == "rule.hours"


# ----------------------------------------------------------------- formulas never reach a spreadsheet live

HOSTILE = ["=1+1", "  =1+1", " +1", "\t=1+1", "-2+3", "@SUM(A1:A2)", "   @x", "\n=1"]


def _csv_cells(path: Path) -> list[list[str]]:
    """The file as written: the csv module keeps every space (no loader that trims)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _assert_csv_safe(rows: list[list[str]]):
    cells = [c for row in rows[1:] for c in row]
    live = [c for c in cells if c in HOSTILE]
    assert live == [], f"written as live formulas: {live}"
    shown = {c[1:] for c in cells if c.startswith("'")}
    assert shown >= set(HOSTILE)


def _assert_xlsx_safe(path: Path):
    """No formula in any sheet of the written file (``<f>`` in the XML), and the hostile texts are there as text."""
    import openpyxl

    with zipfile.ZipFile(path) as z:
        xml = "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml
    wb = openpyxl.load_workbook(path)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row]
    for h in HOSTILE:
        assert h in texts, h
    cells = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows(min_row=2)
        for c in row
        if c.value in HOSTILE
    ]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def _ledger():
    from placard.ledger import PATROL_HEADERS, SLOT_HEADERS, SUMMARY_HEADERS, Ledger

    def row(n, h):
        return tuple(h if i == 1 else f"x{i}" for i in range(n))

    return Ledger(
        dt.date(2026, 11, 23),
        slots=[row(len(SLOT_HEADERS), h) for h in HOSTILE],
        summary=[row(len(SUMMARY_HEADERS), h) for h in HOSTILE],
        patrols=[tuple(h if name == "Note" else "x" for name in PATROL_HEADERS) for h in HOSTILE],
        sheets=(("播放", "plays", ("a", "b"), [("x", h) for h in HOSTILE]),),
    )


def test_ledger_csv_files_never_carry_a_live_formula(tmp_path):
    from placard.ledger import write_csv

    paths = write_csv(_ledger(), tmp_path / "ledger.csv")
    assert len(paths) == 4  # slots, summary, patrols, plays
    for p in paths:
        _assert_csv_safe(_csv_cells(p))
    notes = [r[list(_csv_cells(paths[2])[0]).index("Note")] for r in _csv_cells(paths[2])[1:]]
    assert notes == ["'" + h for h in HOSTILE]  # a patrol note "  =1+1" is shown as text


def test_ledger_xlsx_never_carries_a_live_formula(tmp_path):
    from placard.ledger import write_xlsx

    (p,) = write_xlsx(_ledger(), tmp_path / "ledger.xlsx")
    _assert_xlsx_safe(p)


def _order_rows():
    from placard.printorder import Row

    return [
        Row(f"f{i}.pdf", "set", "id", h, "A3", "297×420", 3.0, "paper", h, 1, 0, 0.12, h, "ABC")
        for i, h in enumerate(HOSTILE)
    ]


def test_print_order_csv_and_xlsx_never_carry_a_live_formula(tmp_path):
    from placard.printorder import write_csv, write_xlsx

    write_csv(_order_rows(), tmp_path / "order.csv")
    _assert_csv_safe(_csv_cells(tmp_path / "order.csv"))
    write_xlsx(_order_rows(), tmp_path / "order.xlsx", tmp_path / "order.xlsx")
    _assert_xlsx_safe(tmp_path / "order.xlsx")


def test_scan_report_csv_never_carries_a_live_formula():
    from placard.commands.scans import render_csv

    rows = [
        SimpleNamespace(
            code="ABC234",
            scans=1,
            visitors=1,
            failed=0,
            first=None,
            last=None,
            target=SimpleNamespace(
                item_id=h,
                kind="slogan",
                title=h,
                list_id="l",
                list_name=h,
                location=h,
                slot_id="s",
                status="approved",
            ),
        )
        for h in HOSTILE
    ]
    cells = list(csv.reader(io.StringIO(render_csv(SimpleNamespace(codes=rows), "https://h/"))))
    _assert_csv_safe(cells)


# ----------------------------------------------------------------- QR payloads keep the site's sub-path


@pytest.mark.parametrize(
    "site, expected",
    [
        ("https://wm.example.cn/sub/", "HTTPS://WM.EXAMPLE.CN/sub/Q/ABC234/"),
        ("https://wm.example.cn/sub", "HTTPS://WM.EXAMPLE.CN/sub/Q/ABC234/"),
        ("https://wm.example.cn/a/Wenming/", "HTTPS://WM.EXAMPLE.CN/a/Wenming/Q/ABC234/"),
        ("https://wm.example.cn/", "HTTPS://WM.EXAMPLE.CN/Q/ABC234/"),
        ("http://wm.example.cn:8080/x/", "HTTP://WM.EXAMPLE.CN:8080/x/Q/ABC234/"),
    ],
)
def test_a_code_leads_to_the_site_under_its_sub_path(site, expected):
    from placard.posters.qr import code_url

    assert code_url(site, "ABC234") == expected


def test_a_scanned_code_finds_its_redirect_page_under_the_sub_path(tmp_path):
    """What a phone opens (the payload) is where the site puts the redirect page (Q/<CODE>/ under site_url)."""
    from placard.load import load_campaign
    from placard.posters.plan import make_plan
    from placard.posters.qr import item_code, redirect_uri

    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text("utf-8").replace(
            "site_url: https://wm.guangming.example.cn/",
            "site_url: https://wm.guangming.example.cn/wenming/",
        ),
        "utf-8",
    )
    campaign = load_campaign(root, TODAY).campaign
    plan = make_plan(campaign)
    urls = {code: url for code, (_item, url, _slot) in plan.codes.items()}
    assert urls
    code = item_code("slogan", "civility-01")
    assert urls[code] == f"HTTPS://WM.GUANGMING.EXAMPLE.CN/wenming/Q/{code}/"
    assert redirect_uri(code) == f"Q/{code}/index.md"


# ----------------------------------------------------------------- the placement-list cache and the code


def _forge(cache_file: Path, key: bytes, code: str | None = None, min_public=(0, 1)) -> None:
    """Rewrite placard's own cache file: every list asks for ``min_public`` (0: anything passes), under ``code``."""
    magic = b"placard-sealed-1 "
    data = cache_file.read_bytes()
    assert data.startswith(magic)
    body = data.split(b"\n", 1)[1]
    cache = marshal.loads(body)
    if code is not None:
        cache["code"] = code
    for entry in cache["entries"].values():
        entry[1][6][0] = list(min_public)
    body = marshal.dumps(cache)
    mac = hmac.new(key, b"placements-1\0" + body, hashlib.sha256).hexdigest().encode()
    cache_file.write_bytes(magic + mac + b"\n" + body)


def test_a_cache_made_by_other_code_is_not_used(tmp_path, monkeypatch):
    """A sealed entry that says 'anything passes' is used only if the code that made it is this code."""
    import placard.cachesafe as cs

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cs.local_key.cache_clear()
    try:
        root = small_campaign(tmp_path / "c")
        write(root / "posters/placements/flags.yml", HEAD + slots_yaml(1, 9))
        cache_file = root / ".cache/placard/placements.bin"
        assert main(["check", str(root), "--date", str(TODAY)]) == 1
        key = (tmp_path / "xdg/placard/cache.key").read_bytes()
        written_code = marshal.loads(cache_file.read_bytes().split(b"\n", 1)[1])["code"]
        assert isinstance(written_code, str) and len(written_code) > 20

        # control: a forgery under the code key placard itself wrote is read (so the check below means something)
        _forge(cache_file, key)
        assert findings(root, "ratio.share") == []

        # the same forgery under another code's key is a miss: the list is read again and fails
        _forge(cache_file, key, code="0" * 64 + written_code[64:])
        assert len(findings(root, "ratio.share")) == 1

        # placard's code changes (a new version): what the old code cached is a miss
        _forge(cache_file, key, code=written_code)
        assert findings(root, "ratio.share") == []  # the old code would still use it
        pkg = tmp_path / "pkg"
        shutil.copytree(cs.PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
        model = pkg / "model.py"
        model.write_text(model.read_text("utf-8") + "\n# a new version\n", "utf-8")
        monkeypatch.setattr(cs, "PACKAGE", pkg)
        cs.code_key.cache_clear()
        assert len(findings(root, "ratio.share")) == 1
    finally:
        cs.local_key.cache_clear()
        cs.code_key.cache_clear()
