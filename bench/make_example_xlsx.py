"""Write the example campaign's XLSX placement list (posters/placements/fenghuang-community-boards.xlsx).

Run from the repository root: ``python bench/make_example_xlsx.py``. The file is
committed; this script documents how it was made and rebuilds it when the
example changes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook

HEADER = ["名称", "类型", "位置", "周期开始", "周期结束", "联系人", "公益占比下限", "计量方式", "必含主题",
          "槽位编号", "顺序", "性质", "内容编号", "广告主", "开始日期", "结束日期", "备注"]
LIST = ["凤凰社区宣传栏", "宣传栏", "凤凰社区党群服务中心门前", dt.date(2026, 10, 1), dt.date(2026, 12, 31),
        "凤凰社区工作站 黄丽 0755-2000-6006", 0.5, "数量", "values"]
SLOTS = [
    ("b01", 1, "公益", "values-05", None, None, None, "一号栏 左"),
    ("b02", 2, "公益", "guide-volunteer", None, None, None, "一号栏 右"),
    ("b03", 3, "商业", None, "凤凰社区超市", None, None, "二号栏 左"),
    ("b04", 4, "公益", "waste-04", None, None, None, "二号栏 右"),
    ("b05", 5, "商业", None, "光明家政服务", dt.date(2026, 10, 1), dt.date(2026, 11, 15), "三号栏 左"),
    ("b06", 5, "公益", "health-04", None, dt.date(2026, 11, 16), dt.date(2026, 12, 31), "三号栏 左（11 月中旬起）"),
    ("b07", 6, "空置", None, None, None, None, "三号栏 右"),
]


def build(path: Path, header=HEADER, head=LIST, slots=SLOTS) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "点位台账"
    ws.append(list(header))
    for i, slot in enumerate(slots):
        first = list(head) if i == 0 else [None] * len(head)
        ws.append([*first, *slot])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    wb.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("posters/placements/fenghuang-community-boards.xlsx")
    build(out)
    print(f"wrote {out}")
