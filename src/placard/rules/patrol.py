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
from ..i18n import N_, _, current
from ..model import Campaign, PatrolRecord, PlacementList
from ..patrols.load import STATUS_ZH
from ..patrols.photos import distance_m
from ..patrols.state import ListPatrols, campaign_patrols

RULES = {
    "patrol.overdue": N_("a placement list was not patrolled within its every_days"),
    "patrol.fix-late": N_("a damaged, dirty, missing or wrong slot was not fixed (已整改) within fix_within_days"),
    "patrol.content": N_("a patrol saw other content than the plan has on the slot that day"),
    "patrol.photo": N_("a patrol photo is missing, not an image, or has no EXIF date and place"),
    "patrol.photo-mismatch": N_("a patrol photo was taken on another day or farther away than its record says"),
}
MAX_GAPS = 5  # per list; the rest are counted in one line


def _where(r: PatrolRecord) -> str:
    if r.slot:
        return _("list '{list}' slot '{slot}'").format(list=r.list_id, slot=r.slot)
    return _("list '{list}' (whole list)").format(list=r.list_id)


def _status(s: str) -> str:
    """A patrol status as the clerk writes it (and the code value beside it in English)."""
    if current().startswith("zh"):
        return STATUS_ZH[s]
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
        since = (_("since its period began on {day}") if g.first_day else _("after {day}")).format(day=g.last)
        if g.next is None:
            msg = _("list '{id}' ({name}) has not been patrolled {since}: {days} days to {until}, {late} days more "
                    "than every {every} days").format(id=pl.id, name=pl.name, since=since,
                                                      days=(g.until - g.last).days, until=g.until,
                                                      late=g.late_days, every=lp.every_days)
            fix = _("patrol '{id}' and add the record under posters/patrols/").format(id=pl.id)
        else:
            msg = _("list '{id}' ({name}) was not patrolled {since} until {next}: {days} days, {late} more than "
                    "every {every} days").format(id=pl.id, name=pl.name, since=since, next=g.next,
                                                 days=(g.next - g.last).days, late=g.late_days,
                                                 every=lp.every_days)
            fix = _("patrol '{id}' at least every {every} days (or add the record of a patrol that was made but "
                    "not written down)").format(id=pl.id, every=lp.every_days)
        out.append(make("patrol.overdue", msg, file=pl.source.file, line=pl.source.line, fix=fix))
    if len(lp.gaps) > MAX_GAPS:
        out.append(make("patrol.overdue", _("list '{id}' has {n} more gaps between patrols").format(
                            id=pl.id, n=len(lp.gaps) - MAX_GAPS),
                        file=pl.source.file, line=pl.source.line, fix=_("see the patrol history in the ledger")))
    return out


def _planned(pl: PlacementList, slot_id: str | None, day, campaign: Campaign) -> str:
    if slot_id is None:
        return ""
    slot = next((s for s in pl.slots if s.id == slot_id), None)
    if slot is None or not slot.start <= day <= slot.end:
        return _("nothing")
    if slot.kind == "public":
        item = campaign.item(slot.ref or "")
        return f"'{slot.ref}'" + (f" ({item.title})" if item else "")
    if slot.kind == "commercial":
        return _("an ad of '{advertiser}'").format(advertiser=slot.advertiser)
    return _("nothing (vacant)")


def _problem_findings(lp: ListPatrols, make, campaign: Campaign) -> list[Finding]:
    out = []
    today = campaign.today
    for p in lp.problems:
        late = p.late_days(today)
        if not late:
            continue
        r = p.opened
        what = _status(r.status)
        if r.status == "wrong" and r.slot is not None:  # a whole list has no one planned content
            what = _("{status}; the plan has {planned} there").format(
                status=what, planned=_planned(lp.pl, r.slot, r.day, campaign))
        if p.closed is None:
            msg = _("{where} was reported {status} on {day} and is still not fixed: it was due by {due} (within "
                    "{within} days), {late} days late").format(where=_where(r), status=what, day=r.day, due=p.due,
                                                               within=lp.fix_within_days, late=late)
            fix = _("put it right and add a record with status 已整改 (fixed) for this slot and the day it was fixed")
        else:
            msg = _("{where} was reported {status} on {day} and fixed only on {fixed}, {late} days after it was "
                    "due ({due})").format(where=_where(r), status=what, day=r.day, fixed=p.closed.day, late=late,
                                          due=p.due)
            fix = _("fix reported problems within {days} days").format(days=lp.fix_within_days)
        out.append(make("patrol.fix-late", msg, file=r.file, line=r.line, field="status", fix=fix))
    return out


def _content_findings(r: PatrolRecord, pl: PlacementList, make, campaign: Campaign) -> list[Finding]:
    if r.slot is None:
        return []
    slot = next(s for s in pl.slots if s.id == r.slot)
    if not slot.start <= r.day <= slot.end:
        return [make("patrol.content", _("{where} is not in the plan on {day} (it runs from {start} to "
                                         "{end})").format(where=_where(r), day=r.day, start=slot.start, end=slot.end),
                     file=r.file, line=r.line, field="slot",
                     fix=_("check the slot and the date: a record is for a slot that is on show that day"))]
    if r.seen is None:
        return []
    planned = slot.ref if slot.kind == "public" else None
    if r.status == "wrong" and r.seen == planned:
        return [make("patrol.content", _("{where} is recorded as wrong content on {day}, but what it saw "
                                         "('{seen}') is what the plan has").format(where=_where(r), day=r.day,
                                                                                   seen=r.seen),
                     file=r.file, line=r.line, field="status",
                     fix=_("set the status to 完好 (ok) if the slot was right, or correct 'seen'"))]
    if r.status in ("ok", "fixed") and r.seen != planned:
        return [make("patrol.content", _("{where} showed '{seen}' on {day} but the plan has {planned}; the "
                                         "record says {status}").format(
                         where=_where(r), seen=r.seen, day=r.day, planned=_planned(pl, r.slot, r.day, campaign),
                         status=_status(r.status)),
                     file=r.file, line=r.line, field="seen",
                     fix=_("record it as 内容不符 (wrong) and put up what the plan says, or correct 'seen'"))]
    return []


def _photo_findings(r: PatrolRecord, pl: PlacementList, make, settings) -> list[Finding]:
    out = []
    for ph in r.photos:
        kw = {"file": r.file, "line": r.line, "field": "photos"}
        if ph.problem == "missing":
            out.append(make("patrol.photo", _("photo '{path}' of the record of {day} is not there").format(
                                path=ph.path, day=r.day), **kw,
                            fix=_("copy the photo into posters/patrols/photos/ (any sub-folder) or correct its "
                                  "name")))
        elif ph.problem == "outside":
            out.append(make("patrol.photo", _(
                "photo '{path}' of the record of {day} leaves the campaign's photo folder (posters/patrols/photos/); "
                "placard does not look there").format(path=ph.path.removeprefix("posters/patrols/photos/"), day=r.day),
                **kw, fix=_("copy the photo into posters/patrols/photos/ and write its name as it is there "
                            "(no '..', no folder outside)")))
        elif ph.problem == "not-image":
            out.append(make("patrol.photo", _("'{path}' is not an image placard can read (broken or another kind "
                                              "of file)").format(path=ph.path), **kw,
                            fix=_("use the photo as the phone saved it (JPEG)")))
        elif ph.problem == "too-large":
            out.append(make("patrol.photo", _("photo '{path}' claims a picture larger than placard opens (over "
                                              "{limit} million pixels: a damaged file or a 'decompression bomb')")
                            .format(path=ph.path, limit=Image.MAX_IMAGE_PIXELS // 1_000_000), **kw,
                            fix=_("use the photo as the phone saved it (JPEG, a few thousand pixels wide)")))
        elif ph.problem == "no-exif":
            out.append(warning("patrol.photo", _("photo '{path}' has no EXIF date or GPS, so it does not show "
                                                 "when and where it was taken (kept, but weak evidence)").format(
                                   path=ph.path), **kw,
                               fix=_("use the phone's original photo, not a screenshot or a copy sent through "
                                     "a messaging app (which removes EXIF)")))
        if ph.taken is not None and abs((ph.taken.date() - r.day).days) > settings.photo_days:
            out.append(make("patrol.photo-mismatch", _("photo '{path}' was taken on {taken}, {days} days from its "
                                                       "record's date {day}").format(
                                path=ph.path, taken=ph.taken.date(), days=abs((ph.taken.date() - r.day).days),
                                day=r.day), **kw,
                            fix=_("check the record's date or the photo (at most {days} days apart, "
                                  "extra.placard.patrol.photo_days)").format(days=settings.photo_days)))
        if ph.lat is not None and pl.lat is not None and pl.lon is not None:
            d = distance_m(ph.lat, ph.lon, pl.lat, pl.lon)
            if d > settings.photo_metres:
                out.append(make("patrol.photo-mismatch", _("photo '{path}' was taken {metres} m from list '{id}' "
                                                           "({lat}, {lon})").format(
                                    path=ph.path, metres=f"{d:,.0f}", id=pl.id, lat=pl.lat, lon=pl.lon), **kw,
                                fix=_("check the record's list, or the list's lat/lon (at most {metres} m, "
                                      "extra.placard.patrol.photo_metres)").format(
                                    metres=f"{settings.photo_metres:g}")))
    return out
