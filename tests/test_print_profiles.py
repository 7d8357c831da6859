"""Print profiles (issue 13): CMYK PDF/X-4 with an output intent, large-format TIFF, theme CMYK values,
black text on the black plate, Chinese PDF titles, and every bad input as a clear finding.

The files are read back with real readers: pypdf for the PDFs, Pillow (and its Little CMS) for the
TIFF and the embedded ICC profile.
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import need_module, run_placard, write
from PIL import Image, ImageCms
from test_posters import FORMATS, MKDOCS, built_sets, fails, jobs_of, make_campaign, plan_of

from placard.posters import outputs as O
from placard.posters.build import build_posters
from placard.posters.profiles import generic_icc, round_trip_de

pypdf = need_module("pypdf")

RED, RED_CMYK = "#c0392b", [0, 95, 90, 10]
CMYK_MKDOCS = MKDOCS.replace(
    '      - {id: traffic, name: 文明交通, colour: "#1565c0"}',
    f'      - {{id: traffic, name: 文明交通, colour: "{RED}", cmyk: {RED_CMYK}}}')
SETS = {
    "shop": "title: 印刷厂\nkind: slogan\nformat: card\ntemplate: slogan\nprofile: cmyk-pdfx\n",
    "office": "kind: guide\nformat: card\ntemplate: guide\n",
    "wide": "kind: slogan\nformat: card-landscape\ntemplate: slogan\nprofile: large-format\nitems: [traffic-01]\n",
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return built_sets(make_campaign(tmp_path_factory.mktemp("print") / "c", sets=SETS, mkdocs=CMYK_MKDOCS))


def cmyk_image(xobj) -> Image.Image:
    assert xobj["/ColorSpace"] == "/DeviceCMYK"
    return Image.frombytes("CMYK", (xobj["/Width"], xobj["/Height"]), xobj.get_data())


def test_output_kinds_follow_the_profile(printed):
    _, plan, out = printed
    shop, office, wide = (jobs_of(plan, n)[0] for n in ("shop", "office", "wide"))
    assert set(shop.files) == {"png", "preview", "pdfx"} and O.print_kind(shop.spec) is O.CMYK_PDF
    assert set(office.files) == {"png", "preview", "pdf"} and O.print_kind(office.spec) is O.PDF
    assert set(wide.files) == {"png", "preview", "tiff"} and wide.files["tiff"].endswith(".tif")
    for job in (shop, office, wide):
        for rel in job.files.values():
            assert (out / rel).is_file(), rel


def test_cmyk_pdf_is_pdfx4_with_an_output_intent_and_page_boxes(printed):
    _, plan, out = printed
    job = jobs_of(plan, "shop")[0]
    reader = pypdf.PdfReader(out / job.files["pdfx"])
    assert reader.pdf_header == "%PDF-1.6"
    root = reader.trailer["/Root"]
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"]
    icc = intent["/DestOutputProfile"].get_object()
    assert icc["/N"] == 4
    prof = ImageCms.ImageCmsProfile(io.BytesIO(icc.get_data()))
    assert prof.profile.xcolor_space.strip() == "CMYK" and prof.profile.device_class == "prtr"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    assert reader.metadata["/Trapped"] == "/False"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert reader.trailer["/ID"]
    page = reader.pages[0]
    pt = 72 / 25.4
    media = [float(x) for x in page.mediabox]
    assert media[2] == pytest.approx((105 + 6) * pt, abs=0.01) and media[3] == pytest.approx((148 + 6) * pt, abs=0.01)
    assert [float(x) for x in page.bleedbox] == media
    trim = [float(x) for x in page.trimbox]
    assert trim == pytest.approx([3 * pt, 3 * pt, media[2] - 3 * pt, media[3] - 3 * pt], abs=0.01)
    for name, xobj in page["/Resources"]["/XObject"].items():
        assert xobj.get_object()["/ColorSpace"] == "/DeviceCMYK", name


def test_theme_colour_prints_with_its_cmyk_values_and_black_on_k_only(printed):
    """Every pixel of the theme red is C0 M95 Y90 K10; every pixel of black (the code, ink text) is K100 alone."""
    _, plan, out = printed
    job = next(j for j in jobs_of(plan, "shop") if j.item_id == "traffic-01")  # a red poster
    page = pypdf.PdfReader(out / job.files["pdfx"]).pages[0]
    cmyk = cmyk_image(page["/Resources"]["/XObject"]["/Im0"].get_object())
    rgb = Image.open(out / job.files["png"]).convert("RGB")
    assert cmyk.size == rgb.size
    want_red = tuple(round(v * 2.55) for v in RED_CMYK)
    seen = {"red": 0, "black": 0, "grey": 0}
    rgb_px, cmyk_px = rgb.load(), cmyk.load()
    for y in range(0, rgb.height, 3):
        for x in range(0, rgb.width, 3):
            p = rgb_px[x, y]
            if p == (0xc0, 0x39, 0x2b):
                seen["red"] += 1
                assert cmyk_px[x, y] == want_red, (x, y, cmyk_px[x, y])
            elif p in ((0x22, 0x22, 0x22), (0, 0, 0)):  # ink text, the code's modules
                seen["black"] += 1
                assert cmyk_px[x, y] == (0, 0, 0, 255), (x, y, cmyk_px[x, y])
            elif p[0] == p[1] == p[2] and 0x50 <= p[0] < 0xf0:  # anti-aliased edges of black on white
                seen["grey"] += 1
                c, m, y_, k = cmyk_px[x, y]
                assert max(c, m, y_) <= 3 and k > 0, (p, cmyk_px[x, y])
    assert seen["red"] > 1000 and seen["black"] > 100, seen


def test_bleed_strips_are_cmyk_too(printed):
    _, plan, out = printed
    job = jobs_of(plan, "shop")[0]
    page = pypdf.PdfReader(out / job.files["pdfx"]).pages[0]
    xobjs = page["/Resources"]["/XObject"]
    assert len(xobjs) == 5  # the poster and four bleed strips
    top = cmyk_image(xobjs["/Im1"].get_object())
    # the slogan template's top band is theme-dark: a converted colour, not RGB
    assert top.mode == "CMYK" and top.getpixel((top.width // 2, 0))[3] > 0


def test_chinese_titles_survive_in_info_and_xmp(printed):
    campaign, plan, out = printed
    for name, key in (("shop", "pdfx"), ("office", "pdf")):
        job = jobs_of(plan, name)[0]
        reader = pypdf.PdfReader(out / job.files[key])
        assert reader.metadata.title == job.title and re.search(r"[\u4e00-\u9fff]", job.title)
        assert reader.metadata.author == campaign.config.office
        assert reader.metadata.subject == campaign.config.name
        raw = (out / job.files[key]).read_bytes()
        assert b"/Title <FEFF" in raw  # UTF-16BE with a byte-order mark
    xmp = pypdf.PdfReader(out / jobs_of(plan, "shop")[0].files["pdfx"]).trailer["/Root"]["/Metadata"]
    assert jobs_of(plan, "shop")[0].title in xmp.get_object().get_data().decode("utf-8")


def test_large_format_tiff_has_its_physical_size_in_the_resolution_tags(printed):
    _, plan, out = printed
    job = jobs_of(plan, "wide")[0]
    with Image.open(out / job.files["tiff"]) as im:
        assert im.format == "TIFF" and im.info["compression"] == "tiff_lzw"
        dpi = im.info["dpi"]
        width_mm, height_mm = (im.width / dpi[0] * 25.4, im.height / dpi[1] * 25.4)
        assert width_mm == pytest.approx(148 + 6, abs=0.3) and height_mm == pytest.approx(105 + 6, abs=0.3)
        assert dpi[0] == pytest.approx(100, abs=0.5)
        assert ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"])).profile.xcolor_space.strip() == "RGB"
        # the trimmed poster is the PNG, the bleed around it
        b = round(3 / 25.4 * 100)
        png = Image.open(out / job.files["png"]).convert("RGB")
        assert im.convert("RGB").crop((b, b, b + png.width, b + png.height)).tobytes() == png.tobytes()


def test_large_format_jpeg_is_the_same_page_as_a_jpeg_with_its_size_and_title(tmp_path):
    """``large-format-jpeg``: for shops whose RIP or upload form takes JPEG only."""
    root = make_campaign(tmp_path / "c", sets={
        "wide": "kind: slogan\nformat: card-landscape\ntemplate: slogan\nprofile: large-format-jpeg\nitems: [traffic-01]\n",
        "tif": "kind: slogan\nformat: card-landscape\ntemplate: slogan\nprofile: large-format\nitems: [traffic-01]\n"})
    _, plan, out = built_sets(root)
    job, tif = jobs_of(plan, "wide")[0], jobs_of(plan, "tif")[0]
    assert set(job.files) == {"png", "preview", "jpeg"} and job.files["jpeg"].endswith(".print.jpg")
    with Image.open(out / job.files["jpeg"]) as im, Image.open(out / tif.files["tiff"]) as t:
        assert im.format == "JPEG" and im.mode == "RGB" and not im.info.get("progressive")
        assert im.size == t.size  # trim and bleed, as the TIFF
        assert im.info["dpi"][0] == pytest.approx(100, abs=0.5)
        assert im.width / im.info["dpi"][0] * 25.4 == pytest.approx(148 + 6, abs=0.3)
        assert ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"])).profile.xcolor_space.strip() == "RGB"
        assert im.info["comment"].decode("utf-8") == job.title and re.search(r"[\u4e00-\u9fff]", job.title)
        # no chroma subsampling: the red text's edges are as sharp as in the TIFF (JPEG quality 95)
        a, b = im.convert("RGB"), t.convert("RGB")
        diff = max(abs(p - q) for p, q in zip(a.tobytes()[::97], b.tobytes()[::97], strict=True))
        assert diff < 60


def test_a_jpeg_too_large_for_its_format_is_a_finding(tmp_path):
    formats = FORMATS + "road: {title: 道路横幅, width: 11200, height: 400, dpi: 150, safe_mm: 40, distance_m: 20, code: false}\n"
    root = make_campaign(tmp_path / "c", formats=formats,
                         sets={"x": "kind: slogan\nformat: road\ntemplate: slogan\nprofile: large-format-jpeg\n"})
    fails(root, "posters/x.yml:4", "print.jpeg-size", "format 'road' at 150 dpi", "at most 65,535 pixels",
          "use profile: large-format", "dpi: 148 or less", command="check")
    write(root / "posters" / "x.yml", "kind: slogan\nformat: road\ntemplate: slogan\nprofile: large-format\n")
    assert not [f for f in plan_of(root)[1].findings if f.code == "print.jpeg-size"]


def test_generic_profile_prints_in_gamut_colours_faithfully_and_greys_on_black_only():
    icc = str(generic_icc())
    results = round_trip_de(["#c0392b", "#2e7d32", "#008476", "#f6c453", "#808080", "#404040", "#c0c0c0"], icc)
    for de, _ in results:
        assert de < 3
    for _, cmyk in results[4:]:
        assert cmyk[:3] == (0, 0, 0) and cmyk[3] > 0
    # saturated screen green is outside what offset prints
    assert round_trip_de(["#00ff00"], icc)[0][0] > 20


def test_the_generic_profile_is_what_the_tool_makes():
    """The shipped profile's header: a v2 CMYK printer profile to Lab, made by placard (no one else's file)."""
    data = generic_icc().read_bytes()
    assert data[12:24] == b"prtrCMYKLab " and data[36:40] == b"acsp" and len(data) == int.from_bytes(data[:4], "big")
    assert b"placard.posters.iccmake" in data


def test_the_print_profile_is_in_the_cache_key(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"].replace("cmyk-pdfx", "rgb")}, mkdocs=CMYK_MKDOCS)
    keys_rgb = {j.item_id: j.key for j in plan_of(root)[1].jobs}
    write(root / "posters" / "x.yml", SETS["shop"])
    keys_cmyk = {j.item_id: j.key for j in plan_of(root)[1].jobs}
    assert all(keys_rgb[i] != keys_cmyk[i] for i in keys_rgb) and len(keys_rgb) == 3
    write(root / "mkdocs.yml", CMYK_MKDOCS.replace("cmyk: [0, 95, 90, 10]", "cmyk: [0, 90, 90, 10]"))
    again = {j.item_id: j.key for j in plan_of(root)[1].jobs}
    assert again["traffic-01"] != keys_cmyk["traffic-01"]  # the red's print values changed
    assert again["dining-01"] == keys_cmyk["dining-01"]  # nothing of the orange poster did


def test_a_format_names_its_profile(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: slogan\n"},
                         formats=FORMATS.replace("scan_distance_m: 0.15}", "scan_distance_m: 0.15, profile: large-format}", 1))
    assert all("tiff" in j.files for j in plan_of(root)[1].jobs)
    write(root / "posters" / "x.yml", "kind: slogan\nformat: card\ntemplate: slogan\nprofile: rgb\n")
    assert all("pdf" in j.files for j in plan_of(root)[1].jobs)  # the set wins


# ------------------------------------------------------------------ bad input


def test_unknown_profile(tmp_path):
    root = make_campaign(tmp_path / "c", sets={"x": "kind: slogan\nformat: card\ntemplate: slogan\nprofile: cmky-pdfx\n"})
    fails(root, "posters/x.yml:4", "'cmky-pdfx' is not allowed", "did you mean 'cmyk-pdfx'", "large-format")


def test_unknown_profile_in_formats_file(tmp_path):
    root = make_campaign(tmp_path / "c", formats=FORMATS + "big: {width: 500, height: 700, profile: tiff}\n")
    fails(root, "posters/formats.yml:4", "'tiff' is not allowed", "rgb, cmyk-pdfx, large-format")


@pytest.mark.parametrize("value", ["[0, 95, 90, 110]", "[0, 95, 90]", "[-1, 0, 0, 0]", "[a, b, c, d]", "red"])
def test_cmyk_values_outside_0_to_100(tmp_path, value):
    mk = MKDOCS.replace('colour: "#1565c0"}', f'colour: "#1565c0", cmyk: {value}}}')
    root = make_campaign(tmp_path / "c", mkdocs=mk)
    line = next(i for i, t in enumerate(mk.splitlines(), 1) if "cmyk:" in t)
    fails(root, f"mkdocs.yml:{line}", "extra.placard.themes.cmyk", "0–100", "[0, 95, 90, 10]",
          *(["not four ink values from 0 to 100"] if value.startswith("[") else []), command="check")


def test_missing_icc_file(tmp_path):
    mk = MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, icc: posters/shop.icc}")
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"]}, mkdocs=mk)
    line = next(i for i, t in enumerate(mk.splitlines(), 1) if "icc:" in t)
    fails(root, f"mkdocs.yml:{line}", "extra.placard.posters.icc", "'posters/shop.icc' does not exist", "FOGRA39")


def test_icc_file_that_is_not_cmyk(tmp_path):
    mk = MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, icc: posters/srgb.icc}")
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"]}, mkdocs=mk)
    (root / "posters" / "srgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    fails(root, "extra.placard.posters.icc", "is a RGB profile", "not a CMYK one")
    (root / "posters" / "srgb.icc").write_bytes(b"not a profile at all")
    fails(root, "extra.placard.posters.icc", "not an ICC profile")


def test_a_campaigns_own_cmyk_profile_is_embedded(tmp_path):
    mk = CMYK_MKDOCS.replace("posters: {system_fonts: false}", "posters: {system_fonts: false, icc: shop.icc}")
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"] + "items: [traffic-01]\n"}, mkdocs=mk)
    own = generic_icc().read_bytes().replace(b"placard generic CMYK", b"The shop's own CMYK!")
    (root / "shop.icc").write_bytes(own)
    campaign, plan = plan_of(root)
    assert not plan.findings, [f.render() for f in plan.findings]
    build_posters(campaign, plan, tmp_path / "out", workers=1)
    reader = pypdf.PdfReader(tmp_path / "out" / plan.jobs[0].files["pdfx"])
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/DestOutputProfile"].get_object().get_data() == own
    assert "The shop's own CMYK!" in intent["/OutputCondition"]


def test_theme_colour_outside_the_gamut_warns(tmp_path):
    mk = MKDOCS.replace('colour: "#1565c0"}', 'colour: "#00e000"}')
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"]}, mkdocs=mk)
    proc = run_placard("check", root)
    text = proc.stdout + proc.stderr
    assert "print.gamut" in text and "theme 'traffic' colour #00e000 is outside what the press prints" in text, text
    assert "extra.placard.themes.cmyk" in text and "cmyk: [" in text
    assert proc.returncode == 0  # a warning: the poster still prints, only not in that green
    # with the office's values, no warning
    write(root / "mkdocs.yml", mk.replace('colour: "#00e000"}', 'colour: "#00e000", cmyk: [70, 0, 100, 0]}'))
    assert "print.gamut" not in run_placard("check", root).stdout
    # and none when no set prints CMYK
    write(root / "mkdocs.yml", mk)
    write(root / "posters" / "x.yml", SETS["office"])
    assert "print.gamut" not in run_placard("check", root).stdout


def test_pdf_string_escapes(tmp_path):
    from placard.posters.pdf import info_dict, pdf_string

    assert pdf_string("a(b)\\c") == "(a\\(b\\)\\\\c)"
    assert pdf_string("文明") == "<FEFF6587660E>"
    assert pdf_string("x\ny") .startswith("<FEFF")  # control characters never break the dictionary
    assert "/Title <FEFF" in info_dict({"title": "礼让）斑马线"})


def test_a_three_digit_theme_colour_is_a_finding_not_a_crash_of_the_gamut_check(tmp_path):
    # '#15c' passes the loader (a CSS short colour); the gamut check measured '#rrggbb' only and
    # crashed on it with a traceback. It is contrast.format's finding, and the gamut check skips it.
    mk = MKDOCS.replace('colour: "#1565c0"}', 'colour: "#15c"}')
    root = make_campaign(tmp_path / "c", sets={"x": SETS["shop"]}, mkdocs=mk)
    proc = run_placard("check", root)
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text
    assert proc.returncode == 1 and "[contrast.format]" in text and "'#15c' is not written as #rrggbb" in text
