"""Posters: rendering, QR codes read back with zxing-cpp, print PDFs, cache, reference renders,
and every bad input the issue lists (readable message, exit 1, no traceback)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from conftest import missing_tool, need_module, run_placard, write
from PIL import Image, ImageChops

from placard.load import load_campaign
from placard.posters import qr as Q
from placard.posters.build import build_posters
from placard.posters.plan import make_plan, spec_key
from placard.posters.scanview import code_box
from placard.posters.verify import verify_one

TODAY = dt.date(2026, 11, 23)
REFS = Path(__file__).parent / "data" / "poster_refs"

MKDOCS = """\
site_name: 测试区文明城区
site_url: https://wm.test.example.cn/
theme: {name: material, language: zh, font: false}
hooks: [hooks/placard_hooks.py]
extra:
  placard:
    name: 测试区创建全国文明城区
    office: 测试区文明办
    themes:
      - {id: traffic, name: 文明交通, colour: "#1565c0"}
      - {id: dining, name: 文明餐桌, colour: "#e67e22"}
    posters: {system_fonts: false}
"""

FORMATS = """\
# small formats keep the tests fast
card: {title: 卡片, width: 105, height: 148, dpi: 100, safe_mm: 4, distance_m: 1, scan_distance_m: 0.15}
card-landscape: {title: 横卡片, width: 148, height: 105, dpi: 100, safe_mm: 4, distance_m: 1, scan_distance_m: 0.15}
"""

SLOGAN = """\
---
text: "{text}"
theme: {theme}
status: approved
approved_by: 文明办 王丽
approved_on: 2026-09-01
---
"""

GUIDE = """\
---
id: guide-dining
title: 文明餐桌指南
theme: dining
status: approved
approved_by: 文明办 王丽
approved_on: 2026-09-01
key_points:
  - 按需点餐，吃完打包
  - 使用公筷公勺
  - 不劝酒，不喧哗
---

# 文明餐桌指南

按需点餐。
"""

AD = """\
---
id: ad-zebra
title: 礼让斑马线
theme: traffic
artwork: {artwork}
alt: 蓝底白色斑马线
status: approved
approved_by: 文明办 王丽
approved_on: 2026-09-01
---

# 礼让斑马线
"""


def artwork(path: Path) -> Path:
    im = Image.new("RGB", (600, 400), "#1565c0")
    for i in range(6):
        im.paste("#ffffff", (60 + i * 80, 80, 100 + i * 80, 320))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path)
    return path


def make_campaign(root: Path, slogans: dict[str, tuple[str, str]] | None = None, sets: dict[str, str] | None = None,
                  formats: str = FORMATS, mkdocs: str = MKDOCS) -> Path:
    write(root / "mkdocs.yml", mkdocs)
    write(root / "hooks" / "placard_hooks.py", "from placard.mkdocs_hooks import *  # noqa: F401,F403\n")
    write(root / "docs" / "index.md", "# 首页\n")
    slogans = slogans if slogans is not None else {
        "traffic-01": ("礼让斑马线，安全每一天", "traffic"),
        "traffic-02": ("一盔一带，安全常在", "traffic"),
        "dining-01": ("按需点餐不浪费，光盘行动我先行", "dining"),
    }
    for sid, (text, theme) in slogans.items():
        write(root / "slogans" / f"{sid}.md", SLOGAN.format(text=text, theme=theme))
    write(root / "docs" / "guides" / "dining.md", GUIDE)
    artwork(root / "docs" / "ads" / "zebra.png")
    write(root / "docs" / "ads" / "zebra.md", AD.format(artwork="zebra.png"))
    if formats:
        write(root / "posters" / "formats.yml", formats)
    sets = sets if sets is not None else {
        "cards": "title: 标语卡片\nkind: slogan\nformat: card\ntemplate: slogan\n",
        "guides": "kind: guide\nformat: card\ntemplate: guide\n",
        "ads": "kind: ad\nformat: card-landscape\ntemplate: ad\n",
    }
    for name, text in sets.items():
        write(root / "posters" / f"{name}.yml", text)
    return root


@pytest.fixture
def mini(tmp_path) -> Path:
    return make_campaign(tmp_path / "mini")


def plan_of(root: Path):
    loaded = load_campaign(root, TODAY)
    assert loaded.campaign is not None, loaded.findings
    return loaded.campaign, make_plan(loaded.campaign)


def built_sets(root: Path, errors_only: bool = False):
    """The campaign at ``root`` with every poster set drawn in one process into ``root``'s sibling
    ``out``: (campaign, plan, out). ``errors_only``: warnings in the plan are allowed."""
    from placard.posters.build import build_posters

    campaign, plan = plan_of(root)
    problems = [f for f in plan.findings if f.is_error or not errors_only]
    assert not problems, [f.render() for f in problems]
    out = root.parent / "out"
    report = build_posters(campaign, plan, out, workers=1)
    assert not report.failed, report.failed
    return campaign, plan, out


def jobs_of(plan, name: str) -> list:
    """The plan's jobs of the set ``name``."""
    return [j for j in plan.jobs if j.set == name]


# ------------------------------------------------------------------ rendering and reading back


@pytest.fixture
def rendered(mini, tmp_path):
    campaign, plan = plan_of(mini)
    assert not plan.findings, [f.render() for f in plan.findings]
    out = tmp_path / "site"
    report = build_posters(campaign, plan, out, workers=1)
    assert not report.failed
    return campaign, plan, out, report


def test_every_code_reads_back_at_full_size_and_from_the_scanning_distance(rendered):
    campaign, plan, out, _ = rendered
    assert len(plan.jobs) == 5  # 3 slogans, 1 guide, 1 ad
    for job in plan.jobs:
        b = code_box(job.spec)
        full, far, problem, reads, taken = verify_one(str(out / job.files["png"]), job.url, job.px_per_mm,
                                                      job.scan_distance_m, (b.x, b.y, b.side), job.scan_angle_deg)
        assert full and far and taken == 20 and reads >= 19, (job.out, problem)


def test_codes_are_short_upper_case_urls_in_alphanumeric_mode(rendered):
    campaign, plan, _, _ = rendered
    for job in plan.jobs:
        assert re.fullmatch(r"HTTPS://WM\.TEST\.EXAMPLE\.CN/Q/[A-Z2-7]{6}/", job.url), job.url
        sym = Q.make_symbol(job.url)
        assert sym.alphanumeric
        # the same address in lower case needs byte mode and a bigger symbol
        assert Q.make_symbol(job.url.lower()).modules > sym.modules
    # codes are stable: a fresh load of the campaign gives every poster the same code
    again = {(j.set, j.item_id): j.code for j in plan_of(campaign.root)[1].jobs}
    assert again == {(j.set, j.item_id): j.code for j in plan.jobs}


def pdf_boxes(path: Path) -> dict[str, list[float]]:
    text = path.read_bytes().decode("latin-1")
    return {name: [float(x) for x in re.search(rf"/{name} \[([^\]]+)\]", text).group(1).split()]
            for name in ("MediaBox", "TrimBox", "BleedBox")}


def mm(pt: float) -> float:
    return pt * 25.4 / 72


def test_print_pdf_is_the_format_plus_bleed(rendered):
    """Every print PDF is the trim size plus 3 mm of bleed on each side (the printers' standard)."""
    _, plan, out, _ = rendered
    trim = {"card": (105, 148), "card-landscape": (148, 105)}  # FORMATS above
    bleed = 3
    for job in plan.jobs:
        w, h = trim[job.format]
        boxes = pdf_boxes(out / job.files["pdf"])
        x0, y0, x1, y1 = boxes["MediaBox"]
        assert abs(mm(x1 - x0) - (w + 2 * bleed)) < 0.1
        assert abs(mm(y1 - y0) - (h + 2 * bleed)) < 0.1
        t0, t1, t2, t3 = boxes["TrimBox"]
        assert abs(mm(t2 - t0) - w) < 0.1 and abs(mm(t3 - t1) - h) < 0.1 and abs(mm(t1) - bleed) < 0.1


def test_a3_print_pdf_at_300_dpi(tmp_path):
    root = make_campaign(tmp_path / "a3", slogans={"traffic-01": ("礼让斑马线，安全每一天", "traffic")},
                         sets={"a3": "kind: slogan\nformat: A3\ntemplate: slogan\n"})
    campaign, plan = plan_of(root)
    out = tmp_path / "site"
    assert not build_posters(campaign, plan, out, workers=1).failed
    job = plan.jobs[0]
    boxes = pdf_boxes(out / job.files["pdf"])
    x0, y0, x1, y1 = boxes["MediaBox"]
    assert abs(mm(x1 - x0) - 303) < 0.1 and abs(mm(y1 - y0) - 426) < 0.1
    with Image.open(out / job.files["png"]) as im:
        assert im.size == (3508, 4961)
        assert round(im.info["dpi"][0]) == 300
    b = code_box(job.spec)
    full, far, problem, reads, _ = verify_one(str(out / job.files["png"]), job.url, 300 / 25.4, 0.8,
                                              (b.x, b.y, b.side))
    assert full and far and reads >= 19, problem


def test_pdf_shows_the_poster_and_its_bleed(rendered, tmp_path):
    """pdftoppm renders the PDF: the trim area equals the PNG; the bleed continues the background."""
    import shutil
    import subprocess

    if not shutil.which("pdftoppm"):
        missing_tool("poppler")
    _, plan, out, _ = rendered
    job = next(j for j in plan.jobs if j.set == "cards")
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(out / job.files["pdf"]),
                    str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")
    png = Image.open(out / job.files["png"]).convert("RGB")
    b = round(3 / 25.4 * 100)
    trim = page.crop((b, b, b + png.width, b + png.height))
    # pdftoppm resamples a little (pixel sizes are rounded); compare at a quarter size
    quarter = (png.width // 4, png.height // 4)
    diff = ImageChops.difference(trim.resize(quarter, Image.Resampling.BOX),
                                 png.resize(quarter, Image.Resampling.BOX)).convert("L")
    assert sum(diff.histogram()[48:]) / (quarter[0] * quarter[1]) < 0.01
    # the theme-coloured header band runs on into the bleed (not white paper)
    r, g, bl = page.getpixel((page.width // 2, 1))
    assert (r, g, bl) != (255, 255, 255)


def test_rebuild_after_one_slogan_changes_renders_only_its_poster(mini, tmp_path):
    campaign, plan = plan_of(mini)
    out = tmp_path / "site"
    first = build_posters(campaign, plan, out, workers=1)
    assert (first.rendered, first.reused) == (5, 0)
    write(mini / "slogans" / "traffic-02.md", SLOGAN.format(text="一盔一带，平安常在", theme="traffic"))
    campaign, plan = plan_of(mini)
    again = build_posters(campaign, plan, out, workers=1)
    assert (again.rendered, again.reused) == (1, 4)
    assert again.rendered + again.reused == len(plan.jobs)


def test_full_build_prunes_the_cache_and_a_partial_build_does_not(mini, tmp_path):
    cache = mini / ".cache/placard/posters"

    def entries():
        return {p.name for p in cache.iterdir() if p.is_dir() and len(p.name) == 32}

    campaign, plan = plan_of(mini)
    out = tmp_path / "site"
    build_posters(campaign, plan, out, workers=1)
    first = entries()
    sheets = set(os.listdir(cache / "sheets"))
    assert first == {j.key for j in plan.jobs}
    write(mini / "slogans" / "traffic-02.md", SLOGAN.format(text="一盔一带，平安常在", theme="traffic"))
    campaign, plan = plan_of(mini)
    changed = next(j for j in plan.jobs if j.item_id == "traffic-02")
    partial = build_posters(campaign, plan, out, workers=1, sets=lambda j: j.item_id == "traffic-02")
    assert partial.pruned == 0 and entries() == first | {changed.key}
    report = build_posters(campaign, plan, out, workers=1)
    assert report.pruned == 1 and "1 outdated poster(s) removed" in report.summary()
    assert entries() == {j.key for j in plan.jobs}
    assert len(set(os.listdir(cache / "sheets")) - sheets) >= 1  # the new page is there ...
    assert len(os.listdir(cache / "sheets")) == len(sheets)  # ... and the outdated one is gone
    assert all((out / f).is_file() for j in plan.jobs for f in j.files.values())


def test_layout_cache_gives_the_same_posters_and_survives_damage(mini):
    _, fresh = plan_of(mini)
    cache_file = mini / ".cache/placard/posters/layouts.bin"
    assert cache_file.is_file()
    _, reused = plan_of(mini)  # every layout now comes from the cache
    def drawn(plan):
        return [(j.key, json.dumps(j.spec, sort_keys=True)) for j in plan.jobs]

    assert drawn(reused) == drawn(fresh)
    assert [j.key for j in reused.jobs] == [spec_key(j.spec) for j in reused.jobs]
    for damage in (b"", b"not marshal data", cache_file.read_bytes()[:40]):
        cache_file.write_bytes(damage)
        _, again = plan_of(mini)
        assert not again.findings
        assert [j.key for j in again.jobs] == [j.key for j in fresh.jobs]


def _pixels(im: Image.Image) -> list[tuple[int, int, int]]:
    data = im.convert("RGB").tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def test_contact_sheet_per_set(rendered):
    """One A4 PDF per set, one page for up to a page of posters, each poster's picture on it."""
    pypdf = need_module("pypdf")
    _, plan, out, report = rendered
    assert sorted(report.sheets) == sorted(f"posters/{s}/{s}-contact-sheet.pdf" for s in ("cards", "guides", "ads"))
    for rel in report.sheets:
        set_name = rel.split("/")[1]
        jobs = [j for j in plan.jobs if j.set == set_name]
        reader = pypdf.PdfReader(out / rel)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert abs(mm(float(box.width)) - 210) < 0.5 and abs(mm(float(box.height)) - 297) < 0.5  # A4
        (img,) = reader.pages[0].images
        page = img.image.convert("RGB")
        hist = _pixels(page.resize((page.width // 4, page.height // 4)))
        for job in jobs:  # the poster's own main colour covers a visible part of the page
            with Image.open(out / job.files["png"]) as png:
                small = png.convert("RGB").resize((64, 64))
            colours = [c for c in _pixels(small) if sum(c) < 600]
            main = max(set(colours), key=colours.count)
            near = sum(1 for c in hist if all(abs(a - b) < 40 for a, b in zip(c, main, strict=True)))
            assert near / len(hist) > 0.005, (rel, job.item_id, main)


# ------------------------------------------------------------------ reference renders


def ref_image(im: Image.Image) -> Image.Image:
    """What a reference holds: the poster at half size (tests/update_refs.py writes these)."""
    return im.convert("RGB").resize((im.width // 2, im.height // 2), Image.Resampling.BOX)


REF_POSTERS = [("cards", "traffic-01"), ("guides", "guide-dining"), ("ads", "ad-zebra")]


def _compare(name: str, im: Image.Image) -> None:
    ref = REFS / f"{name}.png"
    small = ref_image(im)
    if not ref.exists():
        pytest.fail(f"reference {ref.name} is missing: write it with `python tests/update_refs.py`, look at it, "
                    "commit it, then rerun")
    want = Image.open(ref).convert("RGB")
    assert want.size == small.size
    diff = ImageChops.difference(want, small).convert("L")
    changed = sum(diff.histogram()[64:]) / (small.width * small.height)
    assert changed < 0.01, f"{name}: {changed:.1%} of pixels differ from {ref}"


@pytest.mark.parametrize("set_name,item", REF_POSTERS)
def test_reference_renders(rendered, set_name, item):
    _, plan, out, _ = rendered
    job = next(j for j in plan.jobs if j.set == set_name and j.item_id == item)
    _compare(f"{set_name}-{item}", Image.open(out / job.files["png"]))


# ------------------------------------------------------------------ bad input


def fails(root: Path, *must: str, command: str = "posters") -> str:
    proc = run_placard(command, root)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    for m in must:
        assert m in text, f"{m!r} not in:\n{text}"
    return text


def test_unknown_format(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: A33\ntemplate: slogan\n"})
    fails(root, "posters/x.yml:2", "field 'format'", "unknown format 'A33'", "did you mean 'A3'")


def test_unknown_template(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: slogn\n"})
    fails(root, "posters/x.yml:3", "field 'template'", "unknown template 'slogn'", "did you mean 'slogan'")


def test_template_box_outside_the_page(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: mine\n"})
    write(root / "posters" / "templates.yml", """\
mine:
  kinds: [slogan]
  layouts:
    portrait:
      - {type: text, box: [0.1, 0.1, 0.8, 0.5], text: "{text}"}
      - {type: qr, box: [0.6, 0.7, 0.5, 0.2]}
""")
    fails(root, "posters/templates.yml:6", "field 'box'", "lies outside the page", "x+w = 1.1",
          "fix: give box as [x, y, w, h]")


def test_missing_artwork(tmp_path):
    root = make_campaign(tmp_path / "c")
    write(root / "docs" / "ads" / "zebra.md", AD.format(artwork="nowhere.png"))
    fails(root, "docs/ads/zebra.md:5", "field 'artwork'", "'nowhere.png'", "does not exist")


def test_corrupt_artwork_and_decompression_bomb(tmp_path):
    root = make_campaign(tmp_path / "c")
    (root / "docs" / "ads" / "zebra.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    fails(root, "docs/ads/zebra.md:5", "field 'artwork'", "cannot be opened")
    bomb = Image.new("1", (14000, 14000))
    bomb.save(root / "docs" / "ads" / "zebra.png")
    fails(root, "docs/ads/zebra.md:5", "field 'artwork'", "decompression bomb")


def test_corrupt_logo(tmp_path):
    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS.replace("{system_fonts: false}",
                                                                  "{system_fonts: false, logo: logo.png}"))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    fails(root, "mkdocs.yml", "field 'extra.placard.posters.logo'", "logo 'logo.png'", "cannot be opened")
    (root / "logo.png").write_bytes(b"GIF89a broken")  # not even a format placard reads
    fails(root, "mkdocs.yml", "field 'extra.placard.posters.logo'", "logo 'logo.png'", "not a PNG, JPEG or WebP")


def test_text_that_cannot_fit(tmp_path):
    root = make_campaign(
        tmp_path / "c",
        slogans={"traffic-01": ("文明交通靠大家，平安出行你我他，礼让斑马线从我做起，一盔一带安全常在", "traffic")},
        formats=FORMATS + "strip: {title: 小横幅, width: 600, height: 70, dpi: 40, safe_mm: 5, distance_m: 8, scan_distance_m: 0.3}\n",
        sets={"banner": "kind: slogan\nformat: strip\ntemplate: slogan\n"},
    )
    text = fails(root, "slogans/traffic-01.md:2", "field 'text'", "[length.format]",
                 "strip 600×70 fits at most 15 characters at this size, the text has 34",
                 "fix: shorten it to 15 characters or fewer")
    # the same finding comes from `placard check` (rule 4, length per use)
    assert "strip 600×70 fits at most 15" in fails(root, command="check")
    assert text


def test_missing_glyph(tmp_path):
    root = make_campaign(tmp_path / "c", slogans={"traffic-01": ("礼让斑马线，安全每一天𠀀", "traffic")}, sets={})
    fails(root, "slogans/traffic-01.md:2", "field 'text'", "[glyph.missing]", "U+20000", "empty box",
          command="check")


def test_qr_too_small_for_its_distance(tmp_path):
    """A format too small for a code scannable from its distance: one finding at the format's own line."""
    root = make_campaign(tmp_path / "c", formats=FORMATS.replace("scan_distance_m: 0.15}", "scan_distance_m: 3}"))
    text = fails(root, "posters/formats.yml:2: error [poster.qr-distance] field 'card.scan_distance_m'",
                 "scanned from 3 m a code must be at least 300 mm wide",
                 "room for a code of at most 70 mm", "used by posters/cards.yml, posters/guides.yml",
                 "set 'code: false'", command="check")
    assert text.count("field 'card.scan_distance_m'") == 1


def test_module_smaller_than_half_a_millimetre(tmp_path):
    fm = "tiny: {width: 30, height: 40, dpi: 300, safe_mm: 1, distance_m: 0.1, scan_distance_m: 0.1}\n"
    root = make_campaign(tmp_path / "c", formats=fm, sets={"x": "kind: slogan\nformat: tiny\ntemplate: slogan\n"})
    fails(root, "[poster.qr-size]", "must be at least 0.5 mm")


def test_site_url_missing(tmp_path):
    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS.replace("site_url: https://wm.test.example.cn/\n", ""))
    fails(root, "mkdocs.yml:1", "field 'site_url'", "no site_url", "fix: add 'site_url:")


@pytest.mark.parametrize("bad,message", [
    ("{width: 0, height: 148}", "0 is too small: it must be at least 1"),
    ("{width: -105, height: 148}", "-105 is too small"),
    ("{width: 105, height: 148, dpi: 0}", "0 is too small: it must be at least 30"),
    ("{width: 105, height: 148, scan_distance_m: -1}", "-1 is too small"),
    ("{width: 105}", "format 'bad' has no 'height'"),
])
def test_non_positive_sizes(tmp_path, bad, message):
    root = make_campaign(tmp_path / "c", formats=FORMATS + f"bad: {bad}\n")
    fails(root, "posters/formats.yml:4", message)


def test_unknown_set_or_format_on_the_command_line(mini):
    proc = run_placard("posters", mini, "--set", "nope")
    assert proc.returncode == 1 and "no poster set 'nope'" in proc.stderr and "cards" in proc.stderr
    proc = run_placard("posters", mini, "--format", "B9")
    assert proc.returncode == 1 and "unknown format 'B9'" in proc.stderr


def test_every_builtin_template_fits_every_builtin_format_it_has_a_layout_for(tmp_path):
    from placard.posters.formats import builtin_formats
    from placard.posters.templates import load_templates

    formats = builtin_formats()
    templates, problems = load_templates(tmp_path)
    assert not problems
    assert {"slogan", "ad", "guide"} <= set(templates)
    assert {"A4", "A3", "A2", "A1", "A0", "A4-landscape", "A0-landscape", "board", "hoarding", "banner", "LED"} <= set(formats)
    sets = {
        f"{t}-{f}": f"kind: {tpl.kinds[0]}\nformat: {f}\ntemplate: {t}\n"
        for f in formats for t, tpl in templates.items() if formats[f].shape in tpl.layouts
    }
    root = make_campaign(tmp_path / "c", sets=sets, formats="")
    _, plan = plan_of(root)
    assert not plan.findings, "\n".join(f.render() for f in plan.findings)
    assert len(plan.jobs) >= len(sets)


def test_every_public_slot_of_the_example_gets_a_poster_with_its_own_code():
    from conftest import REPO

    campaign = load_campaign(REPO, TODAY).campaign
    plan = make_plan(campaign)
    assert not [f for f in plan.findings if f.is_error], [f.render() for f in plan.findings]
    by_slot = {j.slot: j for j in plan.jobs if j.slot}
    expected = {(pl.id, s.id) for pl in campaign.placements for s in pl.slots
                if s.kind == "public" and s.ref and campaign.item(s.ref).approval.status == "approved"}
    assert expected and set(by_slot) == expected
    for (list_id, slot_id), job in by_slot.items():
        item, url, slot = plan.codes[job.code]
        assert slot == (list_id, slot_id) and item.id == job.item_id and url == job.url
        assert job.code != Q.item_code(item.kind, item.id)  # scans count per location
    assert len({j.code for j in by_slot.values()}) == len(by_slot)
