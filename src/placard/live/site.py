"""The served site, kept in memory between edits.

:meth:`LiveSite.full_build` runs the steps of MkDocs' own ``build()`` (the same events, in the
same order, so every plugin and placard hook runs as in ``placard build``) into a fresh temporary
folder and keeps what it made: the config, the files, the nav and the Jinja environment.
:meth:`LiveSite.update` then takes a newer campaign and

* regenerates the slogan pages of the themes whose list of slogans changed (a slogan page shows
  its theme's other slogans, never another theme's), and every other generated page (few);
* re-renders, with MkDocs' ``_populate_page`` / ``_build_page``, only the generated pages whose
  source differs from the last one, the pages that came or went, and the hand-written pages
  (their markers and related blocks show slogans);
* drops those pages' entries from Material's search index, lets the re-rendered pages add theirs
  and writes the whole index again: it keeps an entry for every page, unlike ``mkdocs serve --dirty``.

A failed full build leaves the served folder as it was (the last good site).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import heap, mkdocs_hooks
from ..build import _StderrHandler, load_mkdocs_config, site_build_into
from ..engine import CheckResult
from ..i18n import _
from ..posters.qr import REDIRECT_DIR, code_folders
from ..review.state import public_view
from ..site import PAGE_GENERATORS, POST_BUILD, content, landing
from ..site import posters as site_posters
from ..site.registry import HtmlPage, LatePage, serves
from ..site.urls import slogan_uri


@dataclass
class UpdateReport:
    """What one update did: pages re-rendered, added, removed, and how long it took."""

    rendered: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    full: bool = False
    first: list[str] = field(default_factory=list)  # paths of the pages written first (the edited slogans')
    paths: list[str] = field(default_factory=list)  # paths of every page re-rendered or removed

    def summary(self) -> str:
        if self.full:
            return _("rebuilt the whole site in {seconds} s").format(seconds=f"{self.seconds:.1f}")
        return _("{pages} pages re-rendered, {added} added, {removed} removed in {seconds} s").format(
            pages=len(self.rendered), added=len(self.added), removed=len(self.removed),
            seconds=f"{self.seconds:.2f}")


def _visible_by_theme(campaign, preview: bool) -> dict[str, list[int]]:
    """Theme -> the identities of its visible slogans, in order (an unchanged slogan keeps its object)."""
    out: dict[str, list[int]] = {}
    for s in campaign.visible(campaign.slogans, preview):
        out.setdefault(s.theme, []).append(id(s))
    return out


class LiveSite:
    def __init__(self, root: Path, options: mkdocs_hooks.BuildOptions, verbose: bool = False):
        self.root = Path(root).resolve()
        self.options = options
        self.site_dir: Path | None = None  # the folder being served: the last good site
        self.config = self.files = self.nav = self.env = None
        self.campaign = None
        self.sources: dict[str, HtmlPage | str] = {}  # generated page uri -> what its generator gave
        self.other_keys: set[str] = set()  # uris of the generators other than the slogan pages
        self.redirects: dict[str, tuple[str, str]] = {}  # code -> (target, title) of its Q/<CODE>/ page
        self.retired: set[str] = set()  # codes whose Q/<CODE>/ page leads to an 'updated' page
        self.windows: dict[str, tuple] = {}  # slogan id -> what its page shows (see _windows)
        self.tag_uris: dict[str, str] = {}
        self.signatures: dict[str, tuple] = {}  # page uri -> what the hooks add to it (see _signature)
        self._doc_files = None  # the documentation pages of the site, while no page comes or goes
        self._marked = None  # uris of the pages _marked_pages gives
        self.hand_uris: set[str] = set()  # the hand-written pages (docs/)
        self.terms: set[str] | None = None  # the words in jieba's user dictionary (search.campaign_terms)
        self.handler = _StderrHandler(logging.INFO if verbose else logging.WARNING)
        self._verbose = verbose
        self._logging = False

    # ------------------------------------------------------------------ logging

    def _log_on(self) -> None:
        if not self._logging:
            mk = logging.getLogger("mkdocs")
            mk.addHandler(self.handler)
            mk.setLevel(logging.INFO if self._verbose else logging.WARNING)
            self._logging = True

    def close(self) -> None:
        if self._logging:
            logging.getLogger("mkdocs").removeHandler(self.handler)
            self._logging = False
        if self.site_dir is not None:
            shutil.rmtree(self.site_dir, ignore_errors=True)  # our own temporary folder
            self.site_dir = None

    # ------------------------------------------------------------------ full build

    def full_build(self, result: CheckResult) -> UpdateReport:
        """Build everything into a new temporary folder; serve it if the build succeeds."""
        from mkdocs.commands.build import (
            _build_extra_template,
            _build_page,
            _build_theme_template,
            _populate_page,
        )
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self._log_on()
        start = time.monotonic()
        new_dir = Path(tempfile.mkdtemp(prefix="placard-serve-"))
        mkdocs_hooks.set_options(replace(self.options, result=result))
        try:
            with site_build_into(new_dir), heap.few_full_collections():
                config = load_mkdocs_config(self.root, new_dir)
                config = config.plugins.on_config(config)
                config.plugins.on_pre_build(config=config)
                files = get_files(config)
                env = config.theme.get_env()
                files.add_files_from_theme(env, config)
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                nav = get_navigation(files, config)
                nav = config.plugins.on_nav(nav, config=config, files=files)
                inclusion = InclusionLevel.is_included
                for file in files.documentation_pages(inclusion=inclusion):
                    if file.page is None and file.inclusion.is_not_in_nav():
                        Page(None, file, config)
                    _populate_page(file.page, config, files)
                env = config.plugins.on_env(env, config=config, files=files)
                files.copy_static_files(inclusion=inclusion)
                for template in config.theme.static_templates:
                    _build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    _build_extra_template(template, files, config, nav)
                doc_files = files.documentation_pages(inclusion=inclusion)
                for file in doc_files:
                    _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
                config.plugins.on_post_build(config=config)
        finally:
            mkdocs_hooks.set_options(None)
        state = mkdocs_hooks.live_state()
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self._doc_files = self._marked = None
        self.campaign = state.campaign  # what on_config made of result.campaign (review.state.public_view)
        self.sources = {}
        for f in files.documentation_pages():
            uri = f.src_uri
            if uri in state.pages:
                self.sources[uri] = state.pages[uri]
            elif f.generated_by is not None or f.abs_src_path is None:
                self.sources[uri] = f.content_string
        self.hand_uris = {f.src_uri for f in files.documentation_pages() if f.src_uri not in self.sources}
        self.other_keys = {u for u in self._other_pages(self.campaign) if u in self.sources}
        self.redirects = self._redirect_targets(self.campaign) or {}
        self.retired = self._retired(self.campaign)
        self.terms = None
        land = landing.landing(self.campaign, state.site)
        self.windows = self._windows(land)
        self.tag_uris = dict(land.tag_uris)
        self.signatures = {f.src_uri: self._signature(f, self.campaign, land) for f in self._marked_pages()}
        old, self.site_dir = self.site_dir, new_dir
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        heap.settle()  # the kept site out of the collector's walks (placard/heap.py)
        return UpdateReport(seconds=time.monotonic() - start, full=True)

    # ------------------------------------------------------------------ incremental

    def _other_pages(self, campaign) -> dict[str, HtmlPage | str]:
        opts = mkdocs_hooks.live_state().site
        out: dict[str, HtmlPage | str] = {}
        for generate in PAGE_GENERATORS:
            if generate is content.slogan_pages or not serves(generate, opts.audience):
                continue
            out.update(generate(campaign, opts))
        return out

    def update(self, result: CheckResult, on_first=None) -> UpdateReport:
        """Re-render what ``result.campaign`` changes; the site stays served throughout.

        The pages of the slogans that changed are written first; then ``on_first`` gets their paths
        (``/s/x/``), and the other pages, the search index and the redirect pages follow."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import File, InclusionLevel
        from mkdocs.structure.pages import Page

        start = time.monotonic()
        report = UpdateReport()
        config, files = self.config, self.files
        state = mkdocs_hooks.live_state()
        # the same rule as the full build (mkdocs_hooks.on_config): reviewed versions only, an edit waiting
        # for its sign-offs keeps showing the last approved version
        old, (new, restored) = self.campaign, public_view(result.campaign)
        opts = state.site
        state.campaign, state.restored = new, restored
        hand_uris = self.hand_uris

        fresh: dict[str, HtmlPage | LatePage | str] = {}
        candidates: set[str] = set()
        own: set[str] = set()  # the pages of the slogans that changed themselves
        land = landing.landing(new, opts)
        if serves(content.slogan_pages, opts.audience):
            before, after = _visible_by_theme(old, opts.preview), _visible_by_theme(new, opts.preview)
            themes = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
            if any(land.tag_uris.get(t, u) != u for t, u in self.tag_uris.items()):
                themes = {t.id for t in new.config.themes}  # a tag's page moved: every slogan page may link it
                self.windows = {}
            if themes:
                windows = self._windows(land, themes)
                # a slogan page shows the slogan and the next few of its theme: those that changed
                only = {sid for sid, w in windows.items() if self.windows.get(sid) != w}
                own = {slogan_uri(sid) for sid in only if (self.windows.get(sid) or (0, 0))[1] != windows[sid][1]}
                fresh.update(content.slogan_pages_of(new, opts, themes, only))
                gone = {sid for sid, w in self.windows.items() if sid not in windows and w[0] in themes}
                candidates |= {slogan_uri(sid) for sid in gone}
                for sid in gone:
                    del self.windows[sid]
                self.windows.update(windows)
            self.tag_uris = dict(land.tag_uris)
        others = self._other_pages(new)
        fresh.update(others)
        candidates |= fresh.keys() | self.other_keys
        self.other_keys = set(others)

        changed: list[str] = []
        for uri in sorted(candidates - hand_uris):
            src = fresh.get(uri)
            if src is None:
                if uri in self.sources:
                    report.removed.append(uri)
            elif uri not in self.sources:
                report.added.append(uri)
            elif self.sources[uri] != src:
                changed.append(uri)

        removed_urls: set[str] = set()
        for uri in report.removed:
            f = files.get_file_from_path(uri)
            if f is not None:
                removed_urls.add(f.url)
                Path(f.abs_dest_path).unlink(missing_ok=True)
                files.remove(f)
            state.pages.pop(uri, None)
            state.late.pop(uri, None)
            self.sources.pop(uri, None)
            self._marked = None
        pages = []
        for uri in [*changed, *report.added]:
            src = fresh[uri]
            state.late.pop(uri, None)
            if isinstance(src, HtmlPage):
                state.pages[uri] = src
                text = ""
            elif isinstance(src, LatePage):  # a theme page: its list goes in after Markdown and search
                state.pages.pop(uri, None)
                state.late[uri] = src.late
                text = src.markdown
            else:
                state.pages.pop(uri, None)
                text = src
            f = files.get_file_from_path(uri)
            if f is None:
                f = File.generated(config, uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
                files.append(f)
                Page(None, f, config)
            else:
                f.content_string = text
            self.sources[uri] = src
            if isinstance(src, str) and "<!-- placard:" in src:
                self._marked = None
            pages.append(f.page)
        rendered = {id(pg) for pg in pages}
        for f in self._marked_pages():  # pages whose markers or related block show slogans
            sig = self._signature(f, new, land)
            if sig != self.signatures.get(f.src_uri) and f.page is not None and id(f.page) not in rendered:
                pages.append(f.page)
            self.signatures[f.src_uri] = sig

        search = self._search_plugin()
        if search is not None:
            self._new_search_words(new)
            urls = removed_urls | {p.url for p in pages}
            index = search.search_index
            index.entries = [e for e in index.entries if e["location"].split("#", 1)[0] not in urls]
        if report.added or report.removed or self._doc_files is None:
            self._doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        # the edited slogans' own pages first: a person looking at one sees it at once
        first = [pg for pg in pages if pg.file.src_uri in own]
        rest = [pg for pg in pages if pg.file.src_uri not in own]
        for batch in (first, rest):
            for page in batch:
                _populate_page(page, config, files)
            for page in batch:
                _build_page(page, config, self._doc_files, self.nav, self.env)
            if batch is first and first and on_first is not None:
                on_first(["/" + pg.url for pg in first])
        report.first = ["/" + pg.url for pg in first]
        if search is not None:
            _write_search_index(search, config)
        self._update_redirects(old, new)
        self.campaign = new
        report.rendered = [p.file.src_uri for p in pages]
        report.paths = ["/" + p.url for p in pages] + ["/" + u for u in sorted(removed_urls)]
        report.seconds = time.monotonic() - start
        return report

    @staticmethod
    def _windows(land, themes=None) -> dict[str, tuple]:
        """Slogan id -> (its theme, then the identities of the slogan and of the slogans its page shows
        after it: :meth:`Landing.related` asks ``more_slogans`` for ``MORE_SLOGANS + 1``)."""
        out: dict[str, tuple] = {}
        for tid, slogans in land.slogans_by_theme.items():
            if themes is not None and tid not in themes:
                continue
            for s in slogans:
                shown = land.more_slogans(tid, s.id, landing.MORE_SLOGANS + 1)
                out[s.id] = (tid, id(s), *(id(x) for x in shown))
        return out

    def _marked_pages(self):
        """Pages whose hooks add campaign content: hand-written pages (markers, a guide's or ad's
        related block) and generated Markdown pages with markers."""
        if self._marked is None:
            self._marked = [f.src_uri for f in self.files.documentation_pages() if f.src_uri in self.hand_uris
                            or (isinstance(self.sources.get(f.src_uri), str) and "<!-- placard:" in self.sources[f.src_uri])]
        for uri in self._marked:
            f = self.files.get_file_from_path(uri)
            if f is not None:
                yield f

    def _signature(self, f, campaign, land) -> tuple:
        """What the hooks put into page ``f`` from the campaign (equal: the page is the same)."""
        opts = mkdocs_hooks.live_state().site
        try:
            text = f.content_string
        except OSError:
            text = ""
        filled = content.fill_markers(text, campaign, opts, f.src_uri) if "<!-- placard:" in text else None
        item = land.by_page.get(f.src_uri)
        return filled, str(land.related(item, f.src_uri)) if item is not None else None

    def _writes_redirects(self, step) -> bool:
        return step in POST_BUILD and serves(step, mkdocs_hooks.live_state().site.audience)

    def _redirect_targets(self, campaign) -> dict[str, tuple[str, str]] | None:
        """The live codes' redirect targets, if this site writes them (None: it does not)."""
        if not self._writes_redirects(site_posters.write_redirects):
            return None
        return site_posters.redirect_targets(campaign, mkdocs_hooks.live_state().site)

    def _retired(self, campaign) -> set[str]:
        if not self._writes_redirects(landing.write_updated_redirects):
            return set()
        return set(landing.retired_codes(campaign, mkdocs_hooks.live_state().site.preview))

    def _update_redirects(self, old, new) -> None:
        """``Q/<CODE>/`` pages: the codes that came, went or lead elsewhere now; then the retired codes'."""
        targets = self._redirect_targets(new)
        if targets is None:
            return
        opts = mkdocs_hooks.live_state().site
        qdir = self.site_dir / REDIRECT_DIR
        retired = self._retired(new)
        gone = (self.redirects.keys() - targets.keys()) | (self.retired - targets.keys() - retired)
        for code in gone:
            for name in code_folders(code):
                (qdir / name / "index.html").unlink(missing_ok=True)
                try:
                    (qdir / name).rmdir()
                except OSError:
                    pass
        for code, what in targets.items():
            if self.redirects.get(code) != what:
                site_posters.write_code_page(str(qdir), code, site_posters.redirect_page(code, *what))
        changed = retired != self.retired or bool(gone)
        self.redirects, self.retired = targets, retired
        if changed and self._writes_redirects(landing.write_updated_redirects):
            landing.write_updated_redirects(new, opts, self.site_dir)  # writes the retired codes that have no page

    def _new_search_words(self, campaign) -> None:
        """Words a new tag or place name brings: into jieba's dictionary before pages are indexed,
        as a full build would have them (its user dictionary is read once, at the start)."""
        import jieba

        from ..site.search import campaign_terms, write_user_dict

        if self.terms is None:
            self.terms = set(campaign_terms(self.campaign))
        new_terms = [t for t in campaign_terms(campaign) if t not in self.terms]
        if new_terms:
            write_user_dict(campaign)
            for term in new_terms:
                jieba.add_word(term, 2000, "n")
                self.terms.add(term)

    def _search_plugin(self):
        plugins = self.config.plugins
        for name in ("material/search", "search"):
            plugin = plugins.get(name)
            if plugin is not None and hasattr(getattr(plugin, "search_index", None), "entries"):
                return plugin
        return None


def _write_search_index(search, config) -> None:
    """Material's search index written whole under a temporary name, then renamed over the old one:
    a browser (or a test) reading it while an edit lands never gets half a file."""
    if not hasattr(search, "search_index_prev"):  # not Material's plugin: its own way
        search.on_post_build(config=config)
        return
    if not getattr(search.config, "enabled", True):
        return
    path = Path(config.site_dir) / "search" / "search_index.json"
    data = search.search_index.generate_search_index(search.search_index_prev)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.placard-tmp-{os.getpid()}")
    tmp.write_bytes(data.encode("utf-8"))
    os.replace(tmp, path)
