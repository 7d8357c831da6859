"""Page tests in a real browser (Debian's chromium + chromedriver, installed by .ci/run)."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest
from browser_support import MISSING, PHONE, load, open_search, requested_urls, serve, start_chrome
from conftest import missing_tool, need_module

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if MISSING:  # pragma: no cover - .ci/run installs both
    missing_tool("browser", MISSING, module_level=True)

need_module("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PAGES = ["", "slogans/", "slogans/traffic/", "s/civility-05/", "guides/", "guides/waste/", "ads/", "ads/guangpan/",
         "posters/"]
# placement lists, print files, ledger and approvals are in the staff site (staff/ beside site/)
STAFF_PAGES = ["", "placements/", "placements/fenghuang-hoarding/", "posters/", "ledger/", "approvals/"]


@pytest.fixture(scope="module")
def server(built_example):
    with serve(built_example) as base:
        yield base


@pytest.fixture(scope="module")
def staff_server(built_example):
    with serve(built_example.parent / "staff") as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chrome(tmp_path_factory.mktemp("chromium"), 360, 740)
    yield driver
    driver.quit()


@pytest.mark.parametrize("site", ["public", "staff"])
def test_pages_fit_a_360px_phone_and_ask_only_their_own_host(browser, server, staff_server, site):
    server, pages = (server, PAGES) if site == "public" else (staff_server, STAFF_PAGES)
    host = urlparse(server).netloc
    browser.get_log("performance")  # drop anything before the first page
    for page in pages:
        browser.get(server + page)
        WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(0.3)
        width = browser.execute_script("return window.innerWidth")
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        assert width == 360
        assert scroll <= width, f"{page}: content is {scroll}px wide on a {width}px screen"
        for url in requested_urls(browser):
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https", "ws", "wss"):  # chrome:// is the browser's own UI
                assert parsed.netloc == host, f"{page} requested {url}"
        if site == "staff":  # the internal banner is there to see, on every page
            banner = browser.find_element(By.CSS_SELECTOR, ".pl-staff-banner")
            assert banner.is_displayed() and "内部资料" in banner.text


def test_slogan_text_is_large_on_a_phone(browser, server):
    browser.get(server + "s/traffic-01/")
    el = browser.find_element(By.CSS_SELECTOR, ".pl-slogan-text")
    size = float(browser.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", el))
    assert size >= 24
    assert "礼让斑马线" in el.text


def test_chinese_search_finds_a_slogan(browser, server):
    browser.get(server)
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    box = open_search(browser)
    box.send_keys("斑马线")

    def results(d):
        links = d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
        return [a.get_attribute("href") for a in links] or False

    hrefs = WebDriverWait(browser, 20).until(results)
    assert any("/s/traffic-01/" in h for h in hrefs), hrefs  # 礼让斑马线，安全每一天


#: What a resident sees of each kind of item before its actions: the slogan card, the guide's key points
#: (its poster's), the ad's artwork.
ITEM_BLOCK = {"slogan": ".pl-slogan-page", "guide": ".pl-keypoints", "ad": ".pl-ad-figure"}


def test_action_buttons_are_on_the_first_screen_of_item_pages_after_the_item(built_example, server,
                                                                           tmp_path_factory):
    """Issue 22: on >= 95% of item pages at 390x844 the first action button is wholly on the first
    screen, and below the item itself (the page leads with the item, then what to do)."""
    from placard.load import load_campaign
    from placard.site.urls import item_uri, page_url

    campaign = load_campaign(built_example.parent).campaign
    items = [i for kind in (campaign.slogans, campaign.guides, campaign.ads) for i in campaign.visible(kind)]
    assert len(items) >= 50  # the example's slogan, guide and ad pages
    driver = start_chrome(tmp_path_factory.mktemp("chromium-390"), *PHONE)
    measure = """const a = document.querySelector('.pl-actions a'); if (!a) return null;
        const b = a.getBoundingClientRect(), item = document.querySelector(arguments[0]);
        return {top: b.top, bottom: b.bottom, left: b.left, right: b.right, h: innerHeight, w: innerWidth,
                y: scrollY, item: item ? item.getBoundingClientRect().bottom : null}"""
    below, out_of_order = [], []
    try:
        for item in items:
            url = page_url(item_uri(item))
            load(driver, server + url)
            r = driver.execute_script(measure, ITEM_BLOCK[item.kind])
            assert r is not None, f"{url}: no action button"
            assert (r["w"], r["h"]) == PHONE and r["y"] == 0
            if not (0 <= r["top"] and r["bottom"] <= r["h"] and 0 <= r["left"] and r["right"] <= r["w"]):
                below.append((url, round(r["top"]), round(r["bottom"])))
            if r["item"] is None or r["item"] > r["top"]:
                out_of_order.append(url)
    finally:
        driver.quit()
    share = 1 - len(below) / len(items)
    print(f"first action button on the first screen: {len(items) - len(below)}/{len(items)} item pages")
    assert share >= 0.95, f"{len(below)} of {len(items)} item pages have it below the first screen: {below}"
    assert not out_of_order, f"the actions come before the item on {out_of_order}"
