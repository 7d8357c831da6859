"""Page tests in a real browser (Debian's chromium + chromedriver, installed by .ci/run)."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest
from browser_support import MISSING, open_search, requested_urls, serve, start_chrome
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
