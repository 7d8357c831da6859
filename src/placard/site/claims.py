"""The addresses the public site's generated pages take, worked out without rendering them.

``check`` compares them with the hand-written pages in docs/ (:mod:`placard.rules.pages`):
a hand-written page at a generated address would replace it silently (a ``docs/s/<slogan>.md``
in place of the page the slogan's printed QR codes lead to). Kept beside the generators so a
new generated page is added here too.
"""

from __future__ import annotations

from ..i18n import _
from ..model import Campaign
from .urls import page_url, slogan_uri, theme_uri

SLOGANS_INDEX = "slogans/index.md"
GUIDES_INDEX = "guides/index.md"
ADS_INDEX = "ads/index.md"
TAGS_INDEX = "tags/index.md"
GALLERY = "posters/index.md"
#: Generated section indexes a hand-written page may take over when it carries the section's
#: marker (placard fills it there): index uri -> marker.
MARKED = {
    SLOGANS_INDEX: "<!-- placard:slogans -->",
    GUIDES_INDEX: "<!-- placard:guides -->",
    ADS_INDEX: "<!-- placard:ads -->",
}


def dest(uri: str) -> str:
    """The file a page or a static file in docs/ becomes in the site (directory URLs)."""
    if uri.endswith(".md"):
        url = page_url(uri)
        return url + "index.html" if url == "" or url.endswith("/") else url
    return uri


def generated(campaign: Campaign) -> list[tuple[str, str, str | None, int | None]]:
    """(docs uri, what the page is, file and line of what made it) for each page placard generates."""
    from .landing import tag_slug, updated_uri  # the site package: imported when the check runs

    cfg = campaign.config
    src, line = cfg.source.file, None
    out: list[tuple[str, str, str | None, int | None]] = [
        (SLOGANS_INDEX, _("the slogans index"), None, None),
        (GUIDES_INDEX, _("the guides index"), None, None),
        (ADS_INDEX, _("the public-benefit ads index"), None, None),
        ("404.html", _("the page shown for an address that does not exist (404)"), None, None),
    ]
    for t in cfg.themes:
        line = t.line
        out.append((theme_uri(t.id), _("the page of theme '{id}'").format(id=t.id), src, line))
        out.append(
            (
                updated_uri(t.id),
                _("the 'updated' page of theme '{id}' (retired QR codes lead there)").format(
                    id=t.id
                ),
                src,
                line,
            )
        )
    for s in campaign.slogans:
        out.append(
            (
                slogan_uri(s.id),
                _("the page of slogan '{id}' (its QR codes lead there)").format(id=s.id),
                s.source.file,
                s.source.line,
            )
        )
    from ..posters.plan import make_plan  # cached on the campaign: the poster checks make it too

    if make_plan(campaign).public_sets:
        out.append((GALLERY, _("the poster downloads page"), None, None))
    tags = {t for item in campaign.items() for t in item.tags}
    if tags:
        out.append((TAGS_INDEX, _("the tags index"), None, None))
    for tag in sorted(tags):
        out.append(
            (f"tags/{tag_slug(tag)}.md", _("the page of tag '{tag}'").format(tag=tag), None, None)
        )
    return out
