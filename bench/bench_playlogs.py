"""Benchmark: a year of play logs of a 50-screen network (about 10 million rows, one per play).

    PYTHONPATH=src python bench/bench_playlogs.py [--rows 10000000] [--screens 50] [--keep DIR]

Generates one plain play-log CSV (time, screen, item, seconds) in a temporary campaign with one
LED list per screen (an evening window 19:00–21:00), then measures, each in its own process so
that the peak memory is its own:

* ``duckdb``  — :func:`placard.playlogs.read.aggregate`: DuckDB reads the CSV directly and totals
  it per screen, item, day and time-of-day bucket;
* ``csv``     — the same totals with Python's ``csv`` reader and a dict, on the same file;
* ``check``   — everything ``placard check`` does with the logs: DuckDB totals, matching each
  screen to its list and each item to a slot, the per-day and per-window rules.

Prints a table (wall seconds, CPU seconds, peak RSS) and checks that both engines give the same
totals. Target: the play-log part of the check under 30 s and 1 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

ITEMS = [(f"commercial-{i}.mp4", 30) for i in range(6)] + [
    ("ad-banmaxian.mp4", 30), ("dining-02.mp4", 30), ("health-02.mp4", 30), ("ad-hexinjiazhi.mp4", 30)]
BOUNDS = [19 * 60, 21 * 60]


def generate(path: Path, rows: int, screens: int) -> float:
    """The log, written by DuckDB (a Python loop would take longer than what it measures)."""
    import duckdb

    t = time.perf_counter()
    per = rows // screens
    step = max(1, 365 * 86400 // per)  # seconds between two plays on one screen
    names = "[" + ", ".join(f"'{n}'" for n, _ in ITEMS) + "]"
    secs = "[" + ", ".join(str(s) for _, s in ITEMS) + "]"
    con = duckdb.connect(config={"threads": 2, "memory_limit": "700MB", "preserve_insertion_order": False})
    con.sql(f"""
        COPY (
          SELECT strftime(TIMESTAMP '2026-10-01 00:00:00' + to_seconds(k * {step}), '%Y-%m-%d %H:%M:%S') AS time,
                 'led-' || lpad(CAST(s AS VARCHAR), 2, '0') AS screen,
                 {names}[1 + CAST((k + s) % {len(ITEMS)} AS INTEGER)] AS item,
                 {secs}[1 + CAST((k + s) % {len(ITEMS)} AS INTEGER)] AS seconds
          FROM range({screens}) r(s), range({per}) q(k)
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)
    con.close()
    return time.perf_counter() - t


def campaign(root: Path, screens: int) -> None:
    """A copy of the example campaign with one LED list per screen (the log goes in posters/playlogs)."""
    root.mkdir(parents=True, exist_ok=True)
    for part in ("mkdocs.yml", "docs", "slogans", "hooks"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    folder = root / "posters" / "placements"
    folder.mkdir(parents=True)
    slots = "\n".join(
        f"  - {{id: s{i}, order: {i + 1}, kind: "
        + (f"commercial, advertiser: 商户{i}" if name.startswith("commercial") else f"public, ref: {name[:-4]}")
        + f", seconds: {sec}}}" for i, (name, sec) in enumerate(ITEMS))
    for s in range(screens):
        (folder / f"led-{s:02d}.yml").write_text(
            f"name: 屏幕{s}\ntype: led\nperiod: {{from: 2026-10-01, to: 2027-09-30}}\n"
            'rule: {min_public: 0.3, measure: airtime, hours: [{from: "19:00", to: "21:00"}]}\n'
            f"slots:\n{slots}\n", encoding="utf-8")
    (root / "posters" / "playlogs").mkdir(parents=True)
    files = "\n".join(f"  {name}: s{i}" for i, (name, _) in enumerate(ITEMS) if name.startswith("commercial"))
    (root / "posters" / "playlogs" / "map.yml").write_text(f"files:\n{files}\n", encoding="utf-8")


def run_duckdb(path: Path) -> dict:
    from placard.playlogs.read import aggregate

    t = aggregate(path, BOUNDS)
    return {"groups": len(t.rows), "rows": t.total_rows, "seconds": str(float(sum(r[4] for r in t.rows)))}


def run_csv(path: Path) -> dict:
    import csv
    import datetime as dt
    from decimal import Decimal

    groups: dict[tuple, list] = {}
    rows = 0
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for time_, screen, item, seconds in reader:
            rows += 1
            ts = dt.datetime.fromisoformat(time_)
            m = ts.hour * 60 + ts.minute
            key = (screen, item, ts.date(), (m >= BOUNDS[0]) + (m >= BOUNDS[1]))
            g = groups.get(key)
            if g is None:
                groups[key] = [Decimal(seconds), 1]
            else:
                g[0] += Decimal(seconds)
                g[1] += 1
    return {"groups": len(groups), "rows": rows, "seconds": str(float(sum(g[0] for g in groups.values())))}


def run_check(root: Path) -> dict:
    from placard.load import load_campaign
    from placard.rules.playlog import check

    loaded = load_campaign(root)
    t = time.perf_counter()
    findings = check(loaded.campaign)
    return {"findings": len(findings), "check_s": round(time.perf_counter() - t, 2)}


def child(engine: str, target: Path) -> None:
    w, c = time.perf_counter(), time.process_time()
    out = {"duckdb": run_duckdb, "csv": run_csv, "check": run_check}[engine](target)
    c_self = resource.getrusage(resource.RUSAGE_SELF)
    out.update(wall=round(time.perf_counter() - w, 2), cpu=round(time.process_time() - c, 2),
               rss_mb=round(c_self.ru_maxrss / 1024))
    print(json.dumps(out))


def measure(engine: str, target: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", engine, str(target)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--screens", type=int, default=50)
    ap.add_argument("--keep", type=Path, help="build the campaign here and keep it")
    ap.add_argument("--skip-csv", action="store_true", help="leave out the plain-Python baseline")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    tmp = Path(tempfile.mkdtemp(prefix="placard-playlogs-"))
    root = args.keep or tmp / "campaign"
    try:
        campaign(root, args.screens)
        log = root / "posters" / "playlogs" / "year.csv"
        gen = generate(log, args.rows, args.screens)
        size = log.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows, {args.screens} screens, {size:,.0f} MB in {gen:.1f} s")
        results = {"duckdb": measure("duckdb", log)}
        if not args.skip_csv:
            results["csv"] = measure("csv", log)
        results["check"] = measure("check", root)
        print(f"\n{'engine':<34} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}")
        labels = {"duckdb": "DuckDB read_csv + GROUP BY", "csv": "Python csv reader + dict (baseline)",
                  "check": "placard check's play-log rules"}
        for k, r in results.items():
            print(f"{labels[k]:<34} {r['wall']:>8} {r['cpu']:>8} {r['rss_mb']:>12}")
        if "csv" in results:
            same = all(results["duckdb"][k] == results["csv"][k] for k in ("groups", "rows", "seconds"))
            print(f"\nsame totals from both engines: {same} ({results['duckdb']['groups']:,} groups, "
                  f"{results['duckdb']['seconds']} s of airtime)")
        print(f"play-log findings: {results['check']['findings']}")
        ok = results["check"]["wall"] < 30 and results["check"]["rss_mb"] < 1024
        print(f"target (< 30 s, < 1 GB for the check): {'met' if ok else 'MISSED'}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
