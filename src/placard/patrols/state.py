"""Where each list and slot stands on patrols: pure functions of the model, for rules, ledger and site.

* Patrol gaps: a list is patrolled at least every ``every_days`` days from the first day of its
  period up to the build date (or its last day): the days between two patrols (the period's first
  day counting as the first) may not exceed ``every_days``.
* Problems: a damaged, dirty, missing or wrong-content record opens a problem for its slot (or the
  whole list); the next 已整改 (fixed) record for that slot, or for the whole list, closes it. It
  is due ``fix_within_days`` after it was opened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import PATROL_PROBLEMS, PatrolRecord, Patrols, PlacementList


@dataclass(frozen=True)
class Gap:
    last: dt.date  # the last patrol (or the period's first day) before the gap
    next: dt.date | None  # the next patrol, None when none came (up to ``until``)
    until: dt.date  # the day the gap is measured to
    late_days: int  # days beyond every_days
    first_day: bool  # ``last`` is the period's first day, not a patrol


@dataclass(frozen=True)
class Problem:
    opened: PatrolRecord
    closed: PatrolRecord | None
    due: dt.date

    @property
    def open(self) -> bool:
        return self.closed is None

    def late_days(self, today: dt.date) -> int:
        """Days beyond the deadline: to the fix, or to ``today`` while open (0 when in time)."""
        end = self.closed.day if self.closed else today
        return max(0, (end - self.due).days)


@dataclass(frozen=True)
class ListPatrols:
    pl: PlacementList
    records: tuple[PatrolRecord, ...]  # by day, then as written
    every_days: int
    fix_within_days: int
    gaps: tuple[Gap, ...]
    problems: tuple[Problem, ...]
    overdue_days: int  # today: days beyond every_days since the last patrol (0 if none due)

    @property
    def last(self) -> PatrolRecord | None:
        return self.records[-1] if self.records else None

    def open_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.open]

    def ok(self, today: dt.date) -> bool:
        """达标: no gap beyond every_days, no problem fixed late or open past its deadline."""
        return not self.gaps and not any(p.late_days(today) for p in self.problems)

    def slot_records(self, slot_id: str) -> list[PatrolRecord]:
        return [r for r in self.records if r.slot == slot_id or r.slot is None]

    def slot_status(self, slot_id: str) -> str | None:
        """The status a slot shows (None: never patrolled): its latest record's, but while a problem of
        the slot (or of the whole list) is open, that problem's; a later whole-list 完好 cannot hide it."""
        records = self.slot_records(slot_id)
        if not records:
            return None
        last = records[-1]
        if last.status in PATROL_PROBLEMS:
            return last.status
        problems = [p for p in self.open_problems() if p.opened.slot in (slot_id, None)]
        if problems:
            return max(problems, key=lambda p: (p.opened.day, p.opened.file, p.opened.line)).opened.status
        return last.status

    def slot_photo(self, slot_id: str) -> str | None:
        """The campaign-relative path of the slot's latest readable photo (its own or the whole list's)."""
        return next((ph.path for r in reversed(self.slot_records(slot_id)) for ph in reversed(r.photos)
                     if ph.problem in (None, "no-exif")), None)


def _gaps(pl: PlacementList, days: list[dt.date], every: int, today: dt.date) -> tuple[list[Gap], int]:
    until = min(pl.end, today)
    if until < pl.start:
        return [], 0
    gaps, anchor, first = [], pl.start, True
    for d in days:
        if d > until:
            break
        if (d - anchor).days > every:
            gaps.append(Gap(anchor, d, d, (d - anchor).days - every, first))
        anchor, first = d, False
    overdue = 0
    if (until - anchor).days > every:
        late = (until - anchor).days - every
        gaps.append(Gap(anchor, None, until, late, first))
        overdue = late if until == today else 0
    return gaps, overdue


def _problems(records: list[PatrolRecord], fix_within: int) -> list[Problem]:
    out: list[Problem] = []
    open_: dict[str | None, PatrolRecord] = {}
    for r in records:
        if r.status in PATROL_PROBLEMS:
            open_.setdefault(r.slot, r)  # a problem seen again stays the one opened first
        elif r.status == "fixed":
            keys = list(open_) if r.slot is None else [k for k in (r.slot,) if k in open_]
            for k in keys:
                first = open_.pop(k)
                out.append(Problem(first, r, first.day + dt.timedelta(days=fix_within)))
    out.extend(Problem(r, None, r.day + dt.timedelta(days=fix_within)) for r in open_.values())
    return sorted(out, key=lambda p: (p.opened.day, p.opened.slot or ""))


def list_patrols(pl: PlacementList, patrols: Patrols, today: dt.date) -> ListPatrols:
    records = [r for r in patrols.records if r.list_id == pl.id]
    records.sort(key=lambda r: (r.day, r.file, r.line))
    every, fix_within = patrols.settings.for_list(pl.id)
    gaps, overdue = _gaps(pl, sorted({r.day for r in records}), every, today)
    return ListPatrols(pl, tuple(records), every, fix_within, tuple(gaps), tuple(_problems(records, fix_within)),
                       overdue)


def campaign_patrols(campaign) -> dict[str, ListPatrols]:
    """Per list id, once per campaign (the ledger, the site and the rules ask for the same)."""
    cached = campaign.__dict__.get("_patrol_state")
    if cached is None:
        cached = {} if campaign.patrols is None else {
            pl.id: list_patrols(pl, campaign.patrols, campaign.today) for pl in campaign.placements}
        object.__setattr__(campaign, "_patrol_state", cached)
    return cached
