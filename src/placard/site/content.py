"""Generated pages for slogans, guides, ads and the home summary.

Every page is a function of the campaign model. HTML fragments come from Jinja
templates with autoescape on, so no user field reaches the page unescaped.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from .. import i18n
from ..i18n import N_, P_
from ..model import Campaign, Theme
from .registry import PAGE_GENERATORS, HtmlPage, LatePage, SiteOptions
from .urls import relative_url, slogan_uri, theme_uri, thumb_uri

SLOGANS_INDEX = "slogans/index.md"
GUIDES_INDEX = "guides/index.md"
ADS_INDEX = "ads/index.md"

MARKER_SUMMARY = "<!-- placard:summary -->"
MARKER_GUIDES = "<!-- placard:guides -->"
MARKER_ADS = "<!-- placard:ads -->"
MARKER_SLOGANS = "<!-- placard:slogans -->"


@cache
def env() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("placard.site").joinpath("templates", name).read_text("utf-8")
    )
    e = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=False, keep_trailing_newline=True)
    i18n.install_pages(e)  # _() and {% trans %}: the campaign's language (i18n.set_page_language)
    e.globals["verdict_text"] = lambda v: VERDICTS.get(v, v)
    return e


#: The verdict words of play logs and ledgers (data values), as page texts.
VERDICTS = {"达标": N_("meets the rule"), "不达标": N_("fails"), "无播放": N_("nothing played")}


@cache
def slogan_words(lang: str) -> tuple[str, str, str]:
    """A slogan page's fixed words in ``lang``: translated once per language, not once per page."""
    return (
        str(escape(i18n.in_language(lang, "Draft"))),
        i18n.in_language(lang, " · approved on {day}"),
        str(escape(i18n.in_language(lang, "Tags"))),
    )


def render(template: str, **ctx) -> str:
    return env().get_template(template).render(**ctx)


def front_matter(**meta) -> str:
    """YAML front matter; values are JSON-encoded, which YAML reads safely."""
    lines = ["---"]
    for k, v in meta.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _draft(item) -> bool:
    return item.approval.status == "draft"


def slogan_page(campaign: Campaign, slogan, use_dir: bool = True, options: SiteOptions | None = None) -> HtmlPage:
    """The page a slogan's code leads to: the slogan first, then what to read and do next."""
    from .landing import landing

    theme = campaign.config.theme(slogan.theme)
    uri = slogan_uri(slogan.id)
    land = landing(campaign, options or SiteOptions(today=campaign.today, use_directory_urls=use_dir))
    body = slogan_body(
        slogan,
        theme,
        office=campaign.config.office,
        theme_link=relative_url(uri, theme_uri(theme.id), use_dir),
        tags=land.tag_links(uri, slogan.tags),
        related=land.related(slogan, uri, with_tags=False, with_actions=False),
        actions=land.actions_box(uri, slogan.theme),
    )
    meta = {"title": slogan.text, "hide": ["navigation", "toc"]}
    if slogan.tags:
        meta["tags"] = list(slogan.tags)
    # The title is the slogan; its theme and tags find it too. Never empty: a page with no
    # search text gets no entry in Material's index, and its slogan would be unsearchable.
    # the same for every slogan of a theme with the same tags: rendered once per build
    search = land.searched.get((theme.id, slogan.tags))
    if search is None:
        search = land.searched[(theme.id, slogan.tags)] = render("slogan_search.html", slogan=slogan, theme=theme)
    return HtmlPage(meta, body, search)


def slogan_body(slogan, theme: Theme, office: str, theme_link: str, tags: list[dict], related: Markup,
                actions: str = "") -> str:
    """A slogan page's body: its theme, its lines, who approved it when, its tags, then ``actions``
    (HTML: the buttons on the first screen of a phone) and ``related`` (HTML). Every value is escaped here, as an autoescaping template would (a Python string rather
    than a template: a large campaign has a page per slogan, and a template run took 25 µs of each)."""
    draft, approved, tags_label = slogan_words(i18n.page_language())
    kicker = f'<a href="{escape(theme_link)}">{escape(theme.name)}</a>'
    if _draft(slogan):
        kicker += f' <span class="pl-badge pl-badge--draft">{draft}</span>'
    lines = "".join(f'<span class="pl-line">{escape(line)}</span>' for line in slogan.lines_hint)
    meta = str(escape(office))
    if slogan.approval.approved_on:
        meta += str(escape(approved.format(day=slogan.approval.approved_on.isoformat())))
    tag_line = ""
    if tags:
        tag_line = f'<p class="pl-tags" aria-label="{tags_label}">' + "".join(
            f'<a class="pl-tag" href="{escape(t["link"])}">{escape(t["name"])}</a>' for t in tags) + "</p>"
    return (f'<div class="pl-slogan-page" style="--pl-theme: {escape(theme.colour)}">\n'
            f'<p class="pl-kicker">{kicker}</p>\n'
            f'<h1 class="pl-slogan-text">{lines}</h1>\n'
            f'<p class="pl-meta">{meta}</p>\n'
            f"{tag_line}\n"
            f"</div>\n"
            f"{escape(actions)}\n"
            f"{escape(related)}\n")


#: Where a theme page's list of slogans goes once Markdown and the search have read the page.
THEME_LIST = "<!-- placard:theme-list -->"


def theme_page(campaign: Campaign, theme: Theme, slogans, use_dir: bool = True) -> LatePage:
    uri = theme_uri(theme.id)
    rows = [
        {"slogan": s, "draft": _draft(s), "link": relative_url(uri, slogan_uri(s.id), use_dir)}
        for s in slogans
    ]
    page = render("theme.html", theme=theme, slogans=rows, list_marker=THEME_LIST)
    head, _, rest = page.partition(THEME_LIST)
    the_list, _, tail = rest.partition(THEME_LIST)
    markdown = front_matter(title=theme.name) + f"# {_md_heading(theme.name)}\n\n" + head + THEME_LIST + tail
    return LatePage(markdown, {THEME_LIST: the_list})


def _md_heading(text: str) -> str:
    """Escape a text for a Markdown ATX heading."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]()#+-.!|<>&":
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def slogans_by_theme(campaign: Campaign, preview: bool) -> dict[str, list]:
    by_theme: dict[str, list] = {t.id: [] for t in campaign.config.themes}
    for s in campaign.visible(campaign.slogans, preview):
        by_theme[s.theme].append(s)
    return by_theme


def slogans_index(campaign: Campaign, by_theme: dict[str, list], use_dir: bool = True) -> str:
    rows = [
        {"theme": t, "count": len(by_theme[t.id]), "link": relative_url(SLOGANS_INDEX, theme_uri(t.id), use_dir)}
        for t in campaign.config.themes
    ]
    return render("slogans_index.html", rows=rows)


def slogan_pages(campaign: Campaign, options: SiteOptions) -> dict[str, str | HtmlPage | LatePage]:
    return slogan_pages_of(campaign, options)


def slogan_pages_of(campaign: Campaign, options: SiteOptions, themes=None, only=None) -> dict[str, str | HtmlPage | LatePage]:
    """The slogans index, and the theme page and slogan pages of ``themes`` (ids; None: every theme);
    with ``only`` (slogan ids), the pages of those slogans alone.

    ``placard serve`` asks for the pages an edit changes only: a slogan page shows its theme's
    other slogans, never another theme's."""
    use_dir = options.use_directory_urls
    by_theme = slogans_by_theme(campaign, options.preview)
    pages: dict[str, str] = {}
    total = sum(len(v) for v in by_theme.values())
    pages[SLOGANS_INDEX] = (
        front_matter(title=P_("Slogans"))
        + f"# {P_('Slogans')}\n\n"
        + P_("{n} slogans, by theme.").format(n=total)
        + "\n\n"
        + slogans_index(campaign, by_theme, use_dir)
    )
    for theme in campaign.config.themes:
        if themes is not None and theme.id not in themes:
            continue
        pages[theme_uri(theme.id)] = theme_page(campaign, theme, by_theme[theme.id], use_dir)
        for s in by_theme[theme.id]:
            if only is None or s.id in only:
                pages[slogan_uri(s.id)] = slogan_page(campaign, s, use_dir, options)
    return pages


def guides_list(campaign: Campaign, options: SiteOptions, from_uri: str = GUIDES_INDEX) -> str:
    rows = []
    for g in campaign.visible(campaign.guides, options.preview):
        theme = campaign.config.theme(g.theme)
        rows.append(
            {
                "guide": g,
                "colour": theme.colour,
                "theme_name": theme.name,
                "draft": _draft(g),
                "link": relative_url(from_uri, g.page_uri, options.use_directory_urls),
            }
        )
    return render("guides_index.html", guides=rows)


def ads_gallery(campaign: Campaign, options: SiteOptions, from_uri: str = ADS_INDEX) -> str:
    from .thumbs import THUMB_WIDTH, thumb_size

    rows = []
    for a in campaign.visible(campaign.ads, options.preview):
        w, h = thumb_size(a.artwork)
        rows.append(
            {
                "ad": a,
                "colour": campaign.config.theme(a.theme).colour,
                "draft": _draft(a),
                "link": relative_url(from_uri, a.page_uri, options.use_directory_urls),
                "thumb": relative_url(from_uri, thumb_uri(a.id), options.use_directory_urls),
                "width": min(w, THUMB_WIDTH),
                "height": h,
            }
        )
    return render("ads_index.html", ads=rows)


def index_pages(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    """Section index pages; a hand-written page of the same name in docs/ wins (markers fill it)."""
    return {
        GUIDES_INDEX: front_matter(title=P_("Civility guides")) + f"# {P_('Civility guides')}\n\n" + MARKER_GUIDES + "\n",
        ADS_INDEX: front_matter(title=P_("Public-benefit ads")) + f"# {P_('Public-benefit ads')}\n\n" + MARKER_ADS + "\n",
    }


def summary(campaign: Campaign, options: SiteOptions, from_uri: str = "index.md") -> str:
    published = Counter()
    drafts = Counter()
    retired = Counter()
    for item in campaign.items():
        if item.approval.is_published(campaign.today):
            published[item.theme] += 1
        elif item.approval.status == "draft":
            drafts[item.theme] += 1
        else:
            retired[item.theme] += 1
    rows = [
        {
            "theme": t,
            "published": published[t.id],
            "draft": drafts[t.id],
            "retired": retired[t.id],
            "link": relative_url(from_uri, theme_uri(t.id), options.use_directory_urls),
        }
        for t in campaign.config.themes
    ]
    totals = {
        "slogans": len(campaign.published(campaign.slogans)),
        "guides": len(campaign.published(campaign.guides)),
        "ads": len(campaign.published(campaign.ads)),
    }
    return render("summary.html", campaign=campaign, rows=rows, totals=totals)


def fill_markers(markdown: str, campaign: Campaign, options: SiteOptions, page_uri: str) -> str:
    """Replace placard's markers in a hand-written or generated page."""
    if "<!-- placard:" not in markdown:
        return markdown
    fills = {
        MARKER_SUMMARY: lambda: summary(campaign, options, page_uri),
        MARKER_GUIDES: lambda: guides_list(campaign, options, page_uri),
        MARKER_ADS: lambda: ads_gallery(campaign, options, page_uri),
        MARKER_SLOGANS: lambda: slogans_index(
            campaign, slogans_by_theme(campaign, options.preview), options.use_directory_urls
        ),
    }
    for marker, make in fills.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown


def ad_figure(ad, page_uri: str, use_dir: bool) -> str:
    return render("ad_figure.html", ad=ad, src=relative_url(page_uri, ad.artwork_uri, use_dir))


PAGE_GENERATORS.extend([slogan_pages, index_pages])
