"""The public site and the staff site apart: what each holds, and that no staff data is published.

The names, phone numbers and advertisers looked for come from the example's own placement lists,
so the tests follow the data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO, env, run_mkdocs, run_placard, write
from test_posters import MKDOCS, make_campaign

from placard.cli import main
from placard.load import load_campaign
from placard.posters import qr as Q
from placard.rules.approvals import approvals_report

pytestmark = pytest.mark.slow

PUBLIC_LIMIT = 10 * 1024 * 1024
PHONE = re.compile(r"\d[\d-]{6,}\d")
HAN = re.compile(r"[\u3400-\u9fff]")
TEXT_SUFFIXES = {".html", ".json", ".xml", ".txt", ".csv", ".js"}


@pytest.fixture(scope="module")
def example():
    return load_campaign(REPO).campaign


@pytest.fixture(scope="module")
def secrets(example) -> dict[str, set[str]]:
    """What the placement lists hold that the public must not see, read from the lists themselves."""
    out: dict[str, set[str]] = defaultdict(set)
    for pl in example.placements:
        out["list name"].add(pl.name)
        if pl.contact:
            out["contact"].add(pl.contact)
            out["phone"] |= set(PHONE.findall(pl.contact))
            # the people and offices in it: each part with Chinese in it ("王强", "中建某局项目部")
            out["contact part"] |= {w for w in pl.contact.split() if HAN.search(w) and len(w) >= 2}
        out["advertiser"] |= {s.advertiser for s in pl.slots if s.advertiser}
    assert out["phone"] and out["advertiser"] and out["contact part"], "the example lost its placement data"
    return out


@pytest.fixture(scope="module")
def staff(built_example) -> Path:
    """`placard build` (conftest's built_example) writes the staff site beside the public one."""
    return built_example.parent / "staff"


def _texts(site: Path):
    for p in sorted(site.rglob("*")):
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not p.name.endswith(".map"):
            yield p, p.read_text("utf-8", errors="replace")


def _search_text(site: Path) -> str:
    """The search index as readable text: jieba's word breaks (U+200B) removed, Chinese unescaped."""
    data = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return json.dumps(data, ensure_ascii=False).replace("\u200b", "")


# ----------------------------------------------------------------------- the public site


def test_public_site_has_no_placement_pages_and_no_placement_posters(built_example):
    assert not (built_example / "placements").exists()
    assert not list((built_example / "posters").glob("placement-*"))
    assert '"location":"placements/' not in _search_text(built_example)
    home = (built_example / "index.html").read_text("utf-8")
    assert "点位台账" not in home and 'href="placements/"' not in home


def test_public_site_holds_no_contact_phone_or_advertiser(built_example, secrets):
    search = _search_text(built_example)
    for what, values in secrets.items():
        for value in values:
            assert value not in search, f"the search index holds a {what}: {value}"
            for path, text in _texts(built_example):
                assert value not in text, f"{path.relative_to(built_example)} holds a {what}: {value}"


def test_public_home_page_has_no_draft_or_retired_counts(built_example, example):
    home = (built_example / "index.html").read_text("utf-8")
    assert "pl-summary-table" in home  # the summary is there, with published counts only
    assert "草稿" not in home and "已下架" not in home and "过期" not in home
    assert "草稿" not in _search_text(built_example)
    assert any(i.approval.status == "draft" for i in example.items())  # there were drafts to count


def test_every_printed_code_still_leads_somewhere_and_a_slot_page_names_no_list(built_example, example, secrets):
    """Slot codes stay in the public site (printed posters keep working) but tell nothing of the list."""
    slots = 0
    for pl in example.placements:
        for slot in pl.slots:
            if slot.kind != "public" or not slot.ref:
                continue
            page = built_example / Q.REDIRECT_DIR / Q.slot_code(pl.id, slot.id) / "index.html"
            assert page.is_file(), (pl.id, slot.id)
            html = page.read_text("utf-8")
            for value in (pl.name, pl.location, pl.id, slot.id, *secrets["contact part"], *secrets["phone"]):
                assert value not in html, (page, value)
            slots += 1
    assert slots >= 20
    for item in example.published(list(example.items())):
        assert (built_example / Q.REDIRECT_DIR / Q.item_code(item.kind, item.id) / "index.html").is_file()


def test_what_is_published(built_example, example, capsys):
    """All files of the public site, by top folder: only public sections, only public poster sets, small."""
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in built_example.rglob("*"):
        if p.is_file():
            top = p.relative_to(built_example).parts[0] if len(p.relative_to(built_example).parts) > 1 else "(root)"
            sizes[top][0] += 1
            sizes[top][1] += p.stat().st_size
    total = sum(s for _, s in sizes.values())
    with capsys.disabled():
        print("\npublic site, by top folder:")
        for top, (n, size) in sorted(sizes.items(), key=lambda kv: -kv[1][1]):
            print(f"  {top:<12} {n:>5} files {size / 1e6:8.2f} MB")
        print(f"  {'total':<12} {sum(n for n, _ in sizes.values()):>5} files {total / 1e6:8.2f} MB")
    assert set(sizes) <= {"(root)", "assets", "search", "s", "slogans", "guides", "ads", "Q", "posters", "tags",
                          "updated", "share", "actions"}, set(sizes)
    public_sets = set(example.config.raw["posters"]["public_sets"])
    assert {p.name for p in (built_example / "posters").iterdir() if p.is_dir()} == public_sets
    assert total <= PUBLIC_LIMIT, f"the public site is {total / 1e6:.1f} MB"


def test_public_poster_sets_are_offered_for_printing(built_example, example):
    name = example.config.raw["posters"]["public_sets"][0]
    gallery = (built_example / "posters" / "index.html").read_text("utf-8")
    pdfs = sorted((built_example / "posters" / name).glob("*.pdf"))
    assert pdfs and all(f'href="{name}/{p.name}"' in gallery for p in pdfs)
    assert "海报下载" in (built_example / "index.html").read_text("utf-8")  # in the public nav


# ----------------------------------------------------------------------- the staff site


def test_staff_site_is_beside_the_public_one_and_marked_internal(built_example, staff):
    assert staff.is_dir() and built_example not in staff.parents and staff.parent == built_example.parent
    pages = list(staff.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text("utf-8")
        head = html[: html.find("</head>")]
        assert '<meta name="robots" content="noindex' in head, page
        assert "内部资料 — 不对外公开" in html, page
    assert "Disallow: /" in (staff / "robots.txt").read_text("utf-8")
    assert not (staff / "sitemap.xml").exists()
    assert not (staff / "Q").exists() and not (staff / "s").exists()  # no public pages in it


def test_staff_site_has_the_placement_pages_with_contacts(staff, example, secrets):
    index = (staff / "placements" / "index.html").read_text("utf-8")
    assert '<svg class="pl-chart"' in index
    for pl in example.placements:
        page = (staff / "placements" / pl.id / "index.html").read_text("utf-8")
        if pl.contact:
            assert pl.contact in page
        for adv in {s.advertiser for s in pl.slots if s.advertiser}:
            assert adv in page
    home = (staff / "index.html").read_text("utf-8")
    for title in ("点位台账", "宣传海报", "台账下载", "审核与到期"):
        assert title in home


def test_staff_home_counts_drafts_and_retired(staff, example):
    home = (staff / "index.html").read_text("utf-8")
    drafts = sum(1 for i in example.items() if i.approval.status == "draft")
    assert "<th>草稿</th>" in home and "<th>已下架或过期</th>" in home
    assert f"待审核草稿 <strong>{drafts}</strong> 项" in home


def test_staff_gallery_has_every_print_file(staff, example):
    gallery = (staff / "posters" / "index.html").read_text("utf-8")
    for pl in example.placements:
        pdfs = list((staff / "posters" / f"placement-{pl.id}").glob("*.pdf"))
        assert pdfs, pl.id
        for p in pdfs:
            assert f'href="placement-{pl.id}/{p.name}"' in gallery
    for yml in (REPO / "posters").glob("*.yml"):
        if yml.name not in ("formats.yml", "templates.yml"):
            assert (staff / "posters" / yml.stem).is_dir(), yml.stem


def test_staff_ledger_downloads(staff, example):
    from openpyxl import load_workbook

    page = (staff / "ledger" / "index.html").read_text("utf-8")
    # the day the site was built (the session's build may have run before midnight, this test after)
    found = re.search(r'href="ledger-(\d{4}-\d{2}-\d{2})\.xlsx"', page)
    assert found, "the ledger page links no ledger-<date>.xlsx"
    day = found.group(1)
    assert day in {example.today.isoformat(), (example.today - dt.timedelta(days=1)).isoformat()}
    for name in (f"ledger-{day}.xlsx", f"ledger-{day}.csv", f"ledger-{day}-summary.csv", f"ledger-{day}-plays.csv"):
        assert f'href="{name}"' in page and (staff / "ledger" / name).is_file()
    wb = load_workbook(staff / "ledger" / f"ledger-{day}.xlsx")
    assert wb.sheetnames == ["台账", "汇总", "巡查记录", "播放"]  # the example's patrol records and LED play log
    assert wb["台账"].max_row - 1 == sum(len(pl.slots) for pl in example.placements)
    assert {r[0] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)} == {pl.id for pl in example.placements}


def test_staff_approvals_page(staff, example):
    page = (staff / "approvals" / "index.html").read_text("utf-8")
    waiting, expiring = approvals_report(example)
    assert waiting
    for row in [*waiting, *expiring]:
        assert f"<code>{row.id}</code>" in page and row.file in page


# ----------------------------------------------------------------------- settings and commands


def test_unknown_public_set_is_a_finding_with_line_and_fix(campaign, capsys):
    mk = campaign / "mkdocs.yml"
    text = mk.read_text("utf-8")
    mk.write_text(text.replace("public_sets: [traffic-a3]", "public_sets: [trafic-a3, placement-fenghuang-hoarding]"),
                  "utf-8")
    line = next(i for i, t in enumerate(mk.read_text("utf-8").splitlines(), 1) if "public_sets:" in t)
    assert main(["check", str(campaign)]) == 0  # nothing leaks: the names publish nothing
    out = capsys.readouterr().out
    assert f"mkdocs.yml:{line}: warning [poster.config] field 'extra.placard.posters.public_sets'" in out
    assert "did you mean 'traffic-a3'?" in out
    assert "'placement-fenghuang-hoarding'" in out and "staff only" in out


def test_staff_dir_inside_the_public_site_or_docs_is_a_finding(campaign, capsys):
    mk = campaign / "mkdocs.yml"
    text = mk.read_text("utf-8")
    for bad in ("site/staff", "docs/staff", "."):
        mk.write_text(text.replace("  placard:\n", f"  placard:\n    staff_dir: {bad}\n", 1), "utf-8")
        assert main(["check", str(campaign)]) == 1, bad
        out = capsys.readouterr().out
        assert "error [staff.dir] field 'extra.placard.staff_dir'" in out, out


def test_build_options_no_staff_and_staff_out(tmp_path):
    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS.replace("posters: {system_fonts: false}",
                                                              "posters: {system_fonts: false, public_sets: [cards]}"))
    site = tmp_path / "site"
    proc = run_placard("build", root, "--out", site, "--staff-out", site / "staff", "--no-posters")
    assert proc.returncode == 1 and "inside the public site" in proc.stderr, proc.stderr
    assert not site.exists()  # nothing was built
    proc = run_placard("build", root, "--out", site, "--no-staff", "--no-posters")
    assert proc.returncode == 0, proc.stderr
    assert not (root / "staff").exists() and (site / "index.html").is_file()
    proc = run_placard("build", root, "--out", site, "--staff-out", tmp_path / "intern")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "intern" / "posters" / "cards" / "traffic-01.pdf").is_file()
    assert (site / "posters" / "cards" / "traffic-01.pdf").is_file()  # a public set: in both


def test_plain_mkdocs_build_is_public_and_staff_needs_its_own_folder(tmp_path):
    root = make_campaign(tmp_path / "c")
    write(root / "posters" / "placements" / "b.yml", PLACEMENT)
    proc = run_mkdocs("build", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "index.html").is_file() and not (root / "site" / "placements").exists()
    assert "赵六" not in (root / "site" / "search" / "search_index.json").read_text("utf-8")
    staff = {"PLACARD_AUDIENCE": "staff", "PLACARD_NO_POSTERS": "1"}
    proc = _mkdocs(root, staff, "build")
    assert proc.returncode == 1, proc.stderr
    assert "PLACARD_AUDIENCE=staff" in proc.stderr and "mkdocs build -d staff" in proc.stderr
    assert not (root / "site" / "placements").exists()  # the public site was left as it was
    proc = _mkdocs(root, staff, "build", "-d", "staff")
    assert proc.returncode == 0, proc.stderr
    assert "赵六 0755-1234-5678" in (root / "staff" / "placements" / "b" / "index.html").read_text("utf-8")
    proc = _mkdocs(root, {"PLACARD_AUDIENCE": "everyone"}, "build", "-d", "x")
    assert proc.returncode == 1 and "PLACARD_AUDIENCE='everyone'" in proc.stderr


def _mkdocs(root: Path, extra: dict, *args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env={**env(), **extra},
                          capture_output=True, text=True, timeout=600)


PLACEMENT = """\
name: 测试道旗
type: banner
location: 测试路
period: {from: 2026-10-01, to: 2026-12-31}
contact: 测试街道 赵六 0755-1234-5678
rule: {min_public: 0.3}
slots:
  - {id: b01, order: 1, kind: public, ref: traffic-01}
  - {id: b02, order: 2, kind: commercial, advertiser: 测试商行}
"""


def test_scan_report_page_when_logs_are_configured(tmp_path, example):
    from test_scans import line

    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS.replace(
        "    posters: {system_fonts: false}", "    posters: {system_fonts: false}\n    scans: {logs: [logs/access*]}"))
    write(root / "posters" / "placements" / "b.yml", PLACEMENT)
    code = Q.slot_code("b", "b01")
    write(root / "logs" / "access.log", line("10.0.0.1", "20/Nov/2026:08:00:00 +0800", f"/Q/{code}/")
          + line("10.0.0.2", "20/Nov/2026:09:00:00 +0800", f"/Q/{code}/"))
    proc = run_placard("build", root, "--no-posters", "--date", "2026-11-26")
    assert proc.returncode == 0, proc.stderr
    page = (root / "staff" / "scans" / "index.html").read_text("utf-8")
    assert "共 <strong>2</strong> 次扫码" in page and "测试道旗" in page
    assert (root / "staff" / "scans" / "scans-2026-11-26.csv").is_file()
    assert not (root / "site" / "scans").exists()


def test_staff_pages_escape_hostile_text(tmp_path):
    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS.replace("name: 测试区创建全国文明城区",
                                                              'name: "测试<b>区</b>&amp;"'))
    write(root / "posters" / "placements" / "x.yml", PLACEMENT.replace("测试道旗", "围挡<i>x</i>")
          .replace("location: 测试路", 'location: "路<u>y</u>"')
          .replace("contact: 测试街道 赵六 0755-1234-5678", 'contact: "<script>alert(1)</script> 赵六"')
          .replace("advertiser: 测试商行", 'advertiser: "<img src=x onerror=alert(2)>"'))
    write(root / "slogans" / "traffic-09.md", '---\ntext: "礼让<script>alert(3)</script>行人"\ntheme: traffic\n'
          "status: draft\n---\n")
    proc = run_placard("build", root, "--no-posters", "--date", "2026-11-26")
    assert proc.returncode == 0, proc.stderr
    pages = [*(root / "staff").rglob("*.html"), *(root / "site").rglob("*.html")]
    for page in pages:
        html = page.read_text("utf-8")
        for raw in ("<script>alert", "<img src=x", "<b>区", "<i>x", "<u>y"):
            assert raw not in html, (page, raw)
    approvals = (root / "staff" / "approvals" / "index.html").read_text("utf-8")
    assert "礼让&lt;script&gt;alert(3)&lt;/script&gt;行人" in approvals
    listing = (root / "staff" / "placements" / "x" / "index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in listing and "<title>围挡&lt;i&gt;x&lt;/i&gt;" in listing


def test_scans_setting_is_checked(campaign, capsys):
    mk = campaign / "mkdocs.yml"
    text = mk.read_text("utf-8")
    mk.write_text(text.replace("  placard:\n", "  placard:\n    scans: {log: [access.log]}\n", 1), "utf-8")
    assert main(["check", str(campaign)]) == 1
    out = capsys.readouterr().out
    assert "error [staff.scans.unknown-key] field 'log'" in out and "did you mean 'logs'?" in out
    mk.write_text(text.replace("  placard:\n", "  placard:\n    scans: {logs: [nowhere/access*.log]}\n", 1), "utf-8")
    assert main(["check", str(campaign)]) == 0
    out = capsys.readouterr().out
    assert "warning [staff.scans] field 'extra.placard.scans.logs'" in out and "matches no file" in out
