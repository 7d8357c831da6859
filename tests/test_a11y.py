"""Accessibility (WCAG 2.1 AA) of every page type, checked with axe-core in a real browser.

axe-core comes from the npm registry: `.ci/run` installs it into .ci/node/ (gitignored).
Screenshots of each page type on a 390x844 phone go to tests/artifacts/a11y/ (gitignored),
with axe's full report as JSON, for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import (
    MISSING,
    PHONE,
    load,
    network_events,
    open_search,
    search,
    serve,
    start_chrome,
)
from conftest import REPO, missing_tool, need_module

from placard.site.a11y import focusable_scrollers, html_lang, name_search_dialog

AXE = Path(os.environ.get("AXE_CORE_JS") or REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")
ARTIFACTS = REPO / "tests" / "artifacts" / "a11y"
SITE_HOST = "wm.guangming.example.cn"  # the example's site_url: canonical links name it, nothing fetches it

# name, path in the built example site: every public page type (the open search and a QR code's
# redirect page are checked after these)
PAGES = [
    ("home", ""),
    ("theme", "slogans/traffic/"),
    ("slogans-index", "slogans/"),
    ("slogan", "s/civility-05/"),
    ("guide", "guides/waste/"),
    ("guides-index", "guides/"),
    ("ad", "ads/guangpan/"),
    ("ads-index", "ads/"),
    ("404", "404.html"),
]
OPTIONAL = [("placements", "placements/")]  # in the public site while it has no staff site


def _public_pages(site: Path) -> list[tuple[str, str]]:
    for name, path in PAGES:
        assert (site / path / "index.html").is_file() or (site / path).is_file(), f"no {name} page at {path}"
    return PAGES + [(n, p) for n, p in OPTIONAL if (site / p / "index.html").is_file()]


def _axe_source() -> str:
    """axe-core's script; installed from the npm registry on first use where npm exists (as .ci/run does)."""
    install = ["npm", "install", "--prefix", str(REPO / ".ci" / "node"), "--no-audit", "--no-fund", "axe-core@4"]
    if not AXE.is_file() and shutil.which("npm"):
        proc = subprocess.run(install, capture_output=True, text=True, timeout=600)
        if not AXE.is_file():
            pytest.fail(f"`{' '.join(install)}` did not install axe-core:\n{proc.stdout}{proc.stderr}")
    if AXE.is_file():
        return AXE.read_text("utf-8")
    reason = f"axe-core is not installed at {AXE} and npm is not available to install it (.ci/run installs both)"
    missing_tool("axe", reason)


def _axe(driver, source: str) -> dict:
    driver.execute_script(source)
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
           axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                               'best-practice']},
                              resultTypes: ['violations']})
              .then(r => done({violations: r.violations}), e => done({error: String(e)}));""")


def _serious(report: dict) -> list[str]:
    assert "error" not in report, report
    out = []
    for v in report["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            out.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — {targets}")
    return out


def _redirect_page(site: Path) -> Path:
    return sorted((site / "Q").glob("*/index.html"))[0]


def _staff_sites(site: Path) -> list[Path]:
    """The staff site(s) the build made: inside the output folder or beside it (``staff/``)."""
    return [d for d in (site / "staff", site.parent / "staff") if (d / "index.html").is_file()]


def _staff_pages(staff: Path) -> list[tuple[str, str]]:
    """One page of each kind in a staff site (its home and the first page of each folder), at most 12."""
    seen, out = set(), []
    for page in sorted(staff.rglob("index.html"), key=lambda p: (len(p.parts), str(p))):
        parts = page.relative_to(staff).parts
        kind = "/".join(parts[:-2]) + "/item" if len(parts) > 2 else (parts[0] if len(parts) > 1 else "")
        if kind not in seen and len(out) < 12:
            seen.add(kind)
            path = page.parent.relative_to(staff).as_posix()
            out.append((f"staff-{kind.replace('/', '-') or 'home'}", "" if path == "." else path + "/"))
    if (staff / "404.html").is_file():
        out.append(("staff-404", "404.html"))
    return out


def _all_sites(site: Path) -> list[Path]:
    return [site, *_staff_sites(site)]


@pytest.fixture(scope="module")
def axe_source():
    return _axe_source()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if MISSING:  # pragma: no cover - .ci/run installs both
        missing_tool("browser", MISSING)
    need_module("selenium.webdriver")
    driver = start_chrome(tmp_path_factory.mktemp("chromium"), *PHONE)
    yield driver
    driver.quit()


def _check(driver, source: str, name: str) -> list[str]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = _axe(driver, source)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return [f"{name}: {line}" for line in _serious(report)]


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_type_has_no_serious_accessibility_violation(browser, axe_source, built_example):
    driver = browser
    problems: list[str] = []
    with serve(built_example) as base:
        for name, path in _public_pages(built_example):
            load(driver, base + path)
            problems += _check(driver, axe_source, name)

        load(driver, base)  # search open, with results
        open_search(driver)
        assert search(driver, "垃圾分类")
        problems += _check(driver, axe_source, "search-open")

        # A QR code's redirect page, as a browser shows it for the moment before it moves on
        # (its refresh and script are what move on, so they are left out here).
        html = _redirect_page(built_example).read_text("utf-8")
        html = re.sub(r'<meta http-equiv="refresh"[^>]*>|<script>.*?</script>', "", html, flags=re.S)
        load(driver, base + "404.html")
        driver.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
        problems += _check(driver, axe_source, "redirect")

    for staff in _staff_sites(built_example):
        with serve(staff) as base:
            for name, path in _staff_pages(staff):
                load(driver, base + path)
                problems += _check(driver, axe_source, name)

    print(f"\nscreenshots and axe reports: {ARTIFACTS}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_type_requests_another_host(browser, built_example):
    driver = browser
    asked: list[str] = []
    for site in _all_sites(built_example):
        pages = _public_pages(site) if site == built_example else _staff_pages(site)
        if site == built_example:
            pages.append(("redirect", _redirect_page(site).parent.relative_to(site).as_posix() + "/"))
        with serve(site) as base:
            host = urlparse(base).netloc
            network_events(driver)  # drop earlier events
            for name, path in pages:
                load(driver, base + path)
                if name == "home":
                    open_search(driver)
                    search(driver, "斑马线")
                for event in network_events(driver):
                    if event["method"] != "Network.requestWillBeSent":
                        continue
                    url = urlparse(event["params"]["request"]["url"])
                    if url.scheme in ("http", "https", "ws", "wss") and url.netloc != host:
                        asked.append(f"{name}: {url.geturl()}")
    assert not asked, "\n".join(asked)


class _Refs(HTMLParser):
    """What a browser fetches by itself from a page: scripts, styles, images, frames, media."""

    FETCHED = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"),
               ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
               ("embed", "src"), ("object", "data"), ("input", "src")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and (a.get("rel") or "") in ("canonical", "alternate"):
            return  # named, never fetched
        for name, value in attrs:
            if (tag, name) in self.FETCHED and value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
        if a.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"])


def test_built_pages_and_stylesheets_name_no_other_host(built_example):
    """Every page's scripts, styles, images and every stylesheet's url() stay on the site's own host."""
    foreign: list[str] = []
    for page in (p for site in _all_sites(built_example) for p in site.rglob("*.html")):
        parser = _Refs()
        parser.feed(page.read_text("utf-8"))
        for url in parser.urls:
            parsed = urlparse(url)
            if url.startswith("//") or (parsed.scheme in ("http", "https") and parsed.netloc != SITE_HOST):
                foreign.append(f"{page}: {url}")
    for css in (p for site in _all_sites(built_example) for p in site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text("utf-8")):
            if re.match(r"(https?:)?//", url):
                foreign.append(f"{css}: {url}")
    assert not foreign, "\n".join(foreign[:20])


def test_every_page_says_the_campaigns_language(built_example):
    wrong = []
    for page in (p for site in _all_sites(built_example) for p in site.rglob("*.html")):
        head = page.read_text("utf-8")[:300]
        m = re.search(r"<html[^>]*\blang=\"([^\"]*)\"", head)
        if not m or m.group(1) != "zh-Hans":
            wrong.append(f"{page}: {m.group(1) if m else 'no lang'}")
    assert not wrong, "\n".join(wrong[:20])


def test_the_search_dialog_has_a_name(built_example):
    html = (built_example / "index.html").read_text("utf-8")
    assert re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="搜索"', html)


def test_wide_tables_scroll_with_the_keyboard(built_example):
    """A table wider than a phone scrolls in its own box; the box takes the focus (arrow keys scroll it)."""
    boxes = [m for site in _all_sites(built_example) for p in site.rglob("*.html")
             for m in re.findall(r'<div class="pl-table-wrap"[^>]*>', p.read_text("utf-8"))]
    assert boxes, "the example has wide tables (placements)"
    assert all('tabindex="0"' in b for b in boxes), set(boxes)


@pytest.mark.parametrize(("head", "expected"), [
    ('<!doctype html>\n<html lang="zh" class="no-js">', '<!doctype html>\n<html lang="zh-Hans" class="no-js">'),
    ('<!doctype html><html class="no-js">', '<!doctype html><html lang="zh-Hans" class="no-js">'),
    ('<!doctype html><html lang="zh-Hans">', '<!doctype html><html lang="zh-Hans">'),
])
def test_the_page_language_is_the_campaigns(head, expected):
    assert html_lang(head + "<body><p>lang=\"zh\"</p>", "zh-Hans") == expected + "<body><p>lang=\"zh\"</p>"


def test_the_search_dialog_is_named_once():
    html = '<div class="md-search" data-md-component="search" role="dialog">'
    named = name_search_dialog(html)
    assert named == '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'
    assert name_search_dialog(named) == named


def test_a_wide_tables_box_is_focusable_once():
    once = focusable_scrollers('<div class="pl-table-wrap"><table>')
    assert once == '<div class="pl-table-wrap" tabindex="0"><table>'
    assert focusable_scrollers(once) == once
