"""Fuzz: thousands of damaged copies of the example CSV and XLSX placement lists through the loader.

Every case must end in a list or in findings: never an exception (a traceback for the user), and
never a hang (each case is timed: a bound of 5 s, far above the milliseconds a case takes; it
catches a loop over a million phantom rows, not a slow machine). The mutations are seeded, so
every run tries the same cases; each crash they ever found is fixed and kept in REGRESSIONS.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import signal
import time
from pathlib import Path

import pytest
from conftest import REPO

from placard.findings import Finding
from placard.placements import load as L
from placard.placements.share import evaluate

EXAMPLES = REPO / "posters" / "placements"
CSV_CASES, XLSX_CASES = 1500, 500
HANG_BOUND_S = 5.0

WEIRD_CELLS = [
    "9999-12-31", "0001-01-01", "2026-02-30", "2026/13/01", "0000-00-00", "2026年10月1日", "10/01/2026",
    "1e309", "-1e309", "nan", "inf", "-0", "99999999999999999999999999", "0.30000000000000004", "300%",
    "-5", "0", "1/3", "=1+1", '=HYPERLINK("http://x/")', "@SUM(A1)", "+1", "\x00", "\ufeff", "\u200b",
    "公益\n商业", "a\rb", '"', '""', "'", ";", "\t", " ", "", "x" * 5000, "𠀀" * 20, "2000×0", "0×0",
    "99999999×99999999", "nan×1", "y" * 140_000, "public", "commercial", "vacant", "公益", "空置", "led", "other",
]
DATES = ["9999-12-31", "9999-12-30", "2999-12-31", "3000-01-01", "1899-12-31", "0001-01-01", "2026-02-29",
         "2028-02-29", "2026-12-31", "2026-10-01", "2026-09-30", "2027-01-01", "2026.12.31", "2026年12月31日"]
REGRESSIONS = [
    # (name, bytes): every crash the fuzz found, fixed, kept here
    ("period to 9999-12-31 (OverflowError in the share sweep)",
     "name,type,period_from,period_to,slot,kind,ref\n道旗,banner,2026-10-01,9999-12-31,p1,public,traffic-01\n"
     .encode()),
    ("a cell over 128 KB (csv field limit)",
     ("name,type,period_from,period_to,slot,kind,ref\n道旗,banner,2026-10-01,2026-12-31,p1,public,"
      + "x" * 200_000 + "\n").encode()),
]


def _root(tmp_path: Path) -> Path:
    (tmp_path / L.PLACEMENTS_DIR).mkdir(parents=True, exist_ok=True)
    return tmp_path


class Hang(Exception):
    pass


def _hang(signum, frame):
    raise Hang("a case ran past the hang bound")


def run_case(root: Path, name: str, data: bytes) -> float:
    """Load one file's bytes as a placement list (and sweep its share); the seconds it took.

    An alarm stops a case that hangs (a loop over a million phantom rows) so the test fails
    instead of never ending.
    """
    old = signal.signal(signal.SIGALRM, _hang)
    signal.setitimer(signal.ITIMER_REAL, 4 * HANG_BOUND_S)
    try:
        t0 = time.perf_counter()
        findings: list = []
        pl = L.load_list(root / L.PLACEMENTS_DIR / name, root, L.Defaults(), findings, data)
        assert all(isinstance(f, Finding) and f.message and f.file for f in findings)
        if pl is not None:
            evaluate(pl)
            assert L.decode(L.encode(pl)) == pl  # what the cache keeps comes back the same
        return time.perf_counter() - t0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------ CSV


def _csv_rows() -> list[list[list[str]]]:
    out = []
    for p in sorted(EXAMPLES.glob("*.csv")):
        out.append(list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig")))))
    for p in sorted(EXAMPLES.glob("*.xlsx")):
        t = L.read_xlsx(p)
        out.append([t.header, *[[_text(c) for c in r] for _, r in t.rows]])
    return out


def _text(c) -> str:
    """A cell as Excel would save it to CSV."""
    if c is None:
        return ""
    if isinstance(c, dt.datetime):
        return c.date().isoformat()
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    return str(c)


def _to_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def mutate_rows(rnd: random.Random, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(r) for r in rows]
    for _ in range(rnd.randint(1, 3)):
        op = rnd.choice([0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 9, 9])  # mostly one cell: the list still loads
        r = rnd.randrange(1, len(rows)) if len(rows) > 1 and rnd.random() < 0.9 else 0
        if op == 0 and rows:  # a weird cell
            if rows[r]:
                rows[r][rnd.randrange(len(rows[r]))] = rnd.choice(WEIRD_CELLS)
        elif op == 1 and rows:
            del rows[r]
        elif op == 2 and rows:
            rows.insert(rnd.randrange(len(rows) + 1), list(rnd.choice(rows)))
        elif op == 3 and len(rows) > 1:
            i, j = rnd.randrange(len(rows)), rnd.randrange(len(rows))
            rows[i], rows[j] = rows[j], rows[i]
        elif op == 4 and rows and rows[r]:  # a column less in one row, or an extra one
            if rnd.random() < 0.5:
                del rows[r][rnd.randrange(len(rows[r]))]
            else:
                rows[r].append(rnd.choice(WEIRD_CELLS))
        elif op == 5:
            rows = rows[:1]  # header only
        elif op == 6 and rows and rnd.random() < 0.3:  # the header itself
            rows[0] = [rnd.choice(["名称", "slot", "kind", "NAME", " 性质 ", "x-备注", "", "备注", "kind"])
                       for _ in rows[0]]
        elif op == 7 and rows and rnd.random() < 0.3:  # a column dropped everywhere
            c = rnd.randrange(max(1, len(rows[0])))
            rows = [row[:c] + row[c + 1:] for row in rows]
        elif op == 8 and rows:  # the same cell in every row
            c, v = rnd.randrange(max(1, len(rows[0]))), rnd.choice(WEIRD_CELLS)
            rows = [row[:c] + [v] + row[c + 1:] if row else row for row in rows]
        elif op == 9 and len(rows) > 1:  # a date column: far future or past, impossible days
            dates = [i for i, h in enumerate(rows[0]) if L.HEADERS.get(L.header_key(h)) in L.DATE_COLUMNS]
            if dates:
                c = rnd.choice(dates)
                row = rows[rnd.randrange(1, len(rows))]
                row += [""] * (c + 1 - len(row))
                row[c] = rnd.choice(DATES)
    return rows


def mutate_bytes(rnd: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 3)):
        op = rnd.randrange(8)
        i = rnd.randrange(len(b) + 1)
        if op == 0:
            b[i:i] = b'"'  # a stray quote
        elif op == 1 and b'"' in b:
            j = b.find(b'"', i)
            if j >= 0:
                del b[j]
        elif op == 2:
            b = b[:i]  # cut
        elif op == 3:
            b[i:i] = rnd.choice([b"\x00", b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b"\xff\xfe", b"\x80", b"\t", b";"])
        elif op == 4 and b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif op == 5 and b:
            j = rnd.randrange(len(b))
            del b[min(i, j):max(i, j)]
        elif op == 6:
            b = bytearray(rnd.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b""])) + b
        elif op == 7:
            b += rnd.choice([b'\n"', b"\n,,,,", b"\r", b"\x00" * 10, b'"' * 3])
    return bytes(b)


def encode_text(rnd: random.Random, text: str) -> bytes:
    enc = rnd.choice(["utf-8", "utf-8-sig", "utf-8", "gb18030", "utf-16", "big5", "latin-1"])
    return text.encode(enc, errors="replace") if enc != "latin-1" else text.encode("utf-8").decode(
        "latin-1").encode("latin-1")


def csv_cases(n: int, seed: int = 10):
    rnd = random.Random(seed)
    bases = _csv_rows()
    for i in range(n):
        rows = rnd.choice(bases)
        kind = rnd.choice([0, 0, 0, 1, 2, 3])
        if kind == 0:
            data = _to_csv(mutate_rows(rnd, rows)).encode("utf-8")
        elif kind == 1:
            data = mutate_bytes(rnd, _to_csv(rows).encode("utf-8-sig"))
        elif kind == 2:
            data = mutate_bytes(rnd, _to_csv(mutate_rows(rnd, rows), rnd.choice([",", ";", "\t"])).encode("utf-8"))
        else:
            data = encode_text(rnd, _to_csv(mutate_rows(rnd, rows)))
        yield f"case-{i}.csv", data


# ------------------------------------------------------------------ XLSX

XLSX_VALUES = [
    dt.datetime(9999, 12, 31), dt.datetime(1900, 1, 1), dt.date(2026, 10, 1), dt.time(9, 30), dt.timedelta(days=3),
    True, False, 10**30, -1, 0, 1.5, 0.3, float("1e308"), -0.0, "=1+1", "=A1", "#N/A", "", " ", None, "公益",
    "commercial", "2026-13-01", "9999-12-31", "x" * 40_000, "\u200b",
]


def _xlsx(rows: list[list], extra: tuple | None = None) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:  # a workbook cannot hold control characters: Excel never writes them
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r])
    if extra and extra[0] == "far":
        ws.cell(row=extra[1], column=extra[2], value=extra[3])
    elif extra and extra[0] == "sheet":
        wb.create_sheet("第二页", 0)  # the list is no longer the first sheet
    elif extra and extra[0] == "rows":
        ws.insert_rows(2, extra[1])
    elif extra:
        ws.cell(row=2, column=extra[1], value="x")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_cases(n: int, seed: int = 11):
    rnd = random.Random(seed)
    bases = _csv_rows()
    for i in range(n):
        rows: list[list] = [list(r) for r in rnd.choice(bases)]
        kind = rnd.randrange(5)
        extra = None
        if kind == 0:  # typed values where text is expected, and the other way round
            for _ in range(rnd.randint(1, 4)):
                if rows and rows[-1]:
                    r = rnd.randrange(len(rows))
                    if rows[r]:
                        rows[r][rnd.randrange(len(rows[r]))] = rnd.choice(XLSX_VALUES)
        elif kind == 1:
            rows = mutate_rows(rnd, rows)
        elif kind == 2:  # far cells, empty sheets, more sheets
            choice = rnd.randrange(5)
            if choice == 0:
                rows = []
            elif choice == 1:  # a value anywhere in the sheet, up to XFD1048576
                extra = ("far", rnd.randint(1, 1_048_576), rnd.randint(1, 16384), rnd.choice(XLSX_VALUES))
            elif choice == 2:
                extra = ("sheet",)
            elif choice == 3:
                extra = ("rows", rnd.randint(1, 300))
            else:
                extra = ("column", rnd.randint(1, 250))
        data = _xlsx(rows, extra)
        if kind >= 3:  # a damaged file
            b = bytearray(data)
            if kind == 3:
                b = b[:rnd.randrange(len(b))]
            else:
                for _ in range(rnd.randint(1, 5)):
                    b[rnd.randrange(len(b))] = rnd.randrange(256)
            data = bytes(b)
        yield f"case-{i}.xlsx", data


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("name,data", REGRESSIONS, ids=[n for n, _ in REGRESSIONS])
def test_regressions(tmp_path, name, data):
    run_case(_root(tmp_path), "l.csv", data)


def test_csv_mutations_give_findings_never_tracebacks(tmp_path):
    root = _root(tmp_path)
    slow = []
    for name, data in csv_cases(CSV_CASES):
        try:
            took = run_case(root, name, data)
        except Exception as exc:  # report the case so it can be kept as a regression
            raise AssertionError(f"{name}: {type(exc).__name__}: {exc}; data={data[:300]!r}") from exc
        if took > HANG_BOUND_S:
            slow.append((name, took))
    assert not slow


def test_xlsx_mutations_give_findings_never_tracebacks(tmp_path):
    root = _root(tmp_path)
    slow = []
    for name, data in xlsx_cases(XLSX_CASES):
        try:
            took = run_case(root, name, data)
        except Exception as exc:
            raise AssertionError(f"{name}: {type(exc).__name__}: {exc}") from exc
        if took > HANG_BOUND_S:
            slow.append((name, took))
    assert not slow


# ------------------------------------------------------------------ new shapes (issue 20)

#: Long numbers (Python's 4,300-digit limit), invisible characters, formulas behind a separator,
#: ids too long for a file name, cells over Excel's limit.
NEW_CELLS = [
    "9" * 4301, "-" + "9" * 5000, "1" * 4300, "0." + "5" * 4400, "文明\u200b出行", "\u202e公益", "公\u00ad益",
    "\ufeffcommercial", "commercial\u200b", "pub\u200blic", ";=1+1", "%=1+1", " =1+1", "\t@SUM(A1)",
    "s" * 300, "标签" * 60, "x" * 33_000, "1e4301",
]
NEW_CASES = 300


def _forge_formulas(rnd: random.Random, data: bytes) -> bytes:
    """Give random cells of the first sheet a formula, keeping their value as the cached result."""
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                cells = list(re.finditer(r'<c (r="[A-Z]+[0-9]+")[^>]*>(?:<is><t[^>]*>(.*?)</t></is>|<v>(.*?)</v>)</c>',
                                         text))
                for m in sorted(rnd.sample(cells, min(len(cells), rnd.randint(1, 3))), key=lambda m: -m.start()):
                    formula = rnd.choice(['"commercial"', "1+1", "A1", 'HYPERLINK("http://x/")', "9" * 5000])
                    cached = m.group(2) if m.group(2) is not None else m.group(3)
                    text = text[: m.start()] + f'<c {m.group(1)} t="str"><f>{formula}</f><v>{cached}</v></c>' + \
                        text[m.end():]
                body = text.encode()
            z.writestr(info.filename, body)
    return out.getvalue()


def new_shape_cases(n: int, seed: int = 20):
    rnd = random.Random(seed)
    bases = _csv_rows()
    for i in range(n):
        rows = [list(r) for r in rnd.choice(bases)]
        for _ in range(rnd.randint(1, 3)):
            r = rnd.randrange(len(rows)) if rnd.random() < 0.2 else rnd.randrange(1, max(2, len(rows)))
            if r < len(rows) and rows[r]:
                rows[r][rnd.randrange(len(rows[r]))] = rnd.choice(NEW_CELLS)
        if i % 2:
            yield f"case-{i}.csv", _to_csv(rows).encode("utf-8")
        else:
            data = _xlsx(rows)
            yield f"case-{i}.xlsx", _forge_formulas(rnd, data) if rnd.random() < 0.5 else data


def test_new_shapes_give_findings_never_tracebacks(tmp_path):
    root = _root(tmp_path)
    slow = []
    for name, data in new_shape_cases(NEW_CASES):
        try:
            took = run_case(root, name, data)
        except Exception as exc:
            raise AssertionError(f"{name}: {type(exc).__name__}: {exc}") from exc
        if took > HANG_BOUND_S:
            slow.append((name, took))
    assert not slow


def test_a_forged_formula_never_loads_as_its_cached_value(tmp_path):
    root = _root(tmp_path)
    rnd = random.Random(21)
    for i in range(60):
        data = _forge_formulas(rnd, _xlsx([list(r) for r in rnd.choice(_csv_rows())]))
        findings: list = []
        pl = L.load_list(root / L.PLACEMENTS_DIR / f"f{i}.xlsx", root, L.Defaults(), findings, data)
        assert pl is None and any(f.rule == "table.formula" for f in findings), (i, findings)
