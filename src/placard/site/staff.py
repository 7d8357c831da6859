"""The staff site (内部资料): its home with draft and retired counts, the ledger downloads, the
approvals report and the scan report, and what marks every staff page as internal.

The placement pages (:mod:`.placements`) and the full poster gallery (:mod:`.posters`) register
for the staff site in their own modules. The staff site holds no public content pages: its links
to a slogan, guide or ad go to the public site (``site_url``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

from ..commands.scans import render_csv
from ..findings import Finding
from ..i18n import N_, P_
from ..ledger import ledger_rows, write_csv, write_xlsx
from ..model import Campaign
from ..rules.approvals import EXPIRING_DAYS, approvals_report
from ..scans import LogProblem, read_log, scan_report
from ..sites import scan_logs
from .content import _md_heading, front_matter, render
from .placements import INDEX as PLACEMENTS_INDEX
from .posters import GALLERY, GALLERY_TITLE
from .registry import (
    NAV_SECTIONS,
    PAGE_GENERATORS,
    POST_BUILD,
    STAFF,
    NavSection,
    SiteOptions,
    serve,
)
from .urls import content_link, item_uri, relative_url, theme_uri

HOME = "index.md"
LEDGER = "ledger/index.md"
APPROVALS = "approvals/index.md"
SCANS = "scans/index.md"
BANNER_TEXT = "内部资料 — 不对外公开"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'
KINDS = {"slogan": N_("Slogan"), "ad": N_("Public-benefit ad"), "guide": N_("Civility guide")}
PLACEMENTS_TITLE = N_("Placement ledger")
LEDGER_TITLE = N_("Ledger downloads")
APPROVALS_TITLE = N_("Approvals and expiry")
SCANS_TITLE = N_("Scan statistics")

log = logging.getLogger("mkdocs.plugins.placard")


def _page(title: str, body: str, **meta) -> str:
    """Front matter and heading (mkdocs_hooks escapes the meta title once: Material prints it as markup)."""
    return front_matter(title=title, **meta) + f"# {_md_heading(title)}\n\n" + body


# ---------------------------------------------------------------- home


def _sections(campaign: Campaign, options: SiteOptions) -> list[dict]:
    udu = options.use_directory_urls
    out = []
    if campaign.placements:
        out.append({"title": P_(PLACEMENTS_TITLE), "link": relative_url(HOME, PLACEMENTS_INDEX, udu),
                    "text": P_("public-benefit share, slots and contacts of {n} placements").format(
                        n=len(campaign.placements))})
        out.append({"title": P_(LEDGER_TITLE), "link": relative_url(HOME, LEDGER, udu),
                    "text": P_("the inspection ledger as XLSX and CSV")})
    out.append({"title": P_(GALLERY_TITLE), "link": relative_url(HOME, GALLERY, udu),
                "text": P_("PNG and print PDF of every poster set and every placement's posters")})
    out.append({"title": P_(APPROVALS_TITLE), "link": relative_url(HOME, APPROVALS, udu),
                "text": P_("drafts waiting for approval, content expiring within {days} days").format(
                    days=EXPIRING_DAYS)})
    if _scans_config(campaign) is not None:
        out.append({"title": P_(SCANS_TITLE), "link": relative_url(HOME, SCANS, udu),
                    "text": P_("scans of each QR code, item and placement")})
    return out


def home(campaign: Campaign, options: SiteOptions) -> str:
    published, drafts, retired = Counter(), Counter(), Counter()
    for item in campaign.items():
        if item.approval.is_published(campaign.today):
            published[item.theme] += 1
        elif item.approval.status == "draft":
            drafts[item.theme] += 1
        else:
            retired[item.theme] += 1
    rows = [{"theme": t, "published": published[t.id], "draft": drafts[t.id], "retired": retired[t.id],
             "link": content_link(HOME, theme_uri(t.id), options)} for t in campaign.config.themes]
    totals = {
        "slogans": len(campaign.published(campaign.slogans)),
        "guides": len(campaign.published(campaign.guides)),
        "ads": len(campaign.published(campaign.ads)),
        "drafts": sum(drafts.values()),
        "retired": sum(retired.values()),
    }
    body = render("staff_home.html", campaign=campaign, rows=rows, totals=totals,
                  sections=_sections(campaign, options), public_url=options.public_url)
    return _page(P_("{name} (staff)").format(name=campaign.config.name), body, hide=["toc"])


# ---------------------------------------------------------------- ledger


def ledger_files(campaign: Campaign) -> dict[str, str]:
    """Site-relative paths of the ledger files -> what each holds."""
    from .plays import has_plays

    day = campaign.today.isoformat()
    patrols = campaign.patrols is not None
    slots_sheet = P_("Ledger (a row per slot, with the last patrol and photo)") if patrols else P_(
        "Ledger (a row per slot)")
    sheets = [slots_sheet, P_("Summary (a row per placement)"),
              *([P_("Patrol records (a row per record)")] if patrols else []),
              *([P_("Plays")] if has_plays(campaign) else [])]
    files = {
        f"ledger/ledger-{day}.xlsx": P_("Excel/WPS workbook, sheets: {sheets}").format(
            sheets=P_(", ").join(sheets)),
        f"ledger/ledger-{day}.csv": P_("Ledger (a row per slot), UTF-8 CSV"),
        f"ledger/ledger-{day}-summary.csv": P_("Summary (a row per placement), UTF-8 CSV"),
    }
    if patrols:
        files[f"ledger/ledger-{day}-patrols.csv"] = P_("Patrol records (a row per record), UTF-8 CSV")
    files.update(play_ledger_files(campaign))
    return files


def play_ledger_files(campaign: Campaign) -> dict[str, str]:
    """The 播放 sheet's CSV, when the campaign has screen play logs (the XLSX has it as a sheet too)."""
    from .plays import has_plays

    if not has_plays(campaign):
        return {}
    return {f"ledger/ledger-{campaign.today.isoformat()}-plays.csv":
            P_("Plays (per screen and day, the airtime played over the whole day and in each time window, and "
               "its public-benefit share), UTF-8 CSV; the “Plays” sheet in the workbook")}


def ledger_page(campaign: Campaign, options: SiteOptions) -> str:
    ledger = ledger_rows(campaign, campaign.today)
    files = [{"name": Path(p).name, "text": text, "link": relative_url(LEDGER, p, options.use_directory_urls)}
             for p, text in ledger_files(campaign).items()]
    body = render("staff_ledger.html", day=campaign.today, files=files, slots=len(ledger.slots),
                  lists=len(ledger.summary), failing=ledger.failing)
    return _page(P_(LEDGER_TITLE), body, search={"exclude": True})


def write_ledger(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    if not campaign.placements:
        return []
    ledger = ledger_rows(campaign, campaign.today)
    paths = [site_dir / p for p in ledger_files(campaign)]
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(ledger, paths[0])
    write_csv(ledger, paths[1])  # and its summary (and patrol history) beside it, as ledger.py names them
    return []


# ---------------------------------------------------------------- approvals


def approvals_page(campaign: Campaign, options: SiteOptions) -> str:
    waiting, expiring = approvals_report(campaign)
    rows = []
    for r in expiring:
        item = campaign.item(r.id)
        link = content_link(APPROVALS, item_uri(item), options) if item is not None else None
        rows.append({**vars(r), "link": link})
    from ..review.state import trail_rows

    body = render("staff_approvals.html", day=campaign.today, days=EXPIRING_DAYS, waiting=waiting,
                  expiring=rows, kinds={k: P_(v) for k, v in KINDS.items()}, trails=trail_rows(campaign))
    return _page(P_(APPROVALS_TITLE), body)


# ---------------------------------------------------------------- scans


def _scans_config(campaign: Campaign) -> list[str] | None:
    """The log paths of ``extra.placard.scans.logs``, or None when the campaign has no scan report."""
    block = campaign.config.raw.get("scans")
    if not hasattr(block, "get"):
        return None
    logs = block.get("logs")
    if isinstance(logs, str):
        logs = [logs]
    return [str(x) for x in logs] if isinstance(logs, list) else None


def _scan_data(campaign: Campaign):
    cached = campaign.__dict__.get("_staff_scans")
    if cached is None:
        paths = scan_logs(campaign.root, _scans_config(campaign) or [])
        logs, problems = [], []
        for path in paths:
            try:
                logs.append(read_log(path))
            except LogProblem as exc:
                problems.append(str(exc))
        cached = (paths, scan_report(campaign, logs), problems)
        object.__setattr__(campaign, "_staff_scans", cached)
    return cached


def scans_csv(campaign: Campaign) -> str:
    return f"scans/scans-{campaign.today.isoformat()}.csv"


def scans_page(campaign: Campaign, options: SiteOptions) -> str:
    paths, report, problems = _scan_data(campaign)
    for p in problems:
        log.warning("placard scans: %s", p)
    csv_link = relative_url(SCANS, scans_csv(campaign), options.use_directory_urls) if report.codes else None
    body = render("staff_scans.html", report=report, logs=paths, problems=problems, csv=csv_link)
    return _page(P_(SCANS_TITLE), body, search={"exclude": True})


def write_scans(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    if _scans_config(campaign) is None:
        return []
    _paths, report, _problems = _scan_data(campaign)
    if report.codes:
        out = site_dir / scans_csv(campaign)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_csv(report, campaign.config.site_url, campaign.config.language), encoding="utf-8-sig", newline="")
    return []


# ---------------------------------------------------------------- the whole staff site


def staff_pages(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    pages = {HOME: home(campaign, options), APPROVALS: approvals_page(campaign, options)}
    if campaign.placements:
        pages[LEDGER] = ledger_page(campaign, options)
    if _scans_config(campaign) is not None:
        pages[SCANS] = scans_page(campaign, options)
    return pages


def keep_private(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    """No search engine lists the staff site: robots.txt says so, and the sitemap (which would
    name the staff pages under the public address) goes."""
    (site_dir / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    return []


_HEAD = re.compile(r"<head[^>]*>", re.I)
_BODY = re.compile(r"<body[^>]*>", re.I)


def marks_in(text: str) -> bool:
    """Whether ``text`` holds what :func:`mark_page` looks for (see a11y.LOOKS_FOR)."""
    return bool(_HEAD.search(text) or _BODY.search(text))


def mark_page(html: str) -> str:
    """Every staff page gets ``noindex`` and a banner that says it is internal."""
    m = _HEAD.search(html)
    if m:
        html = html[: m.end()] + "\n" + NOINDEX + html[m.end():]
    m = _BODY.search(html)
    if m:
        html = html[: m.end()] + "\n" + render("staff_banner.html") + html[m.end():]
    return html


PAGE_GENERATORS.append(serve(staff_pages, STAFF))
POST_BUILD.append(serve(write_ledger, STAFF))
POST_BUILD.append(serve(write_scans, STAFF))
POST_BUILD.append(serve(keep_private, STAFF))
NAV_SECTIONS.append(NavSection(LEDGER_TITLE, LEDGER, order=65, shown=lambda campaign: bool(campaign.placements),
                               audiences=(STAFF,)))
NAV_SECTIONS.append(NavSection(APPROVALS_TITLE, APPROVALS, order=70, audiences=(STAFF,)))
NAV_SECTIONS.append(NavSection(SCANS_TITLE, SCANS, order=90, shown=lambda campaign: _scans_config(campaign) is not None,
                               audiences=(STAFF,)))
