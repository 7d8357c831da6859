"""The one reader of spreadsheets (CSV and XLSX) that placement lists and patrol records share.

A file is read into a :class:`Table` (header row, rows with the row number a spreadsheet shows,
and the problems that keep it from being a table). A :class:`TableSpec` says which headers a kind
of file takes, in English or Chinese, which are required, and how its messages name it; every
finding carries the file, the row and the column the user wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Any

from .findings import Finding, error
from .i18n import N_, _

#: Columns kept for people (write-back keeps them) but not read.
FREE_HEADERS = ("note", "notes", "remark", "photo", "备注", "照片", "说明")
DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def read_source(path: Path, rel: str, findings: list[Finding]) -> bytes | None:
    """The bytes of a placement list or patrol file; None (and a finding) when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        findings.append(error("load.io", _("cannot read the file: {error}").format(error=exc.strerror or exc), file=rel))
        return None


def utf8_text(data: bytes, rel: str, findings: list[Finding]) -> str | None:
    """A YAML file's text; None (and a finding) when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(error("load.encoding", _("the file is not UTF-8 text (byte {byte} cannot be read)").format(
                                  byte=exc.start),
                              file=rel, fix=_("save the file as UTF-8 (Save As → Encoding → UTF-8)")))
        return None


def header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip()).lower() if text is not None else ""


def date_of(value: Any) -> Any:
    """A cell as a date when it is one (a date cell, or 2026-10-01, 2026/10/1, 2026年10月1日); else as it was."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        m = DATE_RE.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return value.strip()
        return value.strip()
    return value


@dataclass(frozen=True)
class TableSpec:
    """What one kind of spreadsheet holds: header -> field, and how its messages speak of it."""

    rule: str  # the rule family of its findings: "placements" -> placements.bad-header
    headers: dict[str, str]
    required: tuple[str, ...]
    zh_header: dict[str, str]  # the header placard names in a message (Chinese, as staff keep them)
    english: dict[str, str] = _field(default_factory=dict)  # field -> English header, where they differ
    free: tuple[str, ...] = FREE_HEADERS  # columns kept for people, not read
    multiline: tuple[str, ...] = FREE_HEADERS  # columns whose cells may span lines
    readme: str = "placements"
    what: str = N_("list")  # texts marked with N_, translated where shown
    split_hint: str = N_("split the list into several files (one per placement)")
    sheet_hint: str = N_("keep only the placement list in the first sheet")


@dataclass
class Table:
    """A spreadsheet read as text-ish cells: ``header`` row, ``rows`` with their row numbers.

    ``problems`` are what makes the file unreadable as a table (a quote that swallows lines,
    a cell too long, too many rows, a formula): (row, column header, message, fix[, rule id]),
    reported as errors (rule ``<spec.rule>.unreadable`` unless the problem names its own).
    """

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str = "utf-8"
    dialect: Any = None
    bom: bool = False
    problems: list[tuple] = _field(default_factory=list)
    sheet: str = ""  # the worksheet's name (XLSX), for messages that point at a cell


MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 131_072  # the csv module's own limit on a field


def _free_column(header: str, spec: TableSpec) -> bool:
    """A column where a cell may span lines: kept for people (备注, note, x-…) or a note the spec reads."""
    key = header_key(header)
    return key in spec.multiline or key.startswith(("x_", "#"))


def _physical_lines(text: str) -> list[str]:
    """The file's lines as the csv module reads them (a line ends at \\n, \\r\\n or a bare \\r)."""
    return list(io.StringIO(text, newline=""))


def read_csv(data: bytes, spec: TableSpec | None = None) -> Table | None:
    """The table in a CSV file (UTF-8 or GB18030), or None when it is neither.

    Rows are numbered as a spreadsheet shows them (a cell spanning lines is still one row).
    A cell that spans lines is kept only in a free column (备注) and only when it does not look
    like swallowed rows; otherwise it is a problem and its row is left out, never merged silently.
    """
    spec = spec or _placement_spec()
    bom = data.startswith(b"\xef\xbb\xbf")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    first = text.split("\n", 1)[0]
    dialect = csv.excel_tab if first.count("\t") > first.count(",") else csv.excel
    if first.count(";") > max(first.count(","), first.count("\t")):
        class Semicolon(csv.excel):
            delimiter = ";"

        dialect = Semicolon
    table = Table([], [], "utf-8" if enc == "utf-8-sig" else enc, dialect, bom)
    lines = _physical_lines(text)
    reader = csv.reader(iter(lines), dialect)
    rowno, end = 0, 0  # the spreadsheet row, and the last physical line read
    rows: list[tuple[int, int, int, list[str]]] = []
    while True:
        begin = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            too_long = "field larger than field limit" in str(exc)
            table.problems.append((rowno + 1, "", (
                _("a cell starting on line {line} is longer than {max} characters, most likely because a quote (\") "
                  "opened there is never closed").format(line=begin, max=f"{MAX_CELL:,}") if too_long else
                _("the line {line} cannot be read as CSV ({error})").format(line=begin, error=exc)),
                _("close the quote or remove it (a cell may not hold more than 128 KB)") if too_long else
                _("save the sheet again from Excel or WPS as CSV")))
            return table
        rowno, end = rowno + 1, reader.line_num
        if rowno > MAX_ROWS + 1:
            table.problems.append((rowno, "", _("the file has more than {max} rows").format(max=f"{MAX_ROWS:,}"),
                                   _(spec.split_hint)))
            return table
        rows.append((rowno, begin, end, row))
    for rowno, begin, end, row in rows:
        names = row if rowno == 1 else table.header
        problem = None
        if end > begin:
            for i, cell in enumerate(row):
                if "\n" not in cell and "\r" not in cell:
                    continue
                name = str(names[i]).strip() if i < len(names) and str(names[i]).strip() else _("column {n}").format(n=i + 1)
                rest = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]
                at_eof = end == len(lines) and "".join(lines[begin - 1:end]).count('"') % 2 == 1
                # a swallowed row is a line of the file with a row's separators in it; a note's second
                # line may hold a comma or two (the csv module's quoting has already read the cell)
                row_like = max(2, len(table.header) - 2)
                swallows = any(part.count(dialect.delimiter) >= row_like for part in rest)
                if rowno == 1 or not _free_column(name, spec) or swallows or at_eof:
                    if at_eof:
                        msg = _("the cell under '{name}' runs from line {begin} to line {end} of the file: a quote "
                                "(\") opened on line {begin} is never closed, so the lines after it are read as part "
                                "of this cell")
                    else:
                        msg = _("the cell under '{name}' runs from line {begin} to line {end} of the file: a quote "
                                "(\") opened on line {begin} is closed only on line {end}, so the lines after it are "
                                "read as part of this cell")
                    problem = (rowno, name, msg.format(name=name, begin=begin, end=end),
                               _("close the quote on the same line (e.g. '\"光明银行\"') or remove it; only a note "
                                 "column ('备注') may hold a line break, inside quotes"))
                    break
        if problem:
            table.problems.append(problem)
            continue
        if rowno == 1:
            table.header = row
        elif any(c.strip() for c in row):
            table.rows.append((rowno, row))
    widest = max((len(r) for _, r in table.rows), default=0)
    if max(widest, len(table.header)) > MAX_COLUMNS:
        table.problems.append((1, "", _("the file has more than {max} columns").format(max=MAX_COLUMNS),
                               _("keep one column per field (see the manual: {topic})").format(topic=spec.readme)))
    return table


#: Excel's own limit on the characters in one cell: a longer cell was not written by Excel or WPS.
EXCEL_CELL = 32_767
#: Formula cells listed one by one; more are counted in one finding.
MAX_FORMULAS = 20


def read_xlsx(path, spec: TableSpec | None = None) -> Table:
    """The first sheet of a workbook, bounded by the cells it really holds.

    The sheet's own dimension (which can claim XFD1048576 for a 6 KB file) is not trusted:
    rows are read as they come in the file, empty cells are dropped, and a value beyond
    :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns is a problem, not an hour of work.
    No more than ``MAX_ROWS + 1`` rows are read even when they are empty (two million formatted
    empty rows would take a minute): a sheet that keeps more is a problem.

    A formula is a problem, never read from the result the file caches beside it (anyone can
    write a cached value that is not what Excel computes), and so is a cell longer than
    Excel's :data:`EXCEL_CELL` characters.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    from .i18n import _

    spec = spec or _placement_spec()
    table = Table([], [])
    reader, first = _open_first_sheet(path)
    if first is None:
        reader.archive.close()
        return table
    wb = reader.wb
    title, target = first
    try:
        table.sheet = title
        seen, formulas, rows_read = 0, 0, 0
        with reader.archive.open(target) as src:
            parser = WorkSheetParser(src, reader.shared_strings, data_only=False, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for idx, cells in parser.parse():
                seen += len(cells)
                if seen > MAX_ROWS * 20:
                    table.problems.append((idx, "", _("the sheet holds more than {max} cells").format(
                        max=f"{MAX_ROWS * 20:,}"), _(spec.sheet_hint)))
                    break
                rows_read += 1
                if rows_read > MAX_ROWS + 1:
                    table.problems.append((idx, "", _(
                        "the first sheet keeps more than {rows} rows in the file (row {row} is one: rows that "
                        "look empty count when they hold a format, a height or a value)").format(
                            rows=f"{MAX_ROWS + 1:,}", row=idx),
                        _("delete the rows below the table (select them and delete the rows, not only their "
                          "contents), or keep the table in a sheet of its own")))
                    break
                values = {}
                for c in cells:
                    v = c["value"]
                    if c["data_type"] == "f":
                        formulas += 1
                        if formulas > MAX_FORMULAS:
                            continue
                        ref = f"{get_column_letter(c['column'])}{idx}"
                        table.problems.append((idx, _column_name(table, c["column"]), _(
                            "cell {cell} of sheet '{sheet}' holds a formula ({formula}); placard reads what "
                            "is written in a cell, never a formula's result").format(
                                cell=ref, sheet=title, formula=_short(str(v))),
                            _("write the value, not a formula (copy the cells, then Paste Special → Values)"),
                            "table.formula"))
                        continue
                    if v is None or (isinstance(v, str) and not v.strip()):
                        continue
                    if isinstance(v, str) and len(v) > EXCEL_CELL:
                        ref = f"{get_column_letter(c['column'])}{idx}"
                        table.problems.append((idx, _column_name(table, c["column"]), _(
                            "cell {cell} holds {n} characters, more than Excel's limit of {limit} for one "
                            "cell: the file was not saved by Excel or WPS").format(
                                cell=ref, n=f"{len(v):,}", limit=f"{EXCEL_CELL:,}"),
                            _("shorten the cell, or save the sheet again from Excel or WPS"), "table.cell-too-long"))
                        continue
                    values[c["column"]] = v
                if not values:
                    continue
                far = max(values)
                if idx > MAX_ROWS + 1 or far > MAX_COLUMNS:
                    table.problems.append((idx, "", (
                        _("the first sheet has a value in cell {cell}, beyond {rows} rows or {columns} "
                          "columns").format(cell=f"{get_column_letter(far)}{idx}", rows=f"{MAX_ROWS:,}",
                                            columns=MAX_COLUMNS)),
                        _("delete what is far below or to the right of the list (select those rows or columns "
                          "and delete them), or keep the {what} in a sheet of its own").format(what=_(spec.what))))
                    break
                row = [None] * far
                for col, v in values.items():
                    row[col - 1] = v
                if idx == 1:
                    table.header = ["" if c is None else str(c) for c in row]
                else:
                    table.rows.append((idx, row))
    finally:
        reader.archive.close()
    if formulas > MAX_FORMULAS:
        table.problems.append((1, "", _("the first sheet holds {n} formulas; the first {shown} are listed").format(
            n=f"{formulas:,}", shown=MAX_FORMULAS),
            _("write the values, not formulas (select the sheet, copy, then Paste Special → Values)"),
            "table.formula"))
    return table


def _open_first_sheet(path):
    """The workbook's reader (strings, styles, sheet list read) and its first worksheet (title, zip member).

    Not :func:`openpyxl.load_workbook`: in read-only mode it reads every sheet from end to end
    to find its size when the sheet does not state one (two million formatted rows: a minute).
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(path, read_only=True, data_only=False, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                return reader, (sheet.name, rel.target)
    except BaseException:
        reader.archive.close()
        raise
    return reader, None


def _column_name(table: Table, column: int) -> str:
    """The header of a column (1-based) once the header row is read, else ''."""
    if 0 < column <= len(table.header):
        return str(table.header[column - 1]).strip()
    return ""


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def map_header(header: list[str], rel: str, findings: list[Finding],
               spec: TableSpec | None = None) -> dict[int, str] | None:
    """Column index -> field; unknown or missing columns are errors."""
    spec = spec or _placement_spec()
    cols: dict[int, str] = {}
    names: dict[str, str] = {}
    ok = True
    aliases = {header_key(k): v for k, v in spec.headers.items()}
    for i, h in enumerate(header):
        key = header_key(h)
        if not key:
            continue
        if key in aliases:
            field = aliases[key]
            if field in names:
                findings.append(error(f"{spec.rule}.bad-header",
                                      _("columns '{first}' and '{second}' both mean '{field}'").format(
                                          first=names[field], second=h, field=field),
                                      file=rel, line=1, field=h, fix=_("keep one of the two columns")))
                ok = False
            cols[i], names[field] = field, str(h).strip()
        elif key in spec.free or key.startswith("x_") or key.startswith("#"):
            continue
        else:
            close = difflib.get_close_matches(str(h).strip(), list(spec.headers), n=1, cutoff=0.5)
            if close:
                fix = _("did you mean '{close}'? Use the columns listed in the manual ({topic}), or start a free "
                        "column's name with 'x-' or call it '备注'").format(close=close[0], topic=spec.readme)
            else:
                fix = _("use the columns listed in the manual ({topic}), or start a free column's name with 'x-' "
                        "or call it '备注'").format(topic=spec.readme)
            findings.append(error(
                f"{spec.rule}.bad-header", _("unknown column '{column}' in the header row").format(column=h),
                file=rel, line=1, field=str(h), fix=fix))
            ok = False
    for f in spec.required:
        if f not in names:
            findings.append(error(
                f"{spec.rule}.missing-column", _("the header row has no '{column}' ({english}) column").format(
                    column=spec.zh_header[f], english=spec.english.get(f, f)),
                file=rel, line=1, field=spec.zh_header[f], fix=_("add a column '{column}' or '{english}'").format(
                    column=spec.zh_header[f], english=spec.english.get(f, f))))
            ok = False
    return cols if ok else None


def table_problems(table: Table, rel: str, findings: list[Finding], spec: TableSpec | None = None) -> bool:
    """Report what kept the file from being read as a table; True if anything did (the file is not used)."""
    spec = spec or _placement_spec()
    for row, column, message, fix, *rule in table.problems:
        findings.append(error(rule[0] if rule else f"{spec.rule}.unreadable",
                              _("row {row}: {message}").format(row=row, message=message), file=rel,
                              line=row, field=column or None, fix=fix))
    return bool(table.problems)


def read_table(data: bytes, suffix: str, rel: str, findings: list[Finding], spec: TableSpec) -> Table | None:
    """A .csv or .xlsx file's table, or None with the reason among ``findings``."""
    if suffix == ".csv":
        table = read_csv(data, spec)
        if table is None:
            findings.append(error("load.encoding", _("the file is neither UTF-8 nor GB18030 text"), file=rel,
                                  fix=_("save it from Excel or WPS as 'CSV UTF-8'")))
            return None
    else:
        try:
            table = read_xlsx(io.BytesIO(data), spec)
        except Exception as exc:  # openpyxl/zipfile raise many types for a broken workbook
            findings.append(error("load.xlsx", _("the spreadsheet cannot be opened ({error})").format(
                                      error=type(exc).__name__),
                                  file=rel, fix=_("save it again from Excel or WPS as .xlsx (Excel Workbook)")))
            return None
    return None if table_problems(table, rel, findings, spec) else table


def table_rows(table: Table, cols: dict[int, str], cell) -> list[tuple[int, dict[str, Any]]]:
    """Each row as {field: value} (``cell(value, field)`` converts; empty cells are left out)."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for rowno, cells in table.rows:
        d = {}
        for i, field in cols.items():
            c = cells[i] if i < len(cells) else None
            if c is None or c == "":
                continue
            v = cell(c, field)
            if v is not None:
                d[field] = v
        rows.append((rowno, d))
    return rows


def list_folder(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files placard reads in ``folder`` (not Office's ~$ lock files, not hidden ones)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith(("~$", ".")))


def _placement_spec() -> TableSpec:
    from .placements.load import PLACEMENT_SPEC

    return PLACEMENT_SPEC
