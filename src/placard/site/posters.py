"""Posters on the site: the poster gallery, and QR redirect pages and poster files after the build.

The staff site gets every set (placement slots' posters too) and renders them; the public site
gets the QR redirect pages of every code and only the sets ``extra.placard.posters.public_sets``
names, linked from the cache the staff build fills (so each poster is drawn once).
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from .. import i18n
from ..findings import Finding, error
from ..i18n import N_, P_, _
from ..model import Campaign
from ..posters import qr as Q
from ..posters.build import build_posters
from ..posters.outputs import print_kind
from ..posters.plan import make_plan
from .content import front_matter, render
from .registry import (
    AUDIENCES_ALL,
    NAV_SECTIONS,
    PAGE_GENERATORS,
    POST_BUILD,
    STAFF,
    NavSection,
    SiteOptions,
    serve,
)
from .urls import item_uri, page_url, relative_url

GALLERY = "posters/index.md"
log = logging.getLogger("mkdocs.plugins.placard")


def write_redirects(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    """``Q/<CODE>/index.html`` for every code: a small page that sends the phone on to the item.

    Written straight into the built site, not as MkDocs pages: a themed page per code
    would carry the whole navigation and double the build time and output of a large
    campaign, and a resident only passes through it. A meta refresh, a script and a
    plain link, all relative to the site: no other host.
    """
    qdir = os.path.join(site_dir, Q.REDIRECT_DIR)
    os.makedirs(qdir, exist_ok=True)
    for code, html in redirect_pages(campaign, options).items():
        write_code_page(qdir, code, html)
    return []


def write_code_page(qdir: str, code: str, html: str) -> None:
    """``Q/<CODE>/index.html``, and the same page at ``Q/<code>/`` (lower case, for a code typed by
    hand): a hard link to the first where the file system has them (one call and no second copy: a
    city's 20,000 codes cost 0.3 s less than writing each twice), else a copy. The folders are made here."""
    names = Q.code_folders(code)
    for name in names:
        try:
            os.mkdir(os.path.join(qdir, name))  # one system call: the Q folder exists, and a code is new
        except FileExistsError:  # the build's folder thread made it, mkdocs build --dirty, or a file
            pass  # system that ignores case
        except FileNotFoundError:  # no Q folder yet
            os.makedirs(os.path.join(qdir, name), exist_ok=True)
    first = os.path.join(qdir, names[0], "index.html")
    with open(first, "w", encoding="utf-8") as fh:
        fh.write(html)
    for name in names[1:]:
        twin = os.path.join(qdir, name, "index.html")
        try:
            os.link(first, twin)
            continue
        except FileExistsError:
            if os.path.samefile(first, twin):  # linked before, or a file system that ignores case
                continue
            os.unlink(twin)  # an older page (mkdocs build --dirty); a link planted there is removed, not followed
            try:
                os.link(first, twin)
                continue
            except OSError:
                pass
        except OSError:  # no hard links here (FAT, some network file systems)
            pass
        with open(twin, "w", encoding="utf-8") as fh:
            fh.write(html)


#: The titles of placard's built-in formats and templates (data/formats.yml, data/templates.yml)
#: and print files, as page texts; a campaign's own formats and templates show their own titles.
FORMAT_TITLES = {
    "A4": N_("A4 portrait"), "A4-landscape": N_("A4 landscape"), "A3": N_("A3 portrait"),
    "A3-landscape": N_("A3 landscape"), "A2": N_("A2 portrait"), "A2-landscape": N_("A2 landscape"),
    "A1": N_("A1 portrait"), "A1-landscape": N_("A1 landscape"), "A0": N_("A0 portrait"),
    "A0-landscape": N_("A0 landscape"), "board": N_("display board 1200×900"),
    "hoarding": N_("hoarding 2000×1000"), "banner": N_("banner 6000×700"), "LED": N_("LED screen 1920×1080"),
    "pole-banner": N_("pole banner 800×2400"), "shelter": N_("light box 1200×1800"),
    "share": N_("share card 1200×630"),
}
TEMPLATE_TITLES = {"slogan": N_("slogan poster"), "ad": N_("public-benefit ad (with picture)"),
                   "guide": N_("civility guide (key points)"), "share": N_("share card (picture for sharing)")}
OUTPUT_LABELS = {"preview": N_("preview"), "pdf": N_("print PDF (RGB)"), "pdfx": N_("print PDF/X-4 (CMYK)"),
                 "tiff": N_("large-format TIFF (LZW)"), "jpeg": N_("large-format JPEG"), "share": N_("share card")}


def builtin_title(thing, titles: dict[str, str]) -> str:
    """A format's or template's title: a built-in one's in the campaign's language."""
    if str(getattr(thing, "file", "")).startswith("<built-in") and thing.name in titles:
        return P_(titles[thing.name])
    return thing.title


def redirect_folders(campaign: Campaign) -> list[str]:
    """The folders :func:`write_redirects` writes into, relative to the site: ``Q/<CODE>`` and
    ``Q/<code>`` for every code."""
    return [f"{Q.REDIRECT_DIR}/{name}" for code in make_plan(campaign).codes for name in Q.code_folders(code)]


def redirect_pages(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    """Code -> its ``Q/<CODE>/index.html``."""
    lang = campaign.config.language
    return {code: redirect_page(code, target, title, lang)
            for code, (target, title) in redirect_targets(campaign, options).items()}


def redirect_targets(campaign: Campaign, options: SiteOptions) -> dict[str, tuple[str, str]]:
    """Code -> (where its page sends the phone, the item's title): ``placard serve`` renders only
    the redirect pages whose target or title changed."""
    udu = options.use_directory_urls
    # Q/<CODE>/ is always two folders deep: the way back to the site root is ../../
    return {code: ("../../" + page_url(item_uri(item), udu), item.title)
            for code, (item, _url, _slot) in make_plan(campaign).codes.items()}


def redirect_page(code: str, target: str, title: str, lang: str | None = None) -> str:
    """The page at ``Q/<CODE>/``: a meta refresh, a script and a plain link to ``target`` (relative to
    the site), in the campaign's language (``zh-Hans`` when not given). Every value is escaped for
    where it goes (HTML text and attributes; the script's string as JSON that cannot end the script).
    A Python string, not a Jinja template: a large campaign has one such page per code, and Jinja
    took 10 µs for each of them (0.2 s at 20,000 codes), this 1.5 µs (its words are translated once
    per language: :func:`_redirect_template`)."""
    t = escape(target)
    return _redirect_template(lang or "zh-Hans").format(
        t=t, name=escape(title), script=htmlsafe_json_dumps(target), code=escape(code)
    )


@cache
def _redirect_template(lang: str) -> str:
    """The redirect page in ``lang`` with ``{t}``, ``{name}``, ``{script}``, ``{code}`` to fill."""

    words = i18n.normalise(lang) or i18n.DEFAULT  # a page's words: never the terminal's language

    def tr(msgid: str, **fields: str) -> str:
        text = i18n.in_language(words, msgid).replace("{", "{{").replace("}", "}}")
        for key, value in fields.items():
            text = text.replace("{{" + key + "}}", value)
        return text

    going = tr(N_("Going to: {name}"), name="{name}")
    opening = tr(N_("Opening: {link}"), link='<a href="{t}">{name}</a>')
    fallback = tr(N_("If the page does not open by itself, follow the link above. QR code {code}."), code="{code}")
    return f"""<!doctype html>
<html lang="{str(escape(lang)).replace("{", "{{").replace("}", "}}")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{t}}">
<link rel="canonical" href="{{t}}">
<title>{going}</title>
<style>body{{{{font:18px/1.7 system-ui,sans-serif;max-width:32em;margin:2em auto;padding:0 1em;color:#222}}}}a{{{{color:#1a5fb4}}}}</style>
<script>location.replace({{script}});</script>
</head>
<body>
<p>{opening}</p>
<p>{fallback}</p>
</body>
</html>
"""


def _in_site(plan, options: SiteOptions):
    """Which sets' files the site being built holds: all in the staff site, the public_sets in public."""
    if options.audience == STAFF:
        return lambda name: True
    public = set(plan.public_sets)
    return lambda name: name in public


def has_public_posters(campaign: Campaign) -> bool:
    return bool(make_plan(campaign).public_sets)


def gallery_page(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    plan = make_plan(campaign)
    wanted = _in_site(plan, options)
    if options.audience != STAFF and not plan.public_sets:
        return {}
    by_set = {}
    for job in plan.jobs:
        by_set.setdefault(job.set, []).append(job)
    sets = []
    for s in plan.sets:
        if not wanted(s.name):
            continue
        jobs = []
        for j in by_set.get(s.name, []):
            item = campaign.item(j.item_id)
            theme = campaign.config.theme(item.theme) if item else None
            files = {k: relative_url(GALLERY, v, options.use_directory_urls) for k, v in j.files.items()}
            kind = print_kind(j.spec)  # the print file of its print profile (posters/outputs.py)
            jobs.append({
                "title": j.title, "code": j.code, "colour": theme.colour if theme else "#c0392b",
                # volunteers print the PDF: the public site offers a print poster's PDF only (its
                # 300-dpi PNG would double the download), screens' posters as PNG
                # a print-only set (png: false) has no PNG to link
                "png": files.get("png") if options.audience == STAFF or kind is None else None,
                "preview": files["preview"], "print": files[kind.key] if kind else None,
                "print_label": P_(OUTPUT_LABELS.get(kind.key, kind.label)) if kind else "",
                # the staff site has no redirect pages: its link is the short address the code carries
                "qr": j.url if options.audience == STAFF else relative_url(GALLERY, Q.redirect_uri(j.code),
                                                                           options.use_directory_urls),
            })
        sheet = relative_url(GALLERY, f"posters/{s.name}/{s.name}-contact-sheet.pdf", options.use_directory_urls)
        sets.append({"name": s.name, "title": s.title, "format_title": builtin_title(s.format, FORMAT_TITLES),
                     "template_title": builtin_title(s.template, TEMPLATE_TITLES), "jobs": jobs,
                     "sheet": sheet if jobs else None})
    body = render("posters_index.html", sets=sets, built=options.posters)
    if options.audience != STAFF:
        intro = P_("Posters for community volunteers to print and put up: each has a print PDF with 3 mm "
                   "bleed and crop marks.")
    elif any(not s.png for s in plan.sets if wanted(s.name)):  # png: false (posters/outputs.py)
        intro = P_("Posters for print and screens. Each poster has a print file with 3 mm bleed and crop "
                   "marks; print-only poster sets have only the print files and previews, the other posters "
                   "a PNG picture too; the QR code on a poster leads to a fixed short address of the public "
                   "website, so it keeps working when pages move.")
    else:
        intro = P_("Posters for print and screens. Each poster has a PNG picture and a print PDF with 3 mm "
                   "bleed and crop marks; the QR code on a poster leads to a fixed short address of the public "
                   "website, so it keeps working when pages move.")
    title = P_(GALLERY_TITLE)
    return {GALLERY: front_matter(title=title, search={"exclude": True}) + f"# {title}\n\n" + intro + "\n\n" + body}


def write_posters(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    if not options.posters:
        return []
    plan = make_plan(campaign)
    if not plan.jobs:
        return []
    if options.audience == STAFF:
        report = build_posters(campaign, plan, site_dir)
    else:
        public = set(plan.public_sets)
        if not public:
            return []
        report = build_posters(campaign, plan, site_dir, sets=lambda job: job.set in public)
        for job in plan.jobs:  # print posters: the PDF is what volunteers print (see gallery_page)
            if job.set in public and print_kind(job.spec) is not None and "png" in job.files:
                (site_dir / job.files["png"]).unlink(missing_ok=True)
    log.info("placard posters: %s", report.summary())
    return [
        error("poster.render", _("poster '{file}' could not be drawn: {problem}").format(file=job.out, problem=problem),
              file=f"posters/{job.set}.yml", fix=_("fix the image or lower the format's dpi"))
        for job, problem in report.failed
    ]


def gallery_url(options: SiteOptions) -> str:
    return page_url(GALLERY, options.use_directory_urls)


PAGE_GENERATORS.append(serve(gallery_page, *AUDIENCES_ALL))
POST_BUILD.append(write_redirects)  # public only: printed codes lead to the public site
POST_BUILD.append(serve(write_posters, *AUDIENCES_ALL))
GALLERY_TITLE = N_("Publicity posters")
NAV_SECTIONS.append(NavSection(GALLERY_TITLE, GALLERY, order=80, audiences=(STAFF,)))
NAV_SECTIONS.append(NavSection(N_("Poster downloads"), GALLERY, order=80, shown=has_public_posters))
