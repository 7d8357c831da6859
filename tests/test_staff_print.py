"""A staff page of a placement list printed from the browser is that list's binder section (issue 25):
A4 pages, the list, its slots and patrols, and none of the site's navigation."""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from pathlib import Path

import pytest
from browser_support import MISSING, load, serve, start_chrome

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if MISSING:
    pytest.skip(MISSING, allow_module_level=True)


def test_printed_list_page_is_a4_without_the_site_chrome(built_example: Path, tmp_path: Path):
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    staff = built_example.parent / "staff"
    with serve(staff) as base:
        driver = start_chrome(tmp_path / "profile", 1280, 900)
        try:
            load(driver, base + "placements/fenghuang-hoarding/")
            nav_texts = driver.execute_script(
                "return [...document.querySelectorAll('.md-nav__link')].map(a => a.textContent.trim())"
                ".filter(t => t.length > 1)"
            )
            opts = PrintOptions()
            opts.page_width, opts.page_height = 21.0, 29.7
            pdf = base64.b64decode(driver.print_page(opts))
        finally:
            driver.quit()
    reader = PdfReader(io.BytesIO(pdf))
    w, h = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(w - 595) < 2 and abs(h - 842) < 2  # A4
    # NFKC: the PDF's text layer names some glyphs by their Kangxi radical (⼯ for 工)
    text = unicodedata.normalize(
        "NFKC", re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in reader.pages))
    )
    assert "凤凰路地铁站施工围挡" in text
    for slot in ("h01", "h05", "h09"):
        assert slot in text
    # the patrol history (folded on screen) is printed: h05's damage on 2026-11-20 and 2026-11-25
    assert "2026-11-20h05" in text and "2026-11-25h05" in text
    assert "内部资料" in text  # printed pages stay marked as internal
    assert text.startswith(
        "内部资料—不对外公开凤凰路地铁站施工围挡"
    )  # no header, tabs or size switch first
    others = [t for t in nav_texts if len(t) > 3 and "凤凰路地铁站施工围挡" not in t]
    assert others and not any(re.sub(r"\s+", "", t) in text for t in others), others
