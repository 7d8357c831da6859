"""placard patrols add (a record without writing YAML), the words records are written in
(match and add use the campaign's own: 完好 or ok), and a slot's shown state beside an open problem."""

from __future__ import annotations

import datetime as dt

from conftest import run_placard, write
from test_patrols import TODAY, campaign_dir, photo, records, weekly

from placard.cli import main
from placard.load import load_campaign
from placard.patrols.state import campaign_patrols


def add(root, *args: str):
    return run_placard("--lang", "en", "patrols", "add", root, *args)


def test_add_appends_to_the_lists_own_file_in_its_words_and_the_record_loads(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(
        root,
        "list: avenue\ninspector: 李娜\nrecords:\n"
        "  - {date: 2026-10-06, status: 完好}\n  - {date: 2026-10-13, status: 完好}\n",
        "avenue.yml",
    )
    other = records(
        root, "- {date: 2026-10-07, list: avenue, inspector: 王, status: 完好}\n", "other.yml"
    )
    before_other = other.read_bytes()
    proc = add(
        root,
        "--list",
        "avenue",
        "--slot",
        "p01",
        "--status",
        "damaged",
        "--note",
        "下沿撕裂",
        "--date",
        "2026-10-20",
    )
    assert proc.returncode == 0, proc.stderr
    text = (root / "posters/patrols/avenue.yml").read_text("utf-8")
    assert text.endswith(
        '  - {date: 2026-10-20, slot: "p01", inspector: "李娜", status: "破损", note: "下沿撕裂"}\n'
    )
    assert other.read_bytes() == before_other
    c = load_campaign(root, dt.date(2026, 10, 21)).campaign
    rec = [r for r in c.patrols.records if r.day == dt.date(2026, 10, 20)]
    assert [(r.slot, r.status, r.inspector, r.note) for r in rec] == [
        ("p01", "damaged", "李娜", "下沿撕裂")
    ]


def test_add_writes_english_words_where_the_records_use_them_and_makes_a_file_when_none_exists(
    tmp_path,
):
    root = campaign_dir(tmp_path / "c")
    records(
        root,
        "- {date: 2026-10-06, list: avenue, inspector: Li, status: ok}\n"
        "- {date: 2026-10-13, list: avenue, inspector: Li, status: ok}\n",
        "log.yml",
    )
    photo(root, "x.jpg", dt.datetime(2026, 10, 20, 9))
    proc = add(
        root,
        "--list",
        "avenue",
        "--status",
        "完好",
        "--inspector",
        "Li",
        "--photo",
        "x.jpg",
        "--date",
        "2026-10-20",
    )
    assert proc.returncode == 0, proc.stderr
    made = (root / "posters/patrols/avenue.yml").read_text("utf-8")
    assert 'status: "ok"' in made and 'photos: ["x.jpg"]' in made and 'list: "avenue"' in made


def test_add_copies_a_photo_from_elsewhere_into_the_photo_folder(tmp_path):
    root = campaign_dir(tmp_path / "c")
    outside = photo(tmp_path / "phone", "IMG_1.jpg", dt.datetime(2026, 10, 20, 9))
    proc = add(
        root,
        "--list",
        "avenue",
        "--status",
        "脏污",
        "--inspector",
        "李娜",
        "--photo",
        str(outside),
        "--date",
        "2026-10-20",
    )
    assert proc.returncode == 0, proc.stderr
    copied = root / "posters/patrols/photos/2026-10/IMG_1.jpg"
    assert copied.read_bytes() == outside.read_bytes()
    assert 'photos: ["2026-10/IMG_1.jpg"]' in (root / "posters/patrols/avenue.yml").read_text(
        "utf-8"
    )


def test_add_refuses_bad_input_with_a_message_and_writes_nothing(tmp_path):
    root = campaign_dir(tmp_path / "c")
    folder = root / "posters/patrols"
    cases = [
        (
            ["--list", "nope", "--status", "完好", "--inspector", "李"],
            "'nope' is not a placement list; lists: avenue",
        ),
        (
            ["--list", "avenue", "--slot", "p9", "--status", "完好", "--inspector", "李"],
            "list 'avenue' has no slot 'p9'; its slots: p01, p02, p03",
        ),
        (
            ["--list", "avenue", "--status", "还行", "--inspector", "李"],
            "'还行' is not a patrol status: use 完好、破损、脏污、缺失、内容不符、已整改",
        ),
        (["--list", "avenue", "--status", "完好"], "say who patrolled: --inspector NAME"),
        (
            ["--list", "avenue", "--status", "完好", "--inspector", "李", "--date", "2027-01-05"],
            "2027-01-05 is outside list 'avenue''s period 2026-10-01 to 2026-12-31",
        ),
        (
            [
                "--list",
                "avenue",
                "--status",
                "完好",
                "--inspector",
                "李",
                "--photo",
                "none.jpg",
                "--date",
                "2026-10-20",
            ],
            "photo 'none.jpg' is neither a file nor one under posters/patrols/photos/",
        ),
    ]
    for args, message in cases:
        proc = add(root, *args)
        assert proc.returncode == 1 and message in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert not folder.exists() or not list(folder.glob("*.yml"))


def test_match_writes_the_words_the_records_already_use(tmp_path, capsys):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly())  # records say 完好
    photo(root, "inbox/a.jpg", dt.datetime(2026, 11, 26, 9))
    assert main(["patrols", "match", str(root), "--date", TODAY.isoformat(), "--write"]) == 0
    text = (root / "posters/patrols/matched-2026-11-26.yml").read_text("utf-8")
    assert 'status: "完好"' in text and '"ok"' not in text


def test_match_writes_english_where_the_records_are_english(tmp_path):
    root = campaign_dir(tmp_path / "c")
    records(root, weekly(status="ok"))
    photo(root, "inbox/a.jpg", dt.datetime(2026, 11, 26, 9))
    assert main(["patrols", "match", str(root), "--date", TODAY.isoformat(), "--write"]) == 0
    assert 'status: "ok"' in (root / "posters/patrols/matched-2026-11-26.yml").read_text("utf-8")


def test_a_slot_shows_its_open_problem_not_a_later_whole_list_ok(tmp_path):
    root = campaign_dir(tmp_path / "c")
    write(
        root / "posters/patrols/r.yml",
        weekly() + "- {date: 2026-11-10, list: avenue, slot: p01, inspector: 李娜, status: 破损}\n",
    )  # then 11-17 and 11-24: the whole list 完好
    c = load_campaign(root, TODAY).campaign
    lp = campaign_patrols(c)["avenue"]
    assert lp.slot_records("p01")[-1].status == "ok"  # the latest record is the whole-list 完好
    assert lp.slot_status("p01") == "damaged" and lp.slot_status("p02") == "ok"
    write(
        root / "posters/patrols/fix.yml",
        "- {date: 2026-11-25, list: avenue, slot: p01, inspector: 李娜, status: 已整改}\n",
    )
    c = load_campaign(root, TODAY).campaign
    assert campaign_patrols(c)["avenue"].slot_status("p01") == "fixed"
