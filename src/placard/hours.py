"""Times of day in placement rules: ``rule.hours`` windows and a slot's ``hours``.

``rule: {measure: airtime, min_public: 0.3, hours: [{from: "19:00", to: "21:00", min_public: 0.3}]}``
asks that, in every window, public content takes at least ``min_public`` of the airtime — both in
the planned loop (slots whose own ``hours`` overlap the window) and in what the screens really
played (see :mod:`placard.playlogs`). A slot's ``hours: "07:00-19:00"`` says the loop carries it
only then. ``to: "24:00"`` is the end of the day; a window never runs past midnight.

Problems are findings with file, line and fix; the caller drops the rule when there are any.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from .findings import Finding, error
from .i18n import _
from .model import HourWindow

TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")
SPAN_RE = re.compile(r"^\s*(\d{1,2}\s*[:：]\s*\d{2})\s*(?:-|–|—|~|～|到|至)\s*(\d{1,2}\s*[:：]\s*\d{2})\s*$")
DAY = 24 * 60


def minutes(value: Any) -> int | None:
    """``"19:00"`` -> 1140; ``"24:00"`` -> 1440; None for anything else.

    YAML 1.1 reads an unquoted 19:00 as the sexagesimal number 1140: that is accepted too.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= DAY:
        return value
    if not isinstance(value, str):
        return None
    m = TIME_RE.match(value)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if mi >= 60 or h > 24 or (h == 24 and mi):
        return None
    return h * 60 + mi


def clock(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _exact(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            return Fraction(value.strip().rstrip("%％")) / (100 if value.strip().endswith(("%", "％")) else 1)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def parse_windows(raw: Any, line: int, rel: str, default: Fraction, findings: list[Finding],
                  field: str = "rule.hours") -> tuple[HourWindow, ...] | None:
    """The windows of ``rule.hours``; None (and findings) when any is wrong."""
    def bad(message: str, fix: str, at: int | None = None, sub: str = "") -> None:
        findings.append(error("placements.bad-value", message, file=rel, line=at or line,
                              field=field + sub, fix=fix))

    example = '[{from: "19:00", to: "21:00", min_public: 0.3}]'
    if not isinstance(raw, list):
        bad(_("'hours' must be a list of time-of-day windows"), _("write it as {example}").format(example=example))
        return None
    before = len(findings)
    out: list[HourWindow] = []
    for i, w in enumerate(raw):
        at = getattr(raw, "line_of", lambda _i: line)(i)
        sub = f"[{i}]"
        if not isinstance(w, dict):
            bad(_("window {n} is not a mapping").format(n=i + 1),
                _("write each window as {window} ({example})").format(window='{from: "19:00", to: "21:00"}',
                                                                      example=example), at, sub)
            continue
        unknown = [k for k in w if k not in ("from", "to", "min_public")]
        if unknown:
            bad(_("window {n} has an unknown key '{key}'").format(n=i + 1, key=unknown[0]),
                _("use only from, to and min_public"), at, sub)
            continue
        start, end = minutes(w.get("from")), minutes(w.get("to"))
        if "from" not in w or "to" not in w:
            bad(_("window {n} needs both 'from' and 'to'").format(n=i + 1), _("write e.g. {example}").format(
                example=example), at, sub)
            continue
        if start is None or end is None:
            which, val = ("from", w.get("from")) if start is None else ("to", w.get("to"))
            bad(_("window {n}: '{value}' is not a time of day").format(n=i + 1, value=val),
                _('write it as "HH:MM" in quotes, e.g. "19:00" (00:00 to 24:00)'), at, f"{sub}.{which}")
            continue
        if start >= end:
            if start == end:
                msg = _("window {n}: 'from' {start} is the same as 'to' {end}")
            else:
                msg = _("window {n}: 'from' {start} is after 'to' {end}")
            bad(msg.format(n=i + 1, start=clock(start), end=clock(end)),
                _("make 'from' the earlier time; a window cannot run past midnight (split it into "
                  '"21:00"–"24:00" and "00:00"–"06:00")'), at, f"{sub}.from")
            continue
        share = default
        if "min_public" in w:
            share = _exact(w["min_public"])
            if share is None or not 0 <= share <= 1:
                bad(_("window {n}: min_public '{value}' is not a share from 0 to 1").format(
                    n=i + 1, value=w["min_public"]),
                    _("write a share such as 0.3 (30 %)"), at, f"{sub}.min_public")
                continue
        out.append(HourWindow(start, end, share))
    if len(findings) > before:
        return None
    ordered = sorted(out, key=lambda w: w.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start < a.end:
            bad(_("windows {first} and {second} overlap").format(first=a.label, second=b.label),
                _("make the windows follow one another without overlapping (e.g. end the first at {time})").format(
                    time=clock(b.start)))
            return None
    return tuple(ordered)


def parse_span(value: Any) -> tuple[int, int] | None:
    """A slot's ``hours: "07:00-19:00"``; None when it is not such a span (the caller explains)."""
    if not isinstance(value, str):
        return None
    m = SPAN_RE.match(value)
    if not m:
        return None
    a, b = minutes(m.group(1)), minutes(m.group(2))
    if a is None or b is None or a >= b:
        return None
    return a, b


def overlaps(span: tuple[int, int] | None, w: HourWindow) -> bool:
    """A slot playing ``span`` (None: all day) is in the loop during window ``w``."""
    return span is None or (span[0] < w.end and w.start < span[1])
