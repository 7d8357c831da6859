"""`placard check --fix`, rule switches (`lint`), approval findings and `--report approvals`."""

from __future__ import annotations

import json
from pathlib import Path

from checks_support import TODAY, ad, findings_by_file, guide, make_campaign, slogan, write
from conftest import run_placard

from placard.cli import main
from placard.fix import fix_file_text

DATE = ["--date", TODAY.isoformat()]

GUIDE_BODY = """# 文明指南

第一段:请注意(试行)，见 `a,b` 与 https://wm.example.cn/?a=1,2 和 [链接](x.md?a=1,2) 好的,谢谢。。。

Hello, world! This English sentence stays: as it is (really).

```
代码,不改:(保持)
```

<span title="属性,不改">文明 出行</span>

他说"你好"
"""


def _fixed_campaign(tmp_path: Path) -> Path:
    return make_campaign(
        tmp_path / "c",
        slogans={"a": "文明出行,安全你我", "b": "创建文明城市|人人有责!"},
        guides={"g": GUIDE_BODY},
        raw_slogans={"c": "---\ntext: 'Note: free entry. 仍是,文本'\ntheme: civility\nstatus: draft\n"
                          "tags: [甲,乙]\n---\n\n备注,不发布\n"},
    )


def test_fix_applies_safe_fixes_prints_diff_and_is_idempotent(tmp_path, capsys):
    root = _fixed_campaign(tmp_path)
    code = main(["check", str(root), "--fix", *DATE])
    out = capsys.readouterr().out
    assert "--- a/slogans/a.md" in out and "+text: \"文明出行，安全你我\"" in out
    g = (root / "docs/guides/g.md").read_text(encoding="utf-8")
    assert "第一段：请注意（试行），见 `a,b` 与 https://wm.example.cn/?a=1,2 和 [链接](x.md?a=1,2) 好的，谢谢……" in g
    assert "Hello, world! This English sentence stays: as it is (really)." in g
    assert "代码,不改:(保持)" in g
    assert '<span title="属性,不改">文明出行</span>' in g
    assert "他说“你好”" in g
    c = (root / "slogans/c.md").read_text(encoding="utf-8")
    assert "text: 'Note: free entry. 仍是，文本'" in c  # value fixed, key and YAML syntax left alone
    assert "tags: [甲,乙]" in c and "备注,不发布" in c  # not published text
    assert (root / "slogans/b.md").read_text(encoding="utf-8").count("人人有责！") == 1
    assert code == 0, out
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    code = main(["check", str(root), "--fix", *DATE])
    out = capsys.readouterr().out
    assert "nothing to fix" in out and "---" not in out
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before


def test_fix_keeps_crlf_bom_and_skips_escaped_values():
    text = "\ufeff---\r\ntitle: \"文明\\u4e00,出行\"\r\nkey_points:\r\n  - 第一,条\r\n---\r\n正文,内容\r\n"
    new, _ = fix_file_text(text, "guide")
    assert new == "\ufeff---\r\ntitle: \"文明\\u4e00,出行\"\r\nkey_points:\r\n  - 第一，条\r\n---\r\n正文，内容\r\n"


def test_fix_respects_lint_switches(tmp_path, capsys):
    root = make_campaign(tmp_path / "c", slogans={"a": "文明 出行,安全"},
                         lint="    lint:\n      disable: [punct.space]\n")
    write(root / "slogans/b.md", slogan("礼让,行人", extra="lint: {ignore: [punct], reason: 测试}\n"))
    main(["check", str(root), "--fix", *DATE])
    capsys.readouterr()
    assert 'text: "文明 出行，安全"' in (root / "slogans/a.md").read_text(encoding="utf-8")
    assert 'text: "礼让,行人"' in (root / "slogans/b.md").read_text(encoding="utf-8")


def test_fix_through_the_cli_subprocess(tmp_path):
    root = make_campaign(tmp_path / "c", slogans={"a": "文明出行,安全你我"})
    proc = run_placard("check", root, "--fix", *DATE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "+text: \"文明出行，安全你我\"" in proc.stdout


def test_campaign_switches_disable_and_downgrade(tmp_path):
    lint = "    lint:\n      disable: [script]\n      warn: [typo.known, punct]\n"
    root = make_campaign(tmp_path / "c", slogans={"a": "再接再励,這是"}, lint=lint)
    result, by_file = findings_by_file(root)
    got = {(f.rule, f.severity.value) for f in by_file["slogans/a.md"]}
    assert got == {("typo.known", "warning"), ("punct.half-width", "warning")}
    assert result.ok


def test_file_ignore_needs_a_reason(tmp_path):
    root = make_campaign(tmp_path / "c")
    write(root / "slogans/a.md", slogan("再接再励", extra="lint: {ignore: [typo]}\n"))
    write(root / "slogans/b.md", slogan("再接再励", extra="lint: {ignore: [typo], reason: 引用原文}\n"))
    write(root / "slogans/c.md", slogan("再接再励", extra="lint: {ignore: [typos.known], reason: 笔误}\n"))
    result, by_file = findings_by_file(root)
    a = by_file["slogans/a.md"]
    assert [f.rule for f in a] == ["lint.no-reason"] and a[0].is_error and a[0].line == 7
    assert "slogans/b.md" not in by_file
    c = {f.rule for f in by_file["slogans/c.md"]}
    assert c == {"lint.unknown-rule", "typo.known"}
    assert not result.ok


def test_bad_lint_config_is_reported_with_its_line(tmp_path):
    lint = "    lint:\n      disable: 3\n      typos: {错字: 错字}\n      canonical: [oops]\n      colour: red\n"
    root = make_campaign(tmp_path / "c", slogans={"a": "文明"}, lint=lint)
    result, by_file = findings_by_file(root)
    cfg = [f for f in by_file["mkdocs.yml"] if f.rule != "theme.no-related"]  # this campaign has no guide or ad
    assert {f.rule for f in cfg} == {"config.bad-value", "config.unknown-key"}
    assert all(f.line and f.line > 8 for f in cfg)
    assert not result.ok


def test_loader_errors_cannot_be_switched_off(tmp_path):
    root = make_campaign(tmp_path / "c", lint="    lint:\n      disable: [schema, approval]\n")
    write(root / "slogans/a.md", "---\ntext: 文明\ntheme: civility\nstatus: approved\n---\n")
    result, _ = findings_by_file(root)
    assert "approval.missing" in {f.rule for f in result.findings}


def test_approval_findings(tmp_path):
    root = make_campaign(tmp_path / "c", ads={"ad1": ad("文明出行", "ad1", extra="slogans: [draft1]\n")})
    write(root / "slogans/draft1.md", "---\ntext: 文明\ntheme: civility\nstatus: draft\n---\n")
    write(root / "slogans/old.md", slogan("文明", extra="valid_to: 2026-10-31\n"))
    write(root / "slogans/future.md", slogan("文明", extra="").replace("2026-09-11", "2027-01-01"))
    write(root / "slogans/late.md", slogan("文明", extra="valid_from: 2026-09-01\n"))
    write(root / "slogans/ok.md", slogan("文明", extra="valid_from: 2026-10-01\nvalid_to: 2026-12-01\n"))
    _, by_file = findings_by_file(root)
    assert [f.rule for f in by_file["docs/ads/ad1.md"]] == ["approval.unpublished-ref"]
    assert by_file["docs/ads/ad1.md"][0].is_error
    assert [f.rule for f in by_file["slogans/old.md"]] == ["approval.expired"]
    assert [f.rule for f in by_file["slogans/future.md"]] == ["approval.date"]
    assert [f.rule for f in by_file["slogans/late.md"]] == ["approval.date"]
    assert "slogans/ok.md" not in by_file and "slogans/draft1.md" not in by_file


def test_report_approvals(tmp_path, capsys):
    root = make_campaign(tmp_path / "c", slogans={"plain": "文明"})
    write(root / "slogans/d.md", "---\ntext: 待审标语\ntheme: civility\nstatus: draft\n---\n")
    write(root / "slogans/soon.md", slogan("快到期", extra="valid_to: 2026-12-20\n"))
    write(root / "slogans/later.md", slogan("还早", extra="valid_to: 2027-03-01\n"))
    write(root / "docs/guides/g.md", guide("正文", title="待审指南").replace("approved", "draft", 1))
    assert main(["check", str(root), "--report", "approvals", *DATE]) == 0
    out = capsys.readouterr().out
    waiting, expiring = out.split("Expiring")
    assert "待审标语" in waiting and "待审指南" in waiting and "快到期" not in waiting
    assert "2026-12-20" in expiring and "快到期" in expiring and "还早" not in expiring
    assert main(["check", str(root), "--report", "approvals", "--format", "json", *DATE]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in data["waiting"]} == {"d", "g"}
    assert [r["id"] for r in data["expiring"]] == ["soon"]


def test_canonical_text_without_words_is_a_config_error(tmp_path):
    # found by the property tests: a canonical text of only punctuation once crashed the check
    lint = "    lint:\n      canonical:\n        - {id: empty, text: '，'}\n"
    root = make_campaign(tmp_path / "c", slogans={"a": "文明"}, lint=lint)
    result, by_file = findings_by_file(root)
    cfg = [f for f in by_file["mkdocs.yml"] if f.rule != "theme.no-related"]  # this campaign has no guide or ad
    assert [f.rule for f in cfg] == ["config.bad-value"]
    assert "has no words" in cfg[0].message


def test_fix_placement_names_in_yaml_csv_and_xlsx_keeps_everything_else(campaign, capsys):
    import openpyxl

    places = campaign / "posters/placements"
    yml = places / "fenghuang-hoarding.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "name: 凤凰路地铁站施工围挡", "name: 凤凰路地铁站施工围挡(社会投资)  # 备注,不改"), encoding="utf-8")
    csv_path = places / "fenghuang-bus-shelters.csv"
    csv_text = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(csv_text.replace("凤凰路公交站亭灯箱,", '"凤凰路公交站亭灯箱(试点)",', 1), encoding="utf-8")
    xlsx = places / "fenghuang-community-boards.xlsx"
    wb = openpyxl.load_workbook(xlsx)
    wb.worksheets[0]["C2"] = "凤凰社区党群服务中心门前,东侧"
    wb.save(xlsx)
    assert main(["check", str(campaign), *DATE]) == 1
    capsys.readouterr()

    assert main(["check", str(campaign), "--fix", *DATE]) == 0
    out = capsys.readouterr().out
    assert "+name: 凤凰路地铁站施工围挡（社会投资）  # 备注,不改" in out
    assert "+凤凰路公交站亭灯箱（试点）," in out
    assert "+C2 位置: 凤凰社区党群服务中心门前，东侧" in out
    assert "name: 凤凰路地铁站施工围挡（社会投资）  # 备注,不改" in yml.read_text(encoding="utf-8")
    fixed_csv = csv_path.read_text(encoding="utf-8")
    assert fixed_csv == csv_text.replace("凤凰路公交站亭灯箱,", "凤凰路公交站亭灯箱（试点）,", 1)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    assert ws["C2"].value == "凤凰社区党群服务中心门前，东侧"
    assert ws["Q2"].value == "一号栏 左" and wb.sheetnames == ["点位台账"]  # other columns and sheets kept

    before = {p.name: p.read_bytes() for p in places.iterdir()}
    assert main(["check", str(campaign), "--fix", *DATE]) == 0
    assert "nothing to fix" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in places.iterdir()} == before
