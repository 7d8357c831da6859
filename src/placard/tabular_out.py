"""Cells placard writes for Excel and WPS, made safe from formula injection (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or with a tab, a carriage return or a line
break, or spaces, ``;``, ``,``, ``%`` or ``|`` before one of them) is taken as a formula when a spreadsheet opens the file:
``=HYPERLINK("http://…")`` in an advertiser's name would become a live link in the ledger.
Text from campaigns (names, advertisers, titles, locations) is therefore written so that it is
always shown as the text it is:

* CSV: the cell gets a leading apostrophe (``'=HYPERLINK(…)``), as OWASP recommends. Excel and
  WPS show the apostrophe in the cell, which is the price of never running it.
* XLSX: the cell is stored as a text cell (never as a formula) with Excel's "quote prefix"
  style, so Excel and WPS show exactly ``=HYPERLINK(…)`` with no apostrophe, and still as text
  after someone edits the cell.

Numbers written as numbers (``-3``, ``2.5``) and dates stay numbers and dates; only text is touched.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What may stand before a formula and still let a spreadsheet run it: spaces and line breaks
#: (trimmed on import), a list separator (``;=…`` splits into an empty cell and ``=…`` where the
#: separator is ';', as in many locales' Excel) and '%' (``%=…``, read as a formula by some).
BEFORE_FORMULA = " \t\r\n\u3000;,%|"


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula (or as one after trimming or splitting)."""
    if not isinstance(value, str) or not value:
        return False
    return value.startswith(FORMULA_START) or value.lstrip(BEFORE_FORMULA).startswith(FORMULA_START[:4])


def csv_cell(value):
    """``value`` for a CSV cell: formula-like text prefixed with ``'``; anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def xlsx_text(cell) -> None:
    """Make an openpyxl cell that was given formula-like text a plain text cell (call after assigning)."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


#: Excel's limit on the characters in one cell: a longer cell makes Excel report the file as damaged.
EXCEL_CELL = 32_767
#: What ends a cell cut to :data:`EXCEL_CELL` (the cell says itself that it is not whole).
CUT_MARK = "…（超出 Excel 单元格 32767 字上限，已截断）"


def cut_note(sheet: str, cell: str, length: int) -> str:
    from .i18n import _

    return _("sheet '{sheet}' cell {cell}: {n} characters, more than Excel's {limit} for one cell; written cut "
             "short, ending with a note that it was cut").format(
                 sheet=sheet, cell=cell, n=f"{length:,}", limit=f"{EXCEL_CELL:,}")


def text_width(value) -> int:
    """A cell's width in Excel's units: two for each CJK character, one for the rest."""
    import datetime as dt

    text = value.isoformat() if isinstance(value, dt.date) else str(value if value is not None else "")
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def add_sheet(wb, first: bool, title: str, header, rows, red: tuple = (), notes: list[str] | None = None):
    """A sheet as placard writes them: a bold, filled, frozen header with filters, columns fitted to
    their text, every formula-like text a text cell, dates as dates and the values in ``red`` in red.
    A text longer than Excel's :data:`EXCEL_CELL` is cut to fit, with :data:`CUT_MARK` at its end and
    a line in ``notes``. ``first``: use the workbook's first (existing) sheet. Returns the sheet."""
    import datetime as dt

    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(header))
    for i, r in enumerate(rows):
        values = list(r)
        for j, v in enumerate(values):  # openpyxl would cut it silently
            if isinstance(v, str) and len(v) > EXCEL_CELL:
                if notes is not None:
                    notes.append(cut_note(title, f"{get_column_letter(j + 1)}{i + 2}", len(v)))
                values[j] = v[: EXCEL_CELL - len(CUT_MARK)] + CUT_MARK
        ws.append(values)
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
        c.alignment = Alignment(horizontal="center", vertical="center")
    red_font = Font(color="C00000", bold=True)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            xlsx_text(c)  # an advertiser's '=HYPERLINK(…)' stays text, never a live formula
            if isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
            elif red and c.value in red:
                c.font = red_font
    for i, h in enumerate(header, start=1):
        widest = max([text_width(h), *(text_width(r[i - 1]) for r in rows)])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, widest + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    return ws
