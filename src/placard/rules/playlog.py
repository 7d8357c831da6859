"""The share rule on what screens really played (``posters/playlogs/``), and plan versus play.

For every list a play log covers, on every day with plays:

* ``playlog.share`` — public seconds ÷ all seconds played below the list's ``min_public`` (the
  message says whether the plan met the rule that day: then the screen did not play the plan);
* ``playlog.hours`` — the same inside each ``rule.hours`` window (e.g. 19:00–21:00);
* ``playlog.missing`` — a public slot planned that day whose item did not play at all;
* ``playlog.gap`` — days between the first and last logged day with no plays at all.

Loader findings (unreadable files, times that do not parse, screens and items that match
nothing — as counts per file) come from :mod:`placard.playlogs`. Evidence describes the past:
all of these are warnings, and errors with ``extra.placard.playlogs: {strict: true}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..model import Campaign, HourWindow
from ..placements.share import ONE_DAY, share_on
from ..playlogs import ListPlays, PlayData, load_plays
from .ratio import MAX_RANGES, amount, list_label, pct, span

RULES = {
    "playlog.share": N_("on a day the screen played less public airtime than the list's rule asks"),
    "playlog.hours": N_("in a time-of-day window the screen played less public airtime than the window asks"),
    "playlog.missing": N_("a planned public item did not play on a day"),
    "playlog.gap": N_("days inside a play log's range with no plays"),
    "playlog.unreadable": N_("a play log cannot be read"),
    "playlog.bad-time": N_("play-log rows whose time cannot be read"),
    "playlog.bad-seconds": N_("play-log rows whose duration is not a number of seconds"),
    "playlog.unmatched-screen": N_("play-log rows of screens that match no placement list"),
    "playlog.unmatched-item": N_("play-log rows of items that match no slot or campaign item"),
    "playlog.outside-period": N_("play-log rows outside their list's period"),
    "playlogs.map": N_("posters/playlogs/map.yml is wrong"),
    "playlogs.settings": N_("extra.placard.playlogs is wrong"),
}


@dataclass(frozen=True)
class DayShare:
    """One day (or one window of a day) as played: public and total seconds, and the verdict."""

    day: dt.date
    window: HourWindow | None  # None: the whole day
    public: Fraction
    total: Fraction
    required: Fraction
    plan_ok: bool | None  # the plan's share that day (None for a window: see rules.hours)

    @property
    def share(self) -> Fraction | None:
        return self.public / self.total if self.total else None

    @property
    def ok(self) -> bool:
        return self.total > 0 and self.public >= self.required * self.total


def day_shares(lp: ListPlays) -> list[DayShare]:
    """Every logged day, whole and per window, in date order (the ledger's play sheet)."""
    pl = lp.list
    out = []
    for day in sorted(lp.days):
        pub, tot = lp.days[day]
        ppub, ptot = share_on(pl, day)
        out.append(DayShare(day, None, pub, tot, pl.rule.min_public,
                            ptot > 0 and ppub >= pl.rule.min_public * ptot))
        for w in pl.rule.hours:
            wp, wt = lp.windows.get((day, w), (Fraction(0), Fraction(0)))
            out.append(DayShare(day, w, wp, wt, w.min_public, None))
    return out


def missing(lp: ListPlays) -> list[tuple[str, str, dt.date, dt.date]]:
    """(slot id, item id, first day, last day): runs of logged days on which a planned public item did not play."""
    out = []
    days = sorted(lp.days)
    for s in lp.list.slots:
        if s.kind != "public" or not s.ref:
            continue
        run: list[dt.date] = []
        for d in days:
            if s.start <= d <= s.end and s.ref not in lp.played.get(d, ()):
                if run and run[-1] + ONE_DAY != d:
                    out.append((s.id, s.ref, run[0], run[-1]))
                    run = []
                run.append(d)
        if run:
            out.append((s.id, s.ref, run[0], run[-1]))
    return out


def gaps(lp: ListPlays) -> list[dt.date]:
    if not lp.days:
        return []
    d, last, out = lp.first, lp.last, []
    while d <= last:
        if d not in lp.days:
            out.append(d)
        d += ONE_DAY
    return out


@dataclass(frozen=True)
class PlaySummary:
    """One list's play evidence in a line (ledger summary, staff site)."""

    first: dt.date | None
    last: dt.date | None
    days: int
    days_below: int
    windows_below: int
    missing_runs: int
    files: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.days > 0 and not self.days_below and not self.windows_below

    @property
    def verdict(self) -> str:
        return "无播放记录" if not self.days else ("达标" if self.ok else "不达标")


def summary(lp: ListPlays | None) -> PlaySummary:
    if lp is None:
        return PlaySummary(None, None, 0, 0, 0, 0, ())
    shares = day_shares(lp)
    return PlaySummary(lp.first, lp.last, len(lp.days), sum(1 for s in shares if s.window is None and not s.ok),
                       sum(1 for s in shares if s.window is not None and s.total and not s.ok),
                       len(missing(lp)), tuple(sorted(lp.files)))


def _runs(items: list[DayShare]) -> list[list[DayShare]]:
    runs: list[list[DayShare]] = []
    for s in items:
        if runs and runs[-1][-1].day + ONE_DAY == s.day and runs[-1][-1].plan_ok == s.plan_ok:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _span(a: dt.date, b: dt.date) -> str:
    return span(a, b)


def _worst_day(day: dt.date) -> str:
    return _(" on {day}").format(day=day)


def _capped(findings: list[Finding], label: str) -> list[Finding]:
    if len(findings) <= MAX_RANGES:
        return findings
    first = findings[0]
    msg = _("{label}: {n} more date ranges of the same kind (only the first ones are listed)").format(
        label=label, n=len(findings) - MAX_RANGES)
    return [*findings[:MAX_RANGES], Finding(first.rule, first.severity, msg,
                                            file=first.file, line=first.line, field=first.field, fix=first.fix)]


def list_findings(lp: ListPlays, sev: Severity) -> list[Finding]:
    pl = lp.list
    label = list_label(pl)
    files = ", ".join(sorted(lp.files))
    rel, line = pl.source.file, pl.source.line_of("rule")
    shares = day_shares(lp)
    out: list[Finding] = []
    below = [s for s in shares if s.window is None and s.total and not s.ok]
    found = []
    for run in _runs(below):
        worst = min(run, key=lambda s: s.share)
        if worst.plan_ok:
            msg = _("{label}: {when} the screen played {share} public airtime ({public} of {total}{worst}), below "
                    "the required {need}, though the plan meets the rule on those days: the screen did not play "
                    "the plan (play log: {files})")
        else:
            msg = _("{label}: {when} the screen played {share} public airtime ({public} of {total}{worst}), below "
                    "the required {need}, and the plan itself falls short on those days (play log: {files})")
        found.append(Finding(
            "playlog.share", sev, msg.format(
                label=label, when=_span(run[0].day, run[-1].day), share=pct(worst.share),
                public=amount(worst.public, "airtime", up=False), total=amount(worst.total, "airtime", up=False),
                worst=_worst_day(worst.day) if len(run) > 1 else "", need=pct(pl.rule.min_public), files=files),
            file=rel, line=line, field="rule.min_public",
            fix=_("ask the screen's operator to play the planned loop and send the corrected export")
            if worst.plan_ok else _("fix the plan first (see ratio.share), then the screen's loop")))
    out += _capped(found, label)
    for w in pl.rule.hours:
        wbelow = [s for s in shares if s.window == w and s.total and not s.ok]
        found = []
        for run in _runs(wbelow):
            worst = min(run, key=lambda s: s.share)
            found.append(Finding(
                "playlog.hours", sev, _("{label}: {when} in {window} the screen played {share} public airtime "
                                        "({public} of {total}{worst}), below the window's {need} (play log: "
                                        "{files})").format(
                    label=label, when=_span(run[0].day, run[-1].day), window=w.label, share=pct(worst.share),
                    public=amount(worst.public, "airtime", up=False), total=amount(worst.total, "airtime", up=False),
                    worst=_worst_day(worst.day) if len(run) > 1 else "", need=pct(w.min_public), files=files),
                file=rel, line=line, field="rule.hours",
                fix=_("have the operator schedule more public content in {window}, or move commercial spots out "
                      "of that window").format(window=w.label)))
        out += _capped(found, f"{label} {w.label}")
    found = []
    for sid, ref, a, b in missing(lp):
        slot = next(s for s in pl.slots if s.id == sid)
        found.append(Finding(
            "playlog.missing", sev, _("{label}: slot '{slot}' plans public item '{ref}', but it did not play "
                                      "{when} (play log: {files})").format(label=label, slot=sid, ref=ref,
                                                                           when=_span(a, b), files=files),
            file=rel, line=slot.line, field="ref",
            fix=_("ask the operator to put '{ref}' in the loop, or map its file name to '{ref}' in "
                  "posters/playlogs/map.yml if it did play under another name").format(ref=ref)))
    out += _capped(found, label)
    g = gaps(lp)
    if g:
        shown = ", ".join(map(str, g[:5]))
        if len(g) > 5:
            shown = _("{days} and {n} more").format(days=shown, n=len(g) - 5)
        out.append(Finding("playlog.gap", sev, _("{label}: no plays are logged on {n} day(s) between {first} and "
                                                 "{last}: {days}").format(label=label, n=len(g), first=lp.first,
                                                                          last=lp.last, days=shown),
                           file=rel, line=line,
                           fix=_("add the missing days' export to posters/playlogs/, or find out why the screen "
                                 "was off")))
    return out


def check_data(data: PlayData) -> list[Finding]:
    out = list(data.findings)
    for lid in sorted(data.lists):
        out.extend(list_findings(data.lists[lid], data.severity))
    return out


def check(campaign: Campaign) -> list[Finding]:
    return check_data(load_plays(campaign))
