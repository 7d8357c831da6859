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
from ..i18n import N_, _
from ..measures import MEASURES
from ..model import Campaign, PlacementList
from ..placements.share import Failure, evaluate

#: Findings that ``--warn-only`` (and the config switch) turn into warnings.
SOFT_RULES = ("ratio.share", "ratio.window", "ratio.theme", "ratio.hours")
MAX_RANGES = 10  # per list and rule; the rest are summed up in one line

#: Rule ids of this family, for ``lint`` switches.
RULES = {
    "ratio.share": N_("a placement list carries less than its required public share on some days"),
    "ratio.window": N_("a run of consecutive slots holds too few public ones"),
    "ratio.theme": N_("a required theme is missing on some days"),
    "ratio.theme-id": N_("a required theme is not one of the campaign's themes"),
    "ratio.ref": N_("a slot refers to an unknown, unapproved or expired item"),
    "ratio.empty": N_("a day on which a list publishes nothing"),
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


def span(start, end) -> str:
    """A date or a range of dates, as the start of a sentence (``on 2026-05-01``, ``from … to …``)."""
    if start == end:
        return _("on {day}").format(day=start)
    return _("from {start} to {end}").format(start=start, end=end)


def _span(f: Failure) -> str:
    return span(f.start, f.end)


def list_label(pl: PlacementList) -> str:
    return _("list '{id}' ({name})").format(id=pl.id, name=pl.name)


_label = list_label
#: An item's status as the clerk reads it (only these two reach the "not approved" message).
STATUS_WORDS = {"draft": N_("draft"), "retired": N_("retired")}
ITEM_ID_HINT = N_(
    "use the id of an approved slogan, ad or guide: its 'id:' line, else its file name without .md "
    "(slogans/, docs/ads/, docs/guides/)"
)


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
            fix = _(ITEM_ID_HINT)
            if close:
                fix = _("did you mean '{id}'? {fix}").format(id=close[0], fix=fix)
            out.append(error("ratio.ref", _("slot '{slot}' refers to '{ref}', which is not a slogan, ad or "
                                            "guide").format(slot=s.id, ref=s.ref),
                             file=rel, line=s.line, field="ref", fix=fix))
            continue
        a = item.approval
        if a.status != "approved":
            out.append(error("ratio.ref", _("slot '{slot}' shows '{ref}', which is {status}, not "
                                            "approved").format(slot=s.id, ref=s.ref,
                                                                status=_(STATUS_WORDS.get(a.status, a.status))),
                             file=rel, line=s.line, field="ref",
                             fix=_("have it approved first, or choose an approved item (placard fill {list} "
                                   "proposes some)").format(list=pl.id)))
        elif not a.covers(s.start, s.end):
            if a.valid_to and s.end > a.valid_to:
                msg = _("slot '{slot}' shows '{ref}' from {start} to {end}, but it expires (valid {valid_from} "
                        "to {valid_to})")
            else:
                msg = _("slot '{slot}' shows '{ref}' from {start} to {end}, but it is not yet valid (valid "
                        "{valid_from} to {valid_to})")
            out.append(error("ratio.ref", msg.format(slot=s.id, ref=s.ref, start=s.start, end=s.end,
                                                     valid_from=a.valid_from or "…", valid_to=a.valid_to or "…"),
                             file=rel, line=s.line, field="ref",
                             fix=_("shorten the slot's dates to the item's validity, or choose another item")))
    themes = {t.id for t in campaign.config.themes}
    for t in pl.rule.required_themes:
        if t not in themes:
            out.append(error("ratio.theme-id", _("required theme '{theme}' is not one of the campaign's "
                                                 "themes").format(theme=t),
                             file=rel, line=pl.source.line_of("rule"), field="rule.required_themes",
                             fix=_("use one of: {values}").format(values=", ".join(sorted(themes)))))
    return out


def failure_finding(pl: PlacementList, f: Failure) -> Finding:
    rel = pl.source.file
    rule_line = pl.source.line_of("rule")
    measure = pl.rule.measure
    if f.kind == "empty":
        return warning("ratio.empty", _("{list}: nothing is published {when}, so there is no share to "
                                        "check").format(list=_label(pl), when=_span(f)), file=rel, line=rule_line,
                       fix=_("shorten the list's period, or put up slots for those days"))
    sev = Severity.WARNING if pl.rule.warn_only else Severity.ERROR
    if f.kind == "share":
        msg = _("{list}: {when} the public-benefit share is {share} ({public} of {total} public), below the "
                "required {need}").format(list=_label(pl), when=_span(f), share=pct(f.share),
                                          public=_total(f.public, measure), total=amount(f.total, measure, up=False),
                                          need=pct(pl.rule.min_public))
        add_amount, conv_amount = amount(f.add_public, measure), amount(f.convert, measure)
        if f.can_add:
            fix = _("{when} public content must grow by {add} (or turn {convert} of commercial content public); "
                    "'placard fill {id}' proposes items for vacant slots")
        else:
            fix = _("{when} turn {convert} of commercial content public; 'placard fill {id}' proposes items for "
                    "vacant slots")
        fix = fix.format(when=_span(f), add=add_amount, convert=conv_amount, id=pl.id)
        return Finding("ratio.share", sev, msg, file=rel, line=rule_line, field="rule.min_public", fix=fix)
    if f.kind == "window":
        w = pl.rule.window
        first = next((s.line for s in pl.slots if s.id == f.slots[0]), rule_line)
        kinds = {s.id: s.kind for s in pl.slots}
        k = sum(kinds.get(i) == "public" for i in f.slots)
        msg = _("{list}: {when} slots {slots} stand in a row with {public} public; the rule asks for at least "
                "{need} public in every {size}").format(list=_label(pl), when=_span(f), slots=", ".join(f.slots),
                                                        public=k, need=w.min_public, size=w.size)
        fix = _("make one of {slots} public, or fill a vacant slot between them").format(slots=", ".join(f.slots))
        return Finding("ratio.window", sev, msg, file=rel, line=first, field="rule.window", fix=fix)
    msg = _("{list}: {when} no public slot shows the required theme(s) {themes}").format(
        list=_label(pl), when=_span(f), themes=", ".join(f.themes))
    return Finding("ratio.theme", sev, msg, file=rel, line=rule_line, field="rule.required_themes",
                   fix=_("put up an approved item of theme {theme} for those days").format(theme=f.themes[0]))


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
            out.append(replace(first, message=_("{list}: {n} more date ranges break the same rule (only the "
                                                 "first ones are listed)").format(list=_label(pl), n=n - MAX_RANGES),
                               context=""))
    return out


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    for pl in campaign.placements:
        out.extend(list_findings(campaign, pl))
    return out
