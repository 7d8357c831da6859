"""The example campaign builds into a Material site with the right pages, search and no foreign hosts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import REPO, copy_example, run_mkdocs, run_placard, write
from PIL import Image

from placard.load import load_campaign

pytestmark = pytest.mark.slow

SITE_HOST = "wm.guangming.example.cn"


@pytest.fixture(scope="module")
def example():
    return load_campaign(REPO).campaign


def text_of(path: Path) -> str:
    return path.read_text("utf-8")


def test_theme_pages_list_exactly_the_published_slogans(built_example, example):
    for theme in example.config.themes:
        html = text_of(built_example / "slogans" / theme.id / "index.html")
        assert theme.name in html
        for s in example.slogans:
            if s.theme != theme.id:
                continue
            shown = f'id="{s.id}"' in html
            assert shown == s.approval.is_published(example.today), s.id


def test_every_published_slogan_has_a_stable_page(built_example, example):
    for s in example.slogans:
        page = built_example / "s" / s.id / "index.html"
        assert page.is_file() == s.approval.is_published(example.today), s.id
        if page.is_file():
            html = text_of(page)
            for line in s.lines_hint:
                assert line in html


def test_drafts_and_retired_are_not_published(built_example):
    everything = "\n".join(text_of(p) for p in built_example.rglob("*.html"))
    assert "出行靠右走" not in everything  # draft slogan
    assert "迎接检查人人出力" not in everything  # retired slogan
    assert "文明旅游指南" not in everything  # draft guide
    assert "一盔一带" not in everything  # draft ad
    assert not (built_example / "ads" / "toukui.png").exists()
    search = text_of(built_example / "search" / "search_index.json")
    assert "出行靠右走" not in search.replace("\u200b", "")


def test_guides_and_ads(built_example, example):
    guides_index = text_of(built_example / "guides" / "index.html")
    for g in example.published(example.guides):
        assert g.title in guides_index
        assert (built_example / "guides" / Path(g.page_uri).stem / "index.html").is_file()
    gallery = text_of(built_example / "ads" / "index.html")
    for ad in example.published(example.ads):
        thumb = built_example / "ads" / "thumbs" / f"{ad.id}.jpg"
        with Image.open(thumb) as im:
            assert im.width <= 480  # a thumbnail, not the full artwork
        assert thumb.stat().st_size < ad.artwork.stat().st_size * 2
        assert f'alt="{ad.alt}"' in gallery.replace("&#34;", '"').replace("&quot;", '"')
        assert f"thumbs/{ad.id}.jpg" in gallery
        page = text_of(built_example / "ads" / Path(ad.page_uri).stem / "index.html")
        assert ad.artwork.name in page  # the full artwork is on the ad's own page


def test_home_page_summarises_counts(built_example, example):
    html = text_of(built_example / "index.html")
    n = len(example.published(example.slogans))
    assert f"已发布标语 <strong>{n}</strong> 条" in html
    for theme in example.config.themes:
        assert theme.name in html


def test_nav_is_small(built_example, example):
    """A slogan page must not carry one nav entry per slogan (that grows with the square)."""
    html = text_of(built_example / "s" / "traffic-01" / "index.html")
    nav_links = re.findall(r'class="md-nav__link[^"]*"', html)
    assert len(nav_links) < 40
    assert html.count('href="../civility-02/"') == 0


def test_chinese_search_index_keeps_campaign_terms_whole(built_example):
    import jieba

    data = json.loads(text_of(built_example / "search" / "search_index.json"))
    assert data["config"]["lang"] == ["zh"]
    tokens = set()
    for doc in data["docs"]:
        tokens.update(t for t in (doc["title"] + "\u200b" + doc["text"]).split("\u200b") if t)
    # jieba on its own cuts these campaign names into pieces ...
    plain = jieba.Tokenizer()
    assert "文明城区" not in plain.lcut("光明区创建全国文明城区")
    # ... but search_terms in mkdocs.yml keep them whole in the built index
    assert {"文明城区", "光明区", "光盘行动"} <= tokens
    # ordinary phrases stay split into words, so a search for a word finds them
    assert "斑马线" in tokens
    docs_with = [d["location"] for d in data["docs"] if "\u200b斑马线\u200b" in d["text"] + d["title"]]
    assert any(loc.startswith("s/traffic-01/") for loc in docs_with)
    # each slogan is indexed once, on its own page (not again in its theme page's list)
    assert not any(loc.startswith("slogans/") for loc in docs_with), docs_with
    assert sum(d["title"].replace("\u200b", "") == "礼让斑马线，安全每一天" for d in data["docs"]) == 1


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src", "srcset", "action", "poster", "data", "content", "style"):
                for m in re.finditer(r"(?:https?:)?//[^\s\"'()<>,]+", value):
                    self.urls.append((tag, name, m.group(0)))


NAMESPACES = ("http://www.w3.org/",)
# links a resident may follow (not requests the page makes): the ICP number links to the national filing site
LINKS_OUT = (
    "https://beian.miit.gov.cn/",  # the ICP filing
    # links (never loads) to where a resident acts, from the example's actions (issue 22): the 12345 web
    # form and the pledge form (placeholders), 交管12123, 中国志愿服务网
    "https://12345.guangming.example.cn/report", "https://wj.guangming.example.cn/pledge",
    "https://gab.122.gov.cn/", "https://chinavolunteer.mca.gov.cn/",
)


def foreign(url: str) -> bool:
    if url.startswith(NAMESPACES):
        return False
    host = urlparse(url if "://" in url else "https:" + url).hostname
    return host not in (None, SITE_HOST)


def _strip_js_comments(js: str) -> str:
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", js)


def test_no_url_to_another_host(built_example):
    problems = []
    for path in built_example.rglob("*"):
        rel = path.relative_to(built_example).as_posix()
        if path.suffix == ".html":
            parser = _Attrs()
            parser.feed(text_of(path))
            problems += [f"{rel}: <{t} {a}> {u}" for t, a, u in parser.urls if foreign(u)
                         and not (t == "a" and u in LINKS_OUT)]
        elif path.suffix == ".css":
            for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text_of(path)):
                u = m.group(1) or m.group(2)
                if foreign(u) if "//" in u else False:
                    problems.append(f"{rel}: {u}")
        elif path.suffix == ".js":
            code = _strip_js_comments(text_of(path))
            for m in re.finditer(r"[\"'`]((?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\"'`\s]*)", code):
                u = m.group(1)
                # Material asks api.github.com only for repository facts, i.e. when repo_url is set;
                # placard warns when it is (see site/offline.py) and the example has none.
                if foreign(u) and "api.github.com" not in u:
                    problems.append(f"{rel}: {u}")
    assert problems == []
    assert "repo_url" not in (REPO / "mkdocs.yml").read_text("utf-8")


def test_no_google_fonts_even_when_configured(tmp_path):
    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("font: false", "font:\n    text: Roboto"), "utf-8")
    proc = run_placard("build", root, "--no-posters")
    assert proc.returncode == 0, proc.stderr
    html = text_of(root / "site" / "index.html")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_preview_shows_drafts_marked(tmp_path):
    root = copy_example(tmp_path / "c")
    proc = run_placard("build", root, "--preview", "--no-posters", "--out", tmp_path / "preview")
    assert proc.returncode == 0, proc.stderr
    page = text_of(tmp_path / "preview" / "s" / "traffic-draft-01" / "index.html")
    assert "出行靠右走" in page and "草稿" in page
    guide = text_of(tmp_path / "preview" / "guides" / "tourism" / "index.html")
    assert "草稿" in guide
    assert not (tmp_path / "preview" / "s" / "civility-retired-01").exists()


def test_plain_mkdocs_build_gives_the_same_site(tmp_path, built_example):
    root = copy_example(tmp_path / "c")
    proc = run_mkdocs("build", "-q", cwd=root)
    assert proc.returncode == 0, proc.stderr
    ours = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}
    theirs = {p.relative_to(built_example).as_posix() for p in built_example.rglob("*") if p.is_file()}
    assert ours == theirs


def test_plain_mkdocs_build_stops_on_errors_and_keeps_output(tmp_path):
    root = copy_example(tmp_path / "c")
    assert run_mkdocs("build", "-q", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    write(root / "slogans" / "bad.md", "---\ntext: 好\ntheme: nope\nstatus: draft\n---\n")
    proc = run_mkdocs("build", cwd=root)
    assert proc.returncode != 0
    assert "slogans/bad.md:3" in proc.stderr and "theme 'nope'" in proc.stderr
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_failed_placard_build_leaves_previous_output(tmp_path):
    root = copy_example(tmp_path / "c")
    assert run_placard("build", root, "--no-posters").returncode == 0
    site = root / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(root / "slogans" / "bad.md", "---\ntext: 好\ntheme: traffic\nstatus: approved\n---\n")
    proc = run_placard("build", root, "--no-posters")
    assert proc.returncode == 1
    assert "approved_by" in proc.stderr and "previous output was left as it was" in proc.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_failure_during_mkdocs_leaves_previous_output(tmp_path):
    """A failure inside MkDocs itself (not a placard finding) is caught the same way."""
    root = copy_example(tmp_path / "c")
    assert run_placard("build", root, "--no-posters").returncode == 0
    site = root / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("name: material", "name: no-such-theme"), "utf-8")
    proc = run_placard("build", root, "--no-posters")
    assert proc.returncode == 1
    assert "no-such-theme" in proc.stderr and "Traceback" not in proc.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_init_scaffolds_a_campaign_that_builds(tmp_path):
    dest = tmp_path / "new"
    proc = run_placard("init", dest, "--example")
    assert proc.returncode == 0, proc.stderr
    assert (dest / "mkdocs.yml").is_file() and any((dest / "slogans").glob("*.md"))
    assert run_placard("check", dest).returncode == 0
    proc = run_placard("build", dest, "--no-posters")
    assert proc.returncode == 0, proc.stderr
    assert (dest / "site" / "index.html").is_file()
    again = run_placard("init", dest, "--example")
    assert again.returncode == 1 and "not empty" in again.stderr


def test_failure_while_pages_render_leaves_previous_output(tmp_path):
    """A template error after placard has started writing its own files into the new site."""
    root = copy_example(tmp_path / "c")
    assert run_placard("build", root, "--no-posters").returncode == 0
    site = root / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(root / "overrides" / "main.html",
          '{% extends "base.html" %}{% block content %}{{ page.no_such_thing.boom() }}{% endblock %}\n')
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("name: material", "name: material\n  custom_dir: overrides"),
                   "utf-8")
    proc = run_placard("build", root, "--no-posters")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no_such_thing" in proc.stderr and "Traceback" not in proc.stderr
    assert "a theme template failed" in proc.stderr and "custom_dir" in proc.stderr
    assert "previous output was left as it was" in proc.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


@pytest.mark.parametrize("listed", [True, False], ids=["hooks-in-mkdocs-yml", "no-hooks-line"])
def test_placard_hooks_run_once_whatever_the_current_folder(tmp_path, monkeypatch, listed):
    # Run from outside the campaign (as `placard build path/to/campaign` does): the hook named
    # in mkdocs.yml is a path relative to the campaign and must still be recognised as placard's,
    # or every event (slogan pages, redirect files, checks) would run twice.
    from placard import mkdocs_hooks
    from placard.build import load_mkdocs_config

    root = copy_example(tmp_path / "c")
    if not listed:
        cfg = root / "mkdocs.yml"
        cfg.write_text(re.sub(r"\nhooks:\n  - hooks/placard_hooks.py\n", "\n", cfg.read_text("utf-8")), "utf-8")
        assert "hooks:" not in cfg.read_text("utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_mkdocs_config(root, tmp_path / "out")
    ours = [name for name, plugin in config.plugins.items()
            if getattr(plugin, "on_files", None) is mkdocs_hooks.on_files]
    assert len(ours) == 1, ours


def test_relative_links_match_posixpaths_relpath():
    """The fast relative-link maker gives what posixpath.relpath gives, for every shape of site path."""
    import itertools
    import posixpath

    from placard.site.urls import _relpath

    paths = ["", "index.html", "s/", "s/a/", "s/a/b/", "s/b/", "slogans/traffic/", "guides/x.html", "a.html",
             "Q/ABC123/", "s/a/x.png", "tags/垃圾/", "ads/../s/", "./s/"]
    for there, base in itertools.product(paths, ["", "s/", "s/a/", "slogans/traffic/", "tags/垃圾/", "x/y/z/"]):
        assert _relpath(there, base) == posixpath.relpath(there or ".", base.rstrip("/") or "."), (there, base)
