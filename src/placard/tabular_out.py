"""Cells placard writes for Excel and WPS, made safe from formula injection (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or with a tab, a carriage return or a line
break, or spaces before one of them) is taken as a formula when a spreadsheet opens the file:
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


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula (or as one after trimming)."""
    if not isinstance(value, str) or not value:
        return False
    return value.startswith(FORMULA_START) or value.lstrip(" \t\r\n").startswith(FORMULA_START[:4])


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
