"""placard init: a small campaign of one's own (no trace of the example), --example, and the checks
that catch what is left of the example (example.leftover) and poster sets that make nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_example, env, run_placard, write

from placard.engine import check_campaign

NAME, OFFICE, URL = (
    "东湖区创建全国文明城区",
    "东湖区委宣传部（区文明办）",
    "https://wm.donghu.example.org/",
)
#: What only the example says (its district, office, site address).
EXAMPLE_TRACES = ("光明区", "光明区委宣传部", "wm.guangming.example.cn", "guangming")


def init(dest: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_placard(
        "--lang", "en", "init", dest, "--name", NAME, "--office", OFFICE, "--site-url", URL, *extra
    )


def all_text(folder: Path) -> str:
    """Every file's bytes as text (XLSX are zip files: their XML is read from inside)."""
    import zipfile

    out = []
    for p in folder.rglob("*"):
        if not p.is_file():
            continue
        if p.suffix in (".xlsx", ".gz"):
            if p.suffix == ".xlsx":
                with zipfile.ZipFile(p) as z:
                    out.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            continue
        out.append(p.read_bytes().decode("utf-8", "replace"))
    return "\n".join(out)


@pytest.mark.slow
def test_init_makes_a_small_campaign_of_ones_own_that_builds_and_holds_no_trace_of_the_example(
    tmp_path,
):
    dest = tmp_path / "donghu"
    proc = init(dest)
    assert proc.returncode == 0, proc.stderr
    assert "source .venv/bin/activate" in proc.stdout and ".venv/bin/placard" in proc.stdout
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()
                   and not p.relative_to(dest).as_posix().startswith(".cache/"))
    assert files == [
        ".gitignore",
        "docs/actions.md",
        "docs/ads/civility.md",
        "docs/ads/civility.png",
        "docs/guides/civility.md",
        "docs/index.md",
        "hooks/placard_hooks.py",
        "mkdocs.yml",
        "posters/ads-a3.yml",
        "posters/guides-a2.yml",
        "posters/placements/main-street.xlsx",
        "posters/slogans-a3.yml",
        "reviews/ad-civility.yml",  # each item's review trail starts from the approval init wrote
        "reviews/civility-01.yml",
        "reviews/guide-civility.yml",
        "slogans/civility-01.md",
    ]
    cfg = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'name: "{NAME}"' in cfg and f'office: "{OFFICE}"' in cfg and f'site_url: "{URL}"' in cfg
    assert "example:" not in cfg  # not the example: check looks for its leftovers

    result = check_campaign(dest)
    assert result.ok and result.findings == [], [f.render() for f in result.findings]
    c = result.campaign
    assert (len(c.slogans), len(c.guides), len(c.ads), len(c.placements)) == (1, 1, 1, 1)
    assert c.placements[0].format == "xlsx" and [s.kind for s in c.placements[0].slots] == [
        "public",
        "commercial",
        "public",
        "vacant",
    ]

    build = run_placard("build", dest, "--no-progress")
    assert build.returncode == 0, build.stdout + build.stderr
    # each poster set makes posters: one slogan, one guide, one ad
    for name, item in (
        ("slogans-a3", "civility-01"),
        ("guides-a2", "guide-civility"),
        ("ads-a3", "ad-civility"),
    ):
        assert list((dest / "staff").rglob(f"{name}/{item}*")), name
    text = all_text(dest)
    for trace in EXAMPLE_TRACES:
        assert trace not in text, trace
    assert NAME in (dest / "site" / "index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path):
    dest = tmp_path / "busy"
    write(dest / "notes.txt", "mine")
    before = sorted(dest.rglob("*"))
    proc = init(dest)
    assert proc.returncode == 1
    assert "is not empty" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(dest.rglob("*")) == before and (dest / "notes.txt").read_text() == "mine"
    proc = init(dest, "--example")
    assert proc.returncode == 1 and sorted(dest.rglob("*")) == before


def test_init_without_answers_off_a_terminal_names_the_missing_options_and_makes_nothing(tmp_path):
    dest = tmp_path / "new"
    proc = subprocess.run(
        [sys.executable, "-m", "placard", "--lang", "en", "init", str(dest), "--name", NAME],
        env=env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1
    assert "--office, --site-url" in proc.stderr
    assert not dest.exists()


def test_init_refuses_an_address_that_is_not_a_web_address(tmp_path):
    proc = run_placard(
        "--lang",
        "en",
        "init",
        tmp_path / "x",
        "--name",
        NAME,
        "--office",
        OFFICE,
        "--site-url",
        "not an address",
    )
    assert proc.returncode == 1 and "is not a web address" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_hostile_answers_stay_text(tmp_path):
    dest = tmp_path / "h"
    name = 'A"区: <script>alert(1)</script> #x'
    proc = run_placard(
        "init", dest, "--name", name, "--office", "o: [1]", "--site-url", "https://a.example/"
    )
    assert proc.returncode == 0, proc.stderr
    c = check_campaign(dest).campaign
    assert c.config.name == name and c.config.office == "o: [1]"
    assert "<script>" not in (dest / "docs/index.md").read_text(encoding="utf-8")


def test_init_example_copies_the_example_which_says_it_is_the_example(tmp_path):
    dest = tmp_path / "ex"
    proc = run_placard("init", dest, "--example")
    assert proc.returncode == 0, proc.stderr
    assert len(list((dest / "slogans").glob("*.md"))) > 40
    assert "example: true" in (dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert not [f for f in check_campaign(dest).findings if f.rule == "example.leftover"]


def test_check_warns_about_example_text_left_in_a_campaign_of_ones_own(tmp_path):
    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("    example: true\n", ""), encoding="utf-8"
    )
    found = {f.file: f for f in check_campaign(root).findings if f.rule == "example.leftover"}
    assert not found["mkdocs.yml"].is_error
    assert found["mkdocs.yml"].line == 3  # site_name: 光明区文明城区创建宣传
    assert "docs/index.md" in found and "docs/actions.md" in found
    assert "光明区" in found["docs/index.md"].message


def test_check_flags_the_example_address_left_in_one_s_own_campaign(tmp_path):
    dest = tmp_path / "own"
    assert init(dest).returncode == 0
    write(dest / "docs/more.md", "# 更多\n\n详见 https://wm.guangming.example.cn/ads/\n")
    found = [f for f in check_campaign(dest).findings if f.rule == "example.leftover"]
    assert [(f.file, f.line) for f in found] == [("docs/more.md", 3)]


def test_a_poster_set_that_matches_nothing_is_a_warning_naming_its_filter(tmp_path):
    dest = tmp_path / "own"
    assert init(dest).returncode == 0
    write(
        dest / "posters/night.yml",
        "title: 夜间\nkind: slogan\nformat: A3\ntemplate: slogan\ntags: [夜间]\n",
    )
    proc = run_placard("--lang", "en", "check", dest)
    assert proc.returncode == 0  # a warning: the campaign still builds
    assert "posters/night.yml:5: warning [poster.set-empty] field 'tags'" in proc.stdout
    assert "tags: [夜间]" in proc.stdout


@pytest.mark.slow
def test_the_quickstart_walk_five_slogans_and_a_list_from_the_template_builds(tmp_path):
    """The manual's 快速上手: init, 5 slogans, a placement list from the template, check, build."""
    from openpyxl import load_workbook

    dest = tmp_path / "donghu"
    assert init(dest).returncode == 0
    first = (dest / "slogans/civility-01.md").read_text(encoding="utf-8")
    texts = [
        "礼让斑马线，安全每一天",
        "垃圾分类，从我做起",
        "文明餐桌，光盘行动",
        "志愿服务，温暖你我",
    ]
    for n, text in enumerate(texts, start=2):
        write(dest / f"slogans/civility-0{n}.md", first.replace("文明从我做起，城市因你更美", text))
    out = dest / "posters/placements/renmin-road.xlsx"
    proc = run_placard("template", "placements", "--out", out, cwd=dest)
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    for row, (slot, kind, ref, who) in enumerate(
        [("p02", "商业广告", None, "某某银行"), ("p03", "公益", "civility-03", None)], start=3
    ):
        ws.cell(row, col["槽位编号"]).value = slot
        ws.cell(row, col["顺序"]).value = row - 1
        ws.cell(row, col["性质"]).value = kind
        ws.cell(row, col["内容编号"]).value = ref
        ws.cell(row, col["广告主"]).value = who
    wb.save(out)
    check = run_placard("--lang", "en", "check", dest)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "read '商业广告' as '商业'" in check.stdout  # the synonym, read with a note
    build = run_placard("build", dest, "--no-progress")
    assert build.returncode == 0, build.stdout + build.stderr
    assert len(list((dest / "staff/posters/slogans-a3").glob("civility-0*.pdf"))) == 5
    assert (dest / "staff/placements/renmin-road/index.html").is_file()
