"""Issue 10: `fill --write` edits YAML where the parser says the values are, re-reads the
result with placard's own loader and refuses to write a list that would not load as intended;
atomic writes leave no temporary file that a content glob could pick up.

Before: `kind: vacant  # 空置, 待补` became `kind: public, ref: civility-01  # …` (invalid
YAML written over the user's list), CRLF files came back with LF, and a killed
`check --fix` left `slogans/.placard-XXXX.md`, which the next `check` read as a slogan.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_example, run_placard, write

import placard.commands.fill as fill_cmd
from placard.cli import main
from placard.files import TEMP_PREFIX, clean_stale_temps, replace_atomically
from placard.model import Slot
from placard.placements.fill import Change, apply_yaml

HEAD = """# 测试围挡（注释保留）
name: 测试围挡
type: hoarding
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.5}
slots:
  - {id: h1, order: 1, kind: commercial, advertiser: 甲}
"""

#: The vacant slot h2, written in every way a person might.
VARIANTS = {
    "block-comment": "  - id: h2\n    order: 2\n    kind: vacant  # 空置, 待补\n",
    "flow-comment": "  - {id: h2, order: 2, kind: vacant}  # 待补\n",
    "flow-quoted": "  - {id: h2, order: 2, kind: 'vacant'}\n",
    "block-quoted-braces": '  - id: h2\n    order: 2\n    kind: "vacant"   # {待补, 见表}\n',
    "flow-multiline": "  - {id: h2,\n     order: 2,\n     kind: vacant}  # 多行\n",
    "flow-kind-middle": "  - {id: h2, kind: vacant, order: 2}  # 中间\n",
    "block-kind-first": "  - kind: vacant  # 第一个键\n    id: h2\n    order: 2\n",
    "block-empty-ref": "  - id: h2\n    order: 2\n    kind: vacant\n    ref:\n",
    "block-no-final-newline": "  - id: h2\n    order: 2\n    kind: vacant  # 末行",
}


def small_campaign(root: Path) -> Path:
    copy_example(root, ("mkdocs.yml", "slogans", "hooks"))
    write(root / "docs" / "index.md", "# 测试\n")
    return root


def _load(root: Path):
    from placard.load import load_campaign

    loaded = load_campaign(root)
    assert loaded.campaign is not None
    return {pl.id: pl for pl in loaded.campaign.placements}


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_fill_write_keeps_the_yaml_valid_with_comments_quotes_flow_and_crlf(tmp_path, capsys, variant, crlf):
    root = small_campaign(tmp_path / "c")
    text = HEAD + VARIANTS[variant]
    if crlf:
        text = text.replace("\n", "\r\n")
    path = root / "posters/placements/h.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(("\ufeff" if crlf else "").encode() + text.encode("utf-8"))
    assert main(["fill", "h", "--dir", str(root), "--write"]) == 0, capsys.readouterr()
    capsys.readouterr()
    data = path.read_bytes()
    new = data.decode("utf-8")
    if crlf:
        assert new.startswith("\ufeff") and "\n" not in new.replace("\r\n", "")
    for comment in ("# 测试围挡（注释保留）", "# 空置, 待补", "# 待补", "# {待补, 见表}", "# 多行", "# 中间",
                    "# 第一个键", "# 末行"):
        assert (comment in text) == (comment in new), comment
    h2 = {s.id: s for s in _load(root)["h"].slots}["h2"]
    assert h2.kind == "public" and h2.ref
    assert main(["check", str(root)]) == 0, capsys.readouterr().out
    assert not list(path.parent.glob(".placard-*"))


def test_the_issue_example_is_no_longer_broken():
    text = HEAD + "  - id: h2\n    order: 2\n    kind: vacant  # 空置, 待补\n"

    class Item:
        id = "civility-01"

    slot = Slot("h2", 2, "public", dt.date(2026, 10, 1), dt.date(2026, 10, 31), 9, "civility-01")
    new = apply_yaml(text, (Change(slot, Item()),))
    assert new == HEAD + "  - id: h2\n    order: 2\n    kind: public  # 空置, 待补\n    ref: civility-01\n"


def test_fill_refuses_a_slot_it_cannot_edit_safely_and_leaves_the_file(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    text = HEAD + '  - {id: h2, order: 2, kind: "vac\\u0061nt"}\n'  # reads as vacant, written otherwise
    path = write(root / "posters/placements/h.yml", text)
    assert main(["fill", "h", "--dir", str(root), "--write"]) == 1
    err = capsys.readouterr().err
    assert "h.yml" in err and "slot 'h2'" in err and "by hand" in err
    assert path.read_text(encoding="utf-8") == text


def test_fill_refuses_to_write_a_list_that_would_not_load_as_intended(tmp_path, capsys, monkeypatch):
    root = small_campaign(tmp_path / "c")
    text = HEAD + VARIANTS["block-comment"]
    path = write(root / "posters/placements/h.yml", text)
    # What the old textual edit produced for this file: valid-looking, but not the intended list.
    monkeypatch.setattr(fill_cmd, "apply_yaml", lambda old, changes: old.replace(
        "kind: vacant  # 空置, 待补", "kind: public, ref: civility-01  # 空置, 待补"))
    assert main(["fill", "h", "--dir", str(root), "--write"]) == 1
    err = capsys.readouterr().err
    assert "h.yml" in err and "left as it was" in err
    assert path.read_text(encoding="utf-8") == text
    assert not list(path.parent.glob(".placard-*"))


def test_fill_csv_refuses_when_the_written_table_does_not_read_back(tmp_path, capsys, monkeypatch):
    root = small_campaign(tmp_path / "c")
    text = ("名称,类型,周期开始,周期结束,公益占比下限,槽位编号,性质,内容编号,广告主\r\n"
            "测试站亭,公交站亭,2026-10-01,2026-10-31,0.5,s1,商业,,光明银行\r\n"
            ",,,,,s2,空置,,\r\n")
    path = root / "posters/placements/s.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(fill_cmd, "apply_csv", lambda data, changes: data.replace("空置".encode(), b"x"))
    assert main(["fill", "s", "--dir", str(root), "--write"]) == 1
    assert "left as it was" in capsys.readouterr().err
    assert path.read_bytes() == text.encode("utf-8")


def test_fill_xlsx_refuses_when_the_written_workbook_does_not_read_back(tmp_path, capsys, monkeypatch):
    import openpyxl

    root = small_campaign(tmp_path / "c")
    path = root / "posters/placements/b.xlsx"
    path.parent.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["名称", "类型", "周期开始", "周期结束", "公益占比下限", "槽位编号", "性质", "内容编号", "广告主"],
                ["测试栏", "公交站亭", "2026-10-01", "2026-10-31", 0.5, "b1", "商业", None, "光明银行"],
                [None, None, None, None, None, "b2", "空置", None, None]):
        ws.append(row)
    wb.save(path)
    before = path.read_bytes()

    def bad_xlsx(src, changes, out):
        book = openpyxl.load_workbook(src)
        book.worksheets[0].cell(row=3, column=6, value="b9")  # a different slot id
        book.save(out)
        return []

    monkeypatch.setattr(fill_cmd, "apply_xlsx", bad_xlsx)
    assert main(["fill", "b", "--dir", str(root), "--write"]) == 1
    assert "left as it was" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".placard-*"))


# --- temporary files ---------------------------------------------------------------


def test_atomic_write_temp_never_matches_a_content_glob(tmp_path):
    target = write(tmp_path / "slogans" / "a.md", "old")
    seen = []

    def writer(tmp: Path):
        seen.append(tmp)
        assert [p.name for p in tmp_path.rglob("*.md")] == ["a.md"] and tmp.suffix == ""
        assert tmp.name.startswith(TEMP_PREFIX)
        tmp.write_text("new", encoding="utf-8")

    replace_atomically(target, writer)
    assert target.read_text(encoding="utf-8") == "new" and not seen[0].exists()
    assert sorted(p.name for p in (tmp_path / "slogans").iterdir()) == ["a.md"]


def test_stale_temps_of_dead_processes_are_removed_and_nothing_else(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    folder = tmp_path / "slogans"
    stale = write(folder / f"{TEMP_PREFIX}{dead}-0123abcd", "half")
    live = write(folder / f"{TEMP_PREFIX}{os.getppid()}-0123abcd", "being written")
    old_style = write(folder / ".placard-k3j2h1g0.md", "half")
    os.utime(old_style, (1, 1))
    young_old_style = write(folder / ".placard-a1b2c3d4.md", "maybe being written")
    mine = [write(folder / n, "x") for n in (".placard-notes.md", "a.md", ".placard-tmp-x", "placard-tmp-1-0123abcd")]
    removed = clean_stale_temps([folder])
    assert sorted(removed) == sorted([stale, old_style])
    assert live.exists() and young_old_style.exists() and all(p.exists() for p in mine)


def test_debris_from_a_killed_run_does_not_break_the_next_check(tmp_path):
    root = copy_example(tmp_path / "c")
    write(root / "slogans" / ".placard-k3j2h1g0.md", "---\ntext: 半截")  # an old placard's debris
    write(root / "docs" / "guides" / ".placard-tmp-1-0123abcd", "---\ntitle: 半截")
    write(root / "slogans" / ".hidden" / "x.md", "---\n")
    proc = run_placard("check", root)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- check --fix write-back ---------------------------------------------------------


def test_check_fix_refuses_to_write_a_page_whose_code_would_change(tmp_path, capsys, monkeypatch):
    import placard.fix as fix

    root = small_campaign(tmp_path / "c")
    page = write(root / "docs/guides/g.md", "---\ntitle: 指南\ntheme: civility\nstatus: approved\n"
                 "approved_by: 王丽\napproved_on: 2026-09-11\n---\n\n正文,内容\n\n    print(\"你好,世界\")\n")
    before = page.read_bytes()
    real = fix.fix_file_text
    # A fixer that (like the old line-based one) also rewrites the indented code.
    monkeypatch.setattr(fix, "fix_file_text", lambda text, kind, skip=(): (
        real(text, kind, skip)[0].replace('print("你好,世界")', "print（“你好，世界”）"), []))
    main(["check", str(root), "--fix"])
    out = capsys.readouterr().out
    assert page.read_bytes() == before
    assert "docs/guides/g.md: left as it was: code, HTML or a link target of the page would change" in out
    assert "print（" not in out  # the refused change is not shown as made
    assert not list(page.parent.glob(".placard-*"))


def test_check_fix_refuses_a_placement_list_that_would_not_load(tmp_path, capsys, monkeypatch):
    import placard.fix as fix

    root = small_campaign(tmp_path / "c")
    path = write(root / "posters/placements/h.yml", HEAD.replace("name: 测试围挡", "name: 测试围挡,东侧")
                 + VARIANTS["flow-comment"].replace("vacant", "public, ref: civility-01"))
    before = path.read_bytes()
    real = fix._placement_fix

    def broken(campaign, pl):
        fx = real(campaign, pl)
        fx.after = fx.after.replace("kind: commercial, ", "kind: commercial ")  # not the intended list
        return fx

    monkeypatch.setattr(fix, "_placement_fix", broken)
    main(["check", str(root), "--fix"])
    out = capsys.readouterr().out
    assert path.read_bytes() == before
    assert "posters/placements/h.yml: left as it was: the edited list would not" in out


def test_check_fix_writes_a_placement_list_that_reads_back(tmp_path, capsys):
    root = small_campaign(tmp_path / "c")
    path = write(root / "posters/placements/h.yml", HEAD.replace("name: 测试围挡", "name: 测试围挡,东侧  # 注释, 保留")
                 + VARIANTS["flow-comment"].replace("vacant", "public, ref: civility-01"))
    main(["check", str(root), "--fix"])
    capsys.readouterr()
    assert "name: 测试围挡，东侧  # 注释, 保留\n" in path.read_text(encoding="utf-8")
