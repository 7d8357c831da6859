"""The inspection ledger (迎检台账): one row per slot, and per list its share on a given day.

:func:`ledger_rows` is pure; :func:`write_csv` and :func:`write_xlsx` write it.
Text that a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) is written
as text (see :mod:`placard.tabular_out`).
CSV is UTF-8 with a byte-order mark (so Excel and WPS read the Chinese right):
the slots go to FILE and the summary to FILE's name with ``-summary`` added.
XLSX has two sheets, 台账 and 汇总, with a frozen, bold header row, filters and
column widths fitted to the (mostly Chinese) text.

A campaign that keeps patrol records (posters/patrols/) gets patrol columns on both sheets
(last patrol, its status and photo, open problems, days overdue; per list 巡查结论) and a third
sheet, 巡查记录, with every record; in the XLSX the last photo of each slot is embedded as a
thumbnail, in the CSV it is named. The history's CSV is FILE's name with ``-patrols`` added.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from .i18n import N_, in_language
from .measures import MEASURES
from .model import Campaign, PlacementList
from .patrols.load import STATUS_ZH
from .patrols.state import campaign_patrols
from .placements.share import evaluate, share_on
from .rules.ratio import pct
from .tabular_out import add_sheet, csv_row

TYPE_ZH = {
    "banner": "道旗/横幅",
    "hoarding": "建筑围挡",
    "billboard": "广告牌",
    "led": "LED屏",
    "lightbox": "灯箱",
    "bus-shelter": "公交站亭",
    "bulletin-board": "宣传栏",
    "other": "其他",
}
KIND_ZH = {"public": "公益", "commercial": "商业", "vacant": "空置"}
#: The same words as page and spreadsheet texts, translated into the campaign's language where shown.
TYPES = {
    "banner": N_("street banner"),
    "hoarding": N_("construction hoarding"),
    "billboard": N_("billboard"),
    "led": N_("LED screen"),
    "lightbox": N_("light box"),
    "bus-shelter": N_("bus shelter"),
    "bulletin-board": N_("bulletin board"),
    "other": N_("other"),
}
NATURES = {"public": N_("public-benefit"), "commercial": N_("commercial"), "vacant": N_("vacant")}
MEASURE_NAMES = {"count": N_("count"), "area": N_("area"), "airtime": N_("airtime")}
MEASURE_ZH = {m.name: m.name_zh for m in MEASURES.values()}
UNIT_ZH = {m.name: m.unit_zh for m in MEASURES.values()}

UNITS = {"count": N_("blocks"), "area": N_("square metres"), "airtime": N_("seconds")}
#: A patrol record's status (data value) as the ledger and the pages show it.
STATUS_TEXT = {"ok": N_("intact"), "damaged": N_("damaged"), "dirty": N_("dirty"), "missing": N_("missing"),
               "wrong": N_("wrong content"), "fixed": N_("put right")}
MEETS, FAILS = N_("meets the rule"), N_("fails")
#: Cells the workbook shows in red.
RED = (FAILS, STATUS_TEXT["damaged"], STATUS_TEXT["dirty"], STATUS_TEXT["missing"], STATUS_TEXT["wrong"])

# Column headers and sheet names: msgids, written in the campaign's language (extra.placard.language).
SLOT_HEADERS = (N_("Placement ID"), N_("Placement name"), N_("Type"), N_("Location"), N_("Slot ID"), N_("Order"),
                N_("Nature"), N_("Item ID"), N_("Item/advertiser"), N_("Start date"), N_("End date"),
                N_("Measured value"), N_("Unit"))
SUMMARY_HEADERS = (N_("Placement ID"), N_("Placement name"), N_("Type"), N_("Location"), N_("Measured by"),
                   N_("Public-benefit share required"), N_("Day checked"), N_("Public-benefit amount that day"),
                   N_("Total on show that day"), N_("Public-benefit share that day"), N_("Verdict that day"),
                   N_("Verdict over the period"), N_("Period start"), N_("Period end"), N_("Contact"), N_("File"))
PATROL_PHOTO = N_("Patrol photo")
PATROL_SLOT_HEADERS = (N_("Last patrol date"), N_("Patrol status"), PATROL_PHOTO, N_("Open problems"),
                       N_("Days patrol overdue"))
PATROL_SUMMARY_HEADERS = (N_("Last patrol date"), N_("Open problems (number)"), N_("Days patrol overdue"),
                          N_("Patrol verdict"))
PATROL_HEADERS = (N_("Patrol date"), N_("Placement ID"), N_("Placement name"), N_("Slot ID"), N_("Inspector"),
                  N_("Status"), N_("What was on show"), N_("Photo"), N_("Photo taken"),
                  N_("Photo's distance from the placement (m)"), N_("Note"), N_("File"), N_("Line"))
SLOTS_SHEET, SUMMARY_SHEET, PATROLS_SHEET = N_("Ledger"), N_("Summary"), N_("Patrol records")
MAX_THUMBS = 2000  # photos embedded in one workbook; the rest are named only


@dataclass(frozen=True)
class Ledger:
    day: dt.date
    slots: list[tuple]
    summary: list[tuple]
    patrols: list[tuple] | None = None  # the patrol history, when the campaign keeps patrol records
    photos: dict[int, Path] = field(default_factory=dict)  # slot row index -> its last photo (absolute)
    slot_headers: tuple[str, ...] = SLOT_HEADERS  # translated by ledger_rows (the campaign's language)
    summary_headers: tuple[str, ...] = SUMMARY_HEADERS
    #: More sheets: (title, CSV file suffix, headers, rows) — e.g. 播放 (played airtime per day).
    sheets: tuple[tuple[str, str, tuple[str, ...], list[tuple]], ...] = ()
    language: str = "zh-Hans"  # the campaign's: headers, sheet names and words in the cells
    failing: int = 0  # lists that fail the share rule on the day
    patrol_headers: tuple[str, ...] = PATROL_HEADERS

    def tr(self, msgid: str) -> str:
        return in_language(self.language, msgid)


def _num(x, measure: str):
    return MEASURES[measure].number(x)


def _item_text(campaign: Campaign, pl: PlacementList, slot, tr) -> str:
    if slot.kind == "public" and slot.ref:
        item = campaign.item(slot.ref)
        return item.title if item else tr(N_("(unknown item {ref})")).format(ref=slot.ref)
    if slot.kind == "commercial":
        return slot.advertiser or ""
    return ""


def ledger_rows(campaign: Campaign, day: dt.date) -> Ledger:
    """The ledger's rows; each slot row ends with the approval record of the item it carries (审核记录)."""
    ledger = _ledger_rows(campaign, day)
    from .review.state import approval_record

    slots = [(*row, approval_record(campaign, row[7]) if row[7] else "") for row in ledger.slots]
    header = in_language(campaign.config.language, APPROVAL_HEADER)
    return replace(ledger, slots=slots, slot_headers=(*ledger.slot_headers, header))


#: The slot sheet's last column: which review record approved the item on the slot.
APPROVAL_HEADER = N_("Approval record")


def _ledger_rows(campaign: Campaign, day: dt.date) -> Ledger:
    lang = campaign.config.language

    def tr(msgid: str) -> str:
        return in_language(lang, msgid)

    meets, fails = tr(MEETS), tr(FAILS)
    failing = 0
    slots, summary = [], []
    patrol_state = campaign_patrols(campaign) if campaign.patrols is not None else None
    photos: dict[int, Path] = {}

    def theme_of(ref):
        item = campaign.item(ref)
        return item.theme if item else None

    for pl in sorted(campaign.placements, key=lambda p: p.id):
        m = pl.rule.measure
        lp = patrol_state.get(pl.id) if patrol_state is not None else None
        for s in pl.slots:
            row = (pl.id, pl.name, tr(TYPES[pl.type]), pl.location, s.id, s.order, tr(NATURES[s.kind]),
                   s.ref or "", _item_text(campaign, pl, s, tr), s.start, s.end, _num(s.value(m), m), tr(UNITS[m]))
            if lp is not None:
                extra, photo = _slot_patrol(lp, s.id, campaign, tr)
                if photo is not None:
                    photos[len(slots)] = campaign.root / photo
                row += extra
            slots.append(row)
        in_period = pl.start <= day <= pl.end
        pub, tot = share_on(pl, day)
        if not in_period:
            share, verdict = "", tr(N_("not in its period"))
        elif tot == 0:
            share, verdict = "", tr(N_("nothing on show that day"))
        else:
            share = pct(pub / tot)
            verdict = meets if pub >= pl.rule.min_public * tot else fails
            failing += verdict == fails
        whole = meets if evaluate(pl, theme_of).ok else fails
        row = (pl.id, pl.name, tr(TYPES[pl.type]), pl.location, tr(MEASURE_NAMES[m]),
               pct(pl.rule.min_public), day, _num(pub, m), _num(tot, m), share, verdict, whole,
               pl.start, pl.end, pl.contact, pl.source.file)
        if lp is not None:
            row += (lp.last.day if lp.last else "", len(lp.open_problems()), lp.overdue_days,
                    meets if lp.ok(campaign.today) else fails)
        summary.append(row)
    headers = {"language": lang, "failing": failing, "patrol_headers": tuple(map(tr, PATROL_HEADERS))}
    if patrol_state is None:
        return with_plays(campaign, Ledger(day, slots, summary, slot_headers=tuple(map(tr, SLOT_HEADERS)),
                                           summary_headers=tuple(map(tr, SUMMARY_HEADERS)), **headers))
    return with_plays(campaign, Ledger(day, slots, summary, _history(campaign, tr), photos,
                                       tuple(map(tr, SLOT_HEADERS + PATROL_SLOT_HEADERS)),
                                       tuple(map(tr, SUMMARY_HEADERS + PATROL_SUMMARY_HEADERS)), **headers))


def with_plays(campaign: Campaign, ledger: Ledger) -> Ledger:
    """The play-log evidence (posters/playlogs/): a 播放结论 column and a 播放 sheet, when there are logs."""
    from .playlogs import ledger as plays

    verdicts = plays.play_verdicts(campaign)
    if not verdicts:
        return ledger
    summary = [(*r, verdicts.get(r[0], "")) for r in ledger.summary]
    sheet = (plays.SHEET, plays.CSV_SUFFIX, plays.HEADERS, plays.play_rows(campaign))
    return replace(ledger, summary=summary, summary_headers=(*ledger.summary_headers, plays.SUMMARY_HEADER),
                   sheets=(*ledger.sheets, sheet))


def _slot_patrol(lp, slot_id: str, campaign: Campaign, tr) -> tuple[tuple, str | None]:
    """The patrol columns of one slot, and the campaign-relative path of its last usable photo."""
    records = lp.slot_records(slot_id)
    if not records:
        return ("", "", "", "", lp.overdue_days), None
    last = records[-1]
    photo = lp.slot_photo(slot_id)
    problems = [p for p in lp.open_problems() if p.opened.slot in (slot_id, None)]
    since = tr(N_("{status} (since {day}, to be put right by {due})"))
    text = tr(N_("; ")).join(since.format(status=_status(p.opened.status, tr), day=p.opened.day, due=p.due)
                         for p in problems)
    late = max([lp.overdue_days, *(p.late_days(campaign.today) for p in problems)])
    return (last.day, _status(lp.slot_status(slot_id), tr), photo or "", text, late), photo


def _status(status: str, tr) -> str:
    return tr(STATUS_TEXT[status]) if status in STATUS_TEXT else STATUS_ZH.get(status, status)


def _history(campaign: Campaign, tr) -> list[tuple]:
    from .patrols.photos import distance_m

    lists = {pl.id: pl for pl in campaign.placements}
    rows = []
    for r in campaign.patrols.records:
        pl = lists[r.list_id]
        ph = r.photos[0] if r.photos else None
        taken = ph.taken.strftime("%Y-%m-%d %H:%M") if ph is not None and ph.taken else ""
        far = (round(distance_m(ph.lat, ph.lon, pl.lat, pl.lon)) if ph is not None and ph.lat is not None
               and pl.lat is not None and pl.lon is not None else "")
        rows.append((r.day, r.list_id, pl.name, r.slot or tr(N_("(all)")), r.inspector, _status(r.status, tr),
                     r.seen or "", tr(N_(", ")).join(p.path for p in r.photos), taken, far, r.note, r.file, r.line))
    return rows


def summary_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-summary{path.suffix or '.csv'}")


def _cell(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def sheet_path(path: Path, suffix: str) -> Path:
    return path.with_name(f"{path.stem}-{suffix}{path.suffix or '.csv'}")


def patrols_path(path: Path) -> Path:
    return sheet_path(path, "patrols")


def write_csv(ledger: Ledger, path: Path) -> list[Path]:
    out = [path, summary_path(path)]
    files = [(out[0], ledger.slot_headers, ledger.slots), (out[1], ledger.summary_headers, ledger.summary)]
    if ledger.patrols is not None:
        out.append(patrols_path(path))
        files.append((out[-1], ledger.patrol_headers, ledger.patrols))
    for _title, suffix, header, rows in ledger.sheets:
        out.append(sheet_path(path, suffix))
        files.append((out[-1], header, rows))
    for p, header, rows in files:
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(csv_row(_cell(v) for v in r) for r in rows)
    return out


def write_xlsx(ledger: Ledger, path: Path, notes: list[str] | None = None) -> list[Path]:
    from openpyxl import Workbook

    wb = Workbook()
    tr = ledger.tr
    sheets = [(tr(SLOTS_SHEET), ledger.slot_headers, ledger.slots),
              (tr(SUMMARY_SHEET), ledger.summary_headers, ledger.summary)]
    if ledger.patrols is not None:
        sheets.append((tr(PATROLS_SHEET), ledger.patrol_headers, ledger.patrols))
    sheets += [(title, header, rows) for title, _suffix, header, rows in ledger.sheets]
    red = tuple(map(tr, RED))
    for n, (title, header, rows) in enumerate(sheets):
        ws = add_sheet(wb, n == 0, title, header, rows, red=red, notes=notes)
        if n == 0 and ledger.photos:
            _thumbnails(ws, ledger, header.index(tr(PATROL_PHOTO)) + 1)
    wb.save(path)
    return [path]


def _thumbnails(ws, ledger: Ledger, column: int) -> None:
    """Each slot's last photo as a small picture in its cell (a photo that cannot be read is left named)."""
    import io

    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.utils import get_column_letter

    from .images import open_image

    letter = get_column_letter(column)
    ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 14)
    for i, path in list(ledger.photos.items())[:MAX_THUMBS]:
        try:
            with open_image(path) as im:  # PNG/JPEG/WebP only, within the pixel limit
                im.draft("RGB", (160, 120))  # JPEG: decode at a fraction of the size
                im = im.convert("RGB")
                im.thumbnail((80, 60))
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality=70)
        except Exception:  # noqa: BLE001  a corrupt photo never stops the ledger
            continue
        pic = XlImage(buf)
        pic.width, pic.height = im.size
        ws.add_image(pic, f"{letter}{i + 2}")
        ws.row_dimensions[i + 2].height = 48
