"""The public-benefit share of a placement list, on every day, by a sweep over slot dates.

A slot is up from its ``start`` to its ``end`` day (inclusive). Its amount
(1 slot, m² or seconds) enters the totals on ``start`` and leaves on
``end + 1``; sorting those events splits the list's period into segments in
which nothing changes, so a list of n slots is checked in O(n log n) however
long its period is. Amounts are scaled to integers, so a comparison is exact:
29.99 % fails a 30 % rule and exactly 30 % passes.

Pure functions of a :class:`~placard.model.PlacementList`; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from ..model import PlacementList, Slot

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    """Days ``start``..``end`` (inclusive) on which the same slots are up."""

    start: dt.date
    end: dt.date
    public: Fraction
    total: Fraction
    slots: tuple[Slot, ...] = ()  # published slots (only when asked for)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Failure:
    """One date range on which a list breaks one of its rules."""

    kind: str  # share | empty | window | theme
    start: dt.date
    end: dt.date
    public: Fraction = Fraction(0)  # the worst day in the range (share)
    total: Fraction = Fraction(0)
    add_public: Fraction = Fraction(0)  # public amount to add (None-like 0 when impossible)
    convert: Fraction = Fraction(0)  # or commercial amount to turn public
    slots: tuple[str, ...] = ()  # window: the offending run
    themes: tuple[str, ...] = ()  # theme: the missing themes
    can_add: bool = True  # False when the rule is 100 % (adding never helps)

    @property
    def share(self) -> Fraction | None:
        return self.public / self.total if self.total else None


@dataclass(frozen=True)
class Report:
    list: PlacementList
    failures: tuple[Failure, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not any(f.kind != "empty" for f in self.failures)


def _scale(pl: PlacementList) -> int:
    """The least integer that turns every slot amount into a whole number."""
    measure = pl.rule.measure
    if measure == "count":
        return 1
    den = 1
    for s in pl.slots:
        den = math.lcm(den, s.value(measure).denominator)
    return den


def segments(pl: PlacementList, with_slots: bool = False) -> list[Segment]:
    """Split the list's period into segments of constant published totals (vacant slots are not published)."""
    measure = pl.rule.measure
    scale = _scale(pl)
    delta: dict[dt.date, list[int]] = {pl.start: [0, 0], pl.end + ONE_DAY: [0, 0]}
    adds: dict[dt.date, list[Slot]] = {}
    drops: dict[dt.date, list[Slot]] = {}
    for s in pl.slots:
        if s.kind == "vacant":
            continue
        v = s.value(measure)
        amount = 1 if measure == "count" else int(v * scale)
        pub = amount if s.kind == "public" else 0
        a = delta.setdefault(s.start, [0, 0])
        a[0] += pub
        a[1] += amount
        b = delta.setdefault(s.end + ONE_DAY, [0, 0])
        b[0] -= pub
        b[1] -= amount
        if with_slots:
            adds.setdefault(s.start, []).append(s)
            drops.setdefault(s.end + ONE_DAY, []).append(s)
    days = sorted(delta)
    out: list[Segment] = []
    pub = tot = 0
    active: dict[str, Slot] = {}
    for day, nxt in zip(days, days[1:], strict=False):
        d = delta[day]
        pub += d[0]
        tot += d[1]
        if with_slots:
            for s in drops.get(day, ()):
                active.pop(id(s), None)
            for s in adds.get(day, ()):
                active[id(s)] = s
        if day > pl.end:
            break
        if day < pl.start:  # slot dates are checked at load; be safe anyway
            continue
        out.append(Segment(day, nxt - ONE_DAY, Fraction(pub, scale), Fraction(tot, scale),
                           tuple(active.values()) if with_slots else ()))
    return out


def _merge(fails: list[Failure]) -> list[Failure]:
    """Join failures of the same kind (and run/themes) on adjacent days."""
    out: list[Failure] = []
    for f in fails:
        last = out[-1] if out else None
        if (last and last.kind == f.kind and last.end + ONE_DAY == f.start
                and last.slots == f.slots and last.themes == f.themes):
            worst = f if (f.kind == "share" and f.public * last.total < last.public * f.total) else last
            out[-1] = Failure(
                f.kind, last.start, f.end, worst.public, worst.total,
                max(last.add_public, f.add_public), max(last.convert, f.convert),
                f.slots, f.themes, f.can_add,
            )
        else:
            out.append(f)
    return out


def needed(public: Fraction, total: Fraction, m: Fraction) -> tuple[Fraction, Fraction, bool]:
    """Least public amount to add (p+x)/(t+x) >= m, and least commercial amount to turn public."""
    convert = max(Fraction(0), m * total - public)
    if m >= 1:
        return Fraction(0), convert, False
    return max(Fraction(0), (m * total - public) / (1 - m)), convert, True


def share_failures(pl: PlacementList, segs: list[Segment] | None = None) -> list[Failure]:
    m = pl.rule.min_public
    fails: list[Failure] = []
    for seg in segs if segs is not None else segments(pl):
        if seg.total == 0:
            fails.append(Failure("empty", seg.start, seg.end))
        elif seg.public < m * seg.total:
            add, conv, can_add = needed(seg.public, seg.total, m)
            fails.append(Failure("share", seg.start, seg.end, seg.public, seg.total, add, conv, can_add=can_add))
    return _merge(fails)


def window_runs(published: list[Slot], size: int, min_public: int) -> Iterator[tuple[Slot, ...]]:
    """Runs of ``size`` consecutive slots (by order) with fewer than ``min_public`` public ones.

    With fewer than ``size`` slots up, they form one run that needs ``min(min_public, n)``.
    """
    seq = sorted(published, key=lambda s: (s.order, s.id))
    n = len(seq)
    if n == 0:
        return
    if n < size:
        if sum(s.kind == "public" for s in seq) < min(min_public, n):
            yield tuple(seq)
        return
    count = sum(s.kind == "public" for s in seq[:size])
    i = 0
    while True:
        if count < min_public:
            yield tuple(seq[i:i + size])
        if i + size >= n:
            break
        count += (seq[i + size].kind == "public") - (seq[i].kind == "public")
        i += 1


def window_failures(pl: PlacementList, segs: list[Segment]) -> list[Failure]:
    w = pl.rule.window
    if w is None:
        return []
    fails = []
    for seg in segs:
        run = next(window_runs(list(seg.slots), w.size, w.min_public), None)
        if run is not None:
            fails.append(Failure("window", seg.start, seg.end, slots=tuple(s.id for s in run)))
    return _merge(fails)


def theme_failures(pl: PlacementList, segs: list[Segment], theme_of: Callable[[str], str | None]) -> list[Failure]:
    required = pl.rule.required_themes
    if not required:
        return []
    fails = []
    for seg in segs:
        shown = {theme_of(s.ref) for s in seg.slots if s.kind == "public" and s.ref}
        missing = tuple(t for t in required if t not in shown)
        if missing:
            fails.append(Failure("theme", seg.start, seg.end, themes=missing))
    return _merge(fails)


def evaluate(pl: PlacementList, theme_of: Callable[[str], str | None] = lambda ref: None) -> Report:
    """Every rule of the list on every day of its period."""
    needs_slots = pl.rule.window is not None or bool(pl.rule.required_themes)
    segs = segments(pl, with_slots=needs_slots)
    fails = share_failures(pl, segs)
    if needs_slots:
        fails += window_failures(pl, segs)
        fails += theme_failures(pl, segs, theme_of)
    fails.sort(key=lambda f: (f.start, f.kind))
    return Report(pl, tuple(fails))


def share_on(pl: PlacementList, day: dt.date) -> tuple[Fraction, Fraction]:
    """(public, total) on one day, in the list's unit."""
    measure = pl.rule.measure
    pub = tot = Fraction(0)
    for s in pl.slots:
        if s.kind != "vacant" and s.start <= day <= s.end:
            v = s.value(measure)
            tot += v
            if s.kind == "public":
                pub += v
    return pub, tot


def daily(pl: PlacementList) -> dict[dt.date, tuple[Fraction, Fraction]]:
    """(public, total) for every day of the period, expanded from the sweep."""
    out = {}
    for seg in segments(pl):
        day = seg.start
        while day <= seg.end:
            out[day] = (seg.public, seg.total)
            day += ONE_DAY
    return out


def naive_daily(pl: PlacementList) -> dict[dt.date, tuple[Fraction, Fraction]]:
    """The same by looping over days × slots: the reference for tests and the benchmark."""
    out = {}
    day = pl.start
    while day <= pl.end:
        out[day] = share_on(pl, day)
        day += ONE_DAY
    return out


def naive_ok(pl: PlacementList) -> bool:
    m = pl.rule.min_public
    return all(tot > 0 and pub >= m * tot for pub, tot in naive_daily(pl).values())
