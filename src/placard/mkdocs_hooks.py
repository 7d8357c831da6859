"""MkDocs hook functions: the only place that knows about MkDocs events.

A campaign's ``mkdocs.yml`` loads them with ``hooks: [hooks/placard_hooks.py]``
(a one-line module re-exporting these). They load the campaign once, run every
check and stop the build on errors *before* MkDocs touches the output folder,
then add placard's generated pages and files.

One build makes one of the two sites (``BuildOptions.audience``; ``PLACARD_AUDIENCE`` for plain
``mkdocs build``, default public): the public site, or the staff site with its own nav, its own
pages and every page marked internal (:mod:`placard.site.staff`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import i18n, outdir, phones
from . import site as site_pkg
from .engine import CheckResult, check_campaign
from .findings import has_errors, render_text
from .i18n import P_, _
from .load import CampaignNotFound
from .model import Campaign
from .review.state import public_view
from .site import a11y, content, folders, landing, shell, wordbreak
from .site import posters as site_posters
from .site import staff as staff_site
from .site.assets import CSS_URI, FONTSIZE_JS_URI
from .site.registry import STAFF, HtmlPage, LatePage, SiteOptions, serves
from .site.search import (
    DEFER_LOOKS_FOR,
    campaign_terms,
    configure_fields,
    defer_search,
    guide_search_tags,
    remember_segments,
    write_user_dict,
)
from .sites import AUDIENCES, apart_problem, public_out

log = logging.getLogger("mkdocs.plugins.placard")

__all__ = ["on_config", "on_files", "on_env", "on_page_markdown", "on_page_content", "on_page_context", "on_post_page",
           "on_post_template", "on_post_build", "BuildOptions", "set_options"]


@dataclass
class BuildOptions:
    """Set by ``placard build``; plain ``mkdocs build`` reads the environment instead."""

    preview: bool = False
    posters: bool = True
    today: dt.date | None = None
    result: CheckResult | None = None  # checks already run by the CLI
    audience: str = "public"  # "public" or "staff": which of the two sites this build makes


_options: BuildOptions | None = None


@dataclass
class _State:
    campaign: Campaign | None = None
    site: SiteOptions = field(default_factory=SiteOptions)
    pages: dict[str, HtmlPage] = field(default_factory=dict)  # generated pages with ready HTML bodies, by uri
    late: dict[str, dict[str, str]] = field(default_factory=dict)  # LatePage parts, by uri
    env: object = None  # the theme's Jinja environment (on_env)
    shells: shell.Shells = field(default_factory=shell.Shells)  # generated pages' page shells (site/shell.py)
    folders: folders.FolderMaker | None = None  # makes a large build's page folders on a thread (site/folders.py)
    shell_on: bool = True  # PLACARD_PAGE_SHELL, read once a build (on_config)
    restored: frozenset = frozenset()  # ids shown in their last approved version (review.state.public_view)


_state = _State()


def set_options(options: BuildOptions | None) -> None:
    global _options
    _options = options


def _env_options() -> BuildOptions:
    today = None
    if os.environ.get("PLACARD_DATE"):
        try:
            today = dt.date.fromisoformat(os.environ["PLACARD_DATE"])
        except ValueError as exc:
            raise PluginError(
                f"PLACARD_DATE='{os.environ['PLACARD_DATE']}' is not a date: write it as YYYY-MM-DD"
            ) from exc
    audience = os.environ.get("PLACARD_AUDIENCE", "").strip() or "public"
    if audience not in AUDIENCES:
        raise PluginError(_("PLACARD_AUDIENCE='{audience}' is not a site: write public (the default) or staff")
                          .format(audience=audience))
    return BuildOptions(
        preview=os.environ.get("PLACARD_PREVIEW", "") not in ("", "0"),
        posters=os.environ.get("PLACARD_NO_POSTERS", "") in ("", "0"),
        today=today,
        audience=audience,
    )


@event_priority(100)  # before the search plugin reads its jieba settings
def on_config(config):
    opts = _options or _env_options()
    root = Path(config.config_file_path).parent
    if _options is None and opts.audience == STAFF:  # plain `mkdocs build` with PLACARD_AUDIENCE=staff
        problem = apart_problem(public_out(root), Path(config.site_dir).resolve(), root, config.docs_dir)
        if problem:
            raise PluginError(_("PLACARD_AUDIENCE=staff: {problem}. Build the staff site elsewhere, e.g. "
                                "'mkdocs build -d staff', or run 'placard build' (it builds both sites)")
                              .format(problem=problem))
    result = opts.result
    shown = result is not None  # placard build and serve have shown the findings of their checks once
    if result is None:
        try:
            result = check_campaign(root, opts.today)
        except CampaignNotFound as exc:
            raise PluginError(str(exc)) from exc
        from .trust import allow

        # plain `mkdocs build`: MkDocs has run what mkdocs.yml names before this hook (the user chose
        # MkDocs); the trust findings are shown as warnings. `placard build` stops before that.
        result = CheckResult(result.campaign, allow(result.findings))
    for f in result.findings if not shown else ():
        if not f.is_error:
            log.warning(f.render())
    if result.campaign is None or has_errors(result.findings):
        raise PluginError(_("placard found problems; nothing was built.") + "\n" + render_text(result.findings))
    if _options is None:  # plain mkdocs build/serve empties site_dir: same rules as placard build
        try:
            outdir.check_mkdocs(root, config.site_dir)
        except outdir.Refused as exc:
            raise PluginError(str(exc)) from exc
    # Residents see reviewed versions only: an edit waiting for sign-offs keeps the last approved version.
    campaign, _state.restored = public_view(result.campaign)
    _state.campaign = campaign
    i18n.set_page_language(campaign.config.language)  # placard's page texts: the campaign's language
    _theme_language(config, campaign)
    _state.shell_on = shell.enabled()
    _state.site = SiteOptions(
        preview=opts.preview,
        posters=opts.posters,
        today=campaign.today,
        use_directory_urls=bool(config.use_directory_urls),
        audience=opts.audience,
        public_url=campaign.config.site_url,
    )
    _escape_site_texts(config)
    _no_external_fonts(config)
    if CSS_URI not in config.extra_css:
        config.extra_css.append(CSS_URI)
    if FONTSIZE_JS_URI not in [str(x) for x in config.extra_javascript]:
        config.extra_javascript.append(FONTSIZE_JS_URI)
    _search_dictionary(config, campaign)
    remember_segments()
    _theme_overrides(config)
    if opts.audience == STAFF:
        config.nav = _escape_nav(_staff_nav(campaign))
        config.site_url = None  # its pages are not at the public address (no canonical links, no sitemap there)
    else:
        config.nav = _escape_nav(_nav(config.nav, campaign))
    return config


#: placard's Material template overrides: share meta, font-size switch, Chinese 404, ICP footer.
OVERRIDES = str(Path(__file__).parent / "site" / "overrides")


#: Material's ``theme.language`` for a campaign's ``language:`` other than zh-Hans (whose
#: mkdocs.yml says ``zh`` and keeps it).
MATERIAL_LANGUAGE = {"zh_Hant": "zh-TW", "en": "en"}


def _theme_language(config, campaign: Campaign) -> None:
    """Material's own texts (search box, "back to top", ...) in the campaign's language."""
    wanted = MATERIAL_LANGUAGE.get(i18n.normalise(campaign.config.language) or "")
    if wanted and config.theme.name == "material":
        config.theme["language"] = wanted


def _theme_overrides(config) -> None:
    """After the campaign's own ``custom_dir`` (it wins), before Material's templates."""
    dirs = config.theme.dirs
    if OVERRIDES not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, OVERRIDES)


def _html_text(value) -> Markup:
    """Plain text as HTML, escaped exactly once.

    Material prints the site name, nav titles and ``page.meta.title`` as markup (and
    Material's search shows index titles and tags as HTML). A :class:`Markup` value is
    escaped already: Jinja's ``|e`` leaves it alone, so nothing is escaped twice.
    """
    return escape(value)  # a Markup value comes back unchanged


def _escape_site_texts(config) -> None:
    for key in ("site_name", "site_description", "site_author"):
        if isinstance(config.get(key), str):
            config[key] = _html_text(config[key])


def _escape_meta(meta: dict) -> None:
    """A page's title and tags from front matter or a generator, escaped for Material."""
    if meta.get("title") is not None:
        meta["title"] = _html_text(meta["title"])
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [_html_text(t) if isinstance(t, str) else t for t in meta["tags"]]


def _no_external_fonts(config) -> None:
    """Material loads Google Fonts unless ``font: false``: unreachable in mainland China."""
    theme = config.theme
    if theme.name == "material" and theme.get("font") is not False:
        log.info(_("placard: turning off Material's Google Fonts (theme.font: false)"))
        theme["font"] = False


def _search_dictionary(config, campaign: Campaign) -> None:
    search = config.plugins.get("search") or config.plugins.get("material/search")
    wordbreak.add_terms(campaign_terms(campaign))  # titles break between the words the search knows
    path = write_user_dict(campaign)
    if (path is not None and search is not None and hasattr(search.config, "jieba_dict_user")
            and not search.config.jieba_dict_user):
        search.config.jieba_dict_user = str(path)
    if search is not None and isinstance(getattr(search.config, "fields", None), dict):
        configure_fields(search.config.fields)


def _nav(nav, campaign: Campaign):
    """Keep the nav small: sections and theme pages, never one entry per slogan."""
    theme_pages = [{t.name: f"slogans/{t.id}.md"} for t in campaign.config.themes]
    slogans_section = [content.SLOGANS_INDEX, *theme_pages]
    extra = _sections("public")
    if not nav:
        nav = [
            {P_("Home"): "index.md"},
            {P_("Slogans"): slogans_section},
            {P_("Civility guides"): content.GUIDES_INDEX},
            {P_("Public-benefit ads"): content.ADS_INDEX},
        ]
    else:
        nav = [_expand(entry, slogans_section) for entry in nav]
    present = _uris(nav)
    for section in extra:
        if section.index_uri not in present and section.shown(campaign):
            children = [{t: u} for t, u in section.children(campaign)]
            nav.append({P_(section.title): [section.index_uri, *children] if children else section.index_uri})
    return nav


def _sections(audience: str):
    return [s for s in sorted(site_pkg.NAV_SECTIONS, key=lambda s: s.order) if audience in s.audiences]


def _staff_nav(campaign: Campaign):
    """The staff site's own nav (mkdocs.yml's nav is the public site's)."""
    nav = [{P_("Home"): staff_site.HOME}]
    for section in _sections(STAFF):
        if section.shown(campaign):
            children = [{t: u} for t, u in section.children(campaign)]
            nav.append({P_(section.title): [section.index_uri, *children] if children else section.index_uri})
    if campaign.config.site_url:
        nav.append({P_("Public website"): campaign.config.site_url})
    return nav


def _escape_nav(nav):
    """Nav titles (theme names, the campaign's own nav) as escaped HTML: Material prints them as markup."""
    if isinstance(nav, list):
        return [_escape_nav(e) for e in nav]
    if isinstance(nav, dict):
        return {_html_text(k) if isinstance(k, str) else k: _escape_nav(v) for k, v in nav.items()}
    return nav


def _expand(entry, slogans_section):
    if isinstance(entry, dict) and len(entry) == 1:
        (title, value), = entry.items()
        if value == content.SLOGANS_INDEX:
            return {title: slogans_section}
        if isinstance(value, list):
            return {title: [_expand(e, slogans_section) for e in value]}
    return entry


def _uris(nav) -> set[str]:
    out: set[str] = set()
    for entry in nav or []:
        if isinstance(entry, str):
            out.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                if isinstance(value, str):
                    out.add(value)
                elif isinstance(value, list):
                    out |= _uris(value)
    return out


def on_files(files: Files, config) -> Files:
    campaign = _state.campaign
    if campaign is None:  # on_config did not run (should not happen)
        return files
    opts = _state.site
    if opts.audience == STAFF:
        # The staff site holds staff pages only (its links to content go to the public site);
        # the docs' images, stylesheets and scripts stay for the theme.
        for f in [f for f in files if f.is_documentation_page()]:
            files.remove(f)
    # Content that is not (or no longer) approved never reaches the site.
    shown_art = {a.artwork_uri for a in campaign.visible(campaign.ads, opts.preview)}
    for item in (*campaign.guides, *campaign.ads):
        if not item.approval.is_visible(campaign.today, opts.preview):
            hidden = [item.page_uri]
            if item.kind == "ad" and item.artwork_uri not in shown_art:
                hidden.append(item.artwork_uri)
            for uri in hidden:
                f = files.get_file_from_path(uri)
                if f is not None:
                    files.remove(f)
    _state.pages = {}
    _state.late = {}
    generated: list[File] = []
    for generate in site_pkg.PAGE_GENERATORS:
        if not serves(generate, opts.audience):
            continue
        for uri, text in generate(campaign, opts).items():
            if files.get_file_from_path(uri) is not None:
                continue  # a hand-written page wins; markers fill it
            if isinstance(text, HtmlPage):
                _state.pages[uri] = text
                text = ""  # on_page_markdown gives it its meta
            elif isinstance(text, LatePage):
                _state.late[uri] = text.late
                text = text.markdown
            f = File.generated(config, uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(f)
            generated.append(f)
    for generate in site_pkg.ASSET_GENERATORS:
        if not serves(generate, opts.audience):
            continue
        for uri, data in generate(campaign, opts).items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, uri, content=data))
    _start_folders(campaign, opts, config, generated)
    return files


def _start_folders(campaign: Campaign, opts: SiteOptions, config, generated: list[File]) -> None:
    """Make the folders of a large build's generated pages and code redirects on a second thread
    while the pages render (:mod:`placard.site.folders`)."""
    stop_background()
    codes = site_posters.redirect_folders(campaign) if serves(site_posters.write_redirects, opts.audience) else []
    _state.folders = folders.start(config.site_dir, (f.dest_uri for f in generated), codes)


def stop_background() -> None:
    """Stop the folder thread of a build that did not finish (before its folder is removed)."""
    maker, _state.folders = _state.folders, None
    if maker is not None:
        maker.cancel()


def on_build_error(error) -> None:
    stop_background()


def on_env(env, config, files):
    """The theme's templates, for the page shells of generated pages (:mod:`placard.site.shell`)."""
    _state.env = env
    i18n.install_pages(env)  # placard's overrides (404, font-size switch) speak the campaign's language
    _state.shells = shell.Shells(post=_edit_page, sees=_edits_look_at)
    if _state.shell_on:
        shell.print_filled_pages_directly(env, OVERRIDES)
    return env


@event_priority(50)  # before other plugins look at page.meta (a generated page gets its meta here)
def on_page_markdown(markdown: str, page, config, files) -> str:
    campaign = _state.campaign
    if campaign is None:
        return markdown
    uri = page.file.src_uri
    generated = _state.pages.get(uri)
    if generated is not None:
        page.meta = dict(generated.meta)
        _escape_meta(page.meta)
        if _state.shell_on:
            shell.skip_empty_markdown(page)
            if "template" not in page.meta:
                page.meta["template"] = shell.TEMPLATE  # Material's page, rendered once per shape of page
        return markdown
    _escape_meta(page.meta)  # hand-written pages and generated Markdown pages (front matter)
    markdown = content.fill_markers(markdown, campaign, _state.site, uri)
    for item in (*campaign.guides, *campaign.ads):
        if item.page_uri != uri:
            continue
        if item.id in _state.restored:  # edited since its sign-offs: the page shows the approved version
            markdown = item.body
            page.meta["title"] = _html_text(item.title)
        if item.kind == "guide" and not _has_tags_plugin(config) and (points := guide_search_tags(item)):
            page.meta["tags"] = [_html_text(p) for p in points]  # key points weigh more than body text in search
        if item.kind == "ad" and item.artwork_uri not in markdown:
            markdown = _after_title(markdown, content.ad_figure(item, uri, _state.site.use_directory_urls))
        if item.approval.status == "draft":
            markdown = _after_title(markdown, '!!! warning "{title}"\n    {text}\n'.format(
                title=P_("Draft"), text=P_("This page is not approved yet; it shows in previews only.")))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """A generated page with a ready HTML body shows the search only its ``search`` part here."""
    generated = _state.pages.get(page.file.src_uri)
    if generated is None and _state.campaign is not None:
        # a guide page begins with its poster's key points, an ad page with its artwork: then the actions
        item = landing.landing(_state.campaign, _state.site).by_page.get(page.file.src_uri)
        if item is not None:
            html = landing.item_page_top(html, _state.campaign, _state.site, item, page.file.src_uri)
    return html if generated is None else html + generated.search


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):
    """... and gets its whole body once the search has read it (its Markdown file is empty)."""
    generated = _state.pages.get(page.file.src_uri)
    if generated is not None:
        before = page.content or ""
        if generated.search:
            before = before.removesuffix(generated.search)
        page.content = before + generated.html
    for marker, html in _state.late.get(page.file.src_uri, {}).items():
        page.content = (page.content or "").replace(marker, html, 1)
    campaign = _state.campaign
    if campaign is not None:
        land = landing.landing(campaign, _state.site)
        item = land.by_page.get(page.file.src_uri)
        if item is not None:  # a guide's or ad's page: what to read next, after its body (not searched)
            page.content = (page.content or "") + str(land.related(item, page.file.src_uri, with_actions=False))
        if page.meta is not None:
            og = page.meta["placard_og"] = landing.og_meta(campaign, _state.site, page, config)
            # <meta name="description">: the page's own words (the item's text, a guide's key points, an
            # ad's text), as escaped HTML: Material prints page.meta.description as markup
            page.meta["description"] = og["description"]
        if _state.site.audience != STAFF:  # a number a resident reads is one a phone dials
            page.content = phones.link_numbers(page.content or "")
    if page.content:  # titles break between words, never inside one (after the search has read the page)
        page.content = wordbreak.break_titles(page.content)
    if page.meta and page.meta.get("template") == shell.TEMPLATE and _state.env is not None:
        context[shell.CONTEXT_KEY] = Markup(shell.render(_state.shells, _state.env, context, page))
    return context


def on_post_page(output: str, page, config) -> str:
    """Accessibility fixes to Material's page (see :mod:`placard.site.a11y`: the campaign's language,
    the search dialog's name); search loads when opened; every staff page says it is internal and asks
    search engines not to list it. A page filled from a page shell has them already (the shell got
    them once: :func:`placard.site.shell.render`)."""
    if page is not None and page.file.src_uri in _state.shells.posted:
        return output
    return _edit_page(output)


def _edit_page(output: str) -> str:
    campaign = _state.campaign
    if campaign is not None:
        output = defer_search(a11y.fix_page(output, campaign.config.language))
    return staff_site.mark_page(output) if _state.site.audience == STAFF else output


_EDITS_LOOK_FOR = (*a11y.LOOKS_FOR, *DEFER_LOOKS_FOR)


def _edits_look_at(text: str) -> bool:
    """Whether :func:`_edit_page` could act on ``text``: a page holding such a text of its own is edited whole."""
    if any(t in text for t in _EDITS_LOOK_FOR):
        return True
    return _state.site.audience == STAFF and staff_site.marks_in(text)


def on_post_template(output: str, template_name: str, config) -> str:
    """The same for pages MkDocs renders from a theme template alone (404.html)."""
    return on_post_page(output, None, config) if template_name.endswith(".html") else output


def _has_tags_plugin(config) -> bool:
    """Material's tags plugin shows ``tags`` on pages; then a guide's key points stay out of them."""
    return any(name in config.plugins for name in ("tags", "material/tags"))


def _after_title(markdown: str, block: str) -> str:
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", block, *lines[i + 1 :]])
    return block + "\n\n" + markdown


def on_post_build(config) -> None:
    campaign = _state.campaign
    if campaign is None:
        return
    maker, _state.folders = _state.folders, None
    if maker is not None:
        maker.finish()  # its folders are there (or its error is raised) before the steps below write into them
    findings = []
    for step in site_pkg.POST_BUILD:
        if not serves(step, _state.site.audience):
            continue
        findings.extend(step(campaign, _state.site, Path(config.site_dir)))
    for f in findings:
        if not f.is_error:
            log.warning(f.render())
    if has_errors(findings):
        raise PluginError(_("placard could not finish the build.") + "\n" + render_text(findings))


def current_site_options() -> SiteOptions:
    return replace(_state.site)


def live_state() -> _State:
    """The hooks' state, for ``placard serve`` (:mod:`placard.live.site`): after a full build it
    puts an updated campaign in ``campaign`` and updated generated pages in ``pages``, then
    re-renders those pages with MkDocs' own page functions, which call these hooks."""
    return _state
