"""The inspection ledger (迎检台账): one row per slot, and per list its share on a given day.

:func:`ledger_rows` is pure; :func:`write_csv` and :func:`write_xlsx` write it.
Text that a spreadsheet would take for a formula (``=…``, ``+…``, ``-…``, ``@…``) is written
as text (see :mod:`placard.tabular_out`).
CSV is UTF-8 with a byte-order mark (so Excel and WPS read the Chinese right):
the slots go to FILE and the summary to FILE's name with ``-summary`` added.
XLSX has two sheets, 台账 and 汇总, with a frozen, bold header row, filters and
column widths fitted to the (mostly Chinese) text.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from .measures import MEASURES
from .model import Campaign, PlacementList
from .placements.share import evaluate, share_on
from .rules.ratio import pct
from .tabular_out import csv_row, xlsx_text

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


@dataclass(frozen=True)
class Ledger:
    day: dt.date
    slots: list[tuple]
    summary: list[tuple]
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

    def theme_of(ref):
        item = campaign.item(ref)
        return item.theme if item else None

    for pl in sorted(campaign.placements, key=lambda p: p.id):
        m = pl.rule.measure
        for s in pl.slots:
            slots.append((pl.id, pl.name, TYPE_ZH[pl.type], pl.location, s.id, s.order, KIND_ZH[s.kind],
                          s.ref or "", _item_text(campaign, pl, s), s.start, s.end, _num(s.value(m), m),
                          UNIT_ZH[m]))
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
        summary.append((pl.id, pl.name, TYPE_ZH[pl.type], pl.location, MEASURE_ZH[m],
                        pct(pl.rule.min_public), day, _num(pub, m), _num(tot, m), share, verdict, whole,
                        pl.start, pl.end, pl.contact, pl.source.file))
    return with_plays(campaign, Ledger(day, slots, summary))


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


def summary_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-summary{path.suffix or '.csv'}")


def _cell(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def sheet_path(path: Path, suffix: str) -> Path:
    return path.with_name(f"{path.stem}-{suffix}{path.suffix or '.csv'}")


def write_csv(ledger: Ledger, path: Path) -> list[Path]:
    out = [path, summary_path(path)]
    files = [(out[0], SLOT_HEADERS, ledger.slots), (out[1], ledger.summary_headers, ledger.summary)]
    for _title, suffix, header, rows in ledger.sheets:
        out.append(sheet_path(path, suffix))
        files.append((out[-1], header, rows))
    for p, header, rows in files:
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(csv_row(_cell(v) for v in r) for r in rows)
    return out


def _width(v) -> float:
    text = v.isoformat() if isinstance(v, dt.date) else str(v if v is not None else "")
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def write_xlsx(ledger: Ledger, path: Path) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheets = (("台账", SLOT_HEADERS, ledger.slots), ("汇总", ledger.summary_headers, ledger.summary),
              *((title, header, rows) for title, _suffix, header, rows in ledger.sheets))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    red = Font(color="C00000", bold=True)
    for n, (title, header, rows) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = title
        ws.append(list(header))
        for r in rows:
            ws.append(list(r))
        for c in ws[1]:
            c.font, c.fill = bold, fill
            c.alignment = Alignment(horizontal="center", vertical="center")
        for row in ws.iter_rows(min_row=2):
            for c in row:
                xlsx_text(c)  # an advertiser '=HYPERLINK(…)' stays text, never a live formula
                if isinstance(c.value, dt.date):
                    c.number_format = "yyyy-mm-dd"
                elif c.value == "不达标":
                    c.font = red
        for i, h in enumerate(header, start=1):
            widest = max([_width(h), *(_width(r[i - 1]) for r in rows)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, widest + 2))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    wb.save(path)
    return [path]
