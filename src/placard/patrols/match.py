"""``placard patrols match``: phone photos no record names, matched to a list by their EXIF GPS.

:func:`propose` is pure over the campaign and the photos read; :func:`records_yaml` writes the
proposals as a patrol file (every string JSON-quoted, which YAML reads as it is).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..i18n import _
from ..model import Campaign, Photo
from .photos import PHOTOS_DIR, distance_m


@dataclass(frozen=True)
class Proposal:
    photo: Photo
    list_id: str | None  # None: not matched, ``reason`` says why
    day: dt.date | None
    metres: float | None
    reason: str = ""

    @property
    def name(self) -> str:
        """The photo's name as a record writes it (relative to posters/patrols/photos/)."""
        return self.photo.path.removeprefix(PHOTOS_DIR + "/")


def propose(campaign: Campaign, photos: list[Photo], max_metres: float) -> list[Proposal]:
    """For each photo: the nearest list (with lat/lon) within ``max_metres`` whose period holds its date."""
    placed = [pl for pl in campaign.placements if pl.lat is not None and pl.lon is not None]
    out = []
    for ph in photos:
        if ph.problem or ph.lat is None or ph.lon is None or ph.taken is None:
            why = {"not-image": _("not an image placard can read"), "missing": _("gone"),
                   "outside": _("outside the photo folder"),
                   "too-large": _("larger than placard opens (a damaged file or a 'decompression bomb')")}.get(
                ph.problem or "", _("no EXIF date and GPS position"))
            out.append(Proposal(ph, None, None, None, why))
            continue
        day = ph.taken.date()
        near = sorted((distance_m(ph.lat, ph.lon, pl.lat, pl.lon), pl.id, pl) for pl in placed)
        near = [(d, pl) for d, _, pl in near if d <= max_metres]
        if not near:
            out.append(Proposal(ph, None, day, None, _("no list with lat/lon within {metres} m").format(
                metres=f"{max_metres:g}")))
            continue
        within = [(d, pl) for d, pl in near if pl.start <= day <= pl.end]
        if not within:
            d, pl = near[0]
            out.append(Proposal(ph, None, day, d, _("near '{id}' but {day} is outside its period").format(
                id=pl.id, day=day)))
            continue
        d, pl = within[0]
        out.append(Proposal(ph, pl.id, day, d))
    return out


def records_yaml(proposals: list[Proposal], inspector: str, status: str) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    lines = ["# " + _("Proposed by `placard patrols match` from the photos' EXIF date and GPS position."),
             "# " + _("Check each record's status and inspector (and add the slot) before relying on it."),
             "records:"]
    for p in proposals:
        if p.list_id is None:
            continue
        lines.append(f"  - {{date: {p.day.isoformat()}, list: {q(p.list_id)}, inspector: {q(inspector)}, "
                     f"status: {q(status)}, photos: [{q(p.name)}], "
                     f"note: {q(f'照片定位距点位 {p.metres:.0f} 米（placard patrols match）')}}}")
    return "\n".join(lines) + "\n"
