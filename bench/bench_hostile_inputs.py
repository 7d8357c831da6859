"""Hostile inputs that once took seconds to minutes (issue 20, item 8), timed end to end.

    python bench/bench_hostile_inputs.py [--baseline SRC]

Prints a table: each case's `placard check` (and `build` for the Markdown case) in seconds and
its exit code, with this checkout's placard and, with ``--baseline``, another checkout's ``src``
in the same run (e.g. the main branch's). Cases: an XLSX placement list with two million
formatted empty rows; a guide body of ``"[a](" * 8000``; a paragraph of 1,200 well-formed links.
Each should be refused with a finding in seconds (the work placard itself does is bounded: the
sheet read stops after 100,001 rows, the Markdown check refuses before Python-Markdown runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "hostile")]

from conftest import copy_example  # noqa: E402
from test_input_trust import campaign, sheet, six_slots, xlsx_with_sheet  # noqa: E402


def run(src: str, *args) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=src, NO_MKDOCS_2_WARNING="1")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "placard", "--lang", "en", *map(str, args)], env=env,
                       capture_output=True, text=True, timeout=900)
    return time.perf_counter() - t0, p.returncode


def cases(d: Path) -> list[tuple[str, list]]:
    out = []
    root = campaign(d / "rows")
    rows = six_slots("commercial")
    tail = "".join(f'<row r="{i}"><c r="A{i}" s="1"/></row>' for i in range(len(rows) + 1, 2_000_001))
    (root / "posters/placements").mkdir(parents=True)
    (root / "posters/placements/l.xlsx").write_bytes(xlsx_with_sheet(sheet(rows, tail=tail)))
    out.append(("xlsx, 2,000,000 formatted empty rows: check", ["check", root, "--date", "2026-11-23"]))
    for name, body in (("'[a](' * 8000", "[a](" * 8000), ("1,200 links in one paragraph", "[a](b) " * 1200)):
        root = copy_example(d / name.split()[0].strip("'[]()*"))
        g = root / "docs/guides/traffic.md"
        text = g.read_text("utf-8")
        g.write_text(text[: text.index("# 文明交通指南")] + body + "\n", "utf-8")
        out.append((f"guide body {name}: check", ["check", root, "--date", "2026-11-23"]))
        out.append((f"guide body {name}: build", ["build", root, "--out", d / "site", "--no-posters", "--no-staff"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", help="another checkout's src folder, timed in the same run")
    args = ap.parse_args()
    srcs = [("this", str(REPO / "src"))] + ([("baseline", args.baseline)] if args.baseline else [])
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'case':58} " + " ".join(f"{n:>16}" for n, _ in srcs))
        for name, argv in cases(Path(tmp)):
            cells = []
            for _n, src in srcs:
                secs, code = run(src, *argv)
                cells.append(f"{secs:8.1f} s rc={code}")
            print(f"{name:58} " + " ".join(f"{c:>16}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
