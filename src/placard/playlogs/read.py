"""Reading proof-of-play exports with DuckDB: each file becomes totals per screen, item, day and
time-of-day bucket, without a Python loop over its rows.

Formats (the header decides; see README "Screen play logs"):

* ``plain`` — placard's own CSV: ``time, screen, item, seconds`` (or 时间, 屏幕, 内容, 时长), one
  row per play.
* ``xibo`` — Xibo CMS's proof-of-play export (Reporting → Proof of Play → Export, and the
  stats archive task): ``Stat Date, Type, FromDT, ToDT, Layout, [Campaign,] Display, Media, Tag,
  Duration, Count[, Engagements | DisplayId, LayoutId, WidgetId, MediaId]``. A row may stand for
  ``Count`` plays lasting ``Duration`` seconds in all; only ``media`` and ``widget`` rows are
  counted (a ``layout`` row repeats its widgets' time, an ``event`` row is not content).
* ``brightsign`` — a BrightSign player's log file (``/Logs`` on the player): tab-separated
  ``key=value`` entries; playback entries ``L=p  Z=zone  S=start  E=end  I=type  N=file``. The
  screen is the log's ``SerialNumber`` header (else the file name).

A play counts on the day and in the bucket of its start time, as written in the file (no
time-zone conversion: export in the screen's local time).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..i18n import _

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
                "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M")
#: The same formats as DuckDB writes them (%g: milliseconds, %f: microseconds, %n: nanoseconds).
_DUCK_FORMATS = [f for base in TIME_FORMATS for f in
                 ([base.replace(".%f", ".%g"), base, base.replace(".%f", ".%n")] if ".%f" in base else [base])]

#: placard's own CSV: column -> accepted headers (English or Chinese).
PLAIN_HEADERS = {
    "time": ("time", "start", "played_at", "时间", "播放时间", "开始时间"),
    "screen": ("screen", "display", "player", "屏幕", "屏幕编号", "显示屏", "播放器"),
    "item": ("item", "file", "media", "内容", "内容编号", "文件", "文件名", "素材"),
    "seconds": ("seconds", "duration", "时长", "秒", "播放时长"),
}
XIBO_REQUIRED = ("fromdt", "display", "media", "duration", "type")
BRIGHTSIGN_MARK = "brightsignlogversion"


class PlayLogProblem(Exception):
    """A file that cannot be read as a play log at all: (message, fix, line)."""

    def __init__(self, message: str, fix: str, line: int = 1):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


@dataclass
class FileTotals:
    """One file, aggregated: ``rows`` are (screen, item, day, bucket, seconds, plays)."""

    format: str
    rows: list[tuple[str, str, dt.date, int, Decimal, int]] = field(default_factory=list)
    bad_time: int = 0
    bad_seconds: int = 0
    skipped: int = 0  # Xibo layout/event rows
    total_rows: int = 0
    bad_lines: list[int] = field(default_factory=list)  # the first few rows whose time or seconds fail


def header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lstrip("\ufeff")).lower()


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 4 KB boundary
            raise PlayLogProblem(_("the file is not UTF-8 text"), _("export it again as CSV UTF-8 (in Excel or "
                                                                    "WPS: Save As → CSV UTF-8)")) from None
        text = head[:exc.start].decode("utf-8-sig")
    return text.splitlines()[0] if text.strip() else ""


def detect(path: Path) -> tuple[str, dict[str, str], str | None]:
    """(format, column -> header as written, screen for a BrightSign log)."""
    first = _first_line(path)
    if not first:
        raise PlayLogProblem(_("the file is empty"), _("export the play log again, or remove the file"))
    if header_key(first.split("\t")[0].split("=")[0]) == BRIGHTSIGN_MARK or path.suffix.lower() == ".log":
        return "brightsign", {}, _brightsign_serial(path)
    delim = "\t" if first.count("\t") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delim))
    keys = {header_key(h): h.strip().lstrip("\ufeff") for h in header}
    if all(k in keys for k in XIBO_REQUIRED):
        return "xibo", keys, None
    cols: dict[str, str] = {}
    for col, names in PLAIN_HEADERS.items():
        for n in names:
            if header_key(n) in keys:
                cols[col] = keys[header_key(n)]
                break
    missing = [c for c in PLAIN_HEADERS if c not in cols]
    if missing:
        raise PlayLogProblem(
            _("the header row is not a play log's: no column for {missing} (found: {found})").format(
                missing=", ".join(missing), found=", ".join(header)),
            _("use the columns '时间, 屏幕, 内容, 时长' (time, screen, item, seconds), or a Xibo proof-of-play "
              "export as it is ('Stat Date, Type, FromDT, ToDT, Layout, Display, Media, Tag, Duration, Count')"))
    return "plain", cols, None


def _brightsign_serial(path: Path) -> str:
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for _i, line in zip(range(40), fh, strict=False):
            m = re.match(r"\s*SerialNumber\s*[=\t:]\s*(\S+)", line)
            if m:
                return m.group(1)
    return path.stem


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source_sql(path: Path, fmt: str, cols: dict[str, str], serial: str | None) -> str:
    """A SELECT of (t, screen, item, sec, plays, skip) over the file, one row per row of the file."""
    p = _lit(str(path))
    if fmt == "plain":
        return (f"SELECT {_q(cols['time'])} AS t, {_q(cols['screen'])} AS screen, {_q(cols['item'])} AS item, "
                f"{_q(cols['seconds'])} AS sec, 1 AS plays, false AS skip "
                f"FROM read_csv({p}, header=true, all_varchar=true, auto_detect=true, null_padding=true)")
    if fmt == "xibo":
        count = f"TRY_CAST({_q(cols['count'])} AS BIGINT)" if "count" in cols else "1"
        return (f"SELECT {_q(cols['fromdt'])} AS t, {_q(cols['display'])} AS screen, "
                f"coalesce(nullif(trim({_q(cols['media'])}), ''), {_q(cols.get('layout', cols['media']))}) AS item, "
                f"{_q(cols['duration'])} AS sec, {count} AS plays, "
                f"lower(trim({_q(cols['type'])})) NOT IN ('media', 'widget') AS skip "
                f"FROM read_csv({p}, header=true, all_varchar=true, auto_detect=true, null_padding=true)")
    fmts = "[" + ", ".join(_lit(f) for f in _DUCK_FORMATS) + "]"
    start = r"regexp_extract(line, '(?:^|\t)S=([^\t]*)', 1)"
    end = r"regexp_extract(line, '(?:^|\t)E=([^\t]*)', 1)"
    return (f"SELECT {start} AS t, {_lit(serial or path.stem)} AS screen, "
            r"regexp_extract(line, '(?:^|\t)N=([^\t]*)', 1) AS item, "
            f"CAST(round(epoch(try_strptime(trim({end}), {fmts})) - epoch(try_strptime(trim({start}), {fmts})), 3) "
            "AS VARCHAR) AS sec, 1 AS plays, false AS skip "
            f"FROM read_csv({p}, header=false, columns={{'line': 'VARCHAR'}}, delim='\\x01', quote='', escape='') "
            "WHERE line LIKE 'L=p%'")


def bucket_sql(boundaries: list[int]) -> str:
    """The time-of-day bucket of ``ts``: how many window boundaries (minutes) lie at or before it."""
    if not boundaries:
        return "0"
    m = "(hour(ts) * 60 + minute(ts))"
    return "(" + " + ".join(f"CAST({m} >= {b} AS INTEGER)" for b in boundaries) + ")"


def xlsx_as_csv(path: Path, folder: Path) -> Path:
    """The first sheet of a workbook as a UTF-8 CSV in ``folder`` (times as 2026-10-08 07:00:00)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl/zipfile raise many types for a broken workbook
        raise PlayLogProblem(f"the spreadsheet cannot be opened ({type(exc).__name__})",
                             "save it again from Excel or WPS as .xlsx (Excel Workbook)") from None
    out = folder / (path.stem + ".csv")
    try:
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for row in wb.worksheets[0].iter_rows(values_only=True) if wb.worksheets else ():
                cells = []
                for v in row:
                    if isinstance(v, dt.datetime):
                        v = v.strftime("%Y-%m-%d %H:%M:%S")
                    elif isinstance(v, dt.date):
                        v = v.isoformat()
                    elif isinstance(v, float) and v.is_integer():
                        v = int(v)
                    cells.append("" if v is None else v)
                if any(str(c).strip() for c in cells):
                    writer.writerow(cells)
    finally:
        wb.close()
    return out


def connect(memory: str = "700MB"):
    import duckdb

    con = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": memory,
                                             "preserve_insertion_order": False})
    return con


def aggregate(path: Path, boundaries: list[int], con=None) -> FileTotals:
    """Totals per (screen, item, day, bucket) of one file, by DuckDB reading it directly."""
    import duckdb

    if path.suffix.lower() == ".xlsx":  # placard's template, filled in Excel/WPS: read as its CSV
        import tempfile

        with tempfile.TemporaryDirectory(prefix="placard-playlog-") as tmp:
            return aggregate(xlsx_as_csv(path, Path(tmp)), boundaries, con)

    fmt, cols, serial = detect(path)
    fmts = "[" + ", ".join(_lit(f) for f in _DUCK_FORMATS) + "]"
    sql = f"""
        WITH raw AS ({_source_sql(path, fmt, cols, serial)}),
        p AS (SELECT trim(screen) AS screen, trim(item) AS item, try_strptime(trim(t), {fmts}) AS ts,
                     TRY_CAST(trim(sec) AS DECIMAL(18, 3)) AS s, coalesce(plays, 1) AS plays, skip FROM raw)
        SELECT screen, item, CAST(ts AS DATE) AS day, {bucket_sql(boundaries)} AS b,
               sum(s) AS seconds, sum(plays) AS n, count(*) AS rows,
               ts IS NULL AS bad_time, (ts IS NOT NULL AND (s IS NULL OR s < 0)) AS bad_sec, skip
        FROM p GROUP BY ALL
    """
    own = con is None
    con = con or connect()
    try:
        result = con.sql(sql).fetchall()
    except duckdb.Error as exc:
        msg = str(exc).split("\n")[0]
        raise PlayLogProblem(_("the file cannot be read as CSV ({error})").format(error=msg[:200]),
                             _("export it again from the signage system, as CSV UTF-8")) from None
    finally:
        if own:
            con.close()
    out = FileTotals(fmt)
    for screen, item, day, b, seconds, n, rows, bad_time, bad_sec, skip in result:
        out.total_rows += rows
        if bad_time:
            out.bad_time += rows
        elif bad_sec:
            out.bad_seconds += rows
        elif skip:
            out.skipped += rows
        else:
            out.rows.append((screen or "", item or "", day, int(b), seconds, int(n)))
    if out.bad_time or out.bad_seconds:
        out.bad_lines = first_bad_lines(path, fmt, cols)
    return out


def parse_time(text: str) -> dt.datetime | None:
    text = text.strip()
    for f in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, f)
        except ValueError:
            continue
    return None


def _seconds_ok(text: str) -> bool:
    try:
        return Decimal(text.strip()) >= 0
    except ArithmeticError:
        return False


def first_bad_lines(path: Path, fmt: str, cols: dict[str, str], limit: int = 3) -> list[int]:
    """Line numbers of the first rows whose time or seconds cannot be read (only when there are some)."""
    out: list[int] = []
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
        if fmt == "brightsign":
            for n, line in enumerate(fh, 1):
                if line.startswith("L=p"):
                    kv = dict(p.split("=", 1) for p in line.rstrip("\r\n").split("\t") if "=" in p)
                    a, b = parse_time(kv.get("S", "")), parse_time(kv.get("E", ""))
                    if a is None or b is None or b < a:
                        out.append(n)
                        if len(out) >= limit:
                            break
            return out
        first = _first_line(path)
        reader = csv.DictReader(fh, delimiter="\t" if first.count("\t") > first.count(",") else ",")
        tcol, scol = (cols["time"], cols["seconds"]) if fmt == "plain" else (cols["fromdt"], cols["duration"])
        for row in reader:
            if fmt == "xibo" and (row.get(cols["type"]) or "").strip().lower() not in ("media", "widget"):
                continue
            if parse_time(row.get(tcol) or "") is None or not _seconds_ok(row.get(scol) or ""):
                out.append(reader.line_num)
                if len(out) >= limit:
                    break
    return out
