"""Approvals: dates that do not add up, published ads carrying unpublished slogans,
and the ``placard check --report approvals`` list (waiting, expiring soon).

The loader already rejects ``status: approved`` without ``approved_by`` and
``approved_on`` (``approval.missing``); placements referencing expired or
retired items are checked with the placement lists.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..findings import Finding, error, warning
from ..i18n import N_, _
from ..model import Campaign

RULES = {
    "approval.expired": N_("an approved item whose valid_to has passed (no longer shown)"),
    "approval.date": N_("approved_on in the future, or after the item starts being shown"),
    "approval.unpublished-ref": N_("a published ad carries a slogan that is not published"),
}

EXPIRING_DAYS = 30


_EXPIRED = {
    "slogan": N_("this slogan expired on {day} and is no longer shown"),
    "ad": N_("this public-benefit ad expired on {day} and is no longer shown"),
    "guide": N_("this civility guide expired on {day} and is no longer shown"),
}


def check(campaign: Campaign) -> list[Finding]:
    today = campaign.today
    out: list[Finding] = []
    for item in campaign.items():
        a, src = item.approval, item.source
        if a.status == "approved" and a.valid_to and a.valid_to < today:
            out.append(warning(
                "approval.expired",
                _(_EXPIRED.get(item.kind, _EXPIRED["slogan"])).format(day=a.valid_to.isoformat()),
                file=src.file, line=src.line_of("valid_to"), field="valid_to",
                fix=_("set 'status: retired', or extend valid_to if it should stay up (with a new approval)"),
            ))
        if a.approved_on and a.approved_on > today:
            out.append(warning(
                "approval.date",
                _("approved_on ({day}) is in the future").format(day=a.approved_on.isoformat()),
                file=src.file, line=src.line_of("approved_on"), field="approved_on",
                fix=_("write the day the reviewer approved it"),
            ))
        elif a.status == "approved" and a.approved_on and a.valid_from and a.approved_on > a.valid_from:
            out.append(warning(
                "approval.date",
                _("shown from {start} but approved only on {day}").format(
                    start=a.valid_from.isoformat(), day=a.approved_on.isoformat()),
                file=src.file, line=src.line_of("approved_on"), field="approved_on",
                fix=_("check the dates: content may be shown only after it is approved"),
            ))
    slogans = {s.id: s for s in campaign.slogans}
    for ad in campaign.ads:
        if not ad.approval.is_published(today):
            continue
        for sid in ad.slogans:
            s = slogans.get(sid)
            if s is not None and not s.approval.is_published(today):
                if s.approval.status == "approved":
                    msg = _("this published ad carries slogan '{id}', which is not valid today").format(id=sid)
                else:
                    msg = _("this published ad carries slogan '{id}', whose status is '{status}'").format(
                        id=sid, status=s.approval.status)
                out.append(error(
                    "approval.unpublished-ref",
                    msg,
                    file=ad.source.file, line=ad.source.line_of("slogans"), field="slogans",
                    fix=_("approve slogan '{id}' ({file}) first, or remove it from the ad").format(
                        id=sid, file=s.source.file),
                ))
    return out


@dataclass(frozen=True)
class ReportRow:
    id: str
    kind: str
    title: str
    file: str
    status: str
    date: dt.date | None  # valid_to for expiring items


def approvals_report(campaign: Campaign, days: int = EXPIRING_DAYS) -> tuple[list[ReportRow], list[ReportRow]]:
    """Items waiting for approval (drafts) and approved items expiring within ``days``."""
    today = campaign.today
    try:
        horizon = today + dt.timedelta(days=days)
    except OverflowError:  # today is near 9999-12-31
        horizon = dt.date.max
    waiting, expiring = [], []
    for item in campaign.items():
        a = item.approval
        row = ReportRow(item.id, item.kind, item.title, item.source.file, a.status, a.valid_to)
        if a.status == "draft":
            waiting.append(row)
        elif a.status == "approved" and a.valid_to and today <= a.valid_to <= horizon:
            expiring.append(row)
    expiring.sort(key=lambda r: (r.date, r.id))
    waiting.sort(key=lambda r: (r.kind, r.id))
    return waiting, expiring


def render_report(campaign: Campaign, fmt: str = "text", days: int = EXPIRING_DAYS) -> str:
    waiting, expiring = approvals_report(campaign, days)
    if fmt == "json":
        def row(r: ReportRow) -> dict:
            return {"id": r.id, "kind": r.kind, "title": r.title, "file": r.file,
                    "status": r.status, "valid_to": r.date.isoformat() if r.date else None}
        return json.dumps({"date": campaign.today.isoformat(), "days": days,
                           "waiting": [row(r) for r in waiting],
                           "expiring": [row(r) for r in expiring]}, ensure_ascii=False, indent=2)
    none = "  " + _("(none)")
    lines = [_("Approvals on {day}").format(day=campaign.today.isoformat()), ""]
    lines.append(_("Waiting for approval ({n}):").format(n=len(waiting)))
    lines += [f"  {r.kind:<7} {r.id:<24} {r.file}  {r.title}" for r in waiting] or [none]
    lines.append("")
    lines.append(_("Expiring within {days} days ({n}):").format(days=days, n=len(expiring)))
    lines += [f"  {r.date.isoformat()}  {r.kind:<7} {r.id:<24} {r.file}  {r.title}" for r in expiring] \
        or [none]
    return "\n".join(lines)
