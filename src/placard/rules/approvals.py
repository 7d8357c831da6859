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
from ..model import Campaign

RULES = {
    "approval.expired": "an approved item whose valid_to has passed (no longer shown)",
    "approval.date": "approved_on in the future, or after the item starts being shown",
    "approval.unpublished-ref": "a published ad carries a slogan that is not published",
}

EXPIRING_DAYS = 30


def _item_kind(item) -> str:
    return {"slogan": "slogan", "ad": "public-benefit ad", "guide": "civility guide"}.get(item.kind, item.kind)


def check(campaign: Campaign) -> list[Finding]:
    today = campaign.today
    out: list[Finding] = []
    for item in campaign.items():
        a, src = item.approval, item.source
        if a.status == "approved" and a.valid_to and a.valid_to < today:
            out.append(warning(
                "approval.expired",
                f"this {_item_kind(item)} expired on {a.valid_to.isoformat()} and is no longer shown",
                file=src.file, line=src.line_of("valid_to"), field="valid_to",
                fix="set 'status: retired', or extend valid_to if it should stay up (with a new approval)",
            ))
        if a.approved_on and a.approved_on > today:
            out.append(warning(
                "approval.date",
                f"approved_on ({a.approved_on.isoformat()}) is in the future",
                file=src.file, line=src.line_of("approved_on"), field="approved_on",
                fix="write the day the reviewer approved it",
            ))
        elif a.status == "approved" and a.approved_on and a.valid_from and a.approved_on > a.valid_from:
            out.append(warning(
                "approval.date",
                f"shown from {a.valid_from.isoformat()} but approved only on {a.approved_on.isoformat()}",
                file=src.file, line=src.line_of("approved_on"), field="approved_on",
                fix="check the dates: content may be shown only after it is approved",
            ))
    slogans = {s.id: s for s in campaign.slogans}
    for ad in campaign.ads:
        if not ad.approval.is_published(today):
            continue
        for sid in ad.slogans:
            s = slogans.get(sid)
            if s is not None and not s.approval.is_published(today):
                state = s.approval.status if s.approval.status != "approved" else "not valid today"
                out.append(error(
                    "approval.unpublished-ref",
                    f"this published ad carries slogan '{sid}', which is {state}",
                    file=ad.source.file, line=ad.source.line_of("slogans"), field="slogans",
                    fix=f"approve slogan '{sid}' ({s.source.file}) first, or remove it from the ad",
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
    lines = [f"Approvals on {campaign.today.isoformat()}", ""]
    lines.append(f"Waiting for approval ({len(waiting)}):")
    lines += [f"  {r.kind:<7} {r.id:<24} {r.file}  {r.title}" for r in waiting] or ["  (none)"]
    lines.append("")
    lines.append(f"Expiring within {days} days ({len(expiring)}):")
    lines += [f"  {r.date.isoformat()}  {r.kind:<7} {r.id:<24} {r.file}  {r.title}" for r in expiring] \
        or ["  (none)"]
    return "\n".join(lines)
