"""Codes that scan from where residents stand: simulated phone photos, the rate per format,
the layout making room for a large enough code, and formats that cannot carry one."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import run_placard
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from test_posters import FORMATS, TODAY, fails, make_campaign, plan_of

from placard.posters import qr as Q
from placard.posters import scanview as S
from placard.posters.coderoom import unscannable_sets
from placard.posters.formats import builtin_formats
from placard.posters.render import draw
from placard.posters.verify import phone_view


def poster_of(job) -> Image.Image:
    """The trimmed poster as its PNG holds it (greyscale)."""
    b = job.spec["bleed"]
    W, H = job.spec["trim"]
    return draw(job.spec, (b, b, b + W, b + H)).convert("L")


def code_mm(job) -> float:
    """The printed code's width without quiet zone, in mm."""
    op = next(o for o in job.spec["ops"] if o["op"] == "qr")
    return op["module"] * (17 + 4 * op["version"]) / job.px_per_mm


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    root = make_campaign(tmp_path_factory.mktemp("card") / "c",
                         sets={"cards": "kind: slogan\nformat: card\ntemplate: slogan\nitems: [traffic-01]\n"})
    _, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    job = plan.jobs[0]
    return job, poster_of(job)


# ------------------------------------------------------------------ the simulation


def test_phone_photos_are_the_same_on_every_run(card):
    job, poster = card
    box = S.code_box(job.spec)
    args = (poster, box, job.px_per_mm, 0.3, 0.0, job.url)
    first = [S.photo(*args, i).tobytes() for i in range(4)]
    assert first == [S.photo(*args, i).tobytes() for i in range(4)]
    assert len(set(first)) == 4  # each variant is a different photo
    a = S.scan_rate(poster, box, job.url, job.px_per_mm, 0.5)
    b = S.scan_rate(poster, box, job.url, job.px_per_mm, 0.5)
    assert (a.reads, a.variants) == (b.reads, b.variants) and a.variants == 20


def test_photos_are_tilted_blurred_unevenly_lit_and_jpeg(card):
    job, poster = card
    box = S.code_box(job.spec)
    im = S.photo(poster, box, job.px_per_mm, 0.15, 0.0, job.url, 0)
    # perspective: the code's square is no longer square in the photo
    assert im.width != im.height
    # uneven light: the white quiet zone is darker on one side than the other
    assert im.mode == "L" and abs(im.getpixel((6, im.height // 2)) - im.getpixel((im.width - 7, im.height // 2))) > 10 \
        or abs(im.getpixel((im.width // 2, 6)) - im.getpixel((im.width // 2, im.height - 7))) > 10


def test_a_code_too_small_for_the_distance_fails_the_rate_a_right_sized_one_passes(card):
    job, poster = card
    box = S.code_box(job.spec)
    ok = S.scan_rate(poster, box, job.url, job.px_per_mm, job.scan_distance_m)
    assert ok.ok and ok.rate >= 0.95, ok
    # from where each module covers 2.4 frame pixels (the 6000×700 banner from 10 m)
    module_mm = code_mm(job) / 25
    far = module_mm * S.FRAME_PX / (2.4 * 2 * 1000 * math.tan(math.radians(S.FOV_DEG / 2)))
    bad = S.scan_rate(poster, box, job.url, job.px_per_mm, far)
    assert not bad.ok and bad.rate < 0.95, bad
    # the head-on look --verify used to take (downscaled and blurred, square, no JPEG) still reads it
    assert job.url in S.decode(phone_view(poster, job.px_per_mm, far))


def test_verify_reports_the_rate_per_format_and_a_format_below_95_percent_is_an_error(tmp_path, capsys):
    from placard.commands.posters import _verify
    from placard.load import load_campaign
    from placard.posters.plan import make_plan

    root = make_campaign(tmp_path / "c")
    site = tmp_path / "site"
    proc = run_placard("build", root, "--out", site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    campaign = load_campaign(root, TODAY).campaign
    plan = make_plan(campaign)
    jobs = [j for j in plan.jobs if j.set == "cards"]
    assert _verify(campaign, plan, jobs, root / "staff", site, 1) == 0
    out = capsys.readouterr().out
    assert "scan rate per format" in out and "60/60" in out and "100%" in out  # 3 posters × 20 photos

    # the same posters, declared to be scanned from four times as far: the codes are now too small
    far = [replace(j, scan_distance_m=j.scan_distance_m * 4) for j in jobs]
    assert _verify(campaign, plan, far, root / "staff", site, 1) == 1
    err = capsys.readouterr().err
    assert "error [poster.scan-rate] field 'card.scan_distance_m'" in err
    assert "posters/formats.yml:2" in err and "simulated phone photos from 0.6 m" in err
    assert "below 95%" in err and "fix:" in err


# ------------------------------------------------------------------ sizes, room and formats without a code


def test_the_layout_makes_room_for_the_code_its_distance_asks_for(tmp_path):
    """A3 from 0.8 m needs an 80 mm code; the slogan template's code box holds 66 mm: the box and its panel
    grow into the space of the slogan's text, which stays on the poster."""
    root = make_campaign(tmp_path / "c", formats="", sets={
        "a3": "kind: slogan\nformat: A3\ntemplate: slogan\nitems: [traffic-01]\n",
        "pole": "kind: slogan\nformat: pole-banner\ntemplate: slogan\nitems: [traffic-01]\n"})
    _, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    by_set = {j.set: j for j in plan.jobs}
    a3, pole = by_set["a3"], by_set["pole"]
    assert code_mm(a3) >= Q.need_mm(0.8) and code_mm(a3) > 70  # the template's own box gives 66 mm
    assert code_mm(pole) >= Q.need_mm(3, 30) > 340  # from 3 m, looking up 30°
    texts = [o for o in a3.spec["ops"] if o["op"] == "text"]
    assert any("礼让斑马线" in "".join(o["lines"]) for o in texts)
    qr = next(o for o in a3.spec["ops"] if o["op"] == "qr")
    main = next(o for o in texts if "礼让斑马线" in "".join(o["lines"]))
    assert main["box"][3] <= qr["y"]  # the slogan's box ends above the code: nothing overlaps


def test_every_builtin_format_gets_a_code_as_large_as_its_distance_asks(tmp_path):
    formats = builtin_formats()
    sets = {f"{t}-{n}": f"kind: {t}\nformat: {n}\ntemplate: {t}\n" for n, f in formats.items()
            for t in ("slogan", "ad", "guide") if f.shape in ({"portrait", "landscape"} if t != "slogan" else
                                                                {"portrait", "landscape", "strip", "tall"})}
    root = make_campaign(tmp_path / "c", sets=sets, formats="")
    _, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    for job in plan.jobs:
        fmt = formats[job.format]
        if not fmt.code:
            assert S.code_box(job.spec) is None
            continue
        assert code_mm(job) + 1e-6 >= Q.need_mm(fmt.scan_distance_m, fmt.scan_angle_deg), (job.set, code_mm(job))


@pytest.mark.parametrize("name", ["pole-banner", "LED", "hoarding"])
def test_the_far_builtin_formats_scan_at_their_declared_distance(tmp_path, name):
    """The formats read from furthest away, photographed from there (bench/bench_scan.py has all of them)."""
    root = make_campaign(tmp_path / "c", formats="",
                         sets={"s": f"kind: slogan\nformat: {name}\ntemplate: slogan\nitems: [traffic-01]\n"})
    _, plan = plan_of(root)
    job = plan.jobs[0]
    fmt = builtin_formats()[name]
    res = S.scan_rate(poster_of(job), S.code_box(job.spec), job.url, job.px_per_mm, fmt.scan_distance_m,
                      fmt.scan_angle_deg)
    assert res.rate >= 0.95, res


def test_the_builtin_banner_carries_no_code_and_says_why(tmp_path):
    """A 700 mm banner above a road is scanned from ~10 m: a code would have to be 1.15 m wide."""
    banner = builtin_formats()["banner"]
    assert not banner.code and banner.scan_distance_m >= 10 and banner.scan_angle_deg > 0
    assert "1155 mm" in Q.carry_problem(replace(banner, code=True), 25)
    root = make_campaign(tmp_path / "c", formats="",
                         sets={"b": "kind: slogan\nformat: banner\ntemplate: slogan\nitems: [traffic-01]\n"})
    _, plan = plan_of(root)
    assert not plan.findings
    spec = plan.jobs[0].spec
    assert S.code_box(spec) is None
    assert not [o for o in spec["ops"] if o["op"] == "rect" and o["fill"] == "#ffffff"]  # nor its white panel
    assert [o for o in spec["ops"] if o["op"] == "text"]  # the slogan stays


def test_a_builtin_format_that_cannot_carry_its_code_points_at_the_set(tmp_path):
    root = make_campaign(tmp_path / "c", formats="banner: {code: true}\n",
                         sets={"b": "# banners\ntitle: 横幅\nkind: slogan\nformat: banner\ntemplate: slogan\n"})
    fails(root, "posters/formats.yml:1: error [poster.qr-distance] field 'banner.code'",
          "scanned from 10 m at 30° a code must be at least 1155 mm wide", "its height of 700 mm",
          "used by posters/b.yml", command="check")
    # a campaign's override of one field of a built-in format: the finding is at that field
    root = make_campaign(tmp_path / "d", formats="A4: {scan_distance_m: 3}\n",
                         sets={"t": "kind: slogan\nformat: A4\ntemplate: slogan\n"})
    fails(root, "posters/formats.yml:1: error [poster.qr-distance] field 'A4.scan_distance_m'", command="check")


def test_a_builtin_format_grown_to_another_size_points_at_the_set_that_uses_it(tmp_path):
    """(A placement slot's own size_mm keeps its built-in format's distances at another size.)"""
    from placard.posters.plan import PosterSet

    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "p.yml").write_text("# poles\nkind: slogan\nformat: pole-banner\n", encoding="utf-8")
    small = replace(builtin_formats()["pole-banner"], name="pole-banner-300x900", width=300.0, height=900.0)
    findings: list = []
    kept = unscannable_sets([PosterSet("p", "p", "posters/p.yml", small, None, ())], Q.make_symbol("A" * 31),
                              findings, tmp_path)
    assert kept == [] and len(findings) == 1
    f = findings[0]
    assert (f.file, f.line, f.field, f.rule) == ("posters/p.yml", 3, "format", "poster.qr-distance")
    assert "'pole-banner: {code: false}'" in f.fix and "346 mm" in f.message


def test_an_angle_widens_the_code_a_format_needs(tmp_path):
    fm = FORMATS + "wall: {width: 600, height: 400, dpi: 100, safe_mm: 10, scan_distance_m: 2, scan_angle_deg: 70}\n"
    root = make_campaign(tmp_path / "c", formats=fm, sets={"w": "kind: slogan\nformat: wall\ntemplate: slogan\n"})
    fails(root, "posters/formats.yml:4: error [poster.qr-distance] field 'wall.scan_distance_m'",
          "scanned from 2 m at 70° a code must be at least 585 mm wide", command="check")
    assert Q.carry_problem(replace(builtin_formats()["A3"], scan_angle_deg=0), 25) is None


@pytest.mark.parametrize("bad,message", [
    ("{width: 105, height: 148, scan_angle_deg: 80}", "80 is too large"),
    ("{width: 105, height: 148, scan_angle_deg: -5}", "-5 is too small"),
    ("{width: 105, height: 148, code: maybe}", "true or false"),
])
def test_bad_scan_fields(tmp_path, bad, message):
    root = make_campaign(tmp_path / "c", formats=FORMATS + f"bad: {bad}\n")
    fails(root, "posters/formats.yml:4", message, command="check")


def test_a_template_box_too_small_without_room_to_grow_is_a_finding(tmp_path):
    """No main text to take room from: the layout cannot grow the code, the size check says so."""
    fm = FORMATS + "fine: {width: 105, height: 148, dpi: 300, safe_mm: 4, scan_distance_m: 0.5}\n"
    root = make_campaign(tmp_path / "c", formats=fm, sets={"t": "kind: slogan\nformat: fine\ntemplate: tiny\n"})
    (root / "posters" / "templates.yml").write_text(
        "tiny:\n  kinds: [slogan]\n  layouts:\n    portrait:\n"
        "      - {type: qr, box: [0.35, 0.4, 0.3, 0.3]}\n", encoding="utf-8")
    fails(root, "posters/t.yml:1: error [poster.qr-size]", "the code is 23 mm wide; scanned from 0.5 m it must be "
          "at least 50 mm", command="check")


def test_check_stays_clean_on_the_example():
    from conftest import REPO

    proc = run_placard("check", REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert Path(REPO / "posters" / "banner.yml").is_file()  # the example's banners: no code, no finding


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(builtin_formats())), tpl=st.sampled_from(["slogan", "ad", "guide"]),
       distance=st.floats(0.1, 6), angle=st.floats(0, 60), modules=st.sampled_from([21, 25, 29, 33]))
def test_making_room_keeps_every_box_on_the_page_and_the_code_clear_of_text(name, tpl, distance, angle,
                                                                                        modules):
    from placard.posters.coderoom import _need_box, make_room
    from placard.posters.templates import load_templates

    fmt = replace(builtin_formats()[name], scan_distance_m=distance, scan_angle_deg=angle, code=True)
    layouts = load_templates(Path("/nonexistent"))[0][tpl].layouts
    if fmt.shape not in layouts:
        return
    before = layouts[fmt.shape]
    after = make_room(before, fmt, modules)
    assert len(after) == len(before)
    for e in after:
        x, y, w, h = e.box
        assert w > 0 and h > 0 and x >= -1e-9 and y >= -1e-9 and x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9, e
    if after is before:
        return
    q = next(e for e in after if e.type == "qr")
    need = _need_box(fmt, modules)
    assert min(q.box[2] * fmt.width_mm, q.box[3] * fmt.height_mm) + 1e-6 >= need
    for e in after:
        if e.type in ("points", "text"):  # no text runs under the code
            x, y, w, h = e.box
            X, Y, W, H = q.box
            assert x + w <= X + 1e-9 or X + W <= x + 1e-9 or y + h <= Y + 1e-9 or Y + H <= y + 1e-9, (e, q)
