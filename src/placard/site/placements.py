"""The placements section: one page per placement list and an overview with an inline-SVG bar chart.

No scripts: the chart is drawn at build time. The nav gets the overview only
(a city may have thousands of lists).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from ..i18n import N_, P_
from ..ledger import MEASURE_NAMES, NATURES, TYPES
from ..model import Campaign, PlacementList
from ..placements.share import evaluate, segments, share_on
from ..rules.ratio import failure_finding, pct
from .content import _md_heading, front_matter, render
from .patrols import map_section, patrol_section
from .registry import NAV_SECTIONS, PAGE_GENERATORS, STAFF, NavSection, SiteOptions, serve
from .urls import content_link, item_uri, relative_url, thumb_uri

INDEX = "placements/index.md"
NOTHING_ON_SHOW = N_("nothing on show")
LABEL_W, BAR_MAX, ROW_H = 150, 200, 20  # about 400 wide: readable on a 360-px phone


def list_uri(pl: PlacementList) -> str:
    return f"placements/{pl.id}.md"


def _worst(pl: PlacementList) -> Fraction | None:
    shares = [s.public / s.total for s in segments(pl) if s.total]
    return min(shares) if shares else None


def _today(pl: PlacementList, day: dt.date) -> str:
    if not pl.start <= day <= pl.end:
        return P_("not in its period")
    pub, tot = share_on(pl, day)
    return pct(pub / tot) if tot else P_("nothing on show that day")


def _value(slot, measure: str) -> str:
    if measure == "count":
        return "1"
    if measure == "area":
        v = f"{float(slot.area):.2f}".rstrip("0").rstrip(".") + " m²"
        return P_("{area} ({size} mm)").format(area=v, size=f"{slot.size_mm[0]}×{slot.size_mm[1]}") if slot.size_mm else v
    return P_("{n} s").format(n=f"{float(slot.seconds):g}")


def _theme_of(campaign: Campaign):
    def theme_of(ref):
        item = campaign.item(ref)
        return item.theme if item else None

    return theme_of


def list_page(campaign: Campaign, pl: PlacementList, options: SiteOptions) -> str:
    uri = list_uri(pl)
    use_dir = options.use_directory_urls
    report = evaluate(pl, _theme_of(campaign))
    worst = _worst(pl)
    slots = []
    for s in pl.slots:
        row = {"slot": s, "kind_name": P_(NATURES[s.kind]), "value": _value(s, pl.rule.measure),
               "text": "", "link": None, "thumb": None}
        if s.kind == "public" and s.ref:
            item = campaign.item(s.ref)
            if item is None:
                row["text"] = s.ref
            else:
                row["text"] = item.title
                if item.approval.is_visible(options.today, options.preview):
                    row["link"] = content_link(uri, item_uri(item), options)
                    if item.kind == "ad":
                        row["thumb"] = relative_url(uri, thumb_uri(item.id), use_dir)
        elif s.kind == "commercial":
            row["text"] = s.advertiser or ""
        slots.append(row)
    themes = []
    for t in pl.rule.required_themes:
        theme = campaign.config.theme(t)
        themes.append(theme.name if theme else t)
    problems = [failure_finding(pl, f).message for f in report.failures][:20]
    body = render(
        "placement.html",
        pl=pl,
        ok=report.ok,
        worst_pct=pct(worst) if worst is not None else P_(NOTHING_ON_SHOW),
        required_pct=pct(pl.rule.min_public),
        measure_name=P_(MEASURE_NAMES[pl.rule.measure]),
        type_name=P_(TYPES[pl.type]),
        window=pl.rule.window,
        themes=themes,
        today=options.today,
        today_pct=_today(pl, options.today),
        slots=slots,
        problems=problems,
    )
    body += patrol_section(campaign, pl, uri, options)
    from .plays import play_section

    body += play_section(campaign, pl, uri, options)  # what the screen really played (posters/playlogs/)
    # Material prints a meta title as markup: mkdocs_hooks escapes it (once) for every page
    return front_matter(title=pl.name, hide=["toc"]) + f"# {_md_heading(pl.name)}\n\n" + body


def _label(name: str, limit: int = 11) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def overview(campaign: Campaign, options: SiteOptions) -> str:
    rows = []
    theme_of = _theme_of(campaign)
    for i, pl in enumerate(sorted(campaign.placements, key=lambda p: p.id)):
        worst = _worst(pl)
        w = worst if worst is not None else Fraction(0)
        rows.append({
            "pl": pl,
            "link": relative_url(INDEX, list_uri(pl), options.use_directory_urls),
            "ok": evaluate(pl, theme_of).ok,
            "worst_pct": pct(worst) if worst is not None else P_(NOTHING_ON_SHOW),
            "required_pct": pct(pl.rule.min_public),
            "today_pct": _today(pl, options.today),
            "type_name": P_(TYPES[pl.type]),
            "measure_name": P_(MEASURE_NAMES[pl.rule.measure]),
            "label": _label(pl.name),
            "y": i * ROW_H,
            "bar_w": round(float(w) * BAR_MAX, 1),
            "target_x": round(LABEL_W + float(pl.rule.min_public) * BAR_MAX, 1),
        })
    passing = sum(r["ok"] for r in rows)
    body = render(
        "placements_index.html",
        rows=rows,
        passing=passing,
        failing=len(rows) - passing,
        width=LABEL_W + BAR_MAX + 56,
        height=max(ROW_H, len(rows) * ROW_H),
        label_w=LABEL_W,
        bar_max=BAR_MAX,
    )
    body += map_section(campaign, INDEX, list_uri, options)
    title = P_("Public-benefit share of the placements")
    return front_matter(title=title) + f"# {title}\n\n" + body


def placement_pages(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    if not campaign.placements:
        return {}
    pages = {INDEX: overview(campaign, options)}
    for pl in campaign.placements:
        pages[list_uri(pl)] = list_page(campaign, pl, options)
    return pages


# Contacts, advertisers and 达标/不达标 are staff matters: these pages are in the staff site only.
PAGE_GENERATORS.append(serve(placement_pages, STAFF))
NAV_SECTIONS.append(NavSection(N_("Placement ledger"), INDEX, order=60, shown=lambda campaign: bool(campaign.placements),
                               audiences=(STAFF,)))
