"""Helpers for tests (and benches) in a real browser: Debian's chromium + chromedriver, a local server."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = None if (CHROMIUM and CHROMEDRIVER) else "needs Debian's chromium and chromedriver (.ci/run installs them)"

PHONE = (390, 844)  # a common phone screen in CSS pixels
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", "/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    gzip = False
    sent: list | None = None  # (path, body bytes) of every response, when the caller wants them
    not_found: str | None = None  # the site's file a missing page gets, with its 404 (nginx's error_page 404)

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found is None:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / self.not_found).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        if self.sent is not None:
            self.sent.append((self.path, len(data)))

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):
        """With ``gzip``: compress text files as a production web server does (nginx ``gzip on``)."""
        if not self.gzip or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not (path.name.endswith(_COMPRESSIBLE)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False, sent: list | None = None,
          not_found: str | None = None) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a plain static server); yields its base URL. ``sent`` collects (path, bytes)
    of each response; with ``not_found``, a missing page gets that file with its 404."""
    handler = functools.partial(type("Handler", (_Quiet,), {"gzip": compress, "sent": sent, "not_found": not_found}),
                                directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def start_chrome(profile: Path, width: int = 360, height: int = 740):
    """A headless phone-sized chromium that logs its network events."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--window-size={width},{height}", f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    opts.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}, "userAgent":
        "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    return driver


def network_events(driver) -> list[dict]:
    """The CDP Network.* events logged since the last call."""
    out = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method", "").startswith("Network."):
            out.append(msg)
    return out


def requested_urls(driver) -> list[str]:
    return [m["params"]["request"]["url"] for m in network_events(driver) if m["method"] == "Network.requestWillBeSent"]


def load(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def open_search(driver):
    """Open Material's search dialog as a resident would (tap the magnifier); returns the input."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("document.querySelector('label[for=__search]').click()")
    box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    WebDriverWait(driver, 10).until(lambda d: box.is_displayed())
    return box


def search(driver, query: str, timeout: float = 20) -> list[dict]:
    """Type a query into the open search box; the results as shown: href, title, text, missing terms."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.clear()
    driver.execute_script("arguments[0].value=''; arguments[0].dispatchEvent(new Event('input'))", box)
    cleared = time.monotonic() + 5  # the previous query's results go first, so they are never read as these
    while driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item") and time.monotonic() < cleared:
        time.sleep(0.1)
    box.send_keys(query)
    deadline = time.monotonic() + timeout
    last: list[dict] = []
    while time.monotonic() < deadline:
        meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text
        items = driver.execute_script(
            """return [...document.querySelectorAll('.md-search-result__item > a')].map(a => ({
                 href: a.getAttribute('href'),
                 title: (a.querySelector('h1,h2') || {textContent: ''}).textContent.trim(),
                 text: a.textContent.replace(/\\u200b/g, ''),
                 missing: [...a.querySelectorAll('.md-search-result__terms del, del')].map(d => d.textContent)
               }))""")
        settled = items == last and (items or "没有" in meta or "No matching" in meta)
        if settled and time.monotonic() > deadline - timeout + 1.0:
            return items
        last = items
        time.sleep(0.25)
    return last
