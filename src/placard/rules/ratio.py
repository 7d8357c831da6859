"""Placement lists: references and the public-benefit share, window and theme rules.

Rule ids: ``ratio.ref`` (a public slot's item is unknown, not approved or not
valid on the slot's dates), ``ratio.theme-id`` (a required theme that does not
exist), ``ratio.share``, ``ratio.window``, ``ratio.theme`` (the rules, on every
day) and ``ratio.empty`` (a day with nothing published, a warning).

``ratio.share``/``ratio.window``/``ratio.theme`` become warnings when the list's
rule has ``warn_only`` (``extra.placard.placements.warn_only: true``) or when the
CLI passes ``--warn-only`` (:func:`soften`).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import replace
from fractions import Fraction

from ..findings import Finding, Severity, error, warning
from ..measures import MEASURES
from ..model import MEASURE_UNITS, Campaign, PlacementList
from ..placements.share import Failure, evaluate

#: Findings that ``--warn-only`` (and the config switch) turn into warnings.
SOFT_RULES = ("ratio.share", "ratio.window", "ratio.theme", "ratio.hours")
MAX_RANGES = 10  # per list and rule; the rest are summed up in one line

#: Rule ids of this family, for ``lint`` switches.
RULES = {
    "ratio.share": "a placement list carries less than its required public share on some days",
    "ratio.window": "a run of consecutive slots holds too few public ones",
    "ratio.theme": "a required theme is missing on some days",
    "ratio.theme-id": "a required theme is not one of the campaign's themes",
    "ratio.ref": "a slot refers to an unknown, unapproved or expired item",
    "ratio.empty": "a day on which a list publishes nothing",
}


def soften(findings: list[Finding]) -> list[Finding]:
    """``placard check --warn-only``: share, window and theme failures become warnings."""
    return [f.as_warning() if f.rule in SOFT_RULES and f.is_error else f for f in findings]


def pct(x: Fraction) -> str:
    """A share as a percentage, rounded down to 0.01 % so a failing share never shows as the target."""
    hundredths = math.floor(x * 10000)
    s = f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0").rstrip(".")
    return s + "%"


def amount(x: Fraction, measure: str, up: bool = True) -> str:
    """An amount in the list's unit (rounded up when it is a need)."""
    return MEASURES[measure].amount(x, up)


def _total(x: Fraction, measure: str) -> str:
    if measure == "count":
        return str(int(x))
    return amount(x, measure, up=False)


def _span(f: Failure) -> str:
    return f"on {f.start}" if f.start == f.end else f"from {f.start} to {f.end}"


def _label(pl: PlacementList) -> str:
    return f"list '{pl.id}' ({pl.name})"


def ref_findings(campaign: Campaign, pl: PlacementList) -> list[Finding]:
    out = []
    ids = None
    rel = pl.source.file
    for s in pl.slots:
        if s.kind != "public" or not s.ref:
            continue
        item = campaign.item(s.ref)
        if item is None:
            ids = ids if ids is not None else [i.id for i in campaign.items()]
            close = difflib.get_close_matches(s.ref, ids, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            out.append(error("ratio.ref", f"slot '{s.id}' refers to '{s.ref}', which is not a slogan, ad or guide",
                             file=rel, line=s.line, field="ref",
                             fix=hint + "use the id of an approved slogan (file name in slogans/), ad or guide"))
            continue
        a = item.approval
        if a.status != "approved":
            out.append(error("ratio.ref", f"slot '{s.id}' shows {item.kind} '{s.ref}', which is {a.status}, "
                             "not approved", file=rel, line=s.line, field="ref",
                             fix="have it approved first, or choose an approved item "
                             f"(placard fill {pl.id} proposes some)"))
        elif not a.covers(s.start, s.end):
            what = "expires" if a.valid_to and s.end > a.valid_to else "is not yet valid"
            valid = f"{a.valid_from or '…'} to {a.valid_to or '…'}"
            out.append(error("ratio.ref", f"slot '{s.id}' shows {item.kind} '{s.ref}' from {s.start} to {s.end}, "
                             f"but it {what} (valid {valid})", file=rel, line=s.line, field="ref",
                             fix="shorten the slot's dates to the item's validity, or choose another item"))
    themes = {t.id for t in campaign.config.themes}
    for t in pl.rule.required_themes:
        if t not in themes:
            out.append(error("ratio.theme-id", f"required theme '{t}' is not one of the campaign's themes",
                             file=rel, line=pl.source.line_of("rule"), field="rule.required_themes",
                             fix="use one of: " + ", ".join(sorted(themes))))
    return out


def failure_finding(pl: PlacementList, f: Failure) -> Finding:
    rel = pl.source.file
    rule_line = pl.source.line_of("rule")
    measure = pl.rule.measure
    unit = MEASURE_UNITS[measure]
    if f.kind == "empty":
        return warning("ratio.empty", f"{_label(pl)}: nothing is published {_span(f)}, so there is no share "
                       "to check", file=rel, line=rule_line,
                       fix="shorten the list's period, or put up slots for those days")
    sev = Severity.WARNING if pl.rule.warn_only else Severity.ERROR
    if f.kind == "share":
        of = f"{_total(f.public, measure)} of {_total(f.total, measure)}" + (f" {unit}" if measure == "count" else "")
        msg = (f"{_label(pl)}: {_span(f)} the public-benefit share is {pct(f.share)} ({of} public), "
               f"below the required {pct(pl.rule.min_public)}")
        if measure == "count":
            n_add, n_conv = math.ceil(f.add_public), math.ceil(f.convert)
            add = f"needs {n_add} more public slot{'s' if n_add != 1 else ''}"
            conv = f"turn {n_conv} commercial slot{'s' if n_conv != 1 else ''} public"
        else:
            add = f"needs {amount(f.add_public, measure)} more public content"
            conv = f"turn {amount(f.convert, measure)} of commercial content public"
        fix = f"{add} {_span(f)} (or {conv})" if f.can_add else f"{conv} {_span(f)}"
        fix += f"; 'placard fill {pl.id}' proposes items for vacant slots"
        return Finding("ratio.share", sev, msg, file=rel, line=rule_line, field="rule.min_public", fix=fix)
    if f.kind == "window":
        w = pl.rule.window
        first = next((s.line for s in pl.slots if s.id == f.slots[0]), rule_line)
        kinds = {s.id: s.kind for s in pl.slots}
        k = sum(kinds.get(i) == "public" for i in f.slots)
        msg = (f"{_label(pl)}: {_span(f)} slots {', '.join(f.slots)} stand in a row with {k} public; "
               f"the rule asks for at least {w.min_public} public in every {w.size}")
        fix = f"make one of {', '.join(f.slots)} public, or fill a vacant slot between them"
        return Finding("ratio.window", sev, msg, file=rel, line=first, field="rule.window", fix=fix)
    msg = f"{_label(pl)}: {_span(f)} no public slot shows the required theme(s) {', '.join(f.themes)}"
    return Finding("ratio.theme", sev, msg, file=rel, line=rule_line, field="rule.required_themes",
                   fix=f"put up an approved item of theme {f.themes[0]} for those days")


def list_findings(campaign: Campaign, pl: PlacementList) -> list[Finding]:
    out = ref_findings(campaign, pl)

    def theme_of(ref: str) -> str | None:
        item = campaign.item(ref)
        return item.theme if item else None

    report = evaluate(pl, theme_of)
    per_kind: dict[str, int] = {}
    for f in report.failures:
        per_kind[f.kind] = per_kind.get(f.kind, 0) + 1
        if per_kind[f.kind] <= MAX_RANGES:
            out.append(failure_finding(pl, f))
    for kind, n in per_kind.items():
        if n > MAX_RANGES:
            first = failure_finding(pl, next(f for f in report.failures if f.kind == kind))
            out.append(replace(first, message=f"{_label(pl)}: {n - MAX_RANGES} more date ranges break the same "
                               "rule (only the first ones are listed)", context=""))
    return out


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    for pl in campaign.placements:
        out.extend(list_findings(campaign, pl))
    return out
