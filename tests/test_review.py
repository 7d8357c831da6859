"""Approvals that hold (issue 23): sign-offs bound to the published text, the trail, the 审核表."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pypdf
from checks_support import TODAY, guide, make_campaign, slogan, write
from conftest import REPO, copy_example, run_placard

from placard.engine import check_campaign
from placard.review.content import published_hash
from placard.review.state import public_view
from placard.review.write import append

DATE = ["--date", TODAY.isoformat()]
REVIEW_CFG = """    review:
      levels: [初审, 复审, 终审]
      grades: {普通: [初审, 复审], 重要: [初审, 复审, 终审], 敏感: [初审, 复审, 终审]}
      distinct_people: true
"""


def _rules(root: Path, today=TODAY):
    return check_campaign(root, today)


def _by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule]


def _sign(root: Path, item: str, level: str, by: str, decision: str = "通过", **kw) -> None:
    proc = run_placard(
        "review",
        "approve" if decision == "通过" else "reject",
        item,
        root,
        "--level",
        level,
        "--by",
        by,
        *(a for k, v in kw.items() for a in (f"--{k}", v)),
        *DATE,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _reviewed_campaign(tmp_path: Path, cfg: str = REVIEW_CFG) -> Path:
    root = make_campaign(tmp_path / "c", slogans={"s1": "文明出行，安全你我"}, lint=cfg)
    write(
        root / "slogans" / "s1.md",
        slogan("文明出行，安全你我").replace("status: approved", "status: draft"),
    )
    return root


# --- the one-character edit, through real builds --------------------------------------------------------


def _slogan_page(site: Path) -> str:
    return (site / "s" / "traffic-01" / "index.html").read_text(encoding="utf-8")


def test_one_character_edit_is_not_published_before_its_signoffs(tmp_path):
    root = copy_example(tmp_path / "campaign")
    shutil.copytree(REPO / "reviews", root / "reviews")
    md = root / "slogans" / "traffic-01.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("安全每一天", "安全每一日"), encoding="utf-8"
    )

    proc = run_placard("check", root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "[review.changed]" in out and "slogans/traffic-01.md" in out
    assert "-text: 礼让斑马线，安全每一天" in out and "+text: 礼让斑马线，安全每一日" in out

    site = root / "site"
    proc = run_placard("build", root, "--out", site, "--no-posters", "--no-staff")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = _slogan_page(site)
    assert "安全每一天" in page
    every_page = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html")
    )
    every_page += "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.json")
    )
    assert "安全每一日" not in every_page

    _sign(root, "traffic-01", "初审", "张三", role="科员")
    proc = run_placard("build", root, "--out", site, "--no-posters", "--no-staff")
    assert proc.returncode == 0
    assert "安全每一日" not in _slogan_page(site)  # one of the two levels 普通 needs is not enough

    _sign(root, "traffic-01", "复审", "李四", role="科长")
    assert not _by_rule(check_campaign(root), "review.changed")
    proc = run_placard("build", root, "--out", site, "--no-posters", "--no-staff")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = _slogan_page(site)
    assert "安全每一日" in page and "安全每一天" not in page


def test_an_edited_guide_keeps_its_approved_title_and_body(tmp_path):
    root = make_campaign(tmp_path / "c", guides={"g": "## 第一条\n\n排队守秩序。\n"})
    assert run_placard("review", "adopt", root, *DATE).returncode == 0
    write(root / "docs" / "guides" / "g.md", guide("## 第一条\n\n排队不守秩序。\n", title="新标题"))
    view, restored = public_view(check_campaign(root, TODAY).campaign)
    assert restored == {"g"}
    (g,) = view.guides
    assert g.title == "文明指南" and "排队守秩序" in g.body and g.approval.is_published(TODAY)


def test_a_never_approved_item_with_records_is_not_published(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三")
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert not view.slogans[0].approval.is_published(TODAY)
    _sign(root, "s1", "复审", "李四")
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert view.slogans[0].approval.is_published(TODAY)
    assert view.slogans[0].approval.approved_by == "李四"


def test_a_return_and_a_withdrawal_take_the_item_off(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三")
    _sign(root, "s1", "复审", "李四")
    _sign(root, "s1", "复审", "李四", decision="退回", comment="措辞再斟酌")
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert not view.slogans[0].approval.is_published(TODAY)
    _sign(root, "s1", "复审", "李四")
    proc = run_placard(
        "review", "withdraw", "s1", root, "--reason", "活动结束", "--by", "李四", *DATE
    )
    assert proc.returncode == 0, proc.stderr
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert not view.slogans[0].approval.is_published(TODAY)
    proc = run_placard("review", "show", "s1", root, *DATE)
    assert "活动结束" in proc.stdout and "withdraw" in proc.stdout


# --- the trail ------------------------------------------------------------------------------------------


def test_a_hand_edited_record_is_reported_with_file_and_line(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三", comment="同意")
    _sign(root, "s1", "复审", "李四", comment="同意")
    path = root / "reviews" / "s1.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    path.write_text(text.replace('by: "张三"', 'by: "王五"'), encoding="utf-8")
    (t,) = _by_rule(_rules(root), "review.tampered")
    first = [i for i, line in enumerate(lines, 1) if line.startswith("- ")][0]
    assert (t.file, t.line, t.is_error) == ("reviews/s1.yml", first, True)

    # reordered: the two records swapped, each unchanged
    blocks = text.split("\n- ")
    path.write_text(
        "\n- ".join([blocks[0], blocks[2].rstrip("\n"), blocks[1]]) + "\n", encoding="utf-8"
    )
    (t,) = _by_rule(_rules(root), "review.tampered")
    swapped = path.read_text(encoding="utf-8").splitlines()
    first_prev = next(i for i, line in enumerate(swapped, 1) if line.startswith("  prev:"))
    assert (t.file, t.line, t.field) == (
        "reviews/s1.yml",
        first_prev,
        "prev",
    )  # the first record's 'prev'
    proc = run_placard("build", root, "--out", root / "site", "--no-posters", "--no-staff", *DATE)
    assert proc.returncode == 1 and "review.tampered" in proc.stdout + proc.stderr
    assert not (root / "site").exists()


def test_the_review_command_refuses_to_add_to_a_tampered_file_and_links(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三")
    path = root / "reviews" / "s1.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("张三", "王五"), encoding="utf-8")
    before = path.read_bytes()
    proc = run_placard("review", "approve", "s1", root, "--level", "复审", "--by", "李四", *DATE)
    assert proc.returncode == 1 and "review.tampered" in proc.stderr
    assert path.read_bytes() == before

    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.rmtree(root / "reviews")
    (root / "reviews").symlink_to(other)
    proc = run_placard("review", "approve", "s1", root, "--level", "初审", "--by", "张三", *DATE)
    assert proc.returncode == 1 and "reviews" in proc.stderr
    assert list(other.iterdir()) == []


# --- bad input, each its finding -----------------------------------------------------------------------


def _record(root: Path, item: str, **fields) -> None:
    base = {
        "action": "sign-off",
        "level": "初审",
        "by": "张三",
        "decision": "通过",
        "time": "2026-11-01T09:00:00+08:00",
        "hash": "sha256:0",
    }
    append(root, item, {**base, **fields})


def test_a_signoff_for_an_unknown_item_or_level(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _record(root, "nosuch")
    _record(root, "s1", level="四审")
    r = _rules(root)
    (unknown,) = _by_rule(r, "review.unknown-item")
    assert (unknown.file, unknown.line) == ("reviews/nosuch.yml", 3)
    (level,) = _by_rule(r, "review.unknown-level")
    assert level.file == "reviews/s1.yml" and level.line == 6 and "四审" in level.message


def test_a_level_the_grade_does_not_need(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _record(root, "s1", level="终审")
    (f,) = _by_rule(_rules(root), "review.level-not-needed")
    assert f.file == "reviews/s1.yml" and f.line == 6 and "终审" in f.message
    proc = run_placard("review", "approve", "s1", root, "--level", "终审", "--by", "赵六", *DATE)
    assert proc.returncode == 1 and "终审" in proc.stderr


def test_the_same_person_on_two_levels(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _record(root, "s1", level="初审", by="张三")
    _record(root, "s1", level="复审", by="张三")
    (f,) = _by_rule(_rules(root), "review.same-person")
    assert f.file == "reviews/s1.yml" and f.line == 15 and "张三" in f.message and f.is_error

    root2 = _reviewed_campaign(
        tmp_path / "two", cfg=REVIEW_CFG.replace("distinct_people: true", "distinct_people: false")
    )
    _record(root2, "s1", level="初审", by="张三")
    _record(root2, "s1", level="复审", by="张三")
    assert not _by_rule(_rules(root2), "review.same-person")


def test_a_record_dated_in_the_future(tmp_path):
    root = _reviewed_campaign(tmp_path)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0).isoformat()
    _record(root, "s1", time=later)
    (f,) = _by_rule(_rules(root), "review.future")
    assert f.file == "reviews/s1.yml" and f.line == 9 and f.is_error


def test_malformed_records(tmp_path):
    root = _reviewed_campaign(tmp_path)
    write(
        root / "reviews" / "s1.yml",
        'item: "s1"\nrecords:\n- action: "sign-off"\n  level: "初审"\n'
        '  time: "yesterday"\n  seal: "x"\n',
    )
    (f,) = _by_rule(_rules(root), "review.malformed")
    assert f.file == "reviews/s1.yml" and f.line in (3, 5)
    write(root / "reviews" / "s1.yml", "item: s1\nrecords: [\n")
    (f,) = _by_rule(_rules(root), "review.malformed")
    assert f.file == "reviews/s1.yml" and f.line == 3
    write(
        root / "reviews" / "s1.yml",
        'item: "s1"\nrecords:\n- action: "sign-off"\n  by: "张三"\n'
        '  time: "2026-11-01T09:00:00"\n  seal: "x"\n',
    )
    (f,) = _by_rule(_rules(root), "review.malformed")
    assert (f.line, f.field) == (5, "time")  # a time without its zone
    write(
        root / "reviews" / "s1.yml",
        'item: "s1"\nrecords:\n- action: "sign-off"\n  by: "张三"\n'
        '  time: "2026-11-01T09:00:00+08:00"\n  seal: "x"\n',
    )
    (f,) = _by_rule(_rules(root), "review.malformed")
    assert (f.line, f.field) == (3, "level")  # a sign-off names its level


def test_review_settings_are_checked_with_file_and_line(tmp_path):
    root = _reviewed_campaign(
        tmp_path,
        cfg="    review:\n      levels: [初审, 复审]\n      grdes: {}\n"
        "      distinct_people: yes-please\n",
    )
    r = _rules(root)
    unknown = [f for f in r.findings if f.rule == "config.unknown-key"]
    assert unknown and unknown[0].file == "mkdocs.yml" and unknown[0].line == 11
    assert unknown[0].field == "extra.placard.review.grdes"
    bad = [
        f
        for f in r.findings
        if f.rule == "config.bad-value" and "distinct_people" in (f.field or "")
    ]
    assert bad and bad[0].line == 12

    root = _reviewed_campaign(
        tmp_path / "g", cfg="    review:\n      grades: {普通: [初审, 五审]}\n"
    )
    (f,) = [f for f in _rules(root).findings if f.rule == "config.bad-value"]
    assert f.line == 10 and "五审" in f.message


def test_an_item_grade_must_be_a_configured_grade(tmp_path):
    root = _reviewed_campaign(tmp_path)
    write(root / "slogans" / "s1.md", slogan("文明出行，安全你我", extra="grade: 绝密\n"))
    (f,) = _by_rule(_rules(root), "review.grade")
    assert (f.file, f.line, f.field) == ("slogans/s1.md", 7, "grade")


def test_an_important_item_needs_three_levels(tmp_path):
    root = _reviewed_campaign(tmp_path)
    write(
        root / "slogans" / "s1.md",
        slogan("文明出行，安全你我", extra="grade: 重要\n").replace(
            "status: approved\napproved_by: 王丽\napproved_on: 2026-09-11\n", "status: draft\n"
        ),
    )
    _sign(root, "s1", "初审", "张三")
    _sign(root, "s1", "复审", "李四")
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert not view.slogans[0].approval.is_published(TODAY)
    proc = run_placard("review", "pending", root, "--level", "终审", *DATE)
    assert "s1" in proc.stdout
    _sign(root, "s1", "终审", "赵六")
    view, _ = public_view(check_campaign(root, TODAY).campaign)
    assert view.slogans[0].approval.is_published(TODAY)


# --- migration -----------------------------------------------------------------------------------------


def test_legacy_approvals_keep_building_with_a_warning_and_adopt_writes_records(tmp_path):
    root = make_campaign(
        tmp_path / "c", slogans={"a": "文明出行，安全你我", "b": "垃圾分类，人人有责"}
    )
    r = _rules(root)
    (f,) = _by_rule(r, "review.legacy")
    assert not f.is_error and f.file is None and "placard review adopt" in f.fix
    assert "slogans/a.md" in f.message
    assert r.ok
    view, _ = public_view(r.campaign)
    assert all(s.approval.is_published(TODAY) for s in view.slogans)

    proc = run_placard("review", "adopt", root, *DATE)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["a.yml", "b.yml"]
    text = (root / "reviews" / "a.yml").read_text(encoding="utf-8")
    assert (
        'by: "王丽"' in text
        and '"2026-09-11T00:00:00+08:00"' in text
        and "文明出行，安全你我" in text
    )
    r = _rules(root)
    assert not _by_rule(r, "review.legacy") and r.ok
    view, _ = public_view(r.campaign)
    assert all(s.approval.is_published(TODAY) for s in view.slogans)


def test_the_example_campaign_has_its_records_and_is_clean_of_review_findings():
    r = check_campaign(REPO)
    assert r.ok
    assert not [f for f in r.findings if f.rule.startswith("review.")]


def test_the_hash_covers_what_residents_see_only(tmp_path):
    root = make_campaign(tmp_path / "c", slogans={"a": "文明出行|安全你我"})
    item = check_campaign(root, TODAY).campaign.slogans[0]
    write(root / "slogans" / "a.md", slogan("文明出行|安全你我", extra="tags: [新标签]\n"))
    assert published_hash(check_campaign(root, TODAY).campaign.slogans[0]) == published_hash(item)
    write(root / "slogans" / "a.md", slogan("文明出行安全|你我"))  # the poster breaks elsewhere
    assert published_hash(check_campaign(root, TODAY).campaign.slogans[0]) != published_hash(item)
    write(root / "slogans" / "a.md", slogan("文明出行|安全你我", extra="valid_to: 2026-12-31\n"))
    assert published_hash(check_campaign(root, TODAY).campaign.slogans[0]) != published_hash(item)


# --- the 审核表 ----------------------------------------------------------------------------------------


def test_the_form_as_pdf_and_xlsx(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三", role="科员", comment='=HYPERLINK("http://x")')
    _sign(root, "s1", "复审", "李四", role="科长", comment="同意发布")
    pdf = tmp_path / "form.pdf"
    proc = run_placard("review", "form", "s1", "--dir", root, "--out", pdf, *DATE)
    assert proc.returncode == 0, proc.stderr
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = reader.pages[0].extract_text()
    for want in (
        "信息发布审核表",
        "文明出行，安全你我",
        "张三",
        "李四",
        "科长",
        "同意发布",
        "初审",
        "复审",
        "签字",
    ):
        assert want in text, want

    xlsx = tmp_path / "form.xlsx"
    assert (
        run_placard("review", "form", "--all", "--dir", root, "--out", xlsx, *DATE).returncode == 0
    )
    ws = openpyxl.load_workbook(xlsx)["s1"]
    rows = [[c for c in row] for row in ws.iter_rows()]
    values = [[c.value for c in row] for row in rows]
    assert ["发布内容", "内容：文明出行，安全你我\n发布起始：—\n发布截止：—"] == values[7][:2]
    signs = {r[0]: r for r in values if r[0] in ("初审", "复审")}
    assert signs["初审"][1:4] == ["张三", "科员", "通过"] and signs["复审"][1:5] == [
        "李四",
        "科长",
        "通过",
        "同意发布",
    ]
    cell = next(c for row in rows for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s" and cell.quotePrefix

    proc = run_placard(
        "review", "form", "s1", "--dir", root, "--out", tmp_path / "form.docx", *DATE
    )
    assert proc.returncode == 1 and ".pdf" in proc.stderr


# --- the fast reader reads what the YAML reader reads ---------------------------------------------------

from hypothesis import example, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from placard.review import records as records_mod  # noqa: E402


@hsettings(max_examples=60, deadline=None)
@given(
    comment=st.text(max_size=40),
    by=st.text(min_size=1, max_size=12).filter(lambda s: s.strip()),
    points=st.lists(st.text(max_size=10), max_size=3),
)
@example(comment='"=HYPERLINK("x")\\', by="张三", points=["a\u2028b"])
@example(comment="\x7f", by="0\x85", points=[])  # DEL and NEL: YAML does not take them raw
@example(comment='line\nbreak: "quoted" # not a comment', by=" 李四 ", points=[])
def test_the_fast_reader_matches_the_yaml_reader(tmp_path_factory, comment, by, points):
    root = tmp_path_factory.mktemp("fast")
    append(
        root,
        "x1",
        {
            "action": "sign-off",
            "level": "初审",
            "by": by,
            "decision": "通过",
            "comment": comment,
            "time": "2026-11-01T09:00:00+08:00",
            "hash": "sha256:0",
            "content": {"kind": "guide", "title": by, "key_points": points, "valid_to": None},
        },
    )
    path = root / "reviews" / "x1.yml"
    fast = records_mod._fast_file(path.read_text(encoding="utf-8"), "reviews/x1.yml", "x1")
    found: list = []
    original = records_mod._fast_file
    records_mod._fast_file = lambda *a: None
    try:
        slow = records_mod.read_file(path, "reviews/x1.yml", found)
    finally:
        records_mod._fast_file = original
    assert found == [] and slow is not None
    if fast is not None:  # the fast reader may decline (the YAML reader then decides), never differ
        assert fast == slow


def test_the_cache_never_hides_a_hand_edit(tmp_path):
    import time

    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三")
    time.sleep(
        3.2
    )  # files changed in the last 3 s are not cached (they may change again within a clock tick)
    assert not _by_rule(_rules(root), "review.tampered")
    assert (root / ".cache" / "placard" / "reviews.bin").is_file()
    path = root / "reviews" / "s1.yml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('by: "张三"', 'by: "王五"')
    assert len(edited.encode()) == len(text.encode())  # the same size
    path.write_text(edited, encoding="utf-8")
    (t,) = _by_rule(_rules(root), "review.tampered")
    assert t.file == "reviews/s1.yml"


def test_the_cache_sees_a_record_file_removed_or_added(tmp_path):
    """The usual re-check compares the folder's names and every file's stat with the cache's in one go:
    a file removed or added since is seen as such."""
    import shutil
    import time

    root = make_campaign(
        tmp_path / "c", slogans={"s1": "文明出行，安全你我", "s2": "礼让斑马线，文明你我他"}, lint=REVIEW_CFG
    )
    for sid in ("s1", "s2"):
        p = root / "slogans" / f"{sid}.md"
        write(p, p.read_text(encoding="utf-8").replace("status: approved", "status: draft"))
    for by, level in (("张三", "初审"), ("李四", "复审")):
        _sign(root, "s1", level, by)
    time.sleep(3.2)  # files changed in the last 3 s are not cached
    assert public_view(_rules(root).campaign)[0].item("s1").approval.status == "approved"
    assert (root / ".cache" / "placard" / "reviews.bin").is_file()
    assert public_view(_rules(root).campaign)[0].item("s1").approval.status == "approved"  # from the cache

    moved = tmp_path / "s1.yml"
    shutil.move(root / "reviews" / "s1.yml", moved)  # removed: s1 has no sign-offs, it is not published
    assert public_view(_rules(root).campaign)[0].item("s1").approval.status == "draft"

    shutil.move(moved, root / "reviews" / "s1.yml")
    shutil.copy(root / "reviews" / "s1.yml", root / "reviews" / "s2.yml")  # added: records of s1 in s2's file
    result = _rules(root)
    assert public_view(result.campaign)[0].item("s1").approval.status == "approved"
    assert public_view(result.campaign)[0].item("s2").approval.status == "draft"
    assert [(f.rule, f.file, f.line) for f in result.findings if f.rule.startswith("review.")] == [
        ("review.malformed", "reviews/s2.yml", 3)  # named for s2, holds the records of s1
    ]


def _review_findings(result) -> list[tuple]:
    return sorted(
        (f.rule, f.file, f.line, f.context or "")
        for f in result.findings
        if f.rule.startswith("review.")
    )


def test_a_recheck_from_the_cache_finds_what_the_records_say(tmp_path):
    """A re-check takes each trail's summary from the cache and its records only when it needs them (a
    sign-off that cannot count, an edited item's diff); without the cache's records file the files are read
    again. Either way the findings are those of the records."""
    import time

    from placard.review.content import projection

    root = _reviewed_campaign(tmp_path)
    item = check_campaign(root, TODAY).campaign.item("s1")
    signed = {"hash": published_hash(item), "content": projection(item)}
    _record(root, "s1", level="初审", by="张三", **signed)
    _record(root, "s1", level="复审", by="张三", **signed)
    time.sleep(3.2)  # files changed in the last 3 s are not cached
    first = _review_findings(_rules(root))
    cache = root / ".cache" / "placard"
    assert (cache / "reviews.bin").is_file() and (cache / "reviews-records.bin").is_file()
    again = _review_findings(_rules(root))
    assert again == first
    assert [(rule, file, line) for rule, file, line, _ in again] == [
        ("review.same-person", "reviews/s1.yml", 20)  # the second record's 'by' (after 13 lines of the first)
    ]

    md = root / "slogans" / "s1.md"
    md.write_text(md.read_text(encoding="utf-8").replace("安全你我", "安全大家"), encoding="utf-8")
    edited = _review_findings(_rules(root))
    (changed,) = [f for f in edited if f[0] == "review.changed"]
    assert changed[1] == "slogans/s1.md"
    assert "-text: 文明出行，安全你我" in changed[3] and "+text: 文明出行，安全大家" in changed[3]
    (cache / "reviews-records.bin").unlink()
    assert _review_findings(_rules(root)) == edited


# --- the ledger and the staff site name the approval record -------------------------------------------


def _slot_row(root: Path, ref: str) -> dict:
    from placard.ledger import ledger_rows

    campaign = check_campaign(root).campaign
    view, _ = public_view(campaign)
    led = ledger_rows(view, campaign.today)
    rows = [dict(zip(led.slot_headers, r, strict=True)) for r in led.slots]
    return next(r for r in rows if r["内容编号"] == ref)


def test_the_ledger_names_the_approval_record_of_each_placed_item(tmp_path):
    legacy = copy_example(tmp_path / "legacy")
    assert (
        _slot_row(legacy, "traffic-01")["审核记录"]
        == "slogans/traffic-01.md:5 区文明办 王丽 2026-09-11"
    )

    root = copy_example(tmp_path / "reviewed")
    shutil.copytree(REPO / "reviews", root / "reviews")
    assert (
        _slot_row(root, "traffic-01")["审核记录"]
        == "reviews/traffic-01.yml:5 全部审核 区文明办 王丽 2026-09-11"
    )
    md = root / "slogans" / "traffic-01.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("安全每一天", "安全每一日"), encoding="utf-8"
    )
    assert _slot_row(root, "traffic-01")["审核记录"].endswith("（现文本待审）")


def test_the_staff_page_shows_each_trail_escaped(tmp_path):
    from placard.site.registry import SiteOptions
    from placard.site.staff import approvals_page

    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三", role="<b>科员</b>", comment="<script>alert(1)</script>")
    campaign = check_campaign(root, TODAY).campaign
    view, _ = public_view(campaign)
    page = approvals_page(view, SiteOptions(today=TODAY))
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )
    assert "&lt;b&gt;科员&lt;/b&gt;" in page
    assert "reviews/s1.yml:5" in page and "待审：复审" in page


@hsettings(max_examples=80, deadline=None)
@given(
    pieces=st.lists(
        st.text(min_size=1, max_size=8).filter(lambda s: s.strip() and "|" not in s),
        min_size=1,
        max_size=3,
    ),
    vf=st.none() | st.dates(),
    vt=st.none() | st.dates(),
)
@example(pieces=['"引号\\反斜杠\x00\u2028'], vf=None, vt=dt.date(2026, 12, 31))
def test_the_slogan_hash_written_out_is_the_general_one(pieces, vf, vt):
    from placard.model import Approval, Slogan, Source
    from placard.review.content import _slogan_canonical, canonical, hash_projection, projection

    text, breaks = "", []
    for p in pieces:
        if text:
            breaks.append(len(text))
        text += p.strip()
    item = Slogan(
        "x",
        text,
        "civility",
        Approval("approved", valid_from=vf, valid_to=vt),
        Source("s/x.md"),
        breaks=tuple(breaks),
    )
    assert _slogan_canonical(item) == canonical(projection(item))
    assert published_hash(item) == hash_projection(projection(item))


def test_the_form_is_never_written_over_the_sources(tmp_path):
    root = _reviewed_campaign(tmp_path)
    _sign(root, "s1", "初审", "张三")
    before = (root / "reviews" / "s1.yml").read_bytes()
    proc = run_placard(
        "review", "form", "s1", "--dir", root, "--out", root / "reviews" / "s1.pdf", *DATE
    )
    assert proc.returncode == 1 and "reviews" in proc.stderr
    assert not (root / "reviews" / "s1.pdf").exists()
    assert (root / "reviews" / "s1.yml").read_bytes() == before
