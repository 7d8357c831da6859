"""Time-of-day windows on the plan: in each ``rule.hours`` window, the planned loop's public share.

On every day, the loop in a window is the published slots whose own ``hours`` overlap it (a slot
without ``hours`` plays all day); public seconds ÷ all seconds must reach the window's
``min_public``. A plan that breaks a window is an error like any share rule (``ratio.hours``),
a warning while the list's rule has ``warn_only`` or with ``check --warn-only``.

The same windows are checked on what really played by :mod:`placard.rules.playlog`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..findings import Finding, Severity
from ..hours import overlaps
from ..i18n import N_, _
from ..model import Campaign, HourWindow, PlacementList
from ..placements.share import ONE_DAY, needed, segments
from .ratio import MAX_RANGES, amount, list_label, pct, span

RULES = {
    "ratio.hours": N_("in a time-of-day window the planned loop carries less than the window's public share"),
}


@dataclass(frozen=True)
class WindowFailure:
    window: HourWindow
    start: dt.date
    end: dt.date
    public: Fraction
    total: Fraction


def window_share(pl: PlacementList, slots, w: HourWindow) -> tuple[Fraction, Fraction]:
    """(public, total) seconds of one loop of ``slots`` during window ``w``."""
    pub = tot = Fraction(0)
    for s in slots:
        if s.kind == "vacant" or not overlaps(s.hours, w):
            continue
        v = s.value(pl.rule.measure)
        tot += v
        if s.kind == "public":
            pub += v
    return pub, tot


def plan_failures(pl: PlacementList) -> list[WindowFailure]:
    """Date ranges on which the planned loop breaks a window (adjacent days joined)."""
    if not pl.rule.hours:
        return []
    out: list[WindowFailure] = []
    last: dict[HourWindow, WindowFailure] = {}
    for seg in segments(pl, with_slots=True):
        for w in pl.rule.hours:
            pub, tot = window_share(pl, seg.slots, w)
            if tot == 0 or pub >= w.min_public * tot:
                continue
            prev = last.get(w)
            if prev is not None and prev.end + ONE_DAY == seg.start:
                worse = pub * prev.total < prev.public * tot
                merged = WindowFailure(w, prev.start, seg.end, pub if worse else prev.public,
                                       tot if worse else prev.total)
                out[out.index(prev)] = merged
                last[w] = merged
            else:
                f = WindowFailure(w, seg.start, seg.end, pub, tot)
                out.append(f)
                last[w] = f
    return out


def _span(a: dt.date, b: dt.date) -> str:
    return span(a, b)


def finding(pl: PlacementList, f: WindowFailure) -> Finding:
    m = pl.rule.measure
    add, conv, can_add = needed(f.public, f.total, f.window.min_public)
    if can_add:
        fix = _("{when} add {add} of public content playing in {window} (or turn {convert} of commercial content "
                "public); a slot plays all day unless its 'hours' says otherwise")
    else:
        fix = _("{when} turn {convert} of commercial content public; a slot plays all day unless its 'hours' "
                "says otherwise")
    fix = fix.format(when=_span(f.start, f.end), add=amount(add, m), convert=amount(conv, m), window=f.window.label)
    msg = _("{list}: {when} the planned loop in {window} is {share} public ({public} of {total}), below the "
            "window's {need}").format(list=list_label(pl), when=_span(f.start, f.end), window=f.window.label,
                                      share=pct(f.public / f.total), public=amount(f.public, m, up=False),
                                      total=amount(f.total, m, up=False), need=pct(f.window.min_public))
    sev = Severity.WARNING if pl.rule.warn_only else Severity.ERROR
    return Finding("ratio.hours", sev, msg, file=pl.source.file, line=pl.source.line_of("rule"),
                   field="rule.hours", fix=fix)


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    for pl in campaign.placements:
        fails = plan_failures(pl)
        out.extend(finding(pl, f) for f in fails[:MAX_RANGES])
        if len(fails) > MAX_RANGES:
            first = finding(pl, fails[0])
            out.append(Finding(first.rule, first.severity, _("list '{id}': {n} more date ranges break a "
                                                              "time-of-day window (only the first ones are "
                                                              "listed)").format(id=pl.id, n=len(fails) - MAX_RANGES),
                               file=first.file, line=first.line, field=first.field, fix=first.fix))
    return out
