"""Closed vocabularies of spreadsheet columns: what a template offers, what a loader accepts.

One table per closed column (性质, 类型, 计量方式, 状态): the Chinese labels a template's drop-down
offers (in that order), every other spelling read silently (the English ids, older Chinese words),
and the synonyms a clerk naturally writes (公益广告), read with a note that says how they were read.
The templates (:mod:`placard.xlsx_templates`) and the loaders (placement lists, patrol records)
both use these tables, so a value a template offers is always one the loader takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import Finding, error, warning
from .i18n import _


@dataclass(frozen=True)
class Closed:
    field: str  # the loader's field name (kind, type, measure, status)
    labels: tuple[tuple[str, str], ...]  # (Chinese label, value): what a template offers, in order
    accepted: tuple[tuple[str, str], ...] = ()  # other spellings read silently: (spelling, value)
    synonyms: tuple[tuple[str, str], ...] = ()  # (spelling, Chinese label): read with a note

    def offered(self) -> list[str]:
        return [label for label, _v in self.labels]

    def value(self, written: str) -> str | None:
        """The value a spelling stands for (None: not one this column takes)."""
        text = written.strip()
        for table in (self.labels, self.accepted):
            for spelling, value in table:
                if text == spelling or text.lower() == spelling.lower():
                    return value
        label = self.synonym(text)
        return None if label is None else dict(self.labels)[label]

    def synonym(self, written: str) -> str | None:
        """The Chinese label a synonym stands for (None: not a synonym)."""
        text = written.strip()
        return next((label for spelling, label in self.synonyms if text == spelling), None)


KIND = Closed(
    "kind",
    (("公益", "public"), ("商业", "commercial"), ("空置", "vacant")),
    (("public", "public"), ("commercial", "commercial"), ("vacant", "vacant"), ("空", "vacant")),
    (
        ("公益广告", "公益"),
        ("公益宣传", "公益"),
        ("公益类", "公益"),
        ("商业广告", "商业"),
        ("商业类", "商业"),
        ("空位", "空置"),
        ("闲置", "空置"),
        ("未使用", "空置"),
    ),
)
TYPE = Closed(
    "type",
    (
        ("道旗", "banner"),
        ("横幅", "banner"),
        ("围挡", "hoarding"),
        ("广告牌", "billboard"),
        ("LED屏", "led"),
        ("灯箱", "lightbox"),
        ("公交站亭", "bus-shelter"),
        ("宣传栏", "bulletin-board"),
        ("展板", "bulletin-board"),
        ("其他", "other"),
    ),
    (
        ("banner", "banner"),
        ("hoarding", "hoarding"),
        ("billboard", "billboard"),
        ("led", "led"),
        ("lightbox", "lightbox"),
        ("bus-shelter", "bus-shelter"),
        ("bulletin-board", "bulletin-board"),
        ("other", "other"),
        ("条幅", "banner"),
        ("建筑围挡", "hoarding"),
        ("户外广告牌", "billboard"),
        ("电子屏", "led"),
        ("候车亭", "bus-shelter"),
    ),
    (
        ("LED", "LED屏"),
        ("LED显示屏", "LED屏"),
        ("电子显示屏", "LED屏"),
        ("灯杆道旗", "道旗"),
        ("宣传横幅", "横幅"),
        ("公交候车亭", "公交站亭"),
        ("宣传栏（橱窗）", "宣传栏"),
        ("公示栏", "宣传栏"),
        ("施工围挡", "围挡"),
    ),
)
MEASURE = Closed(
    "measure",
    (("数量", "count"), ("面积", "area"), ("时长", "airtime")),
    (("count", "count"), ("area", "area"), ("airtime", "airtime"), ("块数", "count")),
    (("个数", "数量"), ("块", "数量"), ("播放时长", "时长"), ("时间", "时长")),
)
STATUS = Closed(
    "status",
    (
        ("完好", "ok"),
        ("破损", "damaged"),
        ("脏污", "dirty"),
        ("缺失", "missing"),
        ("内容不符", "wrong"),
        ("已整改", "fixed"),
    ),
    (
        ("ok", "ok"),
        ("damaged", "damaged"),
        ("dirty", "dirty"),
        ("missing", "missing"),
        ("wrong", "wrong"),
        ("fixed", "fixed"),
        ("正常", "ok"),
        ("良好", "ok"),
        ("损坏", "damaged"),
        ("污损", "dirty"),
        ("丢失", "missing"),
        ("内容错误", "wrong"),
        ("wrong-content", "wrong"),
        ("wrong_content", "wrong"),
        ("整改完成", "fixed"),
        ("已修复", "fixed"),
    ),
    (
        ("完整", "完好"),
        ("无问题", "完好"),
        ("破损严重", "破损"),
        ("损毁", "破损"),
        ("脏", "脏污"),
        ("不见了", "缺失"),
        ("错别字", "内容不符"),
        ("已更换", "已整改"),
        ("已处理", "已整改"),
    ),
)

PLACEMENT_CLOSED = {c.field: c for c in (KIND, TYPE, MEASURE)}
PATROL_CLOSED = {STATUS.field: STATUS}


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_cells(
    table,
    cols: dict[int, str],
    closed: dict[str, Closed],
    rel: str,
    family: str,
    findings: list[Finding],
    notes: list[Finding] | None = None,
) -> tuple[dict[tuple[int, int], Any], set[tuple[int, str]]]:
    """Each closed cell of ``table``: a finding per value outside its list, a note per synonym.

    Returns the cells to read differently ({(row, column index): value}: synonyms as their value) and
    the (row, field) of the cells already reported, so the loader's own message is not repeated.
    The notes (warnings) go to ``notes`` when given (a loader that counts ``findings`` as errors).
    """
    where_sheet = getattr(table, "sheet", "") or ""
    rewrite: dict[tuple[int, int], Any] = {}
    reported: set[tuple[int, str]] = set()
    seen_synonyms: dict[tuple[str, str], list[int]] = {}
    for rowno, cells in table.rows:
        for i, field in cols.items():
            c = closed.get(field)
            if c is None or i >= len(cells) or cells[i] is None:
                continue
            written = str(cells[i]).strip()
            if not written:
                continue
            header = str(table.header[i]).strip()
            if c.synonym(written) is not None:
                rewrite[(rowno, i)] = c.value(written)
                seen_synonyms.setdefault((written, header), []).append(rowno)
                continue
            if c.value(written) is not None:
                continue
            place = (
                _("sheet '{sheet}', row {row}, column {column} ({header})")
                if where_sheet
                else _("row {row}, column {column} ({header})")
            ).format(sheet=where_sheet, row=rowno, column=column_letter(i), header=header)
            findings.append(
                error(
                    f"{family}.not-in-list",
                    _("{place}: '{value}' is not one of the values this column takes").format(
                        place=place, value=written
                    ),
                    file=rel,
                    line=rowno,
                    column=i + 1,
                    field=header,
                    fix=_(
                        "choose one of: {allowed} (the drop-down in placard's template offers them)"
                    ).format(allowed=_(", ").join(_("'{value}'").format(value=v) for v in c.offered())),
                )
            )
            reported.add((rowno, field))
    for (written, header), rows in seen_synonyms.items():
        label = next(c.synonym(written) for c in closed.values() if c.synonym(written) is not None)
        (findings if notes is None else notes).append(
            warning(
                f"{family}.synonym",
                _("column {header}: read '{written}' as '{label}' (rows {rows})").format(
                    header=header,
                    written=written,
                    label=label,
                    rows=", ".join(map(str, rows[:10])) + ("…" if len(rows) > 10 else ""),
                ),
                file=rel,
                line=rows[0],
                field=header,
                fix=_(
                    "nothing to do; to silence this note write '{label}' (the template's drop-down offers it)"
                ).format(label=label),
            )
        )
    return rewrite, reported


def rewritten(table, rewrite: dict[tuple[int, int], Any]):
    """``table`` with the synonym cells replaced by their values (the same table when there are none)."""
    if not rewrite:
        return table
    from dataclasses import replace

    rows = []
    for rowno, cells in table.rows:
        if any(r == rowno for r, _i in rewrite):
            cells = [rewrite.get((rowno, i), c) for i, c in enumerate(cells)]
        rows.append((rowno, cells))
    return replace(table, rows=rows)
