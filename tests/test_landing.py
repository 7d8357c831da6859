"""What a resident meets after scanning a poster: landing pages, actions, codes that outlive their
content, share cards, a Chinese 404, and the checks that keep it all readable and safe."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, copy_example, missing_tool, need_module, run_placard
from PIL import Image

from placard.cli import main
from placard.load import load_campaign
from placard.posters.qr import item_code
from placard.rules.contrast import nearest_passing, ratio
from placard.yamlsrc import load, split_front_matter

pytestmark = pytest.mark.slow
DATE = ["--date", "2026-11-23"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("landing") / "campaign")
    proc = run_placard("build", root, "--out", root / "site", "--no-posters", *DATE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


class Page(HTMLParser):
    """Links (href -> text), meta tags, forms and the html lang of a built page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}
        self.forms: list[dict] = []
        self.inputs: list[dict] = []
        self.lang = None
        self._href: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "a" and a.get("href") is not None:
            self._href, self._text = a["href"], []
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        elif tag == "form":
            self.forms.append(a)
        elif tag == "input":
            self.inputs.append(a)

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None

    def hrefs(self) -> list[str]:
        return [h for h, _ in self.links]


def resolve(site: Path, page_rel: str, href: str) -> Path:
    """The file a relative link of a built page opens."""
    from urllib.parse import unquote

    target = (site / page_rel).parent / unquote(href.split("#", 1)[0])
    return (target / "index.html" if target.is_dir() else target).resolve()


# ------------------------------------------------------------------ landing pages


def test_slogan_page_leads_to_its_guide_ad_and_actions(site):
    page = Page(html(site, "s/traffic-01/index.html"))
    hrefs = page.hrefs()
    assert "../../guides/traffic/" in hrefs  # the guide of its theme
    assert "../../ads/banmaxian/" in hrefs  # ad-banmaxian carries traffic-01
    assert ("tel:12345", "创城热线 12345") in page.links  # a phone dials the hotline
    assert "../../actions/#volunteer" in hrefs and "../../actions/#pledge" in hrefs
    # the traffic theme's own report action takes the campaign's place
    labels = [t for _, t in page.links]
    assert "随手拍 交通违法" in labels and "随手拍 文明问题" not in labels
    # a few more current slogans of the theme, never itself
    more = [h for h in hrefs if re.fullmatch(r"\.\./traffic-\d\d/", h)]
    assert 1 <= len(more) <= 5 and "../traffic-01/" not in more
    for h in hrefs:
        if not h.startswith(("tel:", "http", "#")):
            assert resolve(site, "s/traffic-01/index.html", h).is_file(), h


def test_ad_page_links_back_to_the_slogans_it_carries(site):
    page = Page(html(site, "ads/banmaxian/index.html"))
    assert "../../s/traffic-01/" in page.hrefs()
    assert "tel:12345" in page.hrefs() and "../../guides/traffic/" in page.hrefs()


def test_guide_page_begins_with_the_key_points_its_poster_printed(site):
    meta = split_front_matter((REPO / "docs/guides/traffic.md").read_text("utf-8")).meta
    points = list(meta["key_points"])
    text = html(site, "guides/traffic/index.html")
    h1 = text.index("<h1")
    box = text.index('class="pl-keypoints"')
    body = text.index("行人</h2>")  # the guide's own first section
    assert h1 < box < body
    block = text[box:body]
    for p in points:
        assert f"<li>{p}</li>" in block
    # the actions come right after the key points (on a phone's first screen), before the guide's body
    actions = text.index('class="pl-actions-box"')
    assert box < actions < body
    assert 'href="tel:12345"' in text[actions:body]
    related = text.index('class="pl-related"')
    assert related > body  # related guides, ads and slogans follow the body, without the actions again
    assert 'class="pl-actions' not in text[related:]


def test_ad_page_shows_its_actions_right_after_its_artwork(site):
    text = html(site, "ads/fenlei/index.html")
    figure, actions = text.index('class="pl-ad-figure"'), text.index('class="pl-actions-box"')
    body = text.index("<p>可回收物、有害垃圾、厨余垃圾、其他垃圾")  # the ad page's own text (not its share meta)
    assert figure < actions < body and 'href="tel:12345"' in text[actions:body]


def test_actions_follow_the_artwork_where_the_page_itself_shows_it():
    from placard.site.landing import after_artwork

    figure = '<h1>T</h1><figure><img src="../a.png" alt=""><figcaption><p>c</p></figcaption></figure><p>x</p>'
    assert after_artwork(figure, "a.png", "[B]") == figure.replace("</figure>", "</figure>\n[B]")
    para = '<h1>T</h1><p><img src="a.png?v=1" alt=""></p><p>x</p>'
    assert after_artwork(para, "a.png", "[B]") == para.replace("</p>", "</p>\n[B]", 1)
    other = '<h1>T</h1><p><img src="b.png" alt=""></p>'  # another image: after the title
    assert after_artwork(other, "a.png", "[B]") == other.replace("</h1>", "</h1>\n[B]")


def test_tags_link_to_a_tag_page_listing_the_item(site):
    page = Page(html(site, "s/traffic-01/index.html"))
    tag_links = [h for h in page.hrefs() if "/tags/" in h]
    assert tag_links
    tag_page = resolve(site, "s/traffic-01/index.html", tag_links[0])
    listing = Page(tag_page.read_text("utf-8"))
    back = [h for h in listing.hrefs() if h.endswith("s/traffic-01/")]
    assert back and resolve(site, tag_page.relative_to(site.resolve()).as_posix(), back[0]) == (
        site / "s/traffic-01/index.html").resolve()
    assert (site / "tags/index.html").is_file()


def test_retired_code_leads_to_the_updated_page_of_its_theme(site):
    campaign = load_campaign(REPO).campaign
    retired = next(s for s in campaign.slogans if s.approval.status == "retired")
    redirect = html(site, f"Q/{item_code('slogan', retired.id)}/index.html")
    assert 'lang="zh-Hans"' in redirect
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', redirect).group(1)
    assert target == f"../../updated/{retired.theme}/"
    updated = (site / "Q" / "X" / target).resolve()  # Q/<CODE>/ is two folders deep
    page_file = site / "updated" / retired.theme / "index.html"
    assert updated == (site / "updated" / retired.theme).resolve()
    text = page_file.read_text("utf-8")
    assert "这条内容已更新" in text
    assert retired.text not in text  # retired content never reaches the site
    page = Page(text)
    current = [s for s in campaign.published(campaign.slogans) if s.theme == retired.theme]
    assert any(h == f"../../s/{s.id}/" for s in current for h in page.hrefs())
    guides = [g for g in campaign.published(campaign.guides) if g.theme == retired.theme]
    assert guides and all(any(h.endswith(g.page_uri[:-3] + "/") for h in page.hrefs()) for g in guides)


def test_every_page_has_share_meta_with_its_own_description(site):
    site_description = load((REPO / "mkdocs.yml").read_text("utf-8"))["site_description"]
    seen = set()
    for rel in ("s/traffic-01/index.html", "guides/traffic/index.html", "ads/banmaxian/index.html",
                "index.html", "slogans/traffic/index.html", "tags/index.html", "updated/traffic/index.html"):
        page = Page(html(site, rel))
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert page.meta.get(key), (rel, key)
        assert page.meta["og:url"] == "https://wm.guangming.example.cn/" + rel.removesuffix("index.html")
        assert page.lang == "zh-Hans", rel
        seen.add(page.meta["og:description"])
        if rel != "index.html":
            assert page.meta["og:description"] != site_description, rel
    assert len(seen) == 7
    slogan = Page(html(site, "s/traffic-01/index.html")).meta
    assert slogan["og:title"] == "礼让斑马线，安全每一天"
    assert "礼让斑马线，安全每一天" in slogan["og:description"]
    guide = Page(html(site, "guides/traffic/index.html")).meta
    assert "行人走斑马线，不闯红灯" in guide["og:description"]
    # without posters, pages share the site-wide card, which every build draws
    assert slogan["og:image"] == "https://wm.guangming.example.cn/share/_site.png"
    with Image.open(site / "share" / "_site.png") as im:
        assert im.size == (1200, 630)


def test_share_cards_of_slogan_guide_and_ad_pages(built_example):
    for item_id, rel in (("traffic-01", "s/traffic-01/index.html"), ("guide-traffic", "guides/traffic/index.html"),
                         ("ad-banmaxian", "ads/banmaxian/index.html")):
        meta = Page(html(built_example, rel)).meta
        assert meta["og:image"] == f"https://wm.guangming.example.cn/share/{item_id}.png"
        with Image.open(built_example / "share" / f"{item_id}.png") as im:
            assert im.size == (1200, 630) and im.format == "PNG"


def test_404_page_is_chinese_with_a_search_box_and_a_way_home(site):
    page = Page(html(site, "404.html"))
    text = html(site, "404.html")
    assert "页面没有找到" in text and "404 - Not found" not in text
    assert page.lang == "zh-Hans"
    assert any(f.get("role") == "search" for f in page.forms)
    assert any(i.get("name") == "q" and i.get("type") == "search" for i in page.inputs)  # Material opens ?q=
    # served at any address, so the way home is absolute (as Material's own logo link)
    assert ("https://wm.guangming.example.cn/", "返回首页") in page.links


def test_font_size_switch_icp_footer_and_lang(site):
    text = html(site, "s/traffic-01/index.html")
    sizes = re.findall(r'<button type="button" data-pl-size="(\w+)"', text)
    assert len(sizes) >= 3 and "localStorage" in text
    assert '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">粤ICP备12345678号</a>' in text
    css = html(site, "assets/placard.css")
    assert re.search(r"\.pl-fontsize button \{[^}]*min-width: 44px; min-height: 44px", css)
    assert re.search(r"\.pl-actions a \{[^}]*min-height: 48px", css)
    assert re.search(r"\.md-typeset \{ line-height: 1\.7; \}", css)
    assert 'lang="zh-Hans"' in html(site, "index.html")[:200]


# ------------------------------------------------------------------ checks


def test_contrast_of_the_example_themes_passes_and_nearest_shade_does():
    for theme in load_campaign(REPO).campaign.config.themes:
        assert ratio(theme.colour) >= 4.5, theme
    better = nearest_passing("#e67e22")
    assert ratio("#e67e22") < 3 and ratio(better) >= 4.5 and re.fullmatch(r"#[0-9a-f]{6}", better)
    assert ratio(nearest_passing(better)) == ratio(better)  # a passing colour is kept as it is


def _with_config(tmp_path: Path, old: str, new: str) -> Path:
    root = copy_example(tmp_path / "c", ("mkdocs.yml", "docs", "slogans", "hooks"))
    cfg = root / "mkdocs.yml"
    text = cfg.read_text("utf-8")
    assert old in text
    cfg.write_text(text.replace(old, new, 1), "utf-8")
    return root


def _line_of(root: Path, needle: str) -> int:
    lines = (root / "mkdocs.yml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


BAD = {
    "not rrggbb": ('colour: "#b45f14"', 'colour: "#b52"', "contrast.format", ["#rrggbb", '"#bb5522"']),
    "no href or tel": ("{kind: volunteer, label: 报名志愿者, href: actions.md#volunteer}",
                       "{kind: volunteer, label: 报名志愿者}", "actions.no-link", ["href", "tel", "fix:"]),
    "unknown kind": ("{kind: pledge,", "{kind: promise,", "actions.kind", ["'promise'", "report", "hotline"]),
    "tel with letters": ('tel: "12345"', 'tel: "12345-CALL"', "actions.tel", ["'12345-CALL'", "digits"]),
    "icp markup": ("icp: 粤ICP备12345678号", 'icp: "<b>粤ICP备12345678号</b>"', "site.icp", ["plain text"]),
    "javascript href": ("href: actions.md#pledge", 'href: "javascript:alert(1)"', "actions.href",
                        ["https://", "'javascript:alert(1)' is refused", "runs code"]),
    "data href": ("href: actions.md#pledge", 'href: "data:text/html,<b>x</b>"', "actions.href",
                  ["is refused: a data: link", "fix: write a web address (https://…)"]),
    "tel as href": ("href: actions.md#pledge", 'href: "tel:12345"', "actions.href", ['tel: "12345"']),
    "sms without a number": ("href: actions.md#pledge", 'href: "sms:志愿者"', "actions.href",
                             ["'sms:志愿者' is not a text-message link", "sms:12345"]),
    "mailto without an address": ("href: actions.md#pledge", 'href: "mailto:wmb"', "actions.href",
                                  ["'mailto:wmb' is not a mail link"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_settings_are_findings_with_file_line_and_fix(tmp_path, capsys, case):
    old, new, rule, words = BAD[case]
    root = _with_config(tmp_path, old, new)
    code = main(["check", str(root), *DATE])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1, text
    line = _line_of(root, new.split(",")[0].strip("{ "))
    assert f"mkdocs.yml:{line}: error [{rule}]" in text, text
    for w in words:
        assert w in text, (w, text)
    assert "Traceback" not in text


def test_action_to_a_missing_page_is_a_warning(tmp_path, capsys):
    root = _with_config(tmp_path, "href: actions.md#pledge", "href: pledge.md#x")
    code = main(["check", str(root), *DATE])
    text = capsys.readouterr().out
    line = _line_of(root, "pledge.md#x")
    assert f"mkdocs.yml:{line}: warning [actions.page]" in text and "no page docs/pledge.md" in text, text
    assert code == 0


def test_sms_and_mailto_actions_are_buttons_that_send(tmp_path, capsys):
    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("href: actions.md#pledge", 'href: "sms:12345?body=承诺"}\n'
                   '      - {kind: link, label: 写信, href: "mailto:wmb@example.gov.cn"', 1), "utf-8")
    assert main(["check", str(root), *DATE]) == 0, capsys.readouterr().out
    proc = run_placard("build", root, "--out", root / "site", "--no-posters", *DATE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    links = Page((root / "site/s/traffic-01/index.html").read_text("utf-8")).links
    assert ("sms:12345?body=承诺", "签署文明承诺") in links and ("mailto:wmb@example.gov.cn", "写信") in links


def test_an_action_label_with_markup_is_a_warning_and_shown_as_typed(tmp_path, capsys):
    root = _with_config(tmp_path, "label: 报名志愿者,", 'label: "<b>报名</b>志愿者",')
    code = main(["check", str(root), *DATE])
    text = capsys.readouterr().out
    line = _line_of(root, "<b>报名</b>志愿者")
    assert f"mkdocs.yml:{line}: warning [actions.label] field 'extra.placard.actions.label'" in text, text
    assert "'<b>报名</b>志愿者' holds markup" in text and "fix: write the label as plain text" in text
    assert code == 0  # a warning: the button still works, its label escaped (the hostile test below)


def test_an_action_to_a_site_page_that_offers_nothing_is_a_dead_end(tmp_path, capsys):
    root = _with_config(tmp_path, "href: actions.md#pledge", "href: actions.md#pledge")
    page = root / "docs/actions.md"
    text = page.read_text("utf-8")
    assert "[在线签署文明承诺](https://" in text
    # the pledge section without its link: only words, nothing to tap
    page.write_text(re.sub(r"\n\[在线签署文明承诺\]\([^)]*\)\n", "\n", text), "utf-8")
    code = main(["check", str(root), *DATE])
    out = capsys.readouterr().out
    line = _line_of(root, "href: actions.md#pledge")
    assert (f"mkdocs.yml:{line}: warning [action.dead-end] field 'extra.placard.actions.href': action '签署文明承诺' "
            "leads to docs/actions.md#pledge, which offers no link, telephone number or form") in out, out
    assert "fix: in docs/actions.md#pledge add a link" in out
    assert code == 0
    # the other sections give a link or a number (12345 becomes a tel: link): no finding for them
    assert out.count("[action.dead-end]") == 1, out
    # a number written in the section is something to do: it is dialled from the page
    page.write_text(page.read_text("utf-8") + "\n签署后可拨打 0755-12345678 领取承诺卡。\n", "utf-8")
    main(["check", str(root), *DATE])
    assert "[action.dead-end]" not in capsys.readouterr().out


def test_a_theme_without_guide_or_ad_is_a_warning_naming_it(tmp_path, capsys):
    root = copy_example(tmp_path / "c", ("mkdocs.yml", "docs", "slogans", "hooks"))
    for name in ("hexinjiazhi.md",):  # the values theme's only ad
        (root / "docs/ads" / name).unlink()
    code = main(["check", str(root), *DATE])
    out = capsys.readouterr().out
    line = _line_of(root, "{id: values,")
    assert (f"mkdocs.yml:{line}: warning [theme.no-related] field 'extra.placard.themes.values': theme '核心价值观' "
            "(values) has 6 published slogans but neither a civility guide nor a public-benefit ad") in out, out
    assert "fix: write a guide (docs/guides/….md with theme: values)" in out
    assert out.count("[theme.no-related]") == 1  # the other themes have a guide or an ad
    assert code == 0


def test_a_slogan_no_ad_names_shows_its_themes_ads(site):
    campaign = load_campaign(REPO).campaign
    named = {sid for a in campaign.ads for sid in a.slogans}
    values = [s for s in campaign.published(campaign.slogans) if s.theme == "values"]
    lonely = [s for s in values if s.id not in named]
    assert len(lonely) >= 5  # the core-values slogans: only values-01 is on an ad
    for s in lonely:
        hrefs = Page(html(site, f"s/{s.id}/index.html")).hrefs()
        assert "../../ads/hexinjiazhi/" in hrefs, s.id  # the theme's ad
    # a slogan an ad names still shows that ad (and not only the theme's)
    assert "../../ads/banmaxian/" in Page(html(site, "s/traffic-01/index.html")).hrefs()


def test_phone_numbers_in_page_text_are_tel_links(site):
    links = Page(html(site, "actions/index.html")).links
    assert ("tel:12345", "12345") in links  # "拨打 12345 市民热线"
    assert ("tel:122", "122") in links  # "遇到交通事故请拨打 122"
    assert ("https://gab.122.gov.cn/", "交管 12123") in links  # a number inside a link stays its text
    footer = html(site, "index.html")
    assert "粤ICP备12345678号</a>" in footer and "tel:12345678" not in footer  # a filing number is not dialled
    # the sources stay as written
    assert "拨打 12345 市民热线" in (REPO / "docs/actions.md").read_text("utf-8")


def test_low_contrast_theme_colour_is_a_warning_naming_the_nearest_passing_shade(tmp_path, capsys):
    root = _with_config(tmp_path, 'colour: "#b45f14"', 'colour: "#e67e22"')
    code = main(["check", str(root), *DATE])
    text = capsys.readouterr().out
    line = _line_of(root, "#e67e22")
    assert f"mkdocs.yml:{line}: warning [contrast.theme] field 'extra.placard.themes.dining.colour'" in text, text
    assert "2.85:1" in text and "4.5:1" in text and 'fix: use the nearest passing shade colour: "#b45f14"' in text
    assert code == 0


# ------------------------------------------------------------------ hostile text


HOSTILE = '"><script>alert(1)</script>&amp;'


def test_hostile_tags_and_action_labels_are_escaped(tmp_path):
    root = copy_example(tmp_path / "c")
    cfg = root / "mkdocs.yml"
    text = cfg.read_text("utf-8")
    hostile_yaml = HOSTILE.replace('"', '\\"')
    text = text.replace("{kind: hotline, label: 创城热线,", f'{{kind: hotline, label: "{hostile_yaml}",')
    text = text.replace("site_description: 光明区", f'site_description: "{hostile_yaml}" # ')
    cfg.write_text(text, "utf-8")
    slogan = root / "slogans" / "traffic-01.md"
    slogan.write_text(slogan.read_text("utf-8").replace("tags: [交通]", f'tags: [交通, "{hostile_yaml}"]'), "utf-8")
    proc = run_placard("build", root, "--out", root / "site", "--no-posters", *DATE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    pages = [site / "s/traffic-01/index.html", site / "tags/index.html", site / "updated/traffic/index.html",
             site / "guides/traffic/index.html", *site.glob("tags/*/index.html")]
    assert len(pages) > 5
    for path in pages:  # placard's parts: the share meta and the page body (Material's own head is not ours)
        body = path.read_text("utf-8")
        for start, end in (('<meta property="og:type"', "</head>"), ("<article", "</article>")):
            assert "<script>alert(1)" not in body[body.index(start):body.index(end)], path
    # the site description (hostile too) is on every page: find the hostile tag's own page by its title
    tag_pages = [p for p in site.glob("tags/*/index.html")
                 if Page(p.read_text("utf-8")).meta.get("og:title") == f"标签：{HOSTILE}"]
    assert len(tag_pages) == 1  # escaped in the page, read back as the text itself
    assert "&lt;script&gt;alert(1)" in tag_pages[0].read_text("utf-8")
    labels = [t for _, t in Page((site / "s/traffic-01/index.html").read_text("utf-8")).links]
    assert f"{HOSTILE} 12345" in labels
    # the 404 page's share meta (the site's own words) and title are escaped too
    page404 = (site / "404.html").read_text("utf-8")
    mine = page404[page404.index('<meta property="og:type"'):page404.index("</head>")]
    assert "<script>alert(1)" not in mine
    assert Page(mine).meta["og:description"] == HOSTILE


# ------------------------------------------------------------------ in a real browser


@pytest.fixture(scope="module")
def phone(site, tmp_path_factory):
    """Chromium at 390×844 on the built site (skipped without Debian's chromium and chromedriver)."""
    import functools
    import http.server
    import shutil
    import threading

    chromium, driver_bin = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (chromium and driver_bin):  # pragma: no cover - .ci/run installs both
        missing_tool("browser")
    webdriver = need_module("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    opts = Options()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=390,844",
                "--disable-background-networking", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(arg)
    opts.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0}, "userAgent":
        "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    driver.set_page_load_timeout(60)
    yield driver, f"http://127.0.0.1:{httpd.server_address[1]}/"
    driver.quit()
    httpd.shutdown()


@pytest.mark.browser
def test_font_size_switch_is_remembered_across_pages(phone):
    from selenium.webdriver.common.by import By

    driver, base = phone
    size = "return parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)"
    driver.get(base + "s/traffic-01/")
    normal = driver.execute_script(size)
    buttons = driver.find_elements(By.CSS_SELECTOR, ".pl-fontsize button")
    assert len(buttons) >= 3
    for b in buttons:  # touch targets
        assert b.size["width"] >= 44 and b.size["height"] >= 44
    for a in driver.find_elements(By.CSS_SELECTOR, ".pl-actions a"):
        assert a.size["height"] >= 44
    driver.find_element(By.CSS_SELECTOR, '.pl-fontsize button[data-pl-size="l"]').click()
    bigger = driver.execute_script(size)
    assert bigger >= normal * 1.2
    driver.get(base + "guides/traffic/")  # another page: the choice holds
    assert driver.execute_script(size) >= normal * 1.2
    assert driver.find_element(By.CSS_SELECTOR, '.pl-fontsize button[data-pl-size="l"]').get_attribute(
        "aria-pressed") == "true"
    line = driver.execute_script("var s=getComputedStyle(document.querySelector('.md-typeset p'));"
                                 "return parseFloat(s.lineHeight)/parseFloat(s.fontSize)")
    assert line >= 1.5
    driver.find_element(By.CSS_SELECTOR, '.pl-fontsize button[data-pl-size="xl"]').click()
    overflow = "return [document.documentElement.scrollWidth, window.innerWidth]"
    assert driver.execute_script(overflow)[0] <= 390  # the largest size still fits the phone
    driver.find_element(By.CSS_SELECTOR, '.pl-fontsize button[data-pl-size="m"]').click()
    assert driver.execute_script(size) == normal
    width = driver.execute_script(overflow)
    assert width[0] <= width[1] == 390  # nothing sticks out of a phone's screen


@pytest.mark.parametrize("hostile", [False, True])
def test_a_slogan_pages_related_block_is_the_templates_own(tmp_path, hostile):
    """The per-theme frame filled with each page's cards gives exactly what related.html renders."""
    from placard.site.landing import landing
    from placard.site.registry import SiteOptions
    from placard.site.urls import slogan_uri

    root = copy_example(tmp_path / "c")
    if hostile:
        for f in (root / "slogans").glob("traffic-*.md"):
            f.write_text(f.read_text("utf-8").replace('text: "', 'text: "<b>&amp;"\'', 1), "utf-8")
    campaign = load_campaign(root).campaign
    for use_dir in (True, False):
        land = landing(campaign, SiteOptions(today=campaign.today, use_directory_urls=use_dir))
        slogans = land.slogans
        assert len(slogans) > 10
        for s in slogans:
            uri = slogan_uri(s.id)
            assert land.related(s, uri, with_tags=False) == land.related(s, uri, with_tags=False, fast=False), s.id
