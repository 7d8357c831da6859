"""Chinese search as residents type it, in a real browser (Material's search worker + placard's segmenter).

The example campaign is built with two changes a campaign may well have: one slogan
without tags (it must still be found by its text) and a guide paragraph on reporting
(举报), the word a resident types to find how to report.
"""

from __future__ import annotations

import html
import json
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
def campaign_root(tmp_path_factory):
    return copy_example(tmp_path_factory.mktemp("search") / "campaign")


@pytest.fixture(scope="module")
def site(campaign_root):
    root = campaign_root
    untagged = root / "slogans" / "traffic-05.md"  # 过街走斑马线，步步都安全
    untagged.write_text(
        re.sub(r"(?m)^tags:.*\n", "", untagged.read_text("utf-8")), encoding="utf-8"
    )
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

            def run(query: str) -> list[dict]:
                results = search(driver, query)
                for r, shown in zip(results, driver.execute_script(_SHOWN_TEXT), strict=False):
                    r.update(shown)
                return results

            run.driver = driver
            yield run
        finally:
            driver.quit()


# Each result's title and text as shown, without the line naming its missing terms; the marked words.
_SHOWN_TEXT = """return [...document.querySelectorAll('.md-search-result__item > a')].map(a => {
  const copy = a.cloneNode(true);
  copy.querySelectorAll('.md-search-result__terms').forEach(p => p.remove());
  return {shown: copy.textContent.replace(/\\u200b/g, ''),
          marks: [...copy.querySelectorAll('mark')].map(m => m.textContent)};
})"""


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


# The three queries a resident tried (issue 22), with the example's pages that hold the words.
def test_a_word_inside_a_longer_word_finds_every_page_that_holds_it(searching):
    # 洗手: 勤洗手常通风，健康生活每一天 (a slogan's title), the health guide (勤洗手 and 饭前便后洗手),
    # the guides' list (its key point 勤洗手)
    results = searching("洗手")
    shown = paths(results)
    for page in ("s/health-01/", "guides/health/", "guides/"):
        assert page in shown, f"洗手: {page} not in the results {shown}"
    assert shown[0] == "s/health-01/", shown  # the page whose title holds the word comes first
    assert "洗手" in results[0]["marks"], results[
        0
    ]  # marked inside 勤洗手 where the result shows it
    assert not [r for r in results if r["missing"]], results


def test_a_word_inside_a_theme_name_finds_the_guide_and_ranks_titles_first(searching):
    results = searching("餐桌")
    shown = paths(results)
    # 文明餐桌指南, the theme's page 文明餐桌, the slogan 餐桌文明你我共守，勤俭节约代代相传
    titled = {"guides/dining/", "slogans/dining/", "s/dining-04/"}
    assert set(shown[:3]) == titled, shown
    assert all("餐桌" in r["title"].replace("\u200b", "") for r in results[:3]), results[:3]


def test_two_words_in_one_query_are_not_marked_missing_where_present(searching):
    results = searching("公筷公勺")
    shown = paths(results)
    # 公筷公勺，健康文明 (an ad), 公筷公勺一小步，健康文明一大步 (a slogan), 文明餐桌指南 (使用公筷公勺)
    for page in ("ads/gongkuai/", "s/dining-02/", "guides/dining/"):
        assert page in shown[:3], f"公筷公勺: {page} not in the first three results {shown}"
    for r in results:
        both = "公筷" in r["shown"] and "公勺" in r["shown"]
        assert not (both and r["missing"]), (
            f"{r['href']} shows both words, marks {r['missing']} missing"
        )
    for r in results[:3]:
        assert not r["missing"], r


def test_a_word_is_marked_in_text_never_inside_markup_or_a_mark(searching):
    from importlib import resources

    script = resources.files("placard").joinpath("data", "search-segment.js").read_text("utf-8")
    marked = searching.driver.execute_script(
        script + "; return placardMarkInner(arguments[0], arguments[1]);",
        '<p title="洗手">勤洗手</p> <mark>洗手间</mark> &lt;b&gt;洗手&lt;/b&gt;',
        ["洗手"],
    )
    assert marked == (
        '<p title="洗手">勤<mark>洗手</mark></p> <mark>洗手间</mark> &lt;b&gt;<mark>洗手</mark>&lt;/b&gt;'
    )


@pytest.mark.parametrize(
    "query", ["公筷公勺", "勤洗手常通风", "垃圾分类新时尚", "文明餐桌指南", "洗手"]
)
def test_a_term_marked_missing_is_absent_from_the_result(searching, query):
    results = searching(query)
    assert results
    for r in results:
        for term in r["missing"]:
            word = term.rstrip("*")  # Material shows the query's word as its worker read it
            assert word not in r["shown"], f"{query}: {r['href']} shows {term} yet marks it missing"


# Material's search worker, run on its own in the page: setup with the site's index, then one query
# at a time (Material's message types: 0 setup, 1 ready, 2 query, 3 result).
_RUN_WORKER = """
const [workerUrl, indexUrl, queries, done] = arguments;
(async () => {
  const index = await (await fetch(indexUrl)).json();
  const worker = new Worker(workerUrl);
  const next = () => new Promise(resolve => worker.addEventListener("message", ev => resolve(ev.data), {once: true}));
  let reply = next();
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await reply;
  const out = {};
  for (const q of queries) {
    reply = next();
    worker.postMessage({type: 2, data: q});
    const result = (await reply).data;
    out[q] = result.items.map(group => ({
      page: group[0].location.split("#")[0],
    }));
  }
  worker.terminate();
  done(out);
})().catch(err => done({error: String(err)}));
"""

_HAN_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")


def inner_two_character_words(site, campaign_root) -> dict[str, set[str]]:
    """Every two-character word jieba's search mode finds inside a longer word of a page's published
    text -> the pages. The published text: the titles, texts and tags each page gives the search,
    read from the built index with its markup and its word cuts taken out; cut here by a jieba of its
    own, which knows the campaign's words as mkdocs.yml names them (search_terms, theme names)."""
    import jieba
    import yaml

    settings = yaml.safe_load((campaign_root / "mkdocs.yml").read_text("utf-8"))["extra"]["placard"]
    cutter = jieba.Tokenizer()
    for word in [*settings["search_terms"], *(t["name"] for t in settings["themes"])]:
        cutter.add_word(word, 2000)
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text = " ".join([doc["title"], doc["text"], *doc.get("tags", [])])
        text = html.unescape(re.sub(r"<[^>]*>", " ", text)).replace("\u200b", "")
        for run in _HAN_RUN.findall(text):
            cut = list(cutter.cut_for_search(run))
            longer = [w for w in cut if len(w) > 2]
            for word in cut:
                if len(word) == 2 and any(word in long for long in longer):
                    words.setdefault(word, set()).add(page)
    return words


def test_every_word_inside_a_longer_word_finds_its_page(site, campaign_root, tmp_path):
    """Issue 22's number: each two-character word inside a longer word finds every page that holds it."""
    expected = inner_two_character_words(site, campaign_root)
    assert len(expected) >= 80, sorted(expected)  # the example holds ~110 such words
    assert {"s/health-01/", "guides/health/"} <= expected["洗手"]  # 勤洗手
    assert "guides/dining/" in expected["餐桌"]  # 文明餐桌指南
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name
    with serve(site) as base:
        driver = start_chrome(tmp_path / "chromium", *PHONE)
        try:
            load(driver, base)
            driver.set_script_timeout(120)
            got = driver.execute_async_script(
                _RUN_WORKER,
                base + "assets/javascripts/workers/" + worker,
                base + "search/search_index.json",
                sorted(expected),
            )
        finally:
            driver.quit()
    assert "error" not in got, got
    lost = {w: sorted(pages - {r["page"] for r in got[w]}) for w, pages in expected.items()}
    lost = {w: p for w, p in lost.items() if p}
    assert not lost, f"words inside longer words that miss their pages: {lost}"


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
            assert not [p for p in before if "search_index.json" in p or "/workers/search." in p], (
                before
            )
            open_search(driver)
            results = search(driver, "斑马线")
            assert "s/traffic-01/" in paths(results)
            assert any("search_index.json" in p for p, _ in sent)

            # a search result's link (?h=) still highlights the words on the page it opens
            load(driver, base + "s/traffic-05/?h=斑马线")
            marks = WebDriverWait(driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".md-content mark")
            )
            assert any("斑马线" in m.text for m in marks)
        finally:
            driver.quit()
