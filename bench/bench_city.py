"""City-scale poster runs (issue 14): N A3 slogan posters cold, today's code against b3deff8.

"Today" in issue 14 is the code as it was when the issue was filed, commit b3deff8. This bench
exports that commit's ``src`` with ``git archive`` into a temporary folder and runs the same
poster job through both trees, each in its own subprocess (``PYTHONPATH`` set to the tree's
``src``), on the same campaign folder, alternating, with a cold cache each time:
load + plan + ``build_posters`` (PNG, RGB print PDF, preview of every poster, contact sheets).

Rows: b3deff8 on 1 worker, this tree on 1 worker and on 2 workers, beside the floor: encoding
a blank A3 PNG with Pillow (placard's settings before this work: zlib level 6, Z_RLE), ``--floor-n``
times in 1 and in 2 processes (what the machine can give two processes of this kind of work right
now), and with placard's own PNG writer (posters/pngwrite.py).
Targets: this tree <= 0.6 x b3deff8 on one core, 2 workers >= 1.7 x faster than 1.

The run pins itself to the CPUs it may use (os.sched_getaffinity); one-core rows are pinned to
one CPU. Other processes on the machine share the cores: the load average is printed beside the
figures. Nothing is extrapolated: every row is what was measured.

Run: PYTHONPATH=src python bench/bench_city.py [--n 1000] [--repeat 1] [--baseline b3deff8]
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

BASELINE = "b3deff8"
TEXTS = ["礼让斑马线，安全每一天", "一盔一带，安全常在", "文明行车守规矩，平安出行保畅通", "宁停三分，不抢一秒",
         "红灯停绿灯行，文明出行你我他", "不闯红灯不越线，文明出行靠大家", "开车不喝酒，喝酒不开车",
         "文明交通你我共建，平安出行人人共享", "斑马线前停一停，礼让行人暖人心", "安全出行每一天，平安幸福千万家",
         "守规则讲文明，出行安全有保障", "骑车戴头盔，安全有保障"]

#: Runs in a subprocess under either tree: loads the campaign, plans, renders every poster cold.
CHILD = """
import datetime as dt, json, os, resource, shutil, sys, time
from pathlib import Path
root, site, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
from placard.load import load_campaign
from placard.posters.build import build_posters, cache_dir
from placard.posters.plan import make_plan
t0, c0 = time.perf_counter(), time.process_time()
c = load_campaign(root, dt.date(2026, 11, 23)).campaign
plan = make_plan(c)
assert not [f for f in plan.findings if f.is_error], [f.render() for f in plan.findings][:3]
shutil.rmtree(cache_dir(c), ignore_errors=True)
t1 = time.perf_counter()
rep = build_posters(c, plan, site, workers=workers, progress=False)
t2 = time.perf_counter()
assert rep.rendered == len(plan.jobs) and not rep.failed, (rep.rendered, rep.failed[:2])
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
own = resource.getrusage(resource.RUSAGE_SELF)
png = sum(p.stat().st_size for p in site.rglob("*.png"))
print(json.dumps({"posters": rep.rendered, "wall": t2 - t0, "render": t2 - t1, "png_bytes": png,
                  "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime}))
"""

BLANK = """
import sys, time, zlib
from concurrent.futures import ProcessPoolExecutor
from PIL import Image
n, procs, out, writer = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def one(i):
    im = Image.new("RGB", (3508, 4961), "white")
    if writer == "placard":
        from placard.posters.pngwrite import save_png
        save_png(im, f"{out}/blank-{i % 4}-{procs}.png")
    else:
        im.save(f"{out}/blank-{i % 4}-{procs}.png", compress_level=6, compress_type=zlib.Z_RLE)
t = time.perf_counter()
if procs == 1:
    for i in range(n):
        one(i)
else:
    with ProcessPoolExecutor(procs) as pool:
        list(pool.map(one, range(n)))
print(time.perf_counter() - t)
"""


def baseline_tree(tmp: Path, rev: str) -> Path | None:
    """``rev``'s src exported into ``tmp``, or None (with a message) when git cannot give it."""
    dest = tmp / "baseline"
    dest.mkdir()
    try:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        err = getattr(exc, "stderr", b"") or b""
        print(f"bench_city: cannot export the baseline {rev} with git ({exc}; {err.decode(errors='replace').strip()})"
              f" - measuring this tree only, no ratio against the baseline", file=sys.stderr)
        return None
    return dest / "src"


def make_city(root: Path, n: int) -> None:
    from test_posters import make_campaign

    slogans = {f"traffic-{i:04d}": (TEXTS[i % len(TEXTS)] if i < len(TEXTS) else f"文明出行第{i}条，安全礼让每一天",
                                    "traffic") for i in range(n)}
    make_campaign(root, slogans=slogans, sets={"city": "kind: slogan\nformat: A3\ntemplate: slogan\n"})


def run(src: Path, root: Path, site: Path, workers: int, cpus: list[int]) -> dict:
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(["taskset", "-c", ",".join(map(str, cpus)), sys.executable, "-c", CHILD, str(root),
                          str(site), str(workers)], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"bench_city: the run under {src} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def blank(n: int, procs: int, cpus: list[int], tmp: Path, writer: str = "pillow") -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run(["taskset", "-c", ",".join(map(str, cpus)), sys.executable, "-c", BLANK, str(n), str(procs),
                          str(tmp), writer], capture_output=True, text=True, check=True, env=env)
    return float(out.stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000, help="posters (default 1000, the figure issue 14 asks for)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each row (the best is shown)")
    ap.add_argument("--baseline", default=BASELINE, help="git revision of 'today' (default b3deff8)")
    ap.add_argument("--floor-n", type=int, default=100, help="blank PNGs per floor row (default 100, at most --n)")
    args = ap.parse_args()
    if not shutil.which("taskset"):
        raise SystemExit("bench_city: needs taskset (util-linux) to pin runs to one or two CPUs")
    cpus = sorted(os.sched_getaffinity(0))
    one, two = cpus[:1], cpus[:2]
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base_src = baseline_tree(tmp, args.baseline)
        root = tmp / "city"
        make_city(root, args.n)
        rows: dict[str, list[dict]] = {}
        plan = [("base-1", base_src, 1, one)] if base_src else []
        plan += [("new-1", REPO / "src", 1, one)]
        if len(two) == 2:
            plan += [("new-2", REPO / "src", 2, two)]
        for _ in range(args.repeat):
            for name, src, workers, cpu in plan:
                rows.setdefault(name, []).append(run(src, root, tmp / "site", workers, cpu))
        fn = min(args.floor_n, args.n)
        blank1 = min(blank(fn, 1, one, tmp) for _ in range(args.repeat))
        blank2 = min(blank(fn, 2, two, tmp) for _ in range(args.repeat)) if len(two) == 2 else None
        blank_ours = min(blank(fn, 1, one, tmp, "placard") for _ in range(args.repeat))
    best = {k: min(v, key=lambda r: r["wall"]) for k, v in rows.items()}
    n = args.n
    print(f"{n} A3 slogan posters (3508 x 4961 px), cold cache: load + plan + PNG, RGB print PDF, preview, "
          f"contact sheets; best of {args.repeat}")
    print(f"{'run':44}{'wall s':>9}{'CPU s':>9}{'s/poster':>10}{'PNG MB':>9}  ratio")
    base = best.get("base-1")
    label = {"base-1": f"baseline {args.baseline}, 1 worker, 1 CPU", "new-1": "this tree, 1 worker, 1 CPU",
             "new-2": "this tree, 2 workers, 2 CPUs"}
    for k in ("base-1", "new-1", "new-2"):
        if k not in best:
            continue
        r = best[k]
        ratio = ""
        if k == "new-1" and base:
            ratio = f"{r['wall'] / base['wall']:.2f} x baseline (CPU {r['cpu'] / base['cpu']:.2f} x)"
        if k == "new-2":
            ratio = f"{best['new-1']['wall'] / r['wall']:.2f} x faster than 1 worker"
        print(f"{label[k]:44}{r['wall']:>9.1f}{r['cpu']:>9.1f}{r['wall'] / n:>10.3f}{r['png_bytes'] / 1e6:>9.1f}  {ratio}")
    print(f"{f'floor: {fn} blank A3 PNGs, Pillow, 1 process':44}{blank1:>9.1f}{'':>9}{blank1 / fn:>10.3f}"
          f"{'':>9}  Pillow, zlib level 6, Z_RLE (b3deff8's settings)")
    if blank2:
        print(f"{f'floor: {fn} blank A3 PNGs, Pillow, 2 processes':44}{blank2:>9.1f}{'':>9}{blank2 / fn:>10.3f}{'':>9}  "
              f"{blank1 / blank2:.2f} x faster than 1 process (what the machine gives now)")
    print(f"{f'floor: {fn} blank A3 PNGs, placard writer':44}{blank_ours:>9.1f}{'':>9}{blank_ours / fn:>10.3f}"
          f"{'':>9}  posters/pngwrite.py, 1 process")
    print()
    verdicts = []
    if base:
        r = best["new-1"]["wall"] / base["wall"]
        verdicts.append(f"one core: {r:.2f} x {args.baseline} (target <= 0.6) -> {'met' if r <= 0.6 else 'MISSED'}")
        size = best["new-1"]["png_bytes"] / base["png_bytes"]
        verdicts.append(f"PNG bytes: {size:.2f} x {args.baseline} (target <= 1.10) -> {'met' if size <= 1.10 else 'MISSED'}")
    if "new-2" in best:
        s = best["new-1"]["wall"] / best["new-2"]["wall"]
        verdicts.append(f"two cores: {s:.2f} x faster than one (target >= 1.7) -> {'met' if s >= 1.7 else 'MISSED'}")
    print("\n".join(verdicts))
    load1 = os.getloadavg()
    print(f"CPUs allowed {cpus}; load average at start {' '.join(f'{x:.2f}' for x in load0)}, "
          f"at end {' '.join(f'{x:.2f}' for x in load1)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
