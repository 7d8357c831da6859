"""The figures of a period, computed once from the model for every report (binder, work summary).

Pure functions: :func:`period_figures` reads the campaign (placement lists, patrols, play logs,
approvals) and returns plain data. Nothing here invents a figure: a list without records in the
period has ``None``/empty values, and the reports say so.

Definitions (the same as the inspection ledger's, so the two always agree):
- a day's share is the list's public amount over its published amount on that day
  (:func:`placard.placements.share.segments`, as the ledger's 当日公益占比); a day with nothing
  published has no share and is not counted below the rule;
- a day is below the rule when ``public < min_public × total``;
- patrols done: the distinct days with a patrol record of the list in the period; required:
  one every ``every_days`` days over the part of the list's period inside the report period
  (at least one when that part is not empty);
- a problem (破损/脏污/缺失/内容不符) belongs to the period when it was opened in it; it is fixed
  when its 已整改 record falls on or before the period's end, overdue when it was not fixed by its
  due day (the fix came late, or it is still open after the due day at the period's end).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from fractions import Fraction

from ..model import Campaign, PlacementList
from ..patrols.state import Problem, campaign_patrols
from ..placements.share import segments

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayShare:
    day: dt.date
    public: Fraction
    total: Fraction

    @property
    def share(self) -> Fraction | None:
        return self.public / self.total if self.total else None


@dataclass(frozen=True)
class ListFigures:
    pl: PlacementList
    start: (
        dt.date | None
    )  # the part of the list's period inside the report period (None: no overlap)
    end: dt.date | None
    days: tuple[DayShare, ...]  # every day of that part
    below: tuple[dt.date, ...]  # days below the rule
    lowest: Fraction | None
    median: Fraction | None
    patrol_days: tuple[dt.date, ...]
    patrols_required: int
    problems: tuple[Problem, ...]  # opened in the period
    fixed: int
    overdue: int
    fix_days: tuple[int, ...]  # days from opened to fixed, per fixed problem

    @property
    def patrols_done(self) -> int:
        return len(self.patrol_days)

    @property
    def median_fix_days(self) -> float | None:
        return statistics.median(self.fix_days) if self.fix_days else None


@dataclass(frozen=True)
class Figures:
    start: dt.date
    end: dt.date
    lists: tuple[ListFigures, ...]

    @property
    def slots(self) -> int:
        return sum(len(f.pl.slots) for f in self.lists)

    @property
    def public_slots(self) -> int:
        return sum(
            1 for f in self.lists for s in f.pl.slots if s.kind == "public" and _meets(s, self)
        )

    @property
    def lists_in_period(self) -> tuple[ListFigures, ...]:
        return tuple(f for f in self.lists if f.start is not None)

    @property
    def patrols_done(self) -> int:
        return sum(f.patrols_done for f in self.lists)

    @property
    def patrols_required(self) -> int:
        return sum(f.patrols_required for f in self.lists)

    @property
    def problems(self) -> int:
        return sum(len(f.problems) for f in self.lists)

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.lists)

    @property
    def overdue(self) -> int:
        return sum(f.overdue for f in self.lists)

    @property
    def open(self) -> int:
        return self.problems - self.fixed

    @property
    def median_fix_days(self) -> float | None:
        days = [d for f in self.lists for d in f.fix_days]
        return statistics.median(days) if days else None

    @property
    def days_below(self) -> int:
        return sum(len(f.below) for f in self.lists)


def _meets(slot, figs: Figures) -> bool:
    return slot.start <= figs.end and slot.end >= figs.start


def default_period(campaign: Campaign) -> tuple[dt.date, dt.date]:
    """From the first day of the earliest list to the build day (or the last list's end, if earlier)."""
    if not campaign.placements:
        return campaign.today, campaign.today
    start = min(pl.start for pl in campaign.placements)
    end = min(campaign.today, max(pl.end for pl in campaign.placements))
    return start, max(start, end)


def day_shares(pl: PlacementList, start: dt.date, end: dt.date) -> list[DayShare]:
    """(public, total) for every day of ``start``..``end`` inside the list's period."""
    out = []
    for seg in segments(pl):
        day = max(seg.start, start)
        last = min(seg.end, end)
        while day <= last:
            out.append(DayShare(day, seg.public, seg.total))
            day += ONE_DAY
    return out


def list_figures(
    campaign: Campaign, pl: PlacementList, start: dt.date, end: dt.date
) -> ListFigures:
    a, b = max(start, pl.start), min(end, pl.end)
    if a > b:
        return ListFigures(pl, None, None, (), (), None, None, (), 0, (), 0, 0, ())
    days = day_shares(pl, a, b)
    shares = [d.share for d in days if d.share is not None]
    below = tuple(d.day for d in days if d.total and d.public < pl.rule.min_public * d.total)
    lp = campaign_patrols(campaign).get(pl.id) if campaign.patrols is not None else None
    patrol_days: tuple[dt.date, ...] = ()
    required = 0
    problems: list[Problem] = []
    fixed = overdue = 0
    fix_days: list[int] = []
    if campaign.patrols is not None:
        every, _fix = campaign.patrols.settings.for_list(pl.id)
        # patrols are required only up to the build day: the future is not yet due
        last_due = min(b, campaign.today)
        span = (last_due - a).days + 1
        required = max(1, -(-span // every)) if span > 0 else 0
    if lp is not None:
        patrol_days = tuple(sorted({r.day for r in lp.records if a <= r.day <= b}))
        for p in lp.problems:
            if not (start <= p.opened.day <= end):
                continue
            problems.append(p)
            closed = p.closed if p.closed is not None and p.closed.day <= end else None
            if closed is not None:
                fixed += 1
                fix_days.append((closed.day - p.opened.day).days)
                if closed.day > p.due:
                    overdue += 1
            elif min(end, campaign.today) > p.due:
                overdue += 1
    return ListFigures(
        pl,
        a,
        b,
        tuple(days),
        below,
        min(shares) if shares else None,
        _median(shares),
        patrol_days,
        required,
        tuple(problems),
        fixed,
        overdue,
        tuple(fix_days),
    )


def _median(values: list[Fraction]) -> Fraction | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def period_figures(campaign: Campaign, start: dt.date, end: dt.date) -> Figures:
    lists = tuple(
        list_figures(campaign, pl, start, end)
        for pl in sorted(campaign.placements, key=lambda p: p.id)
    )
    return Figures(start, end, lists)
