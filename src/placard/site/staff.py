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
from ..ledger import ledger_rows, write_csv, write_xlsx
from ..model import Campaign
from ..rules.approvals import EXPIRING_DAYS, approvals_report
from ..scans import LogProblem, read_log, scan_report
from ..sites import scan_logs
from .content import _md_heading, front_matter, render
from .placements import INDEX as PLACEMENTS_INDEX
from .posters import GALLERY
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
KIND_ZH = {"slogan": "标语", "ad": "公益广告", "guide": "文明指南"}

log = logging.getLogger("mkdocs.plugins.placard")


def _page(title: str, body: str, **meta) -> str:
    """Front matter and heading (mkdocs_hooks escapes the meta title once: Material prints it as markup)."""
    return front_matter(title=title, **meta) + f"# {_md_heading(title)}\n\n" + body


# ---------------------------------------------------------------- home


def _sections(campaign: Campaign, options: SiteOptions) -> list[dict]:
    udu = options.use_directory_urls
    out = []
    if campaign.placements:
        out.append({"title": "点位台账", "link": relative_url(HOME, PLACEMENTS_INDEX, udu),
                    "text": f"{len(campaign.placements)} 个点位的公益占比、槽位、联系人"})
        out.append({"title": "台账下载", "link": relative_url(HOME, LEDGER, udu), "text": "迎检台账 XLSX 和 CSV"})
    out.append({"title": "宣传海报", "link": relative_url(HOME, GALLERY, udu),
                "text": "全部海报组和点位海报的 PNG 与印刷 PDF"})
    out.append({"title": "审核与到期", "link": relative_url(HOME, APPROVALS, udu),
                "text": f"待审核草稿，{EXPIRING_DAYS} 天内到期的内容"})
    if _scans_config(campaign) is not None:
        out.append({"title": "扫码统计", "link": relative_url(HOME, SCANS, udu), "text": "各二维码、内容和点位的扫码次数"})
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
    return _page(f"{campaign.config.name}（工作人员）", body, hide=["toc"])


# ---------------------------------------------------------------- ledger


def ledger_files(campaign: Campaign) -> dict[str, str]:
    """Site-relative paths of the ledger files -> what each holds."""
    from .plays import has_plays

    day = campaign.today.isoformat()
    patrols = campaign.patrols is not None
    sheets = ["台账（每个槽位一行" + ("，含最近巡查和照片）" if patrols else "）"), "汇总（每个点位一行）",
              *(["巡查记录（每条记录一行）"] if patrols else []), *(["播放"] if has_plays(campaign) else [])]
    files = {
        f"ledger/ledger-{day}.xlsx": "Excel/WPS 工作簿，工作表：" + "、".join(sheets),
        f"ledger/ledger-{day}.csv": "台账（每个槽位一行），UTF-8 CSV",
        f"ledger/ledger-{day}-summary.csv": "汇总（每个点位一行），UTF-8 CSV",
    }
    if patrols:
        files[f"ledger/ledger-{day}-patrols.csv"] = "巡查记录（每条记录一行），UTF-8 CSV"
    files.update(play_ledger_files(campaign))
    return files


def play_ledger_files(campaign: Campaign) -> dict[str, str]:
    """The 播放 sheet's CSV, when the campaign has screen play logs (the XLSX has it as a sheet too)."""
    from .plays import has_plays

    if not has_plays(campaign):
        return {}
    return {f"ledger/ledger-{campaign.today.isoformat()}-plays.csv":
            "播放（每块屏每天全天和各时段的实际播放时长与公益占比），UTF-8 CSV；工作簿中为“播放”工作表"}


def ledger_page(campaign: Campaign, options: SiteOptions) -> str:
    ledger = ledger_rows(campaign, campaign.today)
    files = [{"name": Path(p).name, "text": text, "link": relative_url(LEDGER, p, options.use_directory_urls)}
             for p, text in ledger_files(campaign).items()]
    body = render("staff_ledger.html", day=campaign.today, files=files, slots=len(ledger.slots),
                  lists=len(ledger.summary), failing=sum(1 for r in ledger.summary if r[10] == "不达标"))
    return _page("台账下载", body, search={"exclude": True})


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
                  expiring=rows, kinds=KIND_ZH, trails=trail_rows(campaign))
    return _page("审核与到期", body)


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
    return _page("扫码统计", body, search={"exclude": True})


def write_scans(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    if _scans_config(campaign) is None:
        return []
    _paths, report, _problems = _scan_data(campaign)
    if report.codes:
        out = site_dir / scans_csv(campaign)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_csv(report, campaign.config.site_url), encoding="utf-8-sig", newline="")
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
NAV_SECTIONS.append(NavSection("台账下载", LEDGER, order=65, shown=lambda campaign: bool(campaign.placements),
                               audiences=(STAFF,)))
NAV_SECTIONS.append(NavSection("审核与到期", APPROVALS, order=70, audiences=(STAFF,)))
NAV_SECTIONS.append(NavSection("扫码统计", SCANS, order=90, shown=lambda campaign: _scans_config(campaign) is not None,
                               audiences=(STAFF,)))
