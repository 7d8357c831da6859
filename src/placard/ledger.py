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
MEASURE_ZH = {m.name: m.name_zh for m in MEASURES.values()}
UNIT_ZH = {m.name: m.unit_zh for m in MEASURES.values()}

SLOT_HEADERS = ("点位编号", "点位名称", "类型", "位置", "槽位编号", "顺序", "性质", "内容编号",
                "内容/广告主", "开始日期", "结束日期", "计量值", "单位")
SUMMARY_HEADERS = ("点位编号", "点位名称", "类型", "位置", "计量方式", "要求公益占比", "检查日期",
                   "当日公益量", "当日发布总量", "当日公益占比", "当日结论", "全周期结论", "周期开始",
                   "周期结束", "联系人", "文件")


PATROL_SLOT_HEADERS = ("最近巡查日期", "巡查状态", "巡查照片", "未整改问题", "巡查逾期天数")
PATROL_SUMMARY_HEADERS = ("最近巡查日期", "未整改问题数", "巡查逾期天数", "巡查结论")
PATROL_HEADERS = ("巡查日期", "点位编号", "点位名称", "槽位编号", "巡查人", "状态", "实际内容", "照片",
                  "照片拍摄时间", "照片距点位（米）", "备注", "文件", "行")
MAX_THUMBS = 2000  # photos embedded in one workbook; the rest are named only


@dataclass(frozen=True)
class Ledger:
    day: dt.date
    slots: list[tuple]
    summary: list[tuple]
    patrols: list[tuple] | None = None  # the patrol history, when the campaign keeps patrol records
    photos: dict[int, Path] = field(default_factory=dict)  # slot row index -> its last photo (absolute)
    slot_headers: tuple[str, ...] = SLOT_HEADERS
    summary_headers: tuple[str, ...] = SUMMARY_HEADERS
    #: More sheets: (title, CSV file suffix, headers, rows) — e.g. 播放 (played airtime per day).
    sheets: tuple[tuple[str, str, tuple[str, ...], list[tuple]], ...] = ()


def _num(x, measure: str):
    return MEASURES[measure].number(x)


def _item_text(campaign: Campaign, pl: PlacementList, slot) -> str:
    if slot.kind == "public" and slot.ref:
        item = campaign.item(slot.ref)
        return item.title if item else f"（未知内容 {slot.ref}）"
    if slot.kind == "commercial":
        return slot.advertiser or ""
    return ""


def ledger_rows(campaign: Campaign, day: dt.date) -> Ledger:
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
            row = (pl.id, pl.name, TYPE_ZH[pl.type], pl.location, s.id, s.order, KIND_ZH[s.kind],
                   s.ref or "", _item_text(campaign, pl, s), s.start, s.end, _num(s.value(m), m), UNIT_ZH[m])
            if lp is not None:
                extra, photo = _slot_patrol(lp, s.id, campaign)
                if photo is not None:
                    photos[len(slots)] = campaign.root / photo
                row += extra
            slots.append(row)
        in_period = pl.start <= day <= pl.end
        pub, tot = share_on(pl, day)
        if not in_period:
            share, verdict = "", "不在周期内"
        elif tot == 0:
            share, verdict = "", "当日无发布"
        else:
            share = pct(pub / tot)
            verdict = "达标" if pub >= pl.rule.min_public * tot else "不达标"
        whole = "达标" if evaluate(pl, theme_of).ok else "不达标"
        row = (pl.id, pl.name, TYPE_ZH[pl.type], pl.location, MEASURE_ZH[m],
               pct(pl.rule.min_public), day, _num(pub, m), _num(tot, m), share, verdict, whole,
               pl.start, pl.end, pl.contact, pl.source.file)
        if lp is not None:
            row += (lp.last.day if lp.last else "", len(lp.open_problems()), lp.overdue_days,
                    "达标" if lp.ok(campaign.today) else "不达标")
        summary.append(row)
    if patrol_state is None:
        return with_plays(campaign, Ledger(day, slots, summary))
    return with_plays(campaign, Ledger(day, slots, summary, _history(campaign), photos,
                                       SLOT_HEADERS + PATROL_SLOT_HEADERS, SUMMARY_HEADERS + PATROL_SUMMARY_HEADERS))


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


def _slot_patrol(lp, slot_id: str, campaign: Campaign) -> tuple[tuple, str | None]:
    """The patrol columns of one slot, and the campaign-relative path of its last usable photo."""
    records = lp.slot_records(slot_id)
    if not records:
        return ("", "", "", "", lp.overdue_days), None
    last = records[-1]
    photo = lp.slot_photo(slot_id)
    problems = [p for p in lp.open_problems() if p.opened.slot in (slot_id, None)]
    text = "；".join(f"{STATUS_ZH[p.opened.status]}（{p.opened.day} 起，应于 {p.due} 前整改）" for p in problems)
    late = max([lp.overdue_days, *(p.late_days(campaign.today) for p in problems)])
    return (last.day, STATUS_ZH[last.status], photo or "", text, late), photo


def _history(campaign: Campaign) -> list[tuple]:
    from .patrols.photos import distance_m

    lists = {pl.id: pl for pl in campaign.placements}
    rows = []
    for r in campaign.patrols.records:
        pl = lists[r.list_id]
        ph = r.photos[0] if r.photos else None
        taken = ph.taken.strftime("%Y-%m-%d %H:%M") if ph is not None and ph.taken else ""
        far = (round(distance_m(ph.lat, ph.lon, pl.lat, pl.lon)) if ph is not None and ph.lat is not None
               and pl.lat is not None and pl.lon is not None else "")
        rows.append((r.day, r.list_id, pl.name, r.slot or "（全部）", r.inspector, STATUS_ZH[r.status], r.seen or "",
                     "、".join(p.path for p in r.photos), taken, far, r.note, r.file, r.line))
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
        files.append((out[-1], PATROL_HEADERS, ledger.patrols))
    for _title, suffix, header, rows in ledger.sheets:
        out.append(sheet_path(path, suffix))
        files.append((out[-1], header, rows))
    for p, header, rows in files:
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(csv_row(_cell(v) for v in r) for r in rows)
    return out


def write_xlsx(ledger: Ledger, path: Path) -> list[Path]:
    from openpyxl import Workbook

    wb = Workbook()
    sheets = [("台账", ledger.slot_headers, ledger.slots), ("汇总", ledger.summary_headers, ledger.summary)]
    if ledger.patrols is not None:
        sheets.append(("巡查记录", PATROL_HEADERS, ledger.patrols))
    sheets += [(title, header, rows) for title, _suffix, header, rows in ledger.sheets]
    for n, (title, header, rows) in enumerate(sheets):
        ws = add_sheet(wb, n == 0, title, header, rows, red=("不达标", "破损", "脏污", "缺失", "内容不符"))
        if n == 0 and ledger.photos:
            _thumbnails(ws, ledger, header.index("巡查照片") + 1)
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
