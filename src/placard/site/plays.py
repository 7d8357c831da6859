"""The staff site's 播放记录 page: per list, what its screen really played (posters/playlogs/).

One section per list a play log covers: the dates, days logged, days and windows below the rule,
planned items that did not play, the files; then the play-log findings (unmatched screens and
items as counts, unreadable rows). Shown only when the campaign has play logs.
"""

from __future__ import annotations

from ..i18n import N_, P_
from ..model import Campaign
from ..playlogs import load_plays
from ..rules.playlog import check_data, summary
from ..rules.ratio import pct
from .content import render
from .registry import NAV_SECTIONS, PAGE_GENERATORS, STAFF, NavSection, SiteOptions, serve

PLAYS = "plays/index.md"


def has_plays(campaign: Campaign) -> bool:
    return bool(load_plays(campaign).files)


def plays_page(campaign: Campaign, options: SiteOptions) -> dict[str, str]:
    if not has_plays(campaign):
        return {}
    from .staff import _page

    data = load_plays(campaign)
    lists = []
    for pl in sorted(campaign.placements, key=lambda p: p.id):
        lp = data.lists.get(pl.id)
        if lp is None and pl.type != "led" and pl.rule.measure != "airtime":
            continue
        lists.append({"id": pl.id, "name": pl.name, "windows": [w.label for w in pl.rule.hours],
                      "summary": summary(lp)})
    findings = [f for f in check_data(data)]
    body = render("staff_plays.html", lists=lists, findings=findings, rows=data.rows, files=data.files,
                  strict=data.strict)
    return {PLAYS: _page(P_(PLAYS_TITLE), body, search={"exclude": True})}


def play_section(campaign: Campaign, pl, uri: str, options: SiteOptions) -> str:
    """A list page's 实际播放 section: its windows and play summary ('' when no log covers a screen list)."""
    if not has_plays(campaign) or (pl.id not in load_plays(campaign).lists and pl.type != "led"
                                   and pl.rule.measure != "airtime"):
        return ""
    from .urls import relative_url

    return "\n\n" + render("placement_plays.html", s=summary(load_plays(campaign).lists.get(pl.id)),
                           windows=[(w.label, pct(w.min_public)) for w in pl.rule.hours],
                           link=relative_url(uri, PLAYS, options.use_directory_urls))


PAGE_GENERATORS.append(serve(plays_page, STAFF))
PLAYS_TITLE = N_("Play logs")
NAV_SECTIONS.append(NavSection(PLAYS_TITLE, PLAYS, order=67, shown=has_plays, audiences=(STAFF,)))
