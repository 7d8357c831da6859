"""The public/staff split and escaping, on the functions themselves (fast: no build; bench/mutation.py
runs these).

Which folder the public site and the staff site (内部资料) go to, and when placard refuses because the
staff site would be published with the public one (placard.sites). tests/test_staff_site.py checks the
same rules through whole builds.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from placard import sites


@pytest.fixture
def camp(tmp_path):
    """A campaign folder with its source folders."""
    root = tmp_path / "c"
    for d in ("docs", "slogans", "posters", "hooks"):
        (root / d).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")
    return root


def mk(root: Path, text: str) -> None:
    (root / "mkdocs.yml").write_text("site_name: 测试\n" + text, "utf-8")


# ---- where each site goes -------------------------------------------------------------------------


def test_public_site_defaults_to_site_beside_mkdocs_yml(camp):
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_public_site_follows_site_dir(camp):
    mk(camp, "site_dir: out/public\n")
    assert sites.public_out(camp) == (camp / "out" / "public").resolve()


@pytest.mark.parametrize("value", ["''", "3", "[a, b]", "null"])
def test_public_site_ignores_a_site_dir_that_is_not_a_folder_name(camp, value):
    mk(camp, f"site_dir: {value}\n")
    assert sites.public_out(camp) == (camp / "site").resolve()


@pytest.mark.parametrize(
    "text",
    ["site_dir: [unclosed\n", "- a list\n- not a mapping\n", None],
    ids=["bad-yaml", "a-list", "no-file"],
)
def test_public_site_default_when_mkdocs_yml_unreadable(camp, text):
    if text is None:
        (camp / "mkdocs.yml").unlink()
    else:
        (camp / "mkdocs.yml").write_text(text, "utf-8")
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_public_site_default_when_mkdocs_yml_not_utf8(camp):
    (camp / "mkdocs.yml").write_bytes("site_dir: 公开\n".encode("gbk"))
    assert sites.public_out(camp) == (camp / "site").resolve()


def test_staff_site_defaults_to_staff(camp):
    assert sites.staff_out(camp) == (camp / "staff").resolve()


def test_staff_site_follows_extra_placard_staff_dir(camp):
    mk(camp, "site_dir: site\nextra:\n  placard:\n    staff_dir: ../internal\n")
    assert sites.staff_out(camp) == (camp.parent / "internal").resolve()


@pytest.mark.parametrize("value", ["''", "'   '", "7", "null"])
def test_staff_site_ignores_a_blank_or_odd_staff_dir(camp, value):
    mk(camp, f"extra:\n  placard:\n    staff_dir: {value}\n")
    assert sites.staff_out(camp) == (camp / "staff").resolve()


@pytest.mark.parametrize("extra", ["extra: 5\n", "extra:\n  placard: 5\n", "extra:\n  other: 1\n"])
def test_staff_site_default_when_extra_is_odd(camp, extra):
    mk(camp, extra)
    assert sites.staff_out(camp) == (camp / "staff").resolve()


def test_staff_site_from_the_mapping_already_loaded(camp):
    mk(camp, "extra:\n  placard:\n    staff_dir: from-file\n")
    assert sites.staff_out(camp, {"staff_dir": "neibu"}) == (camp / "neibu").resolve()
    assert sites.staff_out(camp, {}) == (camp / "staff").resolve()


def test_staff_site_from_a_mapping_like_object(camp):
    class Config:  # MkDocs' config objects: not dicts, but have .get
        def get(self, key, default=None):
            return {"staff_dir": "neibu"}.get(key, default)

    assert sites.staff_out(camp, Config()) == (camp / "neibu").resolve()


def test_staff_site_default_when_the_loaded_value_is_not_a_mapping(camp):
    assert sites.staff_out(camp, "neibu") == (camp / "staff").resolve()


# ---- the two sites must be apart --------------------------------------------------------------------


def apart(camp, public, staff, docs_dir="docs"):
    return sites.apart_problem((camp / public).resolve(), (camp / staff).resolve(), camp, docs_dir)


def test_default_sites_are_apart(camp):
    assert apart(camp, "site", "staff") is None


def test_staff_beside_the_campaign_is_allowed(camp):
    assert apart(camp, "site", "../internal") is None
    # a name that starts like another folder's is not inside it
    assert apart(camp, "site", "staffsite") is None
    assert apart(camp, "site", "docsx") is None


def test_same_folder_refused(camp):
    public = (camp / "site").resolve()
    assert apart(camp, "site", "site") == (
        f"the staff site and the public site would be the same folder ({public})"
    )


def test_staff_inside_public_refused_it_would_be_published(camp):
    public, staff = (camp / "site").resolve(), (camp / "site" / "staff").resolve()
    assert apart(camp, "site", "site/staff") == (
        f"the staff site ({staff}) would be inside the public site ({public}) and be published with it"
    )
    assert apart(camp, "site", "site/a/b") is not None


def test_public_inside_staff_refused(camp):
    public, staff = (camp / "staff" / "site").resolve(), (camp / "staff").resolve()
    assert apart(camp, "staff/site", "staff") == (
        f"the public site ({public}) would be inside the staff site ({staff})"
    )


@pytest.mark.parametrize("staff", [".", ".."])
def test_staff_replacing_the_campaign_refused(camp, staff):
    where = (camp / staff).resolve()  # the public site elsewhere (else it is inside the staff site)
    assert apart(camp, "/tmp/placard-public-elsewhere", staff) == (
        f"the staff site would replace the campaign folder itself ({where})"
    )


def test_staff_inside_docs_refused_mkdocs_would_publish_it(camp):
    staff = (camp / "docs" / "staff").resolve()
    assert apart(camp, "site", "docs/staff") == (
        f"the staff site ({staff}) would be inside the source folder docs/ (MkDocs would publish it)"
    )
    assert apart(camp, "site", "docs") is not None


def test_staff_inside_the_campaigns_own_docs_dir_refused(camp):
    staff = (camp / "pages" / "neibu").resolve()
    assert apart(camp, "site", "pages/neibu", docs_dir="pages") == (
        f"the staff site ({staff}) would be inside the source folder pages/ (MkDocs would publish it)"
    )
    # docs/ is then an ordinary folder: MkDocs reads pages/
    assert apart(camp, "site", "docs/neibu", docs_dir="pages") is None


@pytest.mark.parametrize("src", ["slogans", "posters", "hooks"])
def test_staff_inside_another_source_folder_refused(camp, src):
    staff = (camp / src / "out").resolve()
    assert apart(camp, "site", f"{src}/out") == (
        f"the staff site ({staff}) would be inside the source folder {src}/"
    )


def test_apart_problem_takes_a_relative_campaign_root(camp, monkeypatch):
    monkeypatch.chdir(camp.parent)
    rel = Path(camp.name)
    elsewhere = (camp.parent / "pub").resolve()
    assert sites.apart_problem(elsewhere, camp.resolve(), rel) == (
        f"the staff site would replace the campaign folder itself ({camp.resolve()})"
    )
    assert (
        sites.apart_problem((camp / "site").resolve(), (camp / "docs" / "x").resolve(), rel)
        is not None
    )


# ---- the access logs the scan counts read ----------------------------------------------------------


def test_scan_logs_relative_globs_sorted_files_only_once(camp):
    logs = camp / "logs"
    logs.mkdir()
    for name in ("b.log", "a.log", "c.txt"):
        (logs / name).write_text("x", "utf-8")
    (logs / "d.log").mkdir()  # a folder matching the pattern is not a log
    assert sites.scan_logs(camp, ["logs/*.log", "logs/a.log"]) == [logs / "a.log", logs / "b.log"]


def test_scan_logs_absolute_paths(camp, tmp_path):
    far = tmp_path / "var" / "access.log"
    far.parent.mkdir()
    far.write_text("x", "utf-8")
    assert sites.scan_logs(camp, [str(far)]) == [far]


def test_scan_logs_none_or_missing(camp):
    assert sites.scan_logs(camp, None) == []
    assert sites.scan_logs(camp, ["logs/nothing-*.log"]) == []


# ---- titles break between words only, and stay escaped (placard.site.wordbreak) ----------------------

from placard.site import wordbreak  # noqa: E402


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("核心价值观", "核心<wbr>价值观"),  # never 核 / 心价值观
        ("创建全国文明城市", "创建<wbr>全国<wbr>文明城市"),
        ("2024年文明城市", "2024<wbr>年<wbr>文明城市"),
        ("Hello世界", "Hello<wbr>世界"),
        ("a文明b", "a<wbr>文明<wbr>b"),
    ],
)
def test_a_title_breaks_between_words(text, html):
    assert wordbreak.text_with_breaks(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("文明城市，人人参与", "文明城市，<wbr>人人<wbr>参与"),  # never before ，
        ("《文明指南》发布", "《文明<wbr>指南》<wbr>发布"),  # never after 《 nor before 》
        ("（文明）城市", "（文明）<wbr>城市"),
        ("文明。", "文明。"),
    ],
)
def test_no_break_before_closing_or_after_opening_punctuation(text, html):
    assert wordbreak.text_with_breaks(text) == html


@pytest.mark.parametrize(
    "text", ["垃圾 分类", "文明\u3000城市", "文明 a", "Wi Fi", "abc-def", "AB", ""]
)
def test_spaces_and_latin_words_get_no_extra_break(text):
    assert wordbreak.text_with_breaks(text) == text


def test_ideographs_beyond_the_first_planes_blocks_are_chinese_too():
    """Extension G (U+30EDD 𰻝 of 𰻝𰻝面, U+31350 𱍐 of Extension H) and the compatibility supplement
    (U+2F800): a title of them gets breaks like any Chinese title; before, wordbreak took them for Latin
    and left a line of them unbreakable (the title keeps words whole)."""
    assert wordbreak.text_with_breaks("𰻝𰻝面馆") == "𰻝<wbr>𰻝<wbr>面馆"
    assert wordbreak.text_with_breaks("\U00031350\U00031350") == "\U00031350<wbr>\U00031350"
    assert wordbreak.text_with_breaks("\U0002f800\U0002f800") == "\U0002f800<wbr>\U0002f800"


def test_latin_next_to_chinese_breaks_but_not_inside_latin():
    assert wordbreak.text_with_breaks("abc-def文明") == "abc-def<wbr>文明"
    assert wordbreak.text_with_breaks("a b文明") == "a b<wbr>文明"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("\u3400\u3400", "\u3400<wbr>\u3400"),  # CJK extension A, first
        ("\u9fff\u9fff", "\u9fff<wbr>\u9fff"),  # unified ideographs, last
        ("\uf900\uf900", "\uf900<wbr>\uf900"),  # compatibility ideographs
        ("\U00020000\U00020000", "\U00020000<wbr>\U00020000"),  # extension B
        ("\u33ff\u33ff", "\u33ff\u33ff"),  # a square symbol, not a Chinese character
        ("\ua000\ua000", "\ua000\ua000"),  # a Yi syllable
    ],
)
def test_which_characters_count_as_chinese(text, html):
    assert wordbreak.text_with_breaks(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("A&B <x>", "A&amp;B &lt;x&gt;"),
        ("<script>文明</script>城市", "&lt;script&gt;<wbr>文明<wbr>&lt;/script&gt;<wbr>城市"),
        ('"文明"', "&#34;<wbr>文明<wbr>&#34;"),
        ("&amp;文明", "&amp;amp;<wbr>文明"),
    ],
)
def test_a_title_is_escaped_with_or_without_chinese(text, html):
    assert wordbreak.text_with_breaks(text) == html


def test_text_between_two_titles_is_not_cut():
    page = "<h1>垃圾分类</h1><p>核心价值观</p><h1>文明城市创建</h1>"
    assert wordbreak.break_titles(page) == (
        "<h1>垃圾<wbr>分类</h1><p>核心价值观</p><h1>文明城市<wbr>创建</h1>"
    )


def test_page_titles_and_card_titles_break_other_text_untouched():
    page = (
        '<h1 id="x">文明城市&lt;b&gt;创建</h1><p>垃圾分类</p>'
        '<span class="pl-card-text">垃圾分类<em>核心价值观</em></span>'
        '<p class="pl-howto-title">垃圾分类</p><span class="pl-ad-title">垃圾分类</span><h2>垃圾分类</h2>'
    )
    assert wordbreak.break_titles(page) == (
        '<h1 id="x">文明城市<wbr>&lt;b&gt;<wbr>创建</h1><p>垃圾分类</p>'
        '<span class="pl-card-text">垃圾<wbr>分类<em>核心<wbr>价值观</em></span>'
        '<p class="pl-howto-title">垃圾<wbr>分类</p><span class="pl-ad-title">垃圾<wbr>分类</span>'
        "<h2>垃圾分类</h2>"
    )


def test_an_escaped_script_in_a_title_stays_text():
    page = "<h1>&lt;script&gt;alert(1)&lt;/script&gt;文明</h1>"
    out = wordbreak.break_titles(page)
    assert "<script>" not in out
    assert out == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;<wbr>文明</h1>"


def test_quotes_and_ampersands_in_a_title_stay_escaped():
    assert (
        wordbreak.break_titles("<h1>文明城市&quot;&amp;</h1>") == "<h1>文明城市<wbr>&#34;&amp;</h1>"
    )


def test_tags_and_attributes_inside_a_title_are_left_as_they_are():
    page = '<h1><a href="/s/文明城市/" title="垃圾分类">垃圾分类</a></h1>'
    assert wordbreak.break_titles(page) == (
        '<h1><a href="/s/文明城市/" title="垃圾分类">垃圾<wbr>分类</a></h1>'
    )


def test_a_card_inside_a_title_is_cut_once_and_the_next_title_too():
    page = '<h1>文明<span class="pl-card-text">垃圾分类</span>建设</h1><h1>核心价值观</h1>'
    assert wordbreak.break_titles(page) == (
        '<h1>文明<span class="pl-card-text">垃圾<wbr>分类</span>建设</h1><h1>核心<wbr>价值观</h1>'
    )


def test_an_unclosed_title_leaves_the_page_as_it_is():
    page = '<h1>文明城市 <span class="pl-card-text">垃圾分类</span>'
    assert wordbreak.break_titles(page) == page
    page = '<h1>垃圾分类</h1><h1>文明城市 <span class="pl-card-text">垃圾分类</span>'
    assert wordbreak.break_titles(page) == (
        '<h1>垃圾<wbr>分类</h1><h1>文明城市 <span class="pl-card-text">垃圾分类</span>'
    )


@pytest.mark.parametrize(
    "page",
    [
        "<p>垃圾分类</p>",
        "<h10>垃圾分类</h10>",
        '<span class="pl-card-texts">垃圾分类</span>',
        "<h1>Civilised city</h1>",
        "",
    ],
)
def test_pages_without_such_titles_are_unchanged(page):
    assert wordbreak.break_titles(page) == page


@pytest.fixture(scope="module")
def installed_jieba():
    """A jieba of this file's own, with the dictionary as installed."""
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    return types.SimpleNamespace(cut=tok.cut, add_word=tok.add_word, dt=tok)


@pytest.fixture(autouse=True)
def _words_as_installed(installed_jieba, monkeypatch):
    """Each test cuts with jieba's dictionary as installed: the builds of other tests in the same run add their
    campaigns' words (核心价值观, 垃圾分类 …) to jieba's global dictionary and fill wordbreak's caches."""
    monkeypatch.setattr(wordbreak, "_jieba", lambda: installed_jieba)
    monkeypatch.setattr(wordbreak, "_terms", frozenset())
    wordbreak.words.cache_clear()
    wordbreak._inner.cache_clear()
    yield
    wordbreak.words.cache_clear()
    wordbreak._inner.cache_clear()


@pytest.fixture
def own_words(monkeypatch):
    """The campaign's words added for one test only (jieba's dictionary and the caches are global)."""
    jb = wordbreak._jieba().dt
    jb.check_initialized()
    saved = jb.FREQ.copy(), jb.total
    monkeypatch.setattr(wordbreak, "_terms", frozenset())
    yield
    jb.FREQ, jb.total = saved
    wordbreak.words.cache_clear()
    wordbreak._inner.cache_clear()


def test_the_campaigns_own_words_are_kept_whole(own_words):
    name = "东城区溪桥坊文明实践站"
    page = f"<h1>{name}</h1>"
    assert wordbreak.text_with_breaks(name) == "东城区<wbr>溪桥坊<wbr>文明<wbr>实践<wbr>站"
    assert wordbreak.break_titles(page) == "<h1>东城区<wbr>溪桥坊<wbr>文明<wbr>实践<wbr>站</h1>"
    wordbreak.add_terms(["溪桥坊文明实践站"])
    assert wordbreak.text_with_breaks(name) == "东城区<wbr>溪桥坊文明实践站"
    assert wordbreak.break_titles(page) == "<h1>东城区<wbr>溪桥坊文明实践站</h1>"
    wordbreak.add_terms(["溪桥坊文明实践站"])  # again: nothing changes
    assert wordbreak.text_with_breaks(name) == "东城区<wbr>溪桥坊文明实践站"


def test_a_campaign_road_name_stays_whole_before_a_common_word(own_words):
    # 光明 + 路口 are common words; the campaign's road 光明路 still keeps its name whole, as the
    # search index's user dictionary weighs it (2000)
    text = "光明路口文明交通劝导"
    assert wordbreak.text_with_breaks(text) == "光明<wbr>路口<wbr>文明<wbr>交通<wbr>劝导"
    wordbreak.add_terms(["光明路"])
    assert wordbreak.text_with_breaks(text) == "光明路<wbr>口<wbr>文明<wbr>交通<wbr>劝导"


# ---- page addresses: where QR redirects, cards and the staff site's links lead (placard.site.urls) ----

from types import SimpleNamespace  # noqa: E402

from placard.site import urls  # noqa: E402
from placard.site.registry import SiteOptions  # noqa: E402


@pytest.mark.parametrize(
    ("uri", "directory", "flat"),
    [
        ("s/a.md", "s/a/", "s/a.html"),
        ("index.md", "", ""),
        ("slogans/index.md", "slogans/", "slogans/"),
        ("slogans/myindex.md", "slogans/myindex/", "slogans/myindex.html"),
        ("ads/thumbs/a.jpg", "ads/thumbs/a.jpg", "ads/thumbs/a.jpg"),
        ("404.html", "404.html", "404.html"),
    ],
)
def test_page_address_as_mkdocs_writes_it(uri, directory, flat):
    assert urls.page_url(uri) == directory
    assert urls.page_url(uri, True) == directory
    assert urls.page_url(uri, False) == flat


@pytest.mark.parametrize(
    ("here", "there", "directory", "flat"),
    [
        ("s/a.md", "s/b.md", "../b/", "b.html"),
        ("index.md", "s/a.md", "s/a/", "s/a.html"),
        ("s/a.md", "index.md", "../..", ".."),
        ("s/a.md", "s/a.md", "./", "a.html"),
        ("index.md", "index.md", "./", "./"),
        ("s/a.md", "ads/thumbs/x.jpg", "../../ads/thumbs/x.jpg", "../ads/thumbs/x.jpg"),
        ("slogans/index.md", "slogans/t.md", "t/", "t.html"),
        ("slogans/t.md", "slogans/index.md", "../", "./"),
        ("a/b/c.md", "a/x/y.md", "../../x/y/", "../x/y.html"),
        ("404.html", "s/a.md", "s/a/", "s/a.html"),
        ("./s/a.md", "s/b.md", "../b/", "b.html"),
        ("s/a.md", "./s/b.md", "../b/", "b.html"),
        ("s/a.md", "../up.md", "../../../up/", "../../up.html"),
        ("s/X.md", "../up.md", "../../../up/", "../../up.html"),  # a page named X
    ],
)
def test_relative_link_between_pages(here, there, directory, flat):
    assert urls.relative_url(here, there) == directory
    assert urls.relative_url(here, there, True) == directory
    assert urls.relative_url(here, there, False) == flat


def test_relative_link_normalises_dot_dot_inside_an_address():
    assert urls.relative_url("index.md", "a/../s/b.md") == "s/b/"
    assert urls.relative_url("s/x/../a.md", "s/b.md") == "../b/"


def test_addresses_of_slogans_themes_items_and_thumbnails():
    assert urls.slogan_uri("wm-001") == "s/wm-001.md"
    assert urls.theme_uri("civility") == "slogans/civility.md"
    assert urls.thumb_uri("ad-7") == "ads/thumbs/ad-7.jpg"
    slogan = SimpleNamespace(kind="slogan", id="wm-001", page_uri="ignored.md")
    guide = SimpleNamespace(kind="guide", id="g1", page_uri="guides/sorting.md")
    assert urls.item_uri(slogan) == "s/wm-001.md"
    assert urls.item_uri(guide) == "guides/sorting.md"


def test_public_site_links_to_content_relatively():
    opts = SiteOptions(public_url="https://example.org/sub/")
    assert urls.content_link("posters/index.md", "s/wm-001.md", opts) == "../s/wm-001/"
    flat = SiteOptions(use_directory_urls=False)
    assert urls.content_link("posters/index.md", "s/wm-001.md", flat) == "../s/wm-001.html"
    # options without an audience are the public site's
    bare = SimpleNamespace(use_directory_urls=True)
    assert urls.content_link("index.md", "s/wm-001.md", bare) == "s/wm-001/"


@pytest.mark.parametrize("public_url", ["https://example.org/sub/", "https://example.org/sub"])
def test_staff_site_links_to_content_on_the_public_site_keeping_its_sub_path(public_url):
    opts = SiteOptions(audience="staff", public_url=public_url)
    assert urls.content_link("lists/a.md", "s/wm-001.md", opts) == (
        "https://example.org/sub/s/wm-001/"
    )
    flat = SiteOptions(audience="staff", public_url=public_url, use_directory_urls=False)
    assert urls.content_link("lists/a.md", "guides/sorting.md", flat) == (
        "https://example.org/sub/guides/sorting.html"
    )


@pytest.mark.parametrize("public_url", [None, ""])
def test_staff_site_has_no_link_to_content_without_a_site_url(public_url):
    opts = SiteOptions(audience="staff", public_url=public_url)
    assert urls.content_link("lists/a.md", "s/wm-001.md", opts) is None
    assert urls.content_link("lists/a.md", "s/wm-001.md", SimpleNamespace(audience="staff")) is None


def test_staff_site_link_keeps_a_sub_path_ending_in_a_capital_letter():
    opts = SiteOptions(audience="staff", public_url="https://example.org/WX/")
    assert (
        urls.content_link("lists/a.md", "s/wm-001.md", opts) == "https://example.org/WX/s/wm-001/"
    )


# ---- the addresses placard's generated pages take: a hand-written page there would replace the page
# ---- a slogan's printed QR codes lead to (placard.site.claims, read by the 'pages' check)

from placard.site import claims  # noqa: E402


@pytest.mark.parametrize(
    ("uri", "file"),
    [
        ("s/a.md", "s/a/index.html"),
        ("index.md", "index.html"),
        ("slogans/index.md", "slogans/index.html"),
        ("404.html", "404.html"),
        ("ads/thumbs/a.jpg", "ads/thumbs/a.jpg"),
    ],
)
def test_the_file_a_docs_page_becomes(uri, file):
    assert claims.dest(uri) == file


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    import datetime as dt

    from conftest import copy_example

    from placard.load import load_campaign

    root = copy_example(tmp_path_factory.mktemp("claims") / "c")
    return load_campaign(root, dt.date(2026, 11, 23)).campaign


def test_generated_pages_of_the_example_campaign(example):
    got = claims.generated(example)
    assert got[:4] == [
        ("slogans/index.md", "the slogans index", None, None),
        ("guides/index.md", "the guides index", None, None),
        ("ads/index.md", "the public-benefit ads index", None, None),
        ("404.html", "the page shown for an address that does not exist (404)", None, None),
    ]
    assert got[4:6] == [
        ("slogans/civility.md", "the page of theme 'civility'", "mkdocs.yml", 58),
        (
            "updated/civility.md",
            "the 'updated' page of theme 'civility' (retired QR codes lead there)",
            "mkdocs.yml",
            58,
        ),
    ]
    assert ("slogans/traffic.md", "the page of theme 'traffic'", "mkdocs.yml", 59) in got
    assert (
        "s/civility-01.md",
        "the page of slogan 'civility-01' (its QR codes lead there)",
        "slogans/civility-01.md",
        1,
    ) in got
    assert ("posters/index.md", "the poster downloads page", None, None) in got
    assert got[-8:] == [
        ("tags/index.md", "the tags index", None, None),
        ("tags/交通.md", "the page of tag '交通'", None, None),
        ("tags/健康.md", "the page of tag '健康'", None, None),
        ("tags/光盘行动.md", "the page of tag '光盘行动'", None, None),
        ("tags/垃圾分类.md", "the page of tag '垃圾分类'", None, None),
        ("tags/志愿者.md", "the page of tag '志愿者'", None, None),
        ("tags/文明礼仪.md", "the page of tag '文明礼仪'", None, None),
        ("tags/核心价值观.md", "the page of tag '核心价值观'", None, None),
    ]
    # 4 indexes, 7 themes x 2, 46 slogans, the poster page, the tags index and 7 tags
    assert len(got) == 4 + 14 + 46 + 1 + 1 + 7


def test_no_poster_page_nor_tag_pages_when_the_campaign_has_none(monkeypatch):
    import placard.posters.plan

    monkeypatch.setattr(
        placard.posters.plan, "make_plan", lambda campaign: SimpleNamespace(public_sets=[])
    )
    bare = SimpleNamespace(
        config=SimpleNamespace(source=SimpleNamespace(file="mkdocs.yml"), themes=[]),
        slogans=[],
        items=lambda: [SimpleNamespace(tags=[])],
    )
    assert [uri for uri, *_ in claims.generated(bare)] == [
        "slogans/index.md",
        "guides/index.md",
        "ads/index.md",
        "404.html",
    ]
