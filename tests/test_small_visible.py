"""Small but visible (issue 22, item 5): each page describes itself, a QR code's address works in any
letter case, a missing page shows the Chinese 404 (placard serve too), neither site asks for a file it
does not hold, and Material's source maps and other languages' search files stay out of both sites."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser_support import serve
from conftest import copy_example, placard_serve, run_placard

from placard.posters.qr import item_code

pytestmark = pytest.mark.slow

HOSTILE = '"><script>alert(1)</script>&amp;'


class Head(HTMLParser):
    """The ``<meta name=...>`` values of a page and every local src/href it asks for."""

    def __init__(self, text: str):
        super().__init__()
        self.descriptions: list[str] = []
        self.refs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.descriptions.append(a.get("content") or "")
        for key in ("src", "href"):
            if a.get(key):
                self.refs.append(a[key])


def description(page: Path) -> str:
    found = Head(page.read_text("utf-8")).descriptions
    assert len(found) == 1, (page, found)
    return found[0]


# ------------------------------------------------------------------ <meta name="description">


def test_item_pages_describe_their_own_item(built_example):
    site = built_example
    assert description(site / "s/civility-05/index.html") == (
        "文明是最美的名片，光明是我们的家园——文明礼仪 · 光明区委宣传部（区文明办）"
    )
    assert (
        description(site / "guides/dining/index.html")
        == "文明餐桌指南：按需点餐，吃完打包；使用公筷公勺；不劝酒，不喧哗。"
    )
    assert (
        description(site / "ads/gongkuai/index.html")
        == "公筷公勺，健康文明：聚餐时使用公筷公勺，既卫生又体面。"
    )
    # every page says something of its own: no two pages share a description, none is the site's
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "Q"]
    assert len(pages) > 60
    texts = [description(p) for p in pages]
    assert len(set(texts)) == len(texts)
    assert "光明区创建全国文明城区宣传标语、文明指南与公益广告" not in texts


def test_descriptions_are_escaped(tmp_path):
    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    hostile_yaml = HOSTILE.replace('"', '\\"')
    cfg.write_text(
        cfg.read_text("utf-8").replace(
            "office: 光明区委宣传部（区文明办）", f'office: "{hostile_yaml}"'
        ),
        "utf-8",
    )
    actions = root / "docs" / "actions.md"
    actions.write_text(
        actions.read_text("utf-8").replace(
            "title: 我能做什么", f'title: 我能做什么\ndescription: "{hostile_yaml}"'
        ),
        "utf-8",
    )
    proc = run_placard("build", root, "--out", root / "site", "--no-posters", "--no-staff")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    for page, expected in (
        ("s/civility-05/index.html", f"文明是最美的名片，光明是我们的家园——文明礼仪 · {HOSTILE}"),
        ("actions/index.html", HOSTILE),
    ):
        text = (site / page).read_text("utf-8")
        # escaped in the page, read back as the text itself
        assert description(site / page) == expected
        assert "<script>alert(1)" not in text[: text.index("</head>")], page


# ------------------------------------------------------------------ QR codes in any letter case


def get(url: str) -> tuple[int, str, str]:
    """Status, final URL (after HTTP redirects) and body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.geturl(), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, url, exc.read().decode("utf-8", "replace")


def follow_refresh(url: str) -> tuple[int, str, str]:
    status, final, body = get(url)
    m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', body)
    assert status == 200 and m, (url, status, body[:300])
    return get(urljoin(final, m.group(1)))


def test_a_code_typed_in_lower_case_reaches_its_item_on_a_plain_static_server(built_example):
    code = item_code("slogan", "civility-05")
    assert code == code.upper() != code.lower()  # printed in capitals (this one has letters)
    with serve(built_example) as base:
        for spelling in (code, code.lower()):
            for path in (f"Q/{spelling}/", f"Q/{spelling}", f"Q/{spelling}/index.html"):
                status, final, body = follow_refresh(base + path)
                assert status == 200 and final == base + "s/civility-05/", (path, final)
                assert "文明是最美的名片，光明是我们的家园" in body
    # every code's page is there in both spellings, the same page
    pages = {p.parent.name: p for p in (built_example / "Q").glob("*/index.html")}
    printed = [name for name in pages if name == name.upper()]
    lower = {name.lower() for name in printed if name != name.lower()}
    assert len(printed) >= 30 and set(pages) == set(printed) | lower
    for name in printed:
        assert pages[name.lower()].read_bytes() == pages[name].read_bytes()


CASE_SCRIPT = re.compile(r"<script>(\(function\(\)\{var p=location\.pathname.*?)</script>", re.S)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_404_page_sends_any_spelling_of_a_code_to_its_address(built_example):
    script = CASE_SCRIPT.search((built_example / "404.html").read_text("utf-8"))
    assert script, "the 404 page has no code-case script"
    cases = {
        "/q/igq67m/": "/Q/IGQ67M/",
        "/Q/IgQ67m": "/Q/IGQ67M/",
        "/q/IGQ67M/index.html": "/Q/IGQ67M/",
        "/wm/q/abcdef/": "/wm/Q/ABCDEF/",  # a site under a path keeps it
        "/Q/IGQ67M/": None,  # the address as printed: no code by that name; stays on the 404 page
        "/s/no-such-page/": None,
        "/Q/": None,
        "/Q/IGQ67M/x/": None,
    }
    js = (
        "const cases = " + json.dumps(cases) + ";\nconst out = {};\n"
        "for (const path of Object.keys(cases)) {\n"
        "  let went = null;\n"
        "  const location = {pathname: path, search: '', hash: '', replace: u => { went = u; }};\n"
        f"  {script.group(1)}\n"
        "  out[path] = went;\n"
        "}\nconsole.log(JSON.stringify(out));\n"
    )
    proc = subprocess.run(["node", "-e", js], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == cases


@pytest.mark.browser
def test_mixed_case_code_reaches_its_item_in_a_browser(built_example, tmp_path):
    from browser_support import MISSING, PHONE, load, start_chrome

    if MISSING:
        pytest.skip(MISSING)
    code = item_code("slogan", "civility-05")
    mixed = code[:3].lower() + code[3:]
    with serve(built_example, not_found="404.html") as base:
        driver = start_chrome(tmp_path / "profile", *PHONE)
        try:
            load(driver, f"{base}q/{mixed}/")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not driver.current_url.endswith(
                "/s/civility-05/"
            ):
                time.sleep(0.2)
            assert driver.current_url == base + "s/civility-05/"
            assert "文明是最美的名片" in driver.page_source
        finally:
            driver.quit()


# ------------------------------------------------------------------ the Chinese 404


def test_placard_serve_shows_the_chinese_404_and_lower_case_codes(tmp_path):
    root = copy_example(tmp_path / "c")
    with placard_serve(root) as (base, _proc):
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if get(base + "s/civility-05/")[0] == 200:
                    break
            time.sleep(1)
        status, _final, body = get(base + "no-such-page/")
        assert status == 404
        assert '<html lang="zh-Hans"' in body and "页面没有找到" in body and "Not Found" not in body
        code = item_code("slogan", "civility-05")
        status, final, body = follow_refresh(base + f"Q/{code.lower()}/")
        assert final == base + "s/civility-05/" and "文明是最美的名片" in body


# ------------------------------------------------------------------ nothing asked for that is not there


def missing_refs(site: Path) -> dict[str, list[str]]:
    """Every local src/href of every page that names no file of the site: target -> pages asking for it."""
    out: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        for ref in Head(page.read_text("utf-8")).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another host, tel:, mailto:, data:, or a link within the page
            path = unquote(parts.path)
            target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                out.setdefault(str(target.resolve().relative_to(site.resolve())), []).append(
                    str(page.relative_to(site))
                )
    return out


def test_neither_site_asks_for_a_file_it_does_not_hold(built_example):
    staff = built_example.parent / "staff"
    assert (staff / "index.html").is_file()
    for site in (built_example, staff):
        assert missing_refs(site) == {}, site.name
    # the staff pages load the search-deferring script, and the staff site holds it
    assert "assets/placard-search.js" in (staff / "index.html").read_text("utf-8")


def test_the_link_check_finds_a_missing_file(tmp_path):
    def write(rel: str, text: str) -> None:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")

    write(
        "index.html",
        '<link href="assets/a.css"><script src="/assets/gone.js"></script>'
        '<a href="s/x/">x</a><a href="tel:12345">t</a><a href="https://x.cn/">o</a><a href="#top">t</a>',
    )
    write("assets/a.css", "")
    write("s/x/index.html", '<img src="../../missing.png">')
    assert missing_refs(tmp_path) == {
        "assets/gone.js": ["index.html"],
        "missing.png": ["s/x/index.html"],
    }


# ------------------------------------------------------------------ no source maps, no other languages' search


def test_no_source_maps_or_unused_search_languages_in_either_site(built_example):
    staff = built_example.parent / "staff"
    for site in (built_example, staff):
        assert sorted(p.name for p in site.rglob("*.map")) == [], site.name
        for asset in (
            *site.glob("assets/javascripts/**/*.js"),
            *site.glob("assets/stylesheets/*.css"),
        ):
            assert "sourceMappingURL" not in asset.read_text("utf-8"), asset
        # the example searches in Chinese (plugins: search: lang: zh): the worker loads these two
        lunr = site / "assets/javascripts/lunr"
        assert sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*") if p.is_file()) == [
            "min/lunr.stemmer.support.min.js",
            "min/lunr.zh.min.js",
        ], site.name
    size = sum(p.stat().st_size for p in built_example.rglob("*") if p.is_file())
    assert size <= 7_000_000, size


def test_search_files_kept_for_each_language():
    from placard.site.trim import lunr_files

    assert lunr_files(["en"]) == set()
    assert lunr_files(["zh"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js"}
    assert lunr_files(["ja", "en"]) == {
        "tinyseg.js",
        "min/lunr.ja.min.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
    }
    assert lunr_files(["th"]) == {
        "wordcut.js",
        "min/lunr.th.min.js",
        "min/lunr.stemmer.support.min.js",
    }


def test_a_site_without_a_search_index_keeps_every_search_file(tmp_path):
    from placard.site.trim import drop_source_maps, drop_unused_search_languages

    lunr = tmp_path / "assets/javascripts/lunr/min"
    lunr.mkdir(parents=True)
    (lunr / "lunr.de.min.js").write_text("x")
    js = tmp_path / "assets/javascripts/bundle.1.min.js"
    js.write_text("code();\n//# sourceMappingURL=bundle.1.min.js.map\n")
    (tmp_path / "assets/javascripts/bundle.1.min.js.map").write_text("{}")
    (tmp_path / "docs.map").write_text("a campaign's own file")  # not Material's: left alone
    assert drop_unused_search_languages(tmp_path) == 0 and (lunr / "lunr.de.min.js").is_file()
    assert drop_source_maps(tmp_path) == 2
    assert js.read_text() == "code();\n" and (tmp_path / "docs.map").is_file()
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text('{"config": {"lang": ["zh"]}, "docs": []}')
    assert drop_unused_search_languages(tmp_path) == 1 and not (lunr / "lunr.de.min.js").exists()


def test_readme_and_manual_give_each_servers_404_setting():
    from conftest import REPO

    for doc in (REPO / "README.md", REPO / "manual" / "docs" / "hosting.md"):
        text = doc.read_text("utf-8")
        for line in (
            "error_page 404 /404.html;",
            "ErrorDocument 404 /404.html",
            "rewrite * /404.html",
        ):
            assert line in text, (doc.name, line)
    assert "/Q/igq67m/" in (REPO / "manual" / "docs" / "hosting.md").read_text("utf-8")


def test_a_codes_lower_case_page_is_the_same_page_however_it_is_written(tmp_path, monkeypatch):
    import os

    from placard.site.posters import write_code_page

    qdir = tmp_path / "Q"
    for name in ("ABC234", "abc234"):
        (qdir / name).mkdir(parents=True)
    outside = tmp_path / "outside.html"
    outside.write_text("not placard's")
    (qdir / "abc234" / "index.html").symlink_to(outside)  # planted (or left from an older build)
    write_code_page(str(qdir), "ABC234", "<p>one</p>")
    assert (qdir / "abc234" / "index.html").read_text() == "<p>one</p>"
    assert outside.read_text() == "not placard's"  # replaced, not written through
    write_code_page(str(qdir), "ABC234", "<p>two</p>")  # again (a rebuild, serve)
    assert [(qdir / n / "index.html").read_text() for n in ("ABC234", "abc234")] == [
        "<p>two</p>"
    ] * 2

    def no_links(*args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)  # a file system without hard links: a copy
    (qdir / "abc234" / "index.html").unlink()
    write_code_page(str(qdir), "ABC234", "<p>three</p>")
    assert (qdir / "abc234" / "index.html").read_text() == "<p>three</p>"
    assert not (qdir / "abc234" / "index.html").samefile(qdir / "ABC234" / "index.html")


def test_a_code_typed_in_another_case_is_one_scan_not_a_failure(tmp_path):
    from placard.scans import read_log

    log = tmp_path / "access.log"
    log.write_text(
        '10.0.0.1 - - [26/Nov/2026:10:00:00 +0800] "GET /q/IgQ67m/ HTTP/1.1" 404 5000\n'
        '10.0.0.1 - - [26/Nov/2026:10:00:01 +0800] "GET /Q/IGQ67M/ HTTP/1.1" 200 700\n'
        '10.0.0.2 - - [26/Nov/2026:11:00:00 +0800] "GET /Q/igq67m/ HTTP/1.1" 200 700\n'
        '10.0.0.3 - - [26/Nov/2026:12:00:00 +0800] "GET /Q/ABCDEF/ HTTP/1.1" 404 5000\n'
    )
    hits = read_log(log).hits
    assert [(h.code, h.status) for h in hits] == [("IGQ67M", 200), ("IGQ67M", 200), ("ABCDEF", 404)]
