"""Page tests in a real browser (Debian's chromium + chromedriver, installed by .ci/run)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import time
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):  # pragma: no cover - .ci/run installs both
    pytest.skip("needs Debian's chromium and chromedriver (.ci/run installs them)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PAGES = ["", "slogans/", "slogans/traffic/", "s/civility-05/", "guides/", "guides/waste/", "ads/", "ads/guangpan/",
         "posters/"]
# placement lists, print files, ledger and approvals are in the staff site (staff/ beside site/)
STAFF_PAGES = ["", "placements/", "placements/fenghuang-hoarding/", "posters/", "ledger/", "approvals/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder):
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd


@pytest.fixture(scope="module")
def server(built_example):
    httpd = _serve(built_example)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def staff_server(built_example):
    httpd = _serve(built_example.parent / "staff")
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=360,740", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    opts.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2.0}, "userAgent":
        "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


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
    browser.execute_script("document.querySelector('label[for=__search]').click()")
    box = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    WebDriverWait(browser, 10).until(lambda d: box.is_displayed())
    box.send_keys("斑马线")

    def results(d):
        links = d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
        return [a.get_attribute("href") for a in links] or False

    hrefs = WebDriverWait(browser, 20).until(results)
    assert any("/s/traffic-01/" in h for h in hrefs), hrefs  # 礼让斑马线，安全每一天
