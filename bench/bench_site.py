"""Site build benchmark: placard vs plain MkDocs + Material on the same number of pages.

    python bench/bench_site.py                # N = 1000, 5000, 20000
    python bench/bench_site.py --n 2000 --n 4000

For each N it generates a campaign of N slogans (placard builds a page per slogan, a page per theme
listing them, and the guides and ads) and, as the baseline, N plain Markdown pages built by plain
mkdocs-material with the same theme, Chinese search and a small nav. Both are built in fresh
processes, taking turns (--repeat R: R turns each, the median counts); the table shows wall and
CPU seconds, peak memory (max RSS), output size, and the ratio of CPU seconds (steadier than wall
time on a shared machine).

Where the sites are written: a RAM folder (/dev/shm) when there is one, else the temporary folder;
--disk writes them to the temporary folder's disk. On the virtual disk this was measured on, the
system seconds of the very same folders and files swing tenfold from one run to the next
(0.03-1.2 ms a folder), so on disk the ratio says more about the disk's moment than about the
tools; the last table prints that floor (N folders with a file each) for the place used.
Target for N = 20,000: placard at most 0.4x the baseline's CPU time (issue 14; it was 1.3x before the
page shell); output growing linearly with N.
Posters are not part of this benchmark (--no-posters; see bench_posters.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from synth import make_placard_campaign, make_plain_mkdocs

HERE = Path(__file__).resolve().parent


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(kind: str, root: Path, out: Path, *extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, str(HERE / "_measure.py"), kind, str(root), str(out), *extra],
        capture_output=True, text=True, env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"{kind} build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    result["mb"] = du(out) / 1e6
    result["pages"] = sum(1 for _ in out.rglob("index.html"))
    return result


def folder_floor(tmp: Path, n: int) -> dict:
    """What the file system alone charges for n page folders with a small file in each (the floor
    under every static site generator writing directory URLs on this disk)."""
    base = tmp / f"floor-{n}"
    base.mkdir()
    t0 = os.times()
    for i in range(n):
        folder = base / f"p{i:06d}"
        folder.mkdir()
        (folder / "index.html").write_bytes(b"x" * 1024)
    t1 = os.times()
    return {"seconds": t1.elapsed - t0.elapsed, "user": t1.user - t0.user, "sys": t1.system - t0.system}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="number of slogans (repeatable)")
    ap.add_argument("--repeat", type=int, default=1, help="builds of each tool per N, taking turns (median)")
    ap.add_argument("--disk", action="store_true", help="write the sites to the temporary folder's disk, not RAM")
    ap.add_argument("--staff", action="store_true",
                    help="also time `placard build` with the staff site (the table compares the public site)")
    args = ap.parse_args()
    both = []
    sizes = args.n or [1000, 5000, 20000]
    rows = []
    ram = None if args.disk or not Path("/dev/shm").is_dir() else "/dev/shm"
    with tempfile.TemporaryDirectory(prefix="placard-bench-") as tmp, \
            tempfile.TemporaryDirectory(prefix="placard-bench-out-", dir=ram) as outs:
        tmp, outs = Path(tmp), Path(outs)
        print(f"sites written to {outs} ({'RAM' if ram else 'disk'})", file=sys.stderr)
        for n in sizes:
            camp = make_placard_campaign(tmp / f"placard-{n}", n)
            base = make_plain_mkdocs(tmp / f"plain-{n}", n)
            turns: dict[str, list[dict]] = {"mkdocs": [], "placard": []}
            for _ in range(max(1, args.repeat)):
                for kind, root in (("mkdocs", base), ("placard", camp)):
                    out = outs / f"{kind}-{n}-site"
                    if out.exists():
                        shutil.rmtree(out)
                    turns[kind].append(measure(kind, root, out))
            b = sorted(turns["mkdocs"], key=lambda r: r["cpu"])[len(turns["mkdocs"]) // 2]
            p = sorted(turns["placard"], key=lambda r: r["cpu"])[len(turns["placard"]) // 2]
            p["folders"] = sum(1 for x in (outs / f"placard-{n}-site").rglob("*") if x.is_dir())
            b["folders"] = sum(1 for x in (outs / f"mkdocs-{n}-site").rglob("*") if x.is_dir())
            floor = folder_floor(outs, n)
            rows.append((n, p, b, floor))
            print(f"N={n}: placard {p['seconds']:.1f} s ({p['cpu']:.1f} s CPU), "
                  f"baseline {b['seconds']:.1f} s ({b['cpu']:.1f} s CPU)", file=sys.stderr)
            if args.staff:
                both.append((n, p, measure("placard", camp, outs / f"placard-{n}-both", "--staff")))
    print()
    print(f"{'N':>7} | {'placard s':>9} {'CPU s':>6} {'MB peak':>8} {'out MB':>8} {'pages':>7} | "
          f"{'baseline s':>10} {'CPU s':>6} {'MB peak':>8} {'out MB':>8} {'pages':>7} | {'CPU x':>6} "
          f"{'wall x':>6} {'out KB/N':>8}")
    print("-" * 135)
    for n, p, b, _ in rows:
        print(f"{n:>7} | {p['seconds']:>9.1f} {p['cpu']:>6.1f} {p['peak_mb']:>8.0f} {p['mb']:>8.1f} {p['pages']:>7} | "
              f"{b['seconds']:>10.1f} {b['cpu']:>6.1f} {b['peak_mb']:>8.0f} {b['mb']:>8.1f} {b['pages']:>7} | "
              f"{p['cpu'] / b['cpu']:>6.2f} {p['seconds'] / b['seconds']:>6.2f} {p['mb'] * 1000 / n:>8.1f}")
    print("\nWhere the CPU went: user (Python) and system (the file system: making folders and files)")
    print(f"{'N':>7} | {'placard user':>12} {'sys':>6} {'folders':>8} | {'baseline user':>13} {'sys':>6} {'folders':>8} | "
          f"{'user x':>6} | floor: {'N folders+files s':>17} {'sys':>6}")
    for n, p, b, f in rows:
        print(f"{n:>7} | {p['user']:>12.1f} {p['sys']:>6.1f} {p['folders']:>8} | {b['user']:>13.1f} {b['sys']:>6.1f} "
              f"{b['folders']:>8} | {p['user'] / b['user']:>6.2f} |        {f['seconds']:>17.1f} {f['sys']:>6.1f}")
    print("\ntarget at N=20000: CPU x <= 0.40; out KB/N roughly constant (linear growth)")
    print("placard makes a folder per code (Q/<CODE>/) besides the baseline's folder per page: on a disk where a folder "
          "costs more than a page's Python, the system seconds decide the CPU ratio (see the floor)")
    for n, p, s in both:
        print(f"N={n}: public site {p['seconds']:.1f} s; public + staff site {s['seconds']:.1f} s "
              f"(the staff site adds {s['seconds'] - p['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
