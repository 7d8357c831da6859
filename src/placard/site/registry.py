"""What each capability adds to the site: pages, small assets, nav sections, post-build work.

Capabilities register here from their own module (imported by ``placard.site``);
the MkDocs glue in :mod:`placard.mkdocs_hooks` only walks these lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import Campaign

PUBLIC, STAFF = "public", "staff"
AUDIENCES_ALL = (PUBLIC, STAFF)


@dataclass(frozen=True)
class SiteOptions:
    preview: bool = False  # show drafts, marked 草稿
    posters: bool = True  # render posters into the site (placard build --no-posters)
    today: dt.date = field(default_factory=dt.date.today)
    use_directory_urls: bool = True  # mirrors MkDocs' setting, for relative links
    audience: str = PUBLIC  # which site is built: the public one, or the staff one (内部资料)
    public_url: str | None = None  # the public site's address (site_url), for links from the staff site


@dataclass(frozen=True)
class NavSection:
    """A nav section placard adds: its index page and a few children (never one per item)."""

    title: str
    index_uri: str
    children: Callable[[Campaign], list[tuple[str, str]]] = lambda campaign: []
    order: int = 50
    shown: Callable[[Campaign], bool] = lambda campaign: True  # False: the campaign has no such page
    audiences: tuple[str, ...] = (PUBLIC,)  # the sites whose nav shows it


@dataclass(frozen=True)
class HtmlPage:
    """A generated page whose body is ready HTML. MkDocs gets an empty Markdown file; the
    hooks give the page ``meta`` (what front matter would hold, without parsing YAML) and
    put ``html`` in as its content, so the page costs no Markdown or YAML parsing
    (thousands of slogan pages at city scale).

    ``search`` is the part of the body the site search should index (the page title is
    always indexed): the search plugin parses only that, not the whole body, which at
    20,000 slogan pages saves seconds of HTML parsing."""

    meta: dict
    html: str
    search: str = ""


@dataclass(frozen=True)
class LatePage:
    """A generated Markdown page with big parts put in only after Markdown and the site search have
    read it: each key of ``late`` is an HTML comment in ``markdown`` that becomes its value. For
    parts the search leaves out anyway (a theme page's list of thousands of slogans is
    ``data-search-exclude``), so Python-Markdown and the search's HTML parser never walk them."""

    markdown: str
    late: dict[str, str]


#: campaign, options -> {docs-relative uri: Markdown text, an HtmlPage or a LatePage}
PageGenerator = Callable[[Campaign, SiteOptions], dict[str, "str | HtmlPage | LatePage"]]
#: campaign, options -> {site-relative uri: bytes} (small files only)
AssetGenerator = Callable[[Campaign, SiteOptions], dict[str, bytes]]
#: campaign, options, built site dir -> findings (write big files straight into the site)
PostBuild = Callable[[Campaign, SiteOptions, Path], list[Finding]]

PAGE_GENERATORS: list[PageGenerator] = []
ASSET_GENERATORS: list[AssetGenerator] = []
POST_BUILD: list[PostBuild] = []
NAV_SECTIONS: list[NavSection] = []

#: Which sites a generator or post-build step serves; one not listed here serves the public site
#: only (so a new public page never lands in the staff site by accident, nor a staff page in public).
AUDIENCES: dict[Callable, tuple[str, ...]] = {}


def serve(fn: Callable, *audiences: str) -> Callable:
    """Say that ``fn`` (a registered generator or step) builds into the sites ``audiences``."""
    AUDIENCES[fn] = tuple(audiences)
    return fn


def serves(fn: Callable, audience: str) -> bool:
    return audience in AUDIENCES.get(fn, (PUBLIC,))
