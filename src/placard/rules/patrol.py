"""Patrol records against the plan: patrol gaps, problems fixed in time, content, photo evidence.

Rule ids: ``patrol.overdue`` (a list not patrolled for longer than ``every_days``),
``patrol.fix-late`` (a problem fixed, or still open, after ``fix_within_days``),
``patrol.content`` (what a record saw, against what the plan says the slot shows that day),
``patrol.photo`` (a photo that is missing, not an image, or has no EXIF) and
``patrol.photo-mismatch`` (a photo taken on another day or in another place than its record).

Evidence describes the past: every finding is a warning, and an error with
``extra.placard.patrol.strict: true`` (then ``mkdocs build`` stops on it like on the share rule).
"""

from __future__ import annotations

from PIL import Image

from ..findings import Finding, error, warning
from ..i18n import _
from ..model import Campaign, PatrolRecord, PlacementList
from ..patrols.load import STATUS_ZH
from ..patrols.photos import distance_m
from ..patrols.state import ListPatrols, campaign_patrols

RULES = {
    "patrol.overdue": "a placement list was not patrolled within its every_days",
    "patrol.fix-late": "a damaged, dirty, missing or wrong slot was not fixed (已整改) within fix_within_days",
    "patrol.content": "a patrol saw other content than the plan has on the slot that day",
    "patrol.photo": "a patrol photo is missing, not an image, or has no EXIF date and place",
    "patrol.photo-mismatch": "a patrol photo was taken on another day or farther away than its record says",
}
MAX_GAPS = 5  # per list; the rest are counted in one line


def _where(r: PatrolRecord) -> str:
    return f"list '{r.list_id}'" + (f" slot '{r.slot}'" if r.slot else " (whole list)")


def _status(s: str) -> str:
    return f"{STATUS_ZH[s]} ({s})"


def check(campaign: Campaign) -> list[Finding]:
    if campaign.patrols is None:
        return []
    settings = campaign.patrols.settings
    make = error if settings.strict else warning
    out: list[Finding] = []
    lists = {pl.id: pl for pl in campaign.placements}
    for lp in campaign_patrols(campaign).values():
        out.extend(_gap_findings(lp, make, campaign))
        out.extend(_problem_findings(lp, make, campaign))
    for r in campaign.patrols.records:
        out.extend(_content_findings(r, lists[r.list_id], make, campaign))
        out.extend(_photo_findings(r, lists[r.list_id], make, settings))
    return out


def _gap_findings(lp: ListPatrols, make, campaign: Campaign) -> list[Finding]:
    pl, out = lp.pl, []
    for g in lp.gaps[:MAX_GAPS]:
        since = f"since its period began on {g.last}" if g.first_day else f"after {g.last}"
        if g.next is None:
            msg = (f"list '{pl.id}' ({pl.name}) has not been patrolled {since}: {(g.until - g.last).days} days "
                   f"to {g.until}, {g.late_days} days more than every {lp.every_days} days")
            fix = f"patrol '{pl.id}' and add the record under posters/patrols/"
        else:
            msg = (f"list '{pl.id}' ({pl.name}) was not patrolled {since} until {g.next}: "
                   f"{(g.next - g.last).days} days, {g.late_days} more than every {lp.every_days} days")
            fix = (f"patrol '{pl.id}' at least every {lp.every_days} days (or add the record of a patrol that was "
                   "made but not written down)")
        out.append(make("patrol.overdue", msg, file=pl.source.file, line=pl.source.line, fix=fix))
    if len(lp.gaps) > MAX_GAPS:
        out.append(make("patrol.overdue", f"list '{pl.id}' has {len(lp.gaps) - MAX_GAPS} more gaps between patrols",
                        file=pl.source.file, line=pl.source.line, fix="see the patrol history in the ledger"))
    return out


def _planned(pl: PlacementList, slot_id: str | None, day, campaign: Campaign) -> str:
    if slot_id is None:
        return ""
    slot = next((s for s in pl.slots if s.id == slot_id), None)
    if slot is None or not slot.start <= day <= slot.end:
        return "nothing"
    if slot.kind == "public":
        item = campaign.item(slot.ref or "")
        return f"'{slot.ref}'" + (f" ({item.title})" if item else "")
    return f"an ad of {slot.advertiser}" if slot.kind == "commercial" else "nothing (vacant)"


def _problem_findings(lp: ListPatrols, make, campaign: Campaign) -> list[Finding]:
    out = []
    today = campaign.today
    for p in lp.problems:
        late = p.late_days(today)
        if not late:
            continue
        r = p.opened
        what = _status(r.status)
        if r.status == "wrong":
            what += f"; the plan has {_planned(lp.pl, r.slot, r.day, campaign)} there"
        if p.closed is None:
            msg = (f"{_where(r)} was reported {what} on {r.day} and is still not fixed: it was due by {p.due} "
                   f"(within {lp.fix_within_days} days), {late} days late")
            fix = "put it right and add a record with status 已整改 (fixed) for this slot and the day it was fixed"
        else:
            msg = (f"{_where(r)} was reported {what} on {r.day} and fixed only on {p.closed.day}, "
                   f"{late} days after it was due ({p.due})")
            fix = f"fix reported problems within {lp.fix_within_days} days"
        out.append(make("patrol.fix-late", msg, file=r.file, line=r.line, field="status", fix=fix))
    return out


def _content_findings(r: PatrolRecord, pl: PlacementList, make, campaign: Campaign) -> list[Finding]:
    if r.slot is None:
        return []
    slot = next(s for s in pl.slots if s.id == r.slot)
    if not slot.start <= r.day <= slot.end:
        return [make("patrol.content", f"{_where(r)} is not in the plan on {r.day} (it runs from {slot.start} to "
                     f"{slot.end})", file=r.file, line=r.line, field="slot",
                     fix="check the slot and the date: a record is for a slot that is on show that day")]
    if r.seen is None:
        return []
    planned = slot.ref if slot.kind == "public" else None
    if r.status == "wrong" and r.seen == planned:
        return [make("patrol.content", f"{_where(r)} is recorded as wrong content on {r.day}, but what it saw "
                     f"('{r.seen}') is what the plan has", file=r.file, line=r.line, field="status",
                     fix="set the status to 完好 (ok) if the slot was right, or correct 'seen'")]
    if r.status in ("ok", "fixed") and r.seen != planned:
        return [make("patrol.content", f"{_where(r)} showed '{r.seen}' on {r.day} but the plan has "
                     f"{_planned(pl, r.slot, r.day, campaign)}; the record says {_status(r.status)}",
                     file=r.file, line=r.line, field="seen",
                     fix="record it as 内容不符 (wrong) and put up what the plan says, or correct 'seen'")]
    return []


def _photo_findings(r: PatrolRecord, pl: PlacementList, make, settings) -> list[Finding]:
    out = []
    for ph in r.photos:
        kw = {"file": r.file, "line": r.line, "field": "photos"}
        if ph.problem == "missing":
            out.append(make("patrol.photo", f"photo '{ph.path}' of the record of {r.day} is not there", **kw,
                            fix="copy the photo into posters/patrols/photos/ (any sub-folder) or correct its name"))
        elif ph.problem == "not-image":
            out.append(make("patrol.photo", f"'{ph.path}' is not an image placard can read (broken or another kind "
                            "of file)", **kw, fix="use the photo as the phone saved it (JPEG)"))
        elif ph.problem == "too-large":
            out.append(make("patrol.photo", _("photo '{path}' claims a picture larger than placard opens (over "
                                              "{limit} million pixels: a damaged file or a 'decompression bomb')")
                            .format(path=ph.path, limit=Image.MAX_IMAGE_PIXELS // 1_000_000), **kw,
                            fix=_("use the photo as the phone saved it (JPEG, a few thousand pixels wide)")))
        elif ph.problem == "no-exif":
            out.append(warning("patrol.photo", f"photo '{ph.path}' has no EXIF date or GPS, so it does not show "
                               "when and where it was taken (kept, but weak evidence)", **kw,
                               fix="use the phone's original photo, not a screenshot or a copy sent through "
                               "a messaging app (which removes EXIF)"))
        if ph.taken is not None and abs((ph.taken.date() - r.day).days) > settings.photo_days:
            out.append(make("patrol.photo-mismatch", f"photo '{ph.path}' was taken on {ph.taken.date()}, "
                            f"{abs((ph.taken.date() - r.day).days)} days from its record's date {r.day}", **kw,
                            fix=f"check the record's date or the photo (at most {settings.photo_days} days apart, "
                            "extra.placard.patrol.photo_days)"))
        if ph.lat is not None and pl.lat is not None and pl.lon is not None:
            d = distance_m(ph.lat, ph.lon, pl.lat, pl.lon)
            if d > settings.photo_metres:
                out.append(make("patrol.photo-mismatch", f"photo '{ph.path}' was taken {d:,.0f} m from list "
                                f"'{pl.id}' ({pl.lat}, {pl.lon})", **kw,
                                fix=f"check the record's list, or the list's lat/lon (at most "
                                f"{settings.photo_metres:g} m, extra.placard.patrol.photo_metres)"))
    return out
