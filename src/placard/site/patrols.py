"""Patrols in the staff site: a patrol block on each list's page and an SVG map of all lists.

The map is drawn at build time from the lists' ``lat``/``lon`` (an equirectangular projection
around their centre, fine for a district): no tile server, no script, no request to any other
host. Each list is a dot coloured by its state; a list without coordinates is counted below it.
Slot photos are shown as small thumbnails written into the staff site (``patrols/thumbs/``).
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

from ..findings import Finding
from ..i18n import N_, P_
from ..ledger import STATUS_TEXT
from ..model import Campaign, PlacementList
from ..patrols.load import STATUS_ZH
from ..patrols.state import campaign_patrols
from ..placements.share import evaluate
from .content import render
from .registry import POST_BUILD, STAFF, SiteOptions, serve
from .urls import relative_url

THUMBS = "patrols/thumbs"
MAP_W, MAP_H, PAD = 400, 300, 36
#: state -> (label, colour); the worst state of a list wins, in this order.
STATES = {
    "fail": (N_("public-benefit share fails"), "#c62828"),
    "open": (N_("problems not put right"), "#e65100"),
    "overdue": (N_("patrol overdue"), "#f9a825"),
    "ok": (N_("normal"), "#2e7d32"),
    "none": (N_("no patrol rule"), "#757575"),
}


def status_text(status: str) -> str:
    return P_(STATUS_TEXT[status]) if status in STATUS_TEXT else STATUS_ZH.get(status, status)


def problem_text(p, today) -> str:
    """An open problem of a list's patrols, as its page and the ledger show it."""
    late = p.late_days(today)
    if late:
        return P_("{status} (since {day}, to be put right by {due}, {late} days overdue)").format(
            status=status_text(p.opened.status), day=p.opened.day, due=p.due, late=late)
    return P_("{status} (since {day}, to be put right by {due})").format(
        status=status_text(p.opened.status), day=p.opened.day, due=p.due)


def thumb_uri(photo_path: str) -> str:
    return f"{THUMBS}/{hashlib.sha256(photo_path.encode('utf-8')).hexdigest()[:20]}.jpg"


def list_state(campaign: Campaign, pl: PlacementList) -> str:
    def theme_of(ref):
        item = campaign.item(ref)
        return item.theme if item else None

    if not evaluate(pl, theme_of).ok:
        return "fail"
    lp = campaign_patrols(campaign).get(pl.id)
    if lp is None:
        return "none"
    if any(p.late_days(campaign.today) for p in lp.problems if p.open):
        return "open"
    if lp.overdue_days or lp.gaps:
        return "overdue"
    return "open" if lp.open_problems() else "ok"


def patrol_section(campaign: Campaign, pl: PlacementList, uri: str, options: SiteOptions) -> str:
    """The patrol block of a list's page ('' when the campaign keeps no patrol records)."""
    lp = campaign_patrols(campaign).get(pl.id)
    if lp is None:
        return ""
    udu = options.use_directory_urls
    slots = []
    for s in pl.slots:
        records = lp.slot_records(s.id)
        last = records[-1] if records else None
        photo = lp.slot_photo(s.id)
        problems = [p for p in lp.open_problems() if p.opened.slot in (s.id, None)]
        slots.append({
            "id": s.id, "last": last, "status": status_text(lp.slot_status(s.id)) if last else "",
            "bad": bool(last and lp.slot_status(s.id) in ("damaged", "dirty", "missing", "wrong")),
            "thumb": relative_url(uri, thumb_uri(photo), udu) if photo else None,
            "problems": [problem_text(p, campaign.today) for p in problems],
        })
    history = [{"r": r, "status": status_text(r.status)} for r in reversed(lp.records)][:30]
    return render("placement_patrols.html", lp=lp, ok=lp.ok(campaign.today), slots=slots, history=history,
                  more=max(0, len(lp.records) - 30), today=campaign.today)


def _projection(points: list[tuple[float, float]]):
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat0 = math.radians((min(lats) + max(lats)) / 2)
    span_x = max((max(lons) - min(lons)) * math.cos(lat0), 1e-4)  # degrees of latitude, as on the ground
    span_y = max(max(lats) - min(lats), 1e-4)
    scale = min((MAP_W - 2 * PAD) / span_x, (MAP_H - 2 * PAD) / span_y)
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (round(MAP_W / 2 + (lon - cx) * math.cos(lat0) * scale, 1),
                round(MAP_H / 2 - (lat - cy) * scale, 1))

    return xy, scale


def _scale_bar(scale: float) -> dict:
    """A round length (m) about a quarter of the map wide; ``scale`` is px per degree of latitude."""
    metres_per_px = 111_320 / scale
    target = metres_per_px * MAP_W / 4
    step = 10 ** math.floor(math.log10(target))
    length = max(m for m in (step, 2 * step, 5 * step) if m <= target)
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    return {"px": round(length / metres_per_px, 1), "label": label}


def map_section(campaign: Campaign, index_uri: str, list_uri, options: SiteOptions) -> str:
    rows = []
    state_of = {}
    for pl in sorted(campaign.placements, key=lambda p: p.id):
        state_of[pl.id] = state = list_state(campaign, pl)
        lp = campaign_patrols(campaign).get(pl.id)
        if lp is not None:
            rows.append({"pl": pl, "lp": lp, "open": len(lp.open_problems()), "label": P_(STATES[state][0]),
                         "ok": lp.ok(campaign.today),
                         "link": relative_url(index_uri, list_uri(pl), options.use_directory_urls)})
    placed = [pl for pl in sorted(campaign.placements, key=lambda p: p.id) if pl.lat is not None
              and pl.lon is not None]
    unplaced = len(campaign.placements) - len(placed)
    table = render("placements_patrols.html", rows=rows) if rows else ""
    if not placed:
        return table
    xy, scale = _projection([(pl.lat, pl.lon) for pl in placed])
    dots, used = [], set()
    for pl in placed:
        state = state_of[pl.id]
        used.add(state)
        x, y = xy(pl.lat, pl.lon)
        dots.append({"pl": pl, "x": x, "y": y, "label": P_(STATES[state][0]), "colour": STATES[state][1],
                     "name": pl.name if len(pl.name) <= 8 else pl.name[:7] + "…", "anchor": "end" if x > MAP_W * 0.6
                     else "start", "dx": -8 if x > MAP_W * 0.6 else 8,
                     "link": relative_url(index_uri, list_uri(pl), options.use_directory_urls)})
    legend = [(P_(STATES[k][0]), STATES[k][1]) for k in STATES if k in used]
    return table + render("placements_map.html", dots=dots, legend=legend, width=MAP_W, height=MAP_H,
                          bar=_scale_bar(scale), unplaced=unplaced)


def write_thumbs(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    """The slots' last photos, 160 px wide, beside the pages that show them (a corrupt one is skipped)."""
    if campaign.patrols is None:
        return []
    from ..images import open_image

    wanted = {photo for lp in campaign_patrols(campaign).values() for s in lp.pl.slots
              if (photo := lp.slot_photo(s.id))}  # only what the pages show
    for rel in sorted(wanted):
        out = site_dir / thumb_uri(rel)
        try:
            with open_image(campaign.root / rel) as im:  # PNG/JPEG/WebP only, within the pixel limit
                im.draft("RGB", (320, 240))
                im = im.convert("RGB")
                im.thumbnail((160, 120))
                out.parent.mkdir(parents=True, exist_ok=True)
                im.save(out, "JPEG", quality=75)  # re-encoded: no EXIF (GPS) leaves with the thumbnail
        except Exception:  # noqa: BLE001  a corrupt photo never stops the build
            continue
    return []


POST_BUILD.append(serve(write_thumbs, STAFF))
