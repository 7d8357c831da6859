"""A print run that wants only print files (``png: false`` in its poster set, issue 14): no PNG is
encoded, cached, placed in the site or linked from the gallery; its print file and preview are
as before, and ``placard posters --verify`` still reads its codes."""

from __future__ import annotations

import io

import pytest
from conftest import need_module
from PIL import Image
from test_posters import FORMATS, built_sets, fails, jobs_of, make_campaign

from placard.posters import outputs as O
from placard.posters.build import cache_dir
from placard.posters.render import draw
from placard.site.posters import gallery_page
from placard.site.registry import STAFF, SiteOptions

pypdf = need_module("pypdf")

SETS = {
    "office": "kind: slogan\nformat: card\ntemplate: slogan\n",
    "shop": "kind: slogan\nformat: card\ntemplate: slogan\npng: false\n",
    "shop-cmyk": "kind: slogan\nformat: card\ntemplate: slogan\nprofile: cmyk-pdfx\npng: false\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_sets(make_campaign(tmp_path_factory.mktemp("printonly") / "c", sets=SETS), errors_only=True)


def test_a_print_only_set_has_no_png_anywhere(built):
    campaign, plan, out = built
    for name, kind in (("shop", O.PDF), ("shop-cmyk", O.CMYK_PDF)):
        for job in jobs_of(plan, name):
            assert set(job.files) == {"preview", kind.key}
            assert not (out / (job.out + ".png")).exists()
            assert not (cache_dir(campaign) / job.key / "poster.png").exists()  # not encoded, not cached
            for rel in job.files.values():
                assert (out / rel).is_file(), rel
    office = jobs_of(plan, "office")[0]
    assert set(office.files) == {"png", "preview", "pdf"} and (out / office.files["png"]).is_file()


def test_the_print_only_rgb_pdf_holds_the_same_pixels(built):
    """The RGB print PDF embeds the poster's compressed rows; with no PNG written it still does."""
    _, plan, out = built
    shop = jobs_of(plan, "shop")[0]
    office = next(j for j in jobs_of(plan, "office") if j.item_id == shop.item_id)
    assert shop.key != office.key  # a print-only poster is its own cache entry
    page = pypdf.PdfReader(out / shop.files["pdf"]).pages[0]
    images = page["/Resources"]["/XObject"]
    poster = images["/Im0"].get_object()
    assert poster["/DecodeParms"]["/Predictor"] == 15
    w, h = poster["/Width"], poster["/Height"]
    assert (w, h) == tuple(shop.spec["trim"])
    b = shop.spec["bleed"]
    drawn = draw(shop.spec, (b, b, b + w, b + h))
    assert Image.frombytes("RGB", (w, h), poster.get_data()).tobytes() == drawn.tobytes()
    with Image.open(out / office.files["png"]) as png:  # the same drawing as the full set's PNG
        assert png.convert("RGB").tobytes() == drawn.tobytes()
    with Image.open(io.BytesIO((out / shop.files["preview"]).read_bytes())) as prev:
        assert prev.format == "JPEG"


def test_the_gallery_links_no_png_for_a_print_only_set(built):
    campaign, plan, _ = built
    page = next(iter(gallery_page(campaign, SiteOptions(audience=STAFF)).values()))
    assert '"shop/traffic-01.pdf"' in page and '"shop-cmyk/traffic-01.pdf"' in page
    assert '"shop/traffic-01.png"' not in page and '"shop-cmyk/traffic-01.png"' not in page
    assert '"office/traffic-01.png"' in page
    assert "只有印刷文件" in page  # the page does not promise a PNG of every poster


def test_png_false_on_a_screen_format_is_a_finding(tmp_path):
    formats = FORMATS + "led: {title: LED, unit: px, width: 320, height: 180, pitch_mm: 2.5, safe_mm: 10}\n"
    root = make_campaign(tmp_path / "c", formats=formats,
                         sets={"wall": "kind: slogan\nformat: led\ntemplate: slogan\npng: false\n"})
    out = fails(root, "posters/wall.yml", "png: false", "screen")
    assert ":4" in out  # the line of png:


def test_verify_reads_the_codes_of_a_print_only_set(tmp_path):
    """--verify used to read each poster's PNG: a print-only set has none, so it draws the picture it scans."""
    import re

    from conftest import run_placard

    root = make_campaign(tmp_path / "c", sets={"shop": SETS["shop"]})
    site = tmp_path / "site"
    proc = run_placard("build", root, "--out", site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not list((root / "staff" / "posters" / "shop").glob("*.png"))
    proc = run_placard("posters", root, "--verify", "--out", root / "staff", "--site", site)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    m = re.search(r"verified (\d+) code\(s\).*?(\d+)/\1 read at full size", out)
    assert m and m.group(1) == m.group(2) == "3", out
    assert not list((root / "staff" / "posters" / "shop").glob("*.png"))  # nothing left behind


def test_contact_sheet_pages_drawn_in_a_pool_are_the_same(built):
    """A city run draws its contact sheet pages in the poster workers: the same file as drawn in one process.
    A rebuild that redraws one page draws it in the process (no worker starts for one page)."""
    import shutil
    from concurrent.futures import ProcessPoolExecutor

    from placard.posters.build import SHEET_COLS, SHEET_ROWS, contact_sheet

    campaign, plan, out = built
    cache = cache_dir(campaign)
    per_page = SHEET_COLS * SHEET_ROWS
    office = jobs_of(plan, "office")
    jobs = (office * (2 * per_page + 1))[: 2 * per_page + 1]  # three pages
    serial_used: set[str] = set()
    rel = contact_sheet(plan, "office", jobs, out, cache, serial_used)
    serial = (out / rel).read_bytes()
    shutil.rmtree(cache / "sheets")
    pool_used: set[str] = set()
    submitted: list[int] = []
    with ProcessPoolExecutor(2) as pool:
        submit = pool.submit

        def counting(fn, *args):
            submitted.append(args[3])  # the page number
            return submit(fn, *args)

        pool.submit = counting
        assert contact_sheet(plan, "office", jobs, out, cache, pool_used, pool) == rel
        assert sorted(submitted) == [1, 2, 3]
        assert (out / rel).read_bytes() == serial
        assert pool_used == serial_used and all((cache / "sheets" / n).is_file() for n in pool_used)
        (cache / "sheets" / sorted(pool_used)[0]).unlink()  # one page to draw again
        submitted.clear()
        assert contact_sheet(plan, "office", jobs, out, cache, set(), pool) == rel
        assert submitted == []
    assert (out / rel).read_bytes() == serial
