"""placard print-order (issue 13): the print order a shop quotes from and a clerk checks the delivery
against — rows read back with openpyxl and csv, contact sheets with pypdf — and its bad inputs."""

from __future__ import annotations

import csv

import pytest
from conftest import need_module, run_placard, write
from openpyxl import load_workbook
from test_posters import FORMATS, MKDOCS, fails, make_campaign

pypdf = need_module("pypdf")

LIST = """\
name: 测试路公告栏
type: other
location: 测试路 1 号
period: {from: 2026-10-01, to: 2026-12-31}
contact: 测试 张三
slots:
  - {id: b01, order: 1, kind: public, ref: traffic-01}
  - {id: b02, order: 2, kind: public, ref: dining-01}
  - {id: b03, order: 3, kind: commercial, advertiser: 测试百货}
"""
SETS = {
    "cards": "title: 标语卡片\nkind: slogan\nformat: card\ntemplate: slogan\nmaterial: PP 背胶\nquantity: 3\n",
    "wide": "title: '=HYPERLINK(\"http://x.example/\")'\nkind: slogan\nformat: card-landscape\ntemplate: slogan\n"
            "profile: large-format\nmaterial: 喷绘布\nitems: [traffic-01]\nspares: 0\n",
    "screen": "kind: slogan\nformat: LED\ntemplate: slogan\nitems: [traffic-01]\n",
}
SPARES_MKDOCS = MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, spares: 1}")
SMALL_A3 = FORMATS + "A3: {dpi: 40}\n"  # the placement list's posters (type other: A3), small and quick


def campaign(root, sets=SETS, mkdocs=SPARES_MKDOCS):
    make_campaign(root, sets=sets, mkdocs=mkdocs, formats=SMALL_A3)
    write(root / "posters" / "placements" / "board.yml", LIST)
    return root


@pytest.fixture(scope="module")
def order(tmp_path_factory):
    root = campaign(tmp_path_factory.mktemp("order") / "c")
    out = root.parent / "out"
    out.mkdir()
    proc = run_placard("print-order", root, "-o", out / "order.xlsx")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wb = load_workbook(out / "order.xlsx")
    rows = list(wb["印刷清单"].iter_rows(values_only=True))
    return root, out, proc.stdout, rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]], wb


def test_one_row_per_print_file_with_size_bleed_material_and_quantity(order):
    _, _, _, header, rows, _ = order
    assert header[:4] == ("文件", "海报组", "内容编号", "标题")
    cards = [r for r in rows if r["海报组"] == "cards"]
    assert len(cards) == 3
    for r in cards:
        assert r["文件"].startswith("posters/cards/") and r["文件"].endswith(".pdf")
        assert (r["成品尺寸（mm）"], r["出血（mm）"], r["材料"]) == ("105×148", 3, "PP 背胶")
        assert (r["数量"], r["备品"], r["合计"]) == (3, 1, 4)  # the set's quantity, the campaign's spares
        assert r["文件类型"] == "印刷 PDF（RGB）" and r["投放点位"] == "标语卡片"
        assert r["面积（㎡）"] == round(0.105 * 0.148 * 4, 2)
    (wide,) = [r for r in rows if r["海报组"] == "wide"]
    assert wide["文件"] == "posters/wide/traffic-01.tif" and wide["文件类型"] == "大幅面 TIFF（LZW）"
    assert (wide["材料"], wide["合计"]) == ("喷绘布", 1)  # the set's own spares: 0
    assert not [r for r in rows if r["海报组"] == "screen"]  # screens are not printed


def test_placement_slots_get_one_each_and_name_their_place(order):
    _, _, _, _, rows, _ = order
    slots = [r for r in rows if r["海报组"] == "placement-board"]
    assert sorted(r["内容编号"] for r in slots) == ["dining-01", "traffic-01"]  # public slots only
    for r in slots:
        assert r["数量"] == 1 and r["备品"] == 1
        assert r["投放点位"].startswith("测试路公告栏 · b0") and "测试路 1 号" in r["投放点位"]
        assert r["材料"] == "铜版纸" and r["成品尺寸（mm）"] == "297×420"
        assert len(r["二维码"]) == 6


def test_summary_by_material_and_a_contact_sheet_for_each(order):
    _, out, stdout, _, rows, wb = order
    summary = {r[0]: r for r in list(wb["按材料汇总"].iter_rows(values_only=True))[1:]}
    assert set(summary) == {"PP 背胶", "喷绘布", "铜版纸"}
    assert summary["PP 背胶"][1:3] == (3, 12)
    for material, row in summary.items():
        sheet = out / row[4]
        assert sheet.is_file(), sheet
        reader = pypdf.PdfReader(sheet)
        assert len(reader.pages) == 1 and reader.metadata.title == f"印刷清单 · {material}"
        assert str(sheet.name) in stdout


def test_formula_text_stays_text(order):
    _, _, _, _, rows, wb = order
    cell = next(c for c in wb["印刷清单"]["N"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_csv_and_one_run(tmp_path):
    root = campaign(tmp_path / "c")
    proc = run_placard("print-order", root, "--run", "wide", "--format", "csv", "-o", tmp_path / "o.csv")
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 2 and rows[1][1] == "wide"
    assert rows[1][13] == "'=HYPERLINK(\"http://x.example/\")"  # the apostrophe: never a live formula
    assert (tmp_path / "o-喷绘布.pdf").is_file() and not list(tmp_path.glob("o-PP*.pdf"))


def test_unknown_run(tmp_path):
    root = campaign(tmp_path / "c")
    proc = run_placard("print-order", root, "--run", "card", "-o", tmp_path / "o.xlsx")
    assert proc.returncode == 1 and "no poster set 'card'" in proc.stderr and "cards" in proc.stderr
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("value", ["0", "2.5", "两张", "-3"])
def test_quantity_must_be_a_positive_whole_number(tmp_path, value):
    root = campaign(tmp_path / "c", sets={"x": f"kind: slogan\nformat: card\ntemplate: slogan\nquantity: {value}\n"})
    fails(root, "posters/x.yml:4", "field 'quantity'", command="check")


def test_spares_must_be_a_whole_number(tmp_path):
    root = campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: slogan\nspares: -1\n"})
    fails(root, "posters/x.yml:4", "field 'spares'", command="check")
    mk = MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, spares: many}")
    root = campaign(tmp_path / "d", sets={"x": SETS["cards"]}, mkdocs=mk)
    fails(root, "mkdocs.yml", "spares", command="check")


def test_material_not_in_the_list(tmp_path):
    root = campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: slogan\nmaterial: PP背胶\n"})
    fails(root, "posters/x.yml:4", "print.material", "'PP背胶' is not in the list of materials",
          "did you mean 'PP 背胶'", "extra.placard.posters.materials", command="check")


def test_a_campaigns_own_materials(tmp_path):
    mk = MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, materials: [雪弗板, 写真]}")
    sets = {"x": "kind: slogan\nformat: card\ntemplate: slogan\nmaterial: 雪弗板\nitems: [traffic-01]\n"}
    root = campaign(tmp_path / "c", sets=sets, mkdocs=mk)
    proc = run_placard("print-order", root, "-o", tmp_path / "o.xlsx")
    assert proc.returncode == 0, proc.stderr
    rows = list(load_workbook(tmp_path / "o.xlsx")["印刷清单"].iter_rows(values_only=True))
    assert {r[8] for r in rows[1:]} == {"雪弗板", "未指定"}  # the placement A3 has no material in this list
    write(root / "posters" / "x.yml", sets["x"].replace("雪弗板", "PP 背胶"))
    fails(root, "print.material", "use one of: '雪弗板', '写真'", command="check")


def test_the_order_never_overwrites_a_source(tmp_path):
    root = campaign(tmp_path / "c")
    proc = run_placard("print-order", root, "-o", root / "posters" / "order.xlsx")
    assert proc.returncode == 1 and "source folder" in proc.stderr and "Traceback" not in proc.stderr
