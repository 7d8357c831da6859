"""Chinese search as residents type it, in a real browser (Material's search worker + placard's segmenter).

The example campaign is built with two changes a campaign may well have: one slogan
without tags (it must still be found by its text) and a guide paragraph on reporting
(举报), the word a resident types to find how to report.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest
from browser_support import MISSING, PHONE, load, open_search, search, serve, start_chrome
from conftest import copy_example, missing_tool, need_module, run_placard

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if MISSING:  # pragma: no cover - .ci/run installs both
    missing_tool("browser", MISSING, module_level=True)
need_module("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

REPORT = "\n## 随手拍\n\n发现乱扔垃圾、占道经营等不文明行为，拍照上传即可举报。\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("search") / "campaign")
    untagged = root / "slogans" / "traffic-05.md"  # 过街走斑马线，步步都安全
    untagged.write_text(re.sub(r"(?m)^tags:.*\n", "", untagged.read_text("utf-8")), encoding="utf-8")
    guide = root / "docs" / "guides" / "public.md"
    guide.write_text(guide.read_text("utf-8") + REPORT, encoding="utf-8")
    proc = run_placard("build", root, "--out", root / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


@pytest.fixture(scope="module")
def searching(site, tmp_path_factory):
    with serve(site) as base:
        driver = start_chrome(tmp_path_factory.mktemp("chromium"), *PHONE)
        try:
            load(driver, base)
            open_search(driver)
            yield lambda q: search(driver, q)
        finally:
            driver.quit()


def paths(results) -> list[str]:
    return [urlparse(r["href"]).path.lstrip("/") for r in results]


# query, pages that must be among the first three results
TOP3 = [
    ("垃圾分类", ["guides/waste/"]),
    ("文明餐桌", ["guides/dining/"]),
    ("斑马线", ["ads/banmaxian/", "s/traffic-01/"]),
    ("光盘行动", ["ads/guangpan/"]),
    ("公筷", ["ads/gongkuai/"]),  # a key point of the dining guide and an ad title
    ("举报", ["guides/public/"]),
]


@pytest.mark.parametrize(("query", "expected"), TOP3)
def test_a_residents_query_puts_the_matching_pages_on_top(searching, query, expected):
    results = searching(query)
    top = paths(results)[:3]
    for page in expected:
        assert page in top, f"{query}: {page} not in the first three results {top}"


@pytest.mark.parametrize("query", ["垃圾分类", "文明餐桌", "光盘行动", "斑马线", "志愿者"])
def test_no_present_term_is_marked_missing(searching, query):
    results = searching(query)
    assert results
    marked = [(r["href"], r["missing"]) for r in results if r["missing"]]
    assert not marked, f"{query}: results mark present terms as missing: {marked}"


def test_a_query_does_not_match_on_one_common_character(searching):
    results = searching("光盘行动")
    assert results
    for r in results[:3]:
        assert "光盘" in r["text"], r
    shown = paths(results)
    # 红灯停一停，平安行一生 shares only 行 with the query
    assert "s/traffic-02/" not in shown, shown


def test_a_theme_name_query_does_not_rank_other_themes_first(searching):
    top = paths(searching("文明餐桌"))[:3]
    assert not [p for p in top if p.startswith("s/civility-")], top  # 文明礼仪 shares only 文明


def test_volunteer_query_finds_volunteer_items(searching):
    top = paths(searching("志愿者"))[:3]
    assert len(top) == 3 and all("volunteer" in p or "zhiyuan" in p for p in top), top


def test_a_slogan_without_tags_is_found_by_its_text(searching):
    assert "s/traffic-05/" in paths(searching("斑马线"))


def test_the_search_index_loads_only_when_search_opens(site, tmp_path):
    """A resident who never searches does not download the index or start the search worker."""
    sent: list[tuple[str, int]] = []
    with serve(site, sent=sent) as base:
        driver = start_chrome(tmp_path / "chromium", *PHONE)
        try:
            load(driver, base + "s/traffic-01/")
            time.sleep(1.5)
            before = [p for p, _ in sent]
            assert not [p for p in before if "search_index.json" in p or "/workers/search." in p], before
            open_search(driver)
            results = search(driver, "斑马线")
            assert "s/traffic-01/" in paths(results)
            assert any("search_index.json" in p for p, _ in sent)

            # a search result's link (?h=) still highlights the words on the page it opens
            load(driver, base + "s/traffic-05/?h=斑马线")
            marks = WebDriverWait(driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".md-content mark"))
            assert any("斑马线" in m.text for m in marks)
        finally:
            driver.quit()
