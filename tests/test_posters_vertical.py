"""Vertical setting (竖排): columns top to bottom and right to left, vertical punctuation forms,
Latin upright or turned, the clreq no-break rules per column, and its findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops
from test_posters import FORMATS, MKDOCS, fails, make_campaign, plan_of

from placard.posters import fonts as F
from placard.posters.build import build_posters
from placard.posters.elements.vertical import VERTICAL_FORMS, cells, measure
from placard.posters.formats import builtin_formats
from placard.posters.render import draw
from placard.posters.scanview import code_box
from placard.posters.typeset import NO_END, NO_START, DoesNotFit, fit
from placard.posters.verify import verify_one

POLE = FORMATS + (
    # 1:3, like the 800×2400 pole banner (small and coarse, so the tests stay fast)
    "pole: {title: 小道旗, width: 100, height: 300, dpi: 60, safe_mm: 4, distance_m: 1, scan_distance_m: 0.15}\n"
    # 1:2: the tall layout, but not 2.5 times taller than wide
    "tall2: {title: 竖卡片, width: 100, height: 200, dpi: 60, safe_mm: 4, distance_m: 1, scan_distance_m: 0.15}\n"
)
SETS = {"poles": "kind: slogan\nformat: pole\ntemplate: slogan\n"}
#: Closing marks, horizontal and in their vertical forms: none may start a column.
CLOSING = NO_START | {VERTICAL_FORMS[c] for c in NO_START if c in VERTICAL_FORMS}
OPENING = NO_END | {VERTICAL_FORMS[c] for c in NO_END if c in VERTICAL_FORMS}


def vtext_ops(job) -> list[dict]:
    return [o for o in job.spec["ops"] if o["op"] == "vtext"]


def column_text(col) -> str:
    return "".join(c[1] for c in col)


# ------------------------------------------------------------------ columns and punctuation


@pytest.fixture(scope="module")
def font():
    return F.packaged_font() or F.find_font({"system_fonts": True}, Path("."))


HAN = "文明城市创建光明志愿有你更温暖礼让斑马线安全每一天垃圾分类从我做起"
PUNCT = "，。、；：？！（）《》「」『』【】〔〕“”‘’…—"
LATIN = "AWiF5G0129"
slogans = st.text(alphabet=st.sampled_from(list(HAN * 3 + PUNCT + LATIN + "\u3000")), min_size=1, max_size=40)


@settings(max_examples=1000, deadline=None)
@given(text=slogans)
@example(text="《文明》从我做起2024年“光盘”")
@example(text="5G时代，WiFi覆盖10个小区")
@example(text="志愿光明，有你更温暖")
def test_no_column_starts_with_closing_punctuation_and_every_glyph_exists(font, text):
    text = text.strip("\u3000")
    if not text or text[0] in NO_START or text[-1] in NO_END:
        return  # a text that itself starts with a closing mark cannot avoid one
    pole = builtin_formats()["pole-banner"]
    W, H = pole.size_px  # the built-in tall layout's main text box
    box_w, box_h = 0.8 * W, 0.58 * H
    adv = lambda s: F.text_width(font, "Black", s)  # noqa: E731
    try:
        fitted = fit(text, box_h, box_w, measure(font, "Black"), pole.px(pole.min_text_mm), max_lines=8,
                     break_weight=0.12)
    except DoesNotFit:
        return
    have = F.cmap(font)
    for col in fitted.lines:
        cs = cells(col, adv)
        assert cs, fitted.lines
        assert cs[0][1][0] not in CLOSING, (text, fitted.lines)
        assert cs[-1][1][-1] not in OPENING, (text, fitted.lines)
        for kind, s, length in cs:
            assert length > 0
            missing = [ch for ch in s if not ch.isspace() and ord(ch) not in have]
            assert not missing, (text, s)
            if kind == "u" and s in VERTICAL_FORMS.values():
                assert 0xFE10 <= ord(s) <= 0xFE19 or 0xFE30 <= ord(s) <= 0xFE48
        # no horizontal punctuation that has a vertical form is left upright
        assert not [c for c in cs if c[0] == "u" and c[1] in VERTICAL_FORMS], cs


def test_latin_upright_up_to_two_characters_else_turned(font):
    adv = lambda s: F.text_width(font, "Bold", s)  # noqa: E731
    got = cells("5G时代WiFi，10个“光盘”", adv)
    assert [c[:2] for c in got] == [["t", "5G"], ["u", "时"], ["u", "代"], ["r", "WiFi"], ["u", "\ufe10"],
                                    ["t", "10"], ["u", "个"], ["r", "“"], ["u", "光"], ["u", "盘"], ["r", "”"]]
    assert got[3][2] == pytest.approx(adv("WiFi"), abs=1e-3)  # a turned run is as long as it is wide


# ------------------------------------------------------------------ posters


@pytest.fixture(scope="module")
def pole(tmp_path_factory):
    root = make_campaign(tmp_path_factory.mktemp("pole") / "c", formats=POLE, sets=SETS,
                         slogans={"traffic-01": ("志愿光明，有你更温暖", "traffic")})
    campaign, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    out = root.parent / "site"
    report = build_posters(campaign, plan, out, workers=1)
    assert not report.failed
    return plan, out


def test_a_pole_banner_is_set_vertically_by_default(pole):
    plan, _ = pole
    (job,) = plan.jobs
    (op,) = vtext_ops(job)
    assert [column_text(c) for c in op["columns"]] == ["志愿光明\ufe10", "有你更温暖"]
    assert not [o for o in job.spec["ops"] if o["op"] == "text" and "志愿" in "".join(o["lines"])]


def test_columns_run_right_to_left_and_top_to_bottom(pole):
    plan, _ = pole
    (job,) = plan.jobs
    (op,) = vtext_ops(job)

    def ink(columns):
        spec = dict(job.spec, background="#ffffff", ops=[dict(op, columns=columns, colour="#000000")])
        im = draw(spec).convert("L")
        return ImageChops.invert(im).getbbox()

    first, second = ink(op["columns"][:1] + [[]]), ink([[]] + op["columns"][1:])
    assert first[0] > second[2], (first, second)  # the first column lies wholly right of the second
    blank = ["s", "\u3000", 1.0]
    head = ink([[op["columns"][0][0], blank], []])  # 志, the first character
    tail = ink([[blank, op["columns"][0][1]], []])  # 愿 below it, in the same column
    assert head[3] <= tail[1], (head, tail)
    assert abs((head[0] + head[2]) / 2 - (tail[0] + tail[2]) / 2) < 0.1 * (head[2] - head[0])


def test_the_code_on_a_vertical_poster_still_reads_back(pole):
    plan, out = pole
    (job,) = plan.jobs
    b = code_box(job.spec)  # 20 simulated phone photos from where residents stand (posters/scanview.py)
    full, far, problem, reads, taken = verify_one(str(out / job.files["png"]), job.url, job.px_per_mm,
                                                  job.scan_distance_m, (b.x, b.y, b.side), job.scan_angle_deg)
    assert full and far and taken == 20 and reads >= 19, problem
    with Image.open(out / job.files["png"]) as im:
        assert im.height > 2.9 * im.width


def test_a_tall_page_under_two_and_a_half_to_one_stays_horizontal(tmp_path):
    root = make_campaign(tmp_path / "c", formats=POLE, sets={"t": "kind: slogan\nformat: tall2\ntemplate: slogan\n"},
                         slogans={"traffic-01": ("志愿光明，有你更温暖", "traffic")})
    _, plan = plan_of(root)
    (job,) = plan.jobs
    assert not vtext_ops(job)


@pytest.mark.parametrize("how", ["type: vertical", "type: text, direction: vertical"])
def test_a_vertical_element_in_a_campaign_template(tmp_path, how):
    root = make_campaign(tmp_path / "c", formats=POLE, sets={"c": "kind: slogan\nformat: card\ntemplate: v\n"},
                         slogans={"traffic-01": ("礼让斑马线，安全每一天", "traffic")})
    (root / "posters" / "templates.yml").write_text(
        "v:\n  kinds: [slogan]\n  layouts:\n    portrait:\n"
        f"      - {{{how}, box: [0.1, 0.1, 0.8, 0.5], text: '{{text}}', lines: 3, main: true}}\n"
        "      - {type: qr, box: [0.3, 0.65, 0.4, 0.3]}\n", encoding="utf-8")
    _, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    (op,) = vtext_ops(plan.jobs[0])
    assert [column_text(c) for c in op["columns"]] == ["礼让斑马线\ufe10", "安全每一天"]


# ------------------------------------------------------------------ bad input


def test_unknown_direction(tmp_path):
    root = make_campaign(tmp_path / "c", formats=POLE, sets={"c": "kind: slogan\nformat: card\ntemplate: v\n"})
    (root / "posters" / "templates.yml").write_text(
        "v:\n  kinds: [slogan]\n  layouts:\n    portrait:\n"
        "      - {type: text, box: [0.1, 0.1, 0.8, 0.5], text: '{text}', direction: sideways}\n", encoding="utf-8")
    fails(root, "posters/templates.yml:5", "direction", "sideways", "vertical", command="check")


def test_a_vertical_box_too_narrow_for_one_column(tmp_path):
    root = make_campaign(tmp_path / "c", formats=POLE, sets={"c": "kind: slogan\nformat: card\ntemplate: v\n"})
    (root / "posters" / "templates.yml").write_text(
        "v:\n  kinds: [slogan]\n  layouts:\n    portrait:\n"
        "      - {type: vertical, box: [0.1, 0.1, 0.01, 0.5], text: '{campaign}'}\n", encoding="utf-8")
    fails(root, "posters/templates.yml:5", "field 'box'", "[poster.vertical]", "1 mm wide",
          "narrower than one column", "fix: widen the box to at least")


def test_direction_on_a_rect_is_a_mistake(tmp_path):
    root = make_campaign(tmp_path / "c", formats=POLE, sets={"c": "kind: slogan\nformat: card\ntemplate: v\n"})
    (root / "posters" / "templates.yml").write_text(
        "v:\n  kinds: [slogan]\n  layouts:\n    portrait:\n"
        "      - {type: rect, box: [0, 0, 1, 0.1], direction: vertical}\n", encoding="utf-8")
    fails(root, "posters/templates.yml:5", "field 'direction'", "applies to text elements only")


def test_a_font_without_vertical_forms_is_a_finding(tmp_path, monkeypatch):
    from placard.posters.elements import vertical

    real = F.cmap

    def no_vertical_forms(ref):
        return frozenset(c for c in real(ref) if not 0xFE10 <= c <= 0xFE4F)

    monkeypatch.setattr(vertical.F, "cmap", no_vertical_forms)
    root = make_campaign(tmp_path / "c", formats=POLE, sets=SETS, slogans={"traffic-01": ("志愿光明，有你更温暖", "traffic")},
                         mkdocs=MKDOCS)
    _, plan = plan_of(root)
    assert not plan.jobs
    (f,) = [f for f in plan.findings if f.rule == "glyph.missing"]
    assert "U+FE10" in f.message and "'，'" in f.message and f.field == "extra.placard.posters.font"
    assert "vertical forms" in f.fix


def test_the_examples_pole_banners_are_vertical_with_no_column_starting_with_closing_punctuation():
    from conftest import REPO
    from test_posters import TODAY

    from placard.load import load_campaign
    from placard.posters.plan import make_plan

    plan = make_plan(load_campaign(REPO, TODAY).campaign)
    poles = [j for j in plan.jobs if j.format.startswith("pole-banner")]
    assert poles
    for job in poles:
        (op,) = vtext_ops(job)
        assert len(op["columns"]) >= 2
        for col in op["columns"]:
            assert col[0][1][0] not in CLOSING and col[-1][1][-1] not in OPENING, column_text(col)
