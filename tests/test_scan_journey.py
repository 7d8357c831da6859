"""A resident's journey, in a real browser at 390×844: scan a printed poster, land on a page that helps.

The code is read from the rendered poster with zxing-cpp (as a phone camera would read it), its
address is followed on the locally served public site, and the page it ends on must show the item,
link to the guide of its theme and offer an action (a tel: link dials the hotline). A retired
slogan's code, whose poster may still hang, must end on the theme's "这条内容已更新" page instead of
a dead end. Screenshots of both go to tests/artifacts/journey/.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import MISSING, PHONE, load, serve, start_chrome
from conftest import missing_tool, need_module

from placard.load import load_campaign
from placard.posters import qr

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if MISSING:  # pragma: no cover - .ci/run installs both
    missing_tool("browser", MISSING, module_level=True)

zxingcpp = need_module("zxingcpp")
need_module("selenium.webdriver")
from PIL import Image  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts" / "journey"


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    driver = start_chrome(tmp_path_factory.mktemp("chrome-journey"), *PHONE)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(built_example):
    with serve(built_example) as base:
        yield base


def _follow(driver, base: str, printed_url: str) -> str:
    """Open the printed address on the local site; returns the path the browser ends on."""
    path = urlparse(printed_url).path.lower()  # the code prints HTTPS://HOST/Q/CODE/ in upper case
    assert path.startswith("/q/")
    load(driver, base + "Q/" + path.split("/")[2].upper() + "/")
    WebDriverWait(driver, 20).until(lambda d: "/Q/" not in d.current_url)  # the redirect page moved on
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return urlparse(driver.current_url).path


def test_scanning_a_printed_poster_lands_on_a_page_that_helps(built_example, site, phone):
    campaign = load_campaign(built_example.parent).campaign
    slogan = campaign.item("traffic-01")
    guide = next(g for g in campaign.guides if g.theme == slogan.theme and g.approval.status == "approved")
    poster = built_example.parent / "staff" / "posters" / "traffic-a3" / "traffic-01.png"
    with Image.open(poster) as im:
        im.thumbnail((1920, 1920))  # a phone camera's frame, not the print resolution
        codes = zxingcpp.read_barcodes(im)
    assert len(codes) == 1, "the poster's QR code must read back"
    printed = codes[0].text
    assert printed == qr.code_url(campaign.config.site_url, qr.item_code("slogan", "traffic-01"))

    landed = _follow(phone, site, printed)
    assert landed.rstrip("/").endswith("s/traffic-01")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.save_screenshot(str(ARTIFACTS / "slogan-after-scan.png"))
    body = phone.find_element(By.TAG_NAME, "body").text
    assert slogan.text.replace("|", "")[:8] in body.replace("\n", "")  # the item comes first
    hrefs = [a.get_attribute("href") or "" for a in phone.find_elements(By.CSS_SELECTOR, "article a")]
    guide_path = guide.page_uri.removesuffix(".md").removesuffix("index").rstrip("/") + "/"
    assert any(urlparse(h).path.endswith(guide_path) for h in hrefs), (guide_path, hrefs)
    tel = [h for h in hrefs if h.startswith("tel:")]
    assert tel, "the page offers the hotline as a tel: link"
    for a in phone.find_elements(By.CSS_SELECTOR, "article a[href^='tel:']"):
        assert a.size["height"] >= 44  # a touch target an older resident can hit


def test_a_retired_posters_code_lands_on_the_updated_page(built_example, site, phone):
    campaign = load_campaign(built_example.parent).campaign
    retired = campaign.item("civility-retired-01")
    assert retired is not None and retired.approval.status == "retired"
    printed = qr.code_url(campaign.config.site_url, qr.item_code("slogan", retired.id))
    landed = _follow(phone, site, printed)
    assert f"updated/{retired.theme}" in landed
    time.sleep(0.2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.save_screenshot(str(ARTIFACTS / "retired-code.png"))
    body = phone.find_element(By.TAG_NAME, "body").text
    assert "这条内容已更新" in body
    assert "迎接检查人人出力" not in body  # never the retired text
    assert phone.find_elements(By.CSS_SELECTOR, "article a[href*='s/']"), "links on to current slogans"
