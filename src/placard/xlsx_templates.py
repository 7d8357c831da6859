"""Spreadsheet templates a clerk fills in Excel or WPS: placement lists, patrol records, play logs.

Each template is an XLSX workbook: the first sheet has the Chinese header row the loaders read, an
example row (shaded, with a comment), drop-down lists (data validation) on the closed columns from
:mod:`placard.vocab`, and date-formatted cells; a second sheet, 填写说明, says what each column takes.
The loaders read the first sheet only, so the second sheet never gets in the way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_
from .vocab import KIND, MEASURE, STATUS, TYPE, Closed, column_letter

ROWS = 500  # rows prepared with drop-downs and date formats
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
KINDS = ("placements", "patrols", "playlogs")


@dataclass(frozen=True)
class Column:
    header: str
    help: str  # 填写说明 (Chinese: the sheet is for the clerk)
    width: int = 12
    closed: Closed | None = None
    date: bool = False
    time: bool = False
    percent: bool = False
    choices: tuple[str, ...] = ()  # an open drop-down from the campaign (list ids)


def _columns(kind: str, lists: tuple[str, ...] = ()) -> list[Column]:
    if kind == "placements":
        return [
            Column("名称", "点位名称，每行相同（只填第一行也可以），例如 人民路宣传栏", 22),
            Column("类型", "从下拉列表选择", 10, closed=TYPE),
            Column("位置", "点位所在的位置，文字说明", 22),
            Column("纬度", "可不填；填写后巡查照片可按定位匹配，例如 22.7482", 10),
            Column("经度", "可不填，例如 113.9361", 10),
            Column("周期开始", "点位台账的开始日期", 12, date=True),
            Column("周期结束", "点位台账的结束日期", 12, date=True),
            Column("联系人", "负责人和电话（只在内部网站显示）", 20),
            Column("公益占比下限", "公益广告至少占多少，例如 30%", 12, percent=True),
            Column(
                "计量方式", "从下拉列表选择：按数量、面积或播放时长计算占比", 10, closed=MEASURE
            ),
            Column("槽位编号", "每块位置一个编号，用字母和数字，例如 p01", 10),
            Column("顺序", "位置的先后顺序 1、2、3……", 8),
            Column("性质", "从下拉列表选择", 8, closed=KIND),
            Column("内容编号", "公益位置填标语、指南或公益广告的编号（文件名，不含 .md）", 14),
            Column("广告主", "商业位置填广告主", 16),
            Column("尺寸", "宽×高（毫米），例如 2000×1000；按面积计算时必填", 12),
            Column("时长", "每轮播放的秒数，例如 15；按时长计算时必填", 8),
            Column("开始日期", "这一块内容的开始日期（不填：整个周期）", 12, date=True),
            Column("结束日期", "这一块内容的结束日期（不填：整个周期）", 12, date=True),
            Column("备注", "随意填写，placard 不读取", 24),
        ]
    if kind == "patrols":
        return [
            Column("巡查日期", "巡查的日期", 12, date=True),
            Column("点位编号", "点位台账的编号（文件名，不含扩展名）", 24, choices=lists),
            Column("槽位编号", "只查一块位置时填写，例如 p04；不填表示整个点位", 10),
            Column("巡查人", "巡查人姓名", 10),
            Column("状态", "从下拉列表选择", 10, closed=STATUS),
            Column("照片", "posters/patrols/photos/ 下的照片文件名，多张用顿号分隔", 28),
            Column("备注", "问题说明或整改情况", 28),
        ]
    if kind == "playlogs":
        return [
            Column("时间", "每次播放的开始时间", 20, time=True),
            Column("屏幕", "屏幕名称或点位台账编号", 18, choices=lists),
            Column("内容", "播放的内容编号或素材文件名", 20),
            Column("时长", "这次播放的秒数", 8),
        ]
    raise ValueError(kind)


SHEET = {
    "placements": N_("placement list"),
    "patrols": N_("patrol records"),
    "playlogs": N_("play log"),
}
SHEET_ZH = {"placements": "点位台账", "patrols": "巡查记录", "playlogs": "播放日志"}


def _example(kind: str, today: dt.date, item: str, list_id: str) -> list:
    end = dt.date(today.year, 12, 31) if today.month < 10 else dt.date(today.year + 1, 3, 31)
    if kind == "placements":
        return [
            "人民路宣传栏",
            "宣传栏",
            "人民路与解放路路口东北角",
            None,
            None,
            today,
            end,
            "张三 0000-0000000",
            0.3,
            "数量",
            "p01",
            1,
            "公益",
            item,
            None,
            None,
            None,
            None,
            None,
            "示例行：照此填写，可修改或删除",
        ]
    if kind == "patrols":
        return [today, list_id, None, "张三", "完好", None, "示例行：例行巡查"]
    return [dt.datetime.combine(today, dt.time(8, 0)), list_id, item, 15]


def write_template(
    kind: str,
    out: Path,
    *,
    lists: tuple[str, ...] = (),
    item: str = "civility-01",
    today: dt.date | None = None,
) -> None:
    """Write the ``kind`` template (:data:`KINDS`) to ``out`` (an .xlsx file)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    today = today or dt.date.today()
    cols = _columns(kind, lists)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_ZH[kind]
    ws.append([c.header for c in cols])
    example = _example(kind, today, item, lists[0] if lists else "renmin-road-boards")
    ws.append(example)
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for i, c in enumerate(cols):
        letter = column_letter(i)
        head = ws[f"{letter}1"]
        head.font, head.alignment = bold, Alignment(horizontal="center")
        head.comment = Comment(c.help, "placard")
        ws[f"{letter}2"].fill = shade
        ws.column_dimensions[letter].width = c.width
        span = f"{letter}2:{letter}{ROWS + 1}"
        offered = c.closed.offered() if c.closed else list(c.choices)
        if offered and len(",".join(offered)) <= 250:  # Excel's limit on an inline list
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(offered) + '"',
                allow_blank=True,
                showErrorMessage=c.closed is not None,
                errorTitle="请从下拉列表选择",
                error="这一列只能填：" + "、".join(offered),
                promptTitle=c.header,
                prompt="从下拉列表选择",
                showInputMessage=True,
            )
            dv.add(span)
            ws.add_data_validation(dv)
        if c.date or c.time:
            dv = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="36526",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请填写日期",
                error="请填写日期，例如 2026-10-01"
                if c.date
                else "请填写时间，例如 2026-10-08 07:00:00",
            )
            dv.add(span)
            ws.add_data_validation(dv)
        fmt = DATE_FORMAT if c.date else TIME_FORMAT if c.time else "0%" if c.percent else None
        if fmt:
            for row in range(2, ROWS + 2):
                ws[f"{letter}{row}"].number_format = fmt
    ws["A2"].comment = Comment("示例行：照此填写，可修改或删除", "placard")
    ws.freeze_panes = "A2"
    info = wb.create_sheet("填写说明")
    info.append(["列", "填写说明", "可选的值"])
    for c in cols:
        offered = c.closed.offered() if c.closed else list(c.choices)
        info.append([c.header, c.help, "、".join(offered)])
    for letter, width in (("A", 14), ("B", 60), ("C", 50)):
        info.column_dimensions[letter].width = width
    for cell in info[1]:
        cell.font = bold
    info.append([])
    info.append(["", "placard 只读取第一个工作表；本说明页不影响读取。"])
    wb.save(out)
