"""Hostile text in every field that reaches the site never becomes live markup, and shows as written.

One build of the example campaign with the hostile string in slogan text and tags, ad
title/alt/credit/tags, guide title/key points, theme names, a placement list's name,
location, contact and advertiser, the campaign's name and office and the site name.
Every built .html file is parsed (new page types are covered without changing this test),
as are the search index and the inline SVG chart.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_placard, write
from hostile_support import HOSTILE, hostile_campaign, live_markup, q

from placard.site.content import env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    root = hostile_campaign(tmp_path_factory.mktemp("hostile") / "campaign")
    out = root / "site"
    proc = run_placard("build", root, "--out", out, "--no-posters")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


class _Texts(HTMLParser):
    """Visible text and attribute values as a browser reads them (entities decoded once)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.texts: list[str] = []
        self.attrs: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        self.attrs += [v for _, v in attrs if v]

    def handle_endtag(self, tag):
        self._tag = ""

    def handle_data(self, data):
        if self._tag == "title":
            self.title += data
        self.texts.append(data)


def parse(html: str) -> _Texts:
    p = _Texts()
    p.feed(html)
    p.close()
    return p


def both_sites(site: Path) -> list[Path]:
    """Every built page of the public site and of the staff site beside it."""
    staff = site.parent / "staff"
    assert (staff / "index.html").is_file()
    return sorted(site.rglob("*.html")) + sorted(staff.rglob("*.html"))


def test_no_built_page_carries_live_markup(hostile_site):
    pages = both_sites(hostile_site)
    assert len(pages) > 50
    reached = 0
    for page in pages:
        html = page.read_text("utf-8")
        assert live_markup(html) == [], page
        reached += HOSTILE in "".join(parse(html).texts)
    assert reached > 50  # the site name is on every themed page


def test_hostile_text_shows_as_written_and_is_escaped_once(hostile_site):
    for page in both_sites(hostile_site):
        html = page.read_text("utf-8")
        assert "&amp;lt;" not in html and "&amp;#34;" not in html, page  # escaped twice: '&lt;' on screen
    slogan = parse((hostile_site / "s" / "traffic-02" / "index.html").read_text("utf-8"))
    assert slogan.title == f"{HOSTILE} - {HOSTILE}"  # page title - site name
    assert HOSTILE in slogan.attrs  # the logo's title and aria-label
    theme = parse((hostile_site / "slogans" / "health" / "index.html").read_text("utf-8"))
    assert theme.title.startswith(HOSTILE + " - ")
    assert sum(t.strip() == HOSTILE for t in theme.texts) >= 3  # h1, header, nav
    pl = parse((hostile_site.parent / "staff" / "placements" / "fenghuang-hoarding" / "index.html").read_text("utf-8"))
    assert pl.title.startswith(HOSTILE + " - ")


def test_hand_written_pages_show_their_front_matter_title_as_text(hostile_site):
    guide = parse((hostile_site / "guides" / "traffic" / "index.html").read_text("utf-8"))
    assert guide.title.startswith(HOSTILE + " - ")
    ad = parse((hostile_site / "ads" / "banmaxian" / "index.html").read_text("utf-8"))
    assert ad.title.startswith(HOSTILE + " - ")
    assert HOSTILE in ad.attrs  # the artwork's alt text


def test_search_index_titles_and_tags_are_safe_html(hostile_site):
    """Material's search shows a result's title, text and tags as HTML (innerHTML)."""
    index = json.loads((hostile_site / "search" / "search_index.json").read_text("utf-8"))
    seen = 0
    for doc in index["docs"]:
        for part in [doc["title"], doc["text"], *doc.get("tags", [])]:
            assert live_markup(part) == [], (doc["location"], part)
            visible = "".join(parse(part).texts).replace("\u200b", "")
            seen += HOSTILE in visible
    assert seen >= 5


def test_placements_chart_svg_is_safe(hostile_site):
    html = (hostile_site.parent / "staff" / "placements" / "index.html").read_text("utf-8")
    svg = re.search(r"<svg class=\"pl-chart\".*?</svg>", html, re.S).group(0)
    assert live_markup(svg) == []
    assert HOSTILE in "".join(parse(svg).texts)  # the bar's <title>


def test_redirect_pages_are_safe(hostile_site):
    pages = list((hostile_site / "Q").glob("*/index.html"))
    assert pages
    titles = [parse(p.read_text("utf-8")).title for p in pages]
    assert all(live_markup(p.read_text("utf-8")) == [] for p in pages)
    assert f"正在跳转：{HOSTILE}" in titles


def test_a_redirect_page_escapes_each_value_for_where_it_goes():
    """The Q/<CODE>/ page is a Python string, not a template: every value escaped by hand, and the
    script's string can neither end the script nor the string."""
    from placard.site.posters import redirect_page

    target = "../../s/x\"</script><b>'&/"
    html = redirect_page("C<&", target, HOSTILE, 'zh"><i')
    assert live_markup(html) == []
    page = parse(html)
    assert page.title == f"正在跳转：{HOSTILE}"
    assert html.count("</script>") == 1  # the one that ends the script
    script = re.search(r"<script>location.replace\((.*)\);</script>", html).group(1)
    assert json.loads(script) == target
    assert '<html lang="zh&#34;&gt;&lt;i">' in html and "二维码编号 C&lt;&amp;。" in html


def test_site_templates_autoescape():
    assert env().autoescape is True
    assert "&lt;" in env().from_string("{{ x }}").render(x="<b>")


def test_poster_gallery_with_posters_is_safe(tmp_path):
    """The one build with posters: a set whose title and only slogan are hostile."""
    root = hostile_campaign(tmp_path / "campaign")
    for f in (root / "posters").glob("*.yml"):
        f.unlink()
    for f in (root / "posters" / "placements").iterdir():
        f.unlink()
    write(root / "posters" / "hostile.yml",
          f"title: {q(HOSTILE)}\nkind: slogan\nitems: [traffic-02]\nformat: A3\ntemplate: slogan\n")
    proc = run_placard("build", root, "--out", root / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (root / "staff" / "posters" / "index.html").read_text("utf-8")
    assert live_markup(html) == []
    g = parse(html)
    assert sum(t.strip() == HOSTILE for t in g.texts) >= 2  # the set's heading and the poster's title
    assert f"{HOSTILE}（海报预览）" in g.attrs
    assert list((root / "staff" / "posters").rglob("*.png"))
