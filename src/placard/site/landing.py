"""What a resident meets after scanning: landing pages that say what to do next.

A slogan, guide or ad page shows its item first, then the guide of its theme with its
key points, the ads that carry the slogan (or the slogans an ad carries), a few more
current slogans of the theme, the campaign's actions (report, hotline, volunteer,
pledge) and its tags, each a link. Tags have pages of their own (``tags/<tag>/``).
A code printed for an item that is retired or expired leads to the "这条内容已更新"
page of its theme (``updated/<theme>/``), which links to the theme's current content.

Everything here is a function of the campaign model; HTML comes from autoescaped
Jinja templates (:func:`placard.site.content.render`).
"""

from __future__ import annotations

import hashlib
import html as _html
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup, escape

from .. import actions as A
from .. import i18n
from ..findings import Finding
from ..i18n import N_, P_
from ..model import Campaign
from ..posters import qr as Q
from .content import render
from .registry import PAGE_GENERATORS, POST_BUILD, HtmlPage, SiteOptions
from .urls import item_uri, page_url, relative_url, theme_uri, thumb_uri

TAGS_INDEX = "tags/index.md"
MORE_SLOGANS = 5  # current slogans of the same theme on a landing page
RELATED_ADS = 3


def tag_slug(tag: str) -> str:
    """A tag's part of its page address: letters, digits (Chinese too), '-' and '_'; a hash if none."""
    slug = re.sub(r"[^\w-]+", "-", tag.strip(), flags=re.UNICODE).strip("-_").lower()
    if not slug or slug in ("index",):
        slug = "t-" + hashlib.sha256(tag.encode()).hexdigest()[:8]
    return slug


def tag_uri(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def updated_uri(theme_id: str) -> str:
    return f"updated/{theme_id}.md"


@dataclass
class Landing:
    """What the landing pages of one build link to, worked out once (not once per page)."""

    campaign: Campaign
    options: SiteOptions
    _thumbs: dict = field(default_factory=dict)
    _frames: dict = field(default_factory=dict)  # (theme, page folder) -> the related block around its cards
    _cards: dict = field(default_factory=dict)  # (theme, page folder, slogan id) -> its card in that block
    searched: dict = field(default_factory=dict)  # (theme, tags) -> a slogan page's search text (content.py)

    @property
    def use_dir(self) -> bool:
        return self.options.use_directory_urls

    @cached_property
    def slogans(self) -> list:
        return self.campaign.visible(self.campaign.slogans, self.options.preview)

    @cached_property
    def guides(self) -> list:
        return self.campaign.visible(self.campaign.guides, self.options.preview)

    @cached_property
    def ads(self) -> list:
        return self.campaign.visible(self.campaign.ads, self.options.preview)

    @cached_property
    def visible_ids(self) -> set[str]:
        return {i.id for i in (*self.slogans, *self.guides, *self.ads)}

    @cached_property
    def slogans_by_theme(self) -> dict[str, list]:
        out: dict[str, list] = {t.id: [] for t in self.campaign.config.themes}
        for s in self.slogans:
            out.setdefault(s.theme, []).append(s)
        return out

    @cached_property
    def slogan_pos(self) -> dict[str, int]:
        return {s.id: i for ss in self.slogans_by_theme.values() for i, s in enumerate(ss)}

    @cached_property
    def ads_by_slogan(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for a in self.ads:
            for sid in a.slogans:
                out.setdefault(sid, []).append(a)
        return out

    @cached_property
    def tags(self) -> dict[str, list]:
        """tag -> visible items carrying it, in campaign order."""
        out: dict[str, list] = {}
        for item in (*self.guides, *self.slogans, *self.ads):
            for t in item.tags:
                out.setdefault(t, []).append(item)
        return out

    @cached_property
    def tag_uris(self) -> dict[str, str]:
        """tag -> its page; two tags with the same address: the later gets a hashed one."""
        out: dict[str, str] = {}
        taken: set[str] = set()
        for tag in self.tags:
            uri = tag_uri(tag)
            if uri in taken:
                uri = f"tags/t-{hashlib.sha256(tag.encode()).hexdigest()[:8]}.md"
            taken.add(uri)
            out[tag] = uri
        return out

    @cached_property
    def by_page(self) -> dict[str, object]:
        """Hand-written guide and ad pages (docs-relative uri) -> their item."""
        return {i.page_uri: i for i in (*self.guides, *self.ads)}

    @cached_property
    def share(self):
        """The share cards of this build: every shown item's when posters are built, else the site's only."""
        from ..posters.share import plan_share

        items = [*self.slogans, *self.guides, *self.ads] if self.options.posters else []
        return plan_share(self.campaign, items)

    def colour(self, item) -> str:
        theme = self.campaign.config.theme(item.theme)
        return theme.colour if theme else "#c0392b"

    def link(self, from_uri: str, item) -> str:
        return relative_url(from_uri, item_uri(item), self.use_dir)

    def tag_links(self, from_uri: str, tags) -> list[dict]:
        return [{"name": t, "link": relative_url(from_uri, self.tag_uris.get(t) or tag_uri(t), self.use_dir)}
                for t in tags]

    def action_links(self, from_uri: str, theme_id: str | None) -> list[dict]:
        out = []
        for a in A.actions_for(self.campaign, theme_id):
            href = a.href
            if href and a.internal:
                path, _, anchor = href.partition("#")
                href = relative_url(from_uri, path.lstrip("/"), self.use_dir) + (f"#{anchor}" if anchor else "")
            out.append({"kind": a.kind, "label": a.label, "href": href, "tel": a.tel, "dial": a.dial})
        return out

    def actions_box(self, from_uri: str, theme_id: str | None) -> Markup:
        """The "What I can do" box of a page of ``theme_id``: an item page shows it right after the
        item, so a resident sees the buttons on the first screen (rendered once per theme and folder)."""
        folder = posixpath.dirname(page_url(from_uri, self.use_dir).rstrip("/"))
        key = ("actions", theme_id, folder)
        box = self._frames.get(key)
        if box is None:
            box = self._frames[key] = Markup(render("actions.html", actions=self.action_links(from_uri, theme_id)))
        return box

    def theme_ads(self, theme_id: str) -> list:
        """The ads of a theme a page of it shows (a slogan no ad carries shows these)."""
        return [a for a in self.ads if a.theme == theme_id][:RELATED_ADS]

    def _ad_row(self, from_uri: str, ad) -> dict:
        from .thumbs import THUMB_WIDTH, thumb_size

        if ad.id not in self._thumbs:
            try:
                w, h = thumb_size(ad.artwork)
                self._thumbs[ad.id] = (min(w, THUMB_WIDTH), h)
            except OSError:
                self._thumbs[ad.id] = None
        size = self._thumbs[ad.id]
        return {"title": ad.title, "alt": ad.alt, "colour": self.colour(ad), "link": self.link(from_uri, ad),
                "thumb": relative_url(from_uri, thumb_uri(ad.id), self.use_dir) if size else None,
                "width": size[0] if size else None, "height": size[1] if size else None}

    def _slogan_row(self, from_uri: str, s) -> dict:
        return {"text": s.text, "colour": self.colour(s), "link": self.link(from_uri, s)}

    def more_slogans(self, theme_id: str, exclude: str | None = None, n: int = MORE_SLOGANS) -> list:
        """``n`` current slogans of the theme: those after ``exclude`` in the theme's list, wrapping
        round, so each page links to its neighbours and every slogan is linked from somewhere."""
        pool = self.slogans_by_theme.get(theme_id, [])
        start = self.slogan_pos.get(exclude, -1) + 1 if exclude else 0
        out = []
        for k in range(len(pool)):
            s = pool[(start + k) % len(pool)]
            if s.id != exclude:
                out.append(s)
            if len(out) == n:
                break
        return out

    def related(self, item, from_uri: str, with_tags: bool = True, fast: bool = True,
                with_actions: bool = True) -> Markup:
        """The part of a landing page after the item itself (and after its actions box: an item page
        shows :meth:`actions_box` right after the item and asks for this block ``with_actions=False``)."""
        theme = self.campaign.config.theme(item.theme)
        guides = [g for g in self.guides if g.theme == item.theme and g.id != item.id]
        own_ads = True
        if item.kind == "slogan":
            ads = self.ads_by_slogan.get(item.id, [])
            ads_title = P_("Related public-benefit ads")
            if not ads:  # no ad names the slogan: every code still leads on, to its theme's ads
                own_ads = False
                ads = self.theme_ads(item.theme)
                ads_title = P_("Public-benefit ads on the same theme")
            carried = []
        elif item.kind == "ad":
            ads = []
            ads_title = ""
            carried = [self.campaign.item(sid) for sid in item.slogans if sid in self.visible_ids]
        else:
            ads = self.theme_ads(item.theme)
            ads_title = P_("Public-benefit ads on the same theme")
            carried = []
        exclude = {item.id, *(s.id for s in carried)}
        more = [s for s in self.more_slogans(item.theme, item.id if item.kind == "slogan" else None,
                                              MORE_SLOGANS + len(exclude)) if s.id not in exclude][:MORE_SLOGANS]
        if fast and item.kind == "slogan" and not own_ads and not (with_tags and item.tags) and more:
            return self._slogan_related(item, from_uri, guides, more, with_actions)
        html = render(
            "related.html",
            theme=theme,
            guides=[{"title": g.title, "link": self.link(from_uri, g), "points": g.key_points,
                     "colour": self.colour(g)} for g in guides],
            actions=self.action_links(from_uri, item.theme) if with_actions else [],
            ads=[self._ad_row(from_uri, a) for a in ads],
            ads_title=ads_title,
            carried=[self._slogan_row(from_uri, s) for s in carried],
            more=[self._slogan_row(from_uri, s) for s in more],
            theme_link=relative_url(from_uri, theme_uri(item.theme), self.use_dir) if theme else None,
            tags=self.tag_links(from_uri, item.tags) if with_tags else [],
        )
        return Markup(html)

    def _slogan_related(self, item, from_uri: str, guides: list, more: list, with_actions: bool = True) -> Markup:
        """The related block of a slogan page, as ``related.html`` renders it, without a template run
        per page: every slogan page of a theme has the same guides and actions and lives in the same
        folder depth (``s/<id>/``), so the template is rendered once per theme with a marker card, and
        each page fills in its own cards (escaped as the template escapes them)."""
        folder = posixpath.dirname(page_url(from_uri, self.use_dir).rstrip("/"))
        key = (item.theme, folder, with_actions)
        frame = self._frames.get(key)
        if frame is None:
            theme = self.campaign.config.theme(item.theme)
            html = render(
                "related.html", theme=theme,
                guides=[{"title": g.title, "link": self.link(from_uri, g), "points": g.key_points,
                         "colour": self.colour(g)} for g in guides],
                actions=self.action_links(from_uri, item.theme) if with_actions else [],
                ads=[self._ad_row(from_uri, a) for a in self.theme_ads(item.theme)],
                ads_title=P_("Public-benefit ads on the same theme"), carried=[],
                more=[{"text": "\x00T", "colour": "\x00C", "link": "\x00L"}],
                theme_link=relative_url(from_uri, theme_uri(item.theme), self.use_dir) if theme else None,
                tags=[],
            )
            start = html.rindex("<li", 0, html.index("\x00"))
            end = html.index("</li>", html.index("\x00T")) + len("</li>\n")
            frame = self._frames[key] = (html[:start], html[start:end], html[end:])
        head, card, tail = frame
        cards = []
        for s in more:
            # a slogan's card is the same on every page of its folder (about five pages show it)
            filled = self._cards.get((key, s.id))
            if filled is None:
                row = self._slogan_row(from_uri, s)
                filled = self._cards[(key, s.id)] = (
                    card.replace("\x00C", str(escape(row["colour"]))).replace("\x00L", str(escape(row["link"])))
                    .replace("\x00T", str(escape(row["text"]))))
            cards.append(filled)
        return Markup(head + "".join(cards) + tail)

    def theme_related(self, theme_id: str, from_uri: str) -> Markup:
        """The current content of a theme (for the 'updated' page)."""
        theme = self.campaign.config.theme(theme_id)
        guides = [g for g in self.guides if g.theme == theme_id]
        ads = self.theme_ads(theme_id)
        more = self.more_slogans(theme_id)
        return Markup(render(
            "related.html",
            theme=theme,
            guides=[{"title": g.title, "link": self.link(from_uri, g), "points": g.key_points,
                     "colour": self.colour(g)} for g in guides],
            actions=self.action_links(from_uri, theme_id),
            ads=[self._ad_row(from_uri, a) for a in ads],
            ads_title=P_("Public-benefit ads"),
            carried=[],
            more=[self._slogan_row(from_uri, s) for s in more],
            theme_link=None,
            tags=[],
        ))


_landing: dict[tuple, Landing] = {}


def landing(campaign: Campaign, options: SiteOptions) -> Landing:
    """One :class:`Landing` per campaign and options (a build asks for it from many places)."""
    key = (id(campaign), options)
    hit = _landing.get(key)
    if hit is None or hit.campaign is not campaign:
        _landing.clear()
        hit = _landing[key] = Landing(campaign, options)
    return hit


def safe_title(text: str) -> Markup:
    """A page title Material prints as markup: escaped once, and not again."""
    return escape(text)


# ------------------------------------------------------------------ pages


def tag_pages(campaign: Campaign, options: SiteOptions) -> dict[str, HtmlPage | str]:
    land = landing(campaign, options)
    pages: dict[str, HtmlPage | str] = {}
    rows = []
    tag_title = P_("Tag: {tag}")
    tag_text = P_("Slogans, civility guides and public-benefit ads tagged “{tag}”: {n} items")
    for tag, items in sorted(land.tags.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        uri = land.tag_uris[tag]
        rows.append({"name": tag, "count": len(items), "link": relative_url(TAGS_INDEX, uri, land.use_dir)})
        body = render(
            "tag.html", tag=tag, count=len(items),
            guides=[{"title": g.title, "colour": land.colour(g), "link": land.link(uri, g)}
                    for g in items if g.kind == "guide"],
            slogans=[land._slogan_row(uri, s) for s in items if s.kind == "slogan"],
            ads=[{"title": a.title, "colour": land.colour(a), "link": land.link(uri, a)}
                 for a in items if a.kind == "ad"],
            index_link=relative_url(uri, TAGS_INDEX, land.use_dir),
        )
        pages[uri] = HtmlPage({"title": safe_title(tag_title.format(tag=tag)), "hide": ["navigation", "toc"],
                               "search": {"exclude": True},
                               "placard_description": tag_text.format(tag=tag, n=len(items))},
                              body)
    if rows:
        body = render("tags_index.html", tags=rows)
        pages[TAGS_INDEX] = HtmlPage({"title": P_("All tags"), "hide": ["navigation", "toc"], "search": {"exclude": True},
                                      "placard_description": P_("Browse by tag: {n} tags").format(n=len(rows))}, body)
    return pages


def updated_pages(campaign: Campaign, options: SiteOptions) -> dict[str, HtmlPage | str]:
    land = landing(campaign, options)
    pages: dict[str, HtmlPage | str] = {}
    for theme in campaign.config.themes:
        uri = updated_uri(theme.id)
        body = render(
            "updated.html", theme=theme, related=land.theme_related(theme.id, uri),
            theme_link=relative_url(uri, theme_uri(theme.id), land.use_dir),
            home=relative_url(uri, "index.md", land.use_dir),
        )
        pages[uri] = HtmlPage({"title": P_(UPDATED_TITLE), "hide": ["navigation", "toc"], "search": {"exclude": True},
                               "placard_description": P_("What you scanned has been updated. See the latest slogans, "
                                                         "civility guides and public-benefit ads of the theme "
                                                         "“{theme}”.").format(theme=theme.name)}, body)
    return pages


#: The title of the page a retired or expired item's code leads to.
UPDATED_TITLE = N_("This content has been updated")


def retired_codes(campaign: Campaign, preview: bool = False) -> dict[str, object]:
    """Code -> item for every code that can hang on a street but has no item page today:
    the items' own codes and placement slots' codes of retired or expired items."""
    from ..posters.plan import make_plan
    from ..scans import code_index

    live = make_plan(campaign).codes
    out = {}
    for code, target in code_index(campaign).items():
        if code in live or not target.item_id:
            continue
        item = campaign.item(target.item_id)
        if item is None or item.approval.status == "draft" or item.approval.is_visible(campaign.today, preview):
            continue
        out[code] = item
    return out


def write_updated_redirects(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    """``Q/<CODE>/`` for the codes of retired and expired items: to their theme's 'updated' page,
    so a poster that still hangs leads somewhere useful (and its scans still count)."""
    from .posters import redirect_page, write_code_page

    qdir = os.path.join(site_dir, Q.REDIRECT_DIR)
    for code, item in retired_codes(campaign, options.preview).items():
        if os.path.exists(os.path.join(qdir, code, "index.html")):
            continue  # a live code's page (never replace it)
        target = "../../" + page_url(updated_uri(item.theme), options.use_directory_urls)
        write_code_page(qdir, code, redirect_page(code, target, i18n.in_language(campaign.config.language,
                                                                                 UPDATED_TITLE),
                                                  campaign.config.language))
    return []


# ------------------------------------------------------------------ share meta


def item_description(campaign: Campaign, item) -> str:
    """A landing page's own description (og:description): what the item says."""
    theme = campaign.config.theme(item.theme)
    if item.kind == "slogan":
        return f"{item.text}——{theme.name if theme else ''} · {campaign.config.office}"
    if item.kind == "guide" and item.key_points:
        return f"{item.title}：" + "；".join(item.key_points) + "。"
    if item.kind == "ad":
        text = plain_text(item.body) or item.alt
        return f"{item.title}：{text}"
    return plain_text(getattr(item, "body", "")) or item.title


_MD_NOISE = re.compile(r"<[^>]*>|^#+\s.*$|[*_`>#\[\]]|\(\S*?\)|!\S*", re.MULTILINE)


def plain_text(markdown_or_html: str, limit: int = 120) -> str:
    text = _MD_NOISE.sub(" ", markdown_or_html or "")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


def write_share_cards(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    from ..findings import warning
    from ..posters.share import render_share

    share = landing(campaign, options).share
    report = render_share(campaign, share, site_dir, prune=options.posters)
    return [warning("site.share-card", f"share card '{job.item_id}' could not be drawn: {problem}",
                    fix="check the poster font and the share template") for job, problem in report.failed]


# ------------------------------------------------------------------ glue for the MkDocs hooks


def key_points_html(campaign: Campaign, item) -> str:
    """The key points a guide's poster printed, for the top of its page."""
    if item.kind != "guide" or not item.key_points:
        return ""
    theme = campaign.config.theme(item.theme)
    return render("keypoints.html", points=item.key_points, colour=theme.colour if theme else "#c0392b")


def item_page_top(html: str, campaign: Campaign, options: SiteOptions, item, uri: str) -> str:
    """A guide's or ad's page with the item first and its actions right after: a guide's key points
    (the poster's) after its title, then the actions; an ad's actions after its artwork (placard's
    figure or the page's own image of it), or after the title when the page shows no artwork."""
    box = str(landing(campaign, options).actions_box(uri, item.theme))
    if item.kind == "guide":
        return after_title(html, key_points_html(campaign, item) + box)
    return after_artwork(html, posixpath.basename(item.artwork_uri), box)


_IMG = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]*)\"[^>]*>")


def after_artwork(html: str, artwork_name: str, block: str) -> str:
    """Put ``block`` after the figure (or paragraph) holding the image ``artwork_name``; after the
    first heading when there is none."""
    for m in _IMG.finditer(html):
        if posixpath.basename(_html.unescape(m.group(1)).split("?", 1)[0]) != artwork_name:
            continue
        in_figure = html.rfind("<figure", 0, m.start()) > html.rfind("</figure>", 0, m.start())
        end = html.find("</figure>" if in_figure else "</p>", m.end())
        if end == -1:
            break
        end = html.index(">", end) + 1
        return html[:end] + "\n" + block + html[end:]
    return after_title(html, block)


def after_title(html: str, block: str) -> str:
    """Put ``block`` right after the page's first heading (or first, if it has none)."""
    end = html.find("</h1>")
    if end == -1:
        return block + html
    end += len("</h1>")
    return html[:end] + "\n" + block + html[end:]


def og_meta(campaign: Campaign, options: SiteOptions, page, config) -> dict:
    """What the page's share meta (og:, twitter:) says: its own title, text, card and address."""
    from ..posters.share import SITE_CARD, card_uri

    land = landing(campaign, options)
    uri = page.file.src_uri
    item = land.by_page.get(uri)
    if item is None and uri.startswith("s/") and uri.endswith(".md"):
        item = campaign.item(uri[2:-3])
    meta = page.meta or {}
    if item is not None:
        title = item.text if item.kind == "slogan" else item.title
        description = item_description(campaign, item)
        card = card_uri(item.id) if item.id in land.share.item_ids else SITE_CARD
        kind = "article"
    else:
        title = meta.get("title") or page.title or config.site_name or ""
        # page.content is HTML and the site description is escaped for Material: both as plain text
        description = str(meta.get("placard_description") or meta.get("description") or "") or plain_text(
            _html.unescape(re.sub(r"<[^>]*>", " ", _strip_h1(page.content or "")))) or _unescape(
            config.site_description or title)
        card = SITE_CARD
        kind = "website"
    site_url = config.site_url or ""
    image = (site_url.rstrip("/") + "/" + card) if site_url else relative_url(uri, card, land.use_dir)
    # Escaped HTML (Markup): the templates print it the same with |e or without (see site/shell.py).
    texts = {"title": _unescape(title), "description": _unescape(description), "image": image,
             "url": page.canonical_url or "", "type": kind}
    return {**{k: escape(v) for k, v in texts.items()}, "width": 1200, "height": 630}


_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def set_lang(output: str, language: str) -> str:
    """``<html lang="zh">`` -> ``<html lang="zh-Hans">`` (the first one only: cheap on big sites)."""
    head = _HTML_LANG.sub(f'<html lang="{escape(language)}"', output[:512], count=1)
    return head + output[512:]


def _strip_h1(html: str) -> str:
    return re.sub(r"<h1[^>]*>.*?</h1>", " ", html, count=1, flags=re.S)


def _unescape(text: str) -> str:
    """Plain text (the template escapes it): a title escaped for Material's sake is unescaped first."""
    return _html.unescape(str.__str__(text)) if isinstance(text, Markup) else str(text)


PAGE_GENERATORS.extend([tag_pages, updated_pages])
POST_BUILD.append(write_updated_redirects)
POST_BUILD.append(write_share_cards)
