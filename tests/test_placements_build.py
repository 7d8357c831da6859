"""The share rule stops a real `mkdocs build`; fill, ledger, --warn-only and the site pages."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_example, env, run_mkdocs, write

from placard.cli import main

HEAD = """name: 测试 LED 屏
type: led
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.3, measure: airtime}
slots:
"""


def small_campaign(root: Path) -> Path:
    copy_example(root, ("mkdocs.yml", "slogans", "hooks"))
    cfg = root / "mkdocs.yml"  # no posters/ here: drop the example's public poster set with them
    cfg.write_text(re.sub(r"\n    posters:\n      public_sets: .*\n", "\n", cfg.read_text("utf-8")), "utf-8")
    write(root / "docs" / "index.md", "# 测试\n")
    # the example's actions link to this page, which gives a number to call (else action.dead-end)
    write(root / "docs" / "actions.md", "# 我能做什么\n\n拨打 12345 市民热线。\n")
    return root


def staff_build(root: Path):
    """The staff site (placement pages are staff-only), as plain `mkdocs build` makes it."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "staff")], cwd=root,
                          env={**env(), "PLACARD_AUDIENCE": "staff"}, capture_output=True, text=True, timeout=600)


def build(root: Path):
    return run_mkdocs("build", "-q", "-d", str(root / "out"), cwd=root)


def led_list(public_s: int, commercial_s: int) -> str:
    return HEAD + (f"  - {{id: l1, kind: public, ref: traffic-01, seconds: {public_s}}}\n"
                   f"  - {{id: l2, kind: commercial, advertiser: 光明银行, seconds: {commercial_s}}}\n")


@pytest.mark.slow
def test_mkdocs_build_fails_at_2999_and_passes_at_exactly_30_percent(tmp_path):
    root = small_campaign(tmp_path / "c")
    lst = write(root / "posters/placements/led.yml", led_list(2999, 7001))
    proc = build(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "posters/placements/led.yml:4: error [ratio.share]" in out
    assert "list 'led' (测试 LED 屏): from 2026-10-01 to 2026-10-31 the public-benefit share is 29.99% " \
           "(2999 s of 10000 s public), below the required 30%" in out
    assert "fix: from 2026-10-01 to 2026-10-31 public content must grow by 1.5 s " \
           "(or turn 1 s of commercial content public)" in out
    assert not (root / "out" / "index.html").exists()

    lst.write_text(led_list(3000, 7000), encoding="utf-8")
    proc = build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "out" / "index.html").is_file()
    proc = staff_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "staff" / "placements" / "led" / "index.html").is_file()


BANNERS = """name: 测试道旗
type: banner
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.3}
slots:
  - {id: a, order: 1, kind: public, ref: traffic-01}
  - {id: b, order: 2, kind: public, ref: traffic-02}
  - {id: c1, order: 3, kind: public, ref: waste-01, to: 2026-10-10}
  - {id: c2, order: 3, kind: public, ref: waste-01, from: 2026-10-18}
  - {id: d1, order: 4, kind: public, ref: values-01, to: 2026-10-10}
  - {id: d2, order: 4, kind: public, ref: values-01, from: 2026-10-18}
  - {id: e, order: 5, kind: commercial, advertiser: 甲}
  - {id: f, order: 6, kind: commercial, advertiser: 乙}
  - {id: g, order: 7, kind: commercial, advertiser: 丙}
  - {id: h, order: 8, kind: commercial, advertiser: 丁}
  - {id: i, order: 9, kind: commercial, advertiser: 戊}
"""


@pytest.mark.slow
def test_mkdocs_build_fails_when_the_share_holds_on_average_but_not_for_one_week(tmp_path):
    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/banners.yml", BANNERS)
    proc = build(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "from 2026-10-11 to 2026-10-17 the public-benefit share is 28.57% (2 of 7 slots public)" in out
    assert "fix: from 2026-10-11 to 2026-10-17 public content must grow by 1 slot " \
           "(or turn 1 slot of commercial content public)" in out
    assert "2026-10-01 to 2026-10-10" not in out


WINDOW = """name: 测试围挡
type: hoarding
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.3, window: {size: 3, min_public: 1}}
slots:
  - {id: h1, order: 1, kind: public, ref: traffic-01}
  - {id: h2, order: 2, kind: public, ref: traffic-02}
  - {id: h3, order: 3, kind: commercial, advertiser: 甲}
  - {id: h4, order: 4, kind: commercial, advertiser: 乙}
  - {id: h5, order: 5, kind: commercial, advertiser: 丙}
  - {id: h6, order: 6, kind: public, ref: waste-01}
"""


@pytest.mark.slow
def test_mkdocs_build_fails_for_a_window_violation(tmp_path):
    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/hoarding.yml", WINDOW)
    proc = build(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "posters/placements/hoarding.yml:8: error [ratio.window]" in out
    assert "slots h3, h4, h5 stand in a row with 0 public; the rule asks for at least 1 public in every 3" in out


# ------------------------------------------------------------------ warn-only


def test_warn_only_flag_and_config_switch(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/hoarding.yml", WINDOW)
    assert main(["check", str(root)]) == 1
    capsys.readouterr()
    assert main(["check", str(root), "--warn-only"]) == 0
    out = capsys.readouterr().out
    assert "warning [ratio.window]" in out and "warning [review.legacy]" in out  # the example's approved_by/on
    # and the 7 themes' slogans have no guide or ad here (theme.no-related)
    assert out.count("warning [theme.no-related]") == 7 and "0 error(s), 9 warning(s)" in out
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "    search_terms:", "    placements: {warn_only: true}\n    search_terms:"), encoding="utf-8")
    assert main(["check", str(root)]) == 0
    assert "warning [ratio.window]" in capsys.readouterr().out
    # a broken reference is not a share failure: --warn-only does not hide it
    write(root / "posters/placements/hoarding.yml", WINDOW.replace("waste-01", "wast-01"))
    assert main(["check", str(root), "--warn-only"]) == 1


# ----------------------------------------------------------------------- fill

FILL_YAML = """# 施工围挡（示例注释会保留）
name: 测试围挡
type: hoarding
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.5, window: {size: 3, min_public: 1}, required_themes: [waste]}
slots:
  - {id: h1, order: 1, kind: public, ref: traffic-01}
  - {id: h2, order: 2, kind: commercial, advertiser: 甲}
  - {id: h3, order: 3, kind: vacant}
  - {id: h4, order: 4, kind: commercial, advertiser: 乙}
  - id: h5
    order: 5
    kind: vacant
  - {id: h6, order: 6, kind: commercial, advertiser: 丙}
  - {id: h7, order: 7, kind: vacant}
"""


def test_fill_turns_a_failing_yaml_list_into_a_passing_one(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    path = write(root / "posters/placements/h.yml", FILL_YAML)
    assert main(["check", str(root)]) == 1
    capsys.readouterr()
    assert main(["fill", "h", "--dir", str(root)]) == 0  # a proposal: nothing written
    out = capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == FILL_YAML
    assert "-  - {id: h3, order: 3, kind: vacant}" in out and "vacant → public" in out
    assert main(["fill", "h", "--dir", str(root), "--write"]) == 0
    capsys.readouterr()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 施工围挡（示例注释会保留）")
    assert main(["check", str(root)]) == 0, capsys.readouterr().out
    refs = re.findall(r"ref: ([\w-]+)", text)
    assert len(refs) == len(set(refs)), "the same item twice in one list"
    assert any(r.startswith("waste") for r in refs), "the required theme was not filled"
    assert "h7, order: 7, kind: vacant" in text, "filled more than needed"


def test_fill_csv_keeps_other_columns_and_encoding(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    text = ("名称,类型,周期开始,周期结束,公益占比下限,槽位编号,性质,内容编号,广告主,备注\r\n"
            "测试站亭,公交站亭,2026-10-01,2026-10-31,0.5,s1,公益,traffic-01,,A 面\r\n"
            ",,,,,s2,商业,,光明银行,B 面\r\n"
            ",,,,,s3,商业,,凤凰百货,C 面\r\n"
            ",,,,,s4,空置,,,D 面\r\n")
    path = root / "posters/placements/s.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["fill", "s.csv", "--dir", str(root), "--write"]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0][-1] == "备注" and [r[-1] for r in rows[1:]] == ["A 面", "B 面", "C 面", "D 面"]
    assert rows[4][6] == "公益" and rows[4][7]
    capsys.readouterr()
    assert main(["check", str(root)]) == 0, capsys.readouterr().out


def test_fill_xlsx_writes_the_workbook_back(tmp_path, capsys):
    from openpyxl import load_workbook

    root = small_campaign(tmp_path / "c")
    path = root / "posters/placements/fenghuang-community-boards.xlsx"
    path.parent.mkdir(parents=True)
    import importlib.util

    spec = importlib.util.spec_from_file_location("mk", REPO / "bench" / "make_example_xlsx.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    head = list(mk.LIST)
    head[6] = 0.65  # stricter than the example: needs the vacant board
    mk.build(path, head=head, slots=[s if s[1] != 2 else ("b02", 2, "公益", "volunteer-01", None, None, None, "x")
                                     for s in mk.SLOTS])
    assert main(["check", str(root)]) == 1
    capsys.readouterr()
    assert main(["fill", "fenghuang-community-boards", "--dir", str(root), "--write"]) == 0
    out = capsys.readouterr().out
    assert "row 8: 性质 空置 → 公益, 内容编号 →" in out
    ws = load_workbook(path).worksheets[0]
    assert ws.cell(row=8, column=12).value == "公益"
    assert ws.cell(row=8, column=17).value == "三号栏 右"  # the note column survives
    assert main(["check", str(root)]) == 0, capsys.readouterr().out


def test_fill_says_when_it_cannot_help(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/hoarding.yml", WINDOW)
    assert main(["fill", "hoarding", "--dir", str(root)]) == 1
    out = capsys.readouterr().out
    assert "still failing" in out and "h3, h4, h5" in out
    assert main(["fill", "nosuch", "--dir", str(root)]) == 1
    assert "no placement list 'nosuch'" in capsys.readouterr().err


# --------------------------------------------------------------------- ledger


def test_ledger_xlsx_and_csv(tmp_path, capsys):
    from openpyxl import load_workbook

    root = copy_example(tmp_path / "c", ("mkdocs.yml", "slogans", "hooks", "docs", "posters"))
    out = tmp_path / "台账.xlsx"
    assert main(["ledger", str(root), "--date", "2026-11-23", "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["台账", "汇总", "巡查记录", "播放"]  # the example's patrol records and LED play log
    ws, summary = wb["台账"], wb["汇总"]
    assert ws.freeze_panes == "A2" and summary.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["点位编号", "点位名称", "类型", "位置", "槽位编号"]
    assert all(ws.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLM")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9 + 9 + 4 + 10 + 10 + 6 + 7  # every slot of the 7 example lists
    led = [r for r in rows if r[0] == "metro-guangming-led" and r[4] == "l02"][0]
    assert led[6] == "公益" and led[7] == "ad-banmaxian" and led[8] == "礼让斑马线"
    assert led[9].date() == dt.date(2026, 10, 1) and led[11] == 15 and led[12] == "秒"
    sums = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    assert len(sums) == 7
    hoarding = sums["fenghuang-hoarding"]
    assert hoarding[4] == "面积" and hoarding[5] == "50%" and hoarding[10] == "达标" and hoarding[11] == "达标"
    assert hoarding[7] == 9.5 and hoarding[8] == 15.5  # m² public / published on 2026-11-23
    # CSV: two files, UTF-8 with BOM
    out_csv = tmp_path / "ledger.csv"
    assert main(["ledger", str(root), "--date", "2027-02-01", "--out", str(out_csv)]) == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    summary_rows = list(csv.reader((tmp_path / "ledger-summary.csv").read_text("utf-8-sig").splitlines()))
    by_id = {r[0]: r for r in summary_rows[1:]}
    assert by_id["guangming-avenue-banners"][10] == "不在周期内"
    assert by_id["fenghuang-hoarding"][10] == "达标"


def test_ledger_refuses_broken_lists(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/bad.yml", "name: x\n")
    assert main(["ledger", str(root), "--out", str(tmp_path / "l.xlsx")]) == 1
    out = capsys.readouterr()
    assert "bad.yml" in out.out and "fix them first" in out.err
    assert not (tmp_path / "l.xlsx").exists()


# ----------------------------------------------------------------------- site


def test_site_has_one_page_per_list_an_svg_overview_and_a_small_nav(built_example):
    site = built_example.parent / "staff"  # placement lists are in the staff site only
    index = (site / "placements" / "index.html").read_text(encoding="utf-8")
    assert "<svg class=\"pl-chart\"" in index and index.count("<rect ") == 7
    assert "<script" not in index[index.find("pl-chart"):index.find("</svg>")]
    names = sorted(p.stem for p in (REPO / "posters" / "placements").iterdir())
    for name in names:
        page = (site / "placements" / name / "index.html").read_text(encoding="utf-8")
        assert "pl-badge--ok" in page
    led = (site / "placements" / "metro-guangming-led" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../ads/thumbs/ad-banmaxian.jpg"' in led and (site / "ads/thumbs/ad-banmaxian.jpg").is_file()
    assert 'href="https://wm.guangming.example.cn/s/health-02/"' in led  # the item's page on the public site
    # the nav links the overview, never each list
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="placements/"' in home
    assert "placements/metro-guangming-led/" not in home


def test_pages_show_a_failing_list_while_drafting(tmp_path):
    """With warn_only the site still builds; the list's page and the overview say 不达标 and why."""
    from placard.load import load_campaign
    from placard.site.placements import list_page, overview
    from placard.site.registry import SiteOptions

    root = small_campaign(tmp_path / "c")
    write(root / "posters/placements/hoarding.yml", WINDOW.replace("name: 测试围挡", "name: 测试围挡<b>"))
    campaign = load_campaign(root, dt.date(2026, 10, 5)).campaign
    opts = SiteOptions(today=dt.date(2026, 10, 5))
    page = list_page(campaign, campaign.placements[0], opts)
    assert "pl-badge--fail" in page and "不达标 · 最低 50%" in page
    assert "slots h3, h4, h5 stand in a row with 0 public" in page
    assert "测试围挡&lt;b&gt;" in page and "测试围挡<b>" not in page.split("---", 2)[2]  # escaped
    assert 'href="../../s/traffic-01/"' in page
    ov = overview(campaign, opts)
    assert "0 个全周期达标" in ov and "1 个不达标" in ov and 'fill="#c62828"' in ov
