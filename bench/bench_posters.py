"""Poster rendering speed, parallel speed-up, one-slogan rebuild and peak memory.

Prints a table; every figure has its baseline measured in the same run:

1. A3 at 300 dpi (3508 x 4961 px), one process: posters per second for the PNG alone
   (draw + encode) and for everything a poster gets (PNG, print PDF, preview), next to
   the floor: encoding a blank PNG of the same pixel size, with Pillow's defaults, with the
   Pillow settings placard used before (zlib level 6, Z_RLE) and with placard's own PNG writer.
2. The same A3 posters with 2 worker processes against 1.
3. 1,000 slogan posters (a 105 x 148 mm card at 100 dpi, to keep the run short): cold
   build against a rebuild after one slogan's text changed (load + check + plan + render).
4. Peak memory (max RSS) of a process rendering one A0 poster at 150 dpi.

Run: PYTHONPATH=src python bench/bench_posters.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_posters import FORMATS, make_campaign  # noqa: E402

from placard.load import load_campaign  # noqa: E402
from placard.posters.build import build_posters, render_jobs  # noqa: E402
from placard.posters.plan import make_plan  # noqa: E402
from placard.posters.pngwrite import save_png  # noqa: E402
from placard.posters.render import draw, render  # noqa: E402

TODAY = dt.date(2026, 11, 23)
TEXTS = ["礼让斑马线，安全每一天", "一盔一带，安全常在", "文明行车守规矩，平安出行保畅通", "宁停三分，不抢一秒",
         "红灯停绿灯行，文明出行你我他", "不闯红灯不越线，文明出行靠大家", "开车不喝酒，喝酒不开车",
         "文明交通你我共建，平安出行人人共享", "斑马线前停一停，礼让行人暖人心", "安全出行每一天，平安幸福千万家",
         "守规则讲文明，出行安全有保障", "骑车戴头盔，安全有保障"]


def campaign(root: Path, n: int, fmt: str, formats: str = FORMATS):
    slogans = {f"traffic-{i:04d}": (TEXTS[i % len(TEXTS)] if i < len(TEXTS) else f"文明出行第{i}条，安全礼让每一天",
                                    "traffic") for i in range(n)}
    make_campaign(root, slogans=slogans, sets={"all": f"kind: slogan\nformat: {fmt}\ntemplate: slogan\n"},
                  formats=formats)
    c = load_campaign(root, TODAY).campaign
    plan = make_plan(c)
    assert not plan.findings, [f.render() for f in plan.findings]
    return c, plan


def timed(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def single(tmp: Path, n: int) -> list[tuple]:
    _, plan = campaign(tmp / "a3", n, "A3")
    jobs = plan.jobs[:n]
    size = tuple(jobs[0].spec["trim"])
    blank = Image.new("RGB", size, "white")
    out = tmp / "out.png"
    floor_default, _ = timed(lambda: blank.save(out))
    floor_rle, _ = timed(lambda: blank.save(out, compress_level=6, compress_type=zlib.Z_RLE))
    floor_ours, _ = timed(lambda: save_png(blank, out))
    b = jobs[0].spec["bleed"]

    def png_only():
        for j in jobs:
            im = draw(j.spec, (b, b, b + size[0], b + size[1]))
            save_png(im, out)  # placard's PNG writer, as render() uses it

    def everything():
        for j in jobs:
            render(j.spec, tmp / "r" / j.key, j.title)

    png, _ = timed(png_only, 2)
    full, _ = timed(everything, 2)
    png, full = png / n, full / n
    return [
        ("floor: blank PNG, Pillow defaults", f"{size[0]}×{size[1]}", floor_default, 1 / floor_default, 1.0),
        ("floor: blank PNG, Pillow level 6, Z_RLE", "(placard before its writer)", floor_rle, 1 / floor_rle,
         floor_rle / floor_default),
        ("floor: blank PNG, placard's writer", "posters/pngwrite.py", floor_ours, 1 / floor_ours,
         floor_ours / floor_default),
        ("A3 poster: draw + PNG", f"{n} posters", png, 1 / png, png / floor_default),
        ("A3 poster: PNG + print PDF + preview", f"{n} posters", full, 1 / full, full / floor_default),
    ]


def _reference_work(i: int) -> None:
    """Trivially parallel work of the same kind (encode a blank A3 PNG): what the machine can scale to."""
    Image.new("RGB", (3508, 4961), "white").save(f"{tempfile.gettempdir()}/placard-bench-{i}.png",
                                                 compress_level=6, compress_type=zlib.Z_RLE)


def parallel(tmp: Path, n: int) -> list[tuple]:
    from concurrent.futures import ProcessPoolExecutor

    t = time.perf_counter()
    for i in range(n):
        _reference_work(i)
    one = time.perf_counter() - t
    with ProcessPoolExecutor(2) as pool:
        t = time.perf_counter()
        list(pool.map(_reference_work, range(n)))
        two = time.perf_counter() - t
    _, plan = campaign(tmp / "par", n, "A3")
    rows = [("machine: blank A3 PNGs, 1 process", f"{n} files", one, n / one, 1.0),
            ("machine: blank A3 PNGs, 2 processes", f"{n} files", two, n / two, one / two)]
    base = None
    for workers in (1, 2):
        cache = tmp / f"cache-{workers}"
        t = time.perf_counter()
        rep = render_jobs(plan.jobs, cache, tmp / f"site-{workers}", workers=workers)
        sec = time.perf_counter() - t
        assert rep.rendered == len(plan.jobs) and not rep.failed
        base = base or sec
        rows.append((f"A3 posters, {workers} process{'es' if workers > 1 else ''}", f"{n} posters", sec,
                     n / sec, base / sec))
    return rows


def rebuild(tmp: Path, n: int) -> list[tuple]:
    root = tmp / "big"

    def build():
        c = load_campaign(root, TODAY).campaign
        from placard.engine import run_checks

        findings = run_checks(c)
        assert not [f for f in findings if f.is_error], findings[:3]
        return build_posters(c, make_plan(c), tmp / "site-big", workers=2)

    campaign(root, n, "card")  # writes the campaign
    shutil.rmtree(root / ".cache", ignore_errors=True)
    t = time.perf_counter()
    cold = build()
    cold_s = time.perf_counter() - t
    path = root / "slogans" / f"traffic-{n // 2:04d}.md"
    path.write_text(path.read_text("utf-8").replace("安全礼让每一天", "礼让行人每一天"), "utf-8")
    t = time.perf_counter()
    warm = build()
    warm_s = time.perf_counter() - t
    assert (warm.rendered, warm.reused) == (1, n - 1), (warm.rendered, warm.reused)
    return [
        (f"cold build, {n} card posters (100 dpi)", f"{cold.rendered} rendered", cold_s, n / cold_s, 1.0),
        ("rebuild after one slogan changed", f"{warm.rendered} rendered, {warm.reused} reused", warm_s,
         n / warm_s, warm_s / cold_s),
    ]


A0_CHILD = """
import datetime as dt, resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_posters import make_campaign
from placard.load import load_campaign
from placard.posters.plan import make_plan
from placard.posters.render import render
root = make_campaign(Path(tempfile.mkdtemp()) / "c", slogans={{"traffic-01": ("礼让斑马线，安全每一天", "traffic")}},
                     sets={{"a0": "kind: slogan\\nformat: A0\\ntemplate: slogan\\n"}})
plan = make_plan(load_campaign(root, dt.date(2026, 11, 23)).campaign)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
render(plan.jobs[0].spec, root / "out", "a0")
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, *plan.jobs[0].spec["canvas"])
"""


def memory() -> list[tuple]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", A0_CHILD.format(tests=str(REPO / "tests"))], capture_output=True,
                         text=True, check=True).stdout.split()
    before, after, w, h = map(int, out)
    sec = time.perf_counter() - t
    return [("A0 at 150 dpi, peak RSS of the process", f"{w}×{h} px canvas", sec, 1 / sec,
             f"{after / 1024:.0f} MB (before drawing {before / 1024:.0f} MB)")]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer posters (a rough run)")
    args = ap.parse_args()
    n_single, n_par, n_big = (3, 6, 200) if args.quick else (6, 12, 1000)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows += single(tmp, n_single)
        rows += parallel(tmp, n_par)
        rows += rebuild(tmp, n_big)
    rows += memory()
    print(f"{'measurement':48} {'what':28} {'seconds':>9} {'per s':>8}  ratio / note")
    for name, what, sec, rate, ratio in rows:
        r = f"{ratio:.2f}" if isinstance(ratio, float) else ratio
        print(f"{name:48} {what:28} {sec:9.3f} {rate:8.2f}  {r}")
    print("\nratios: rows 1-5 against the Pillow-defaults floor; rows 6-9 speed-up over 1 process (rows 6-7:"
          " trivially parallel work, what this machine can give); rows 10-11 against the cold build. Targets: A3 PNG <= 1.3 x floor, 2 processes >= 1.7 x,"
          " rebuild < 5 % of cold, A0 < 1.5 GB.")
    print(f"cpu count {len(__import__('os').sched_getaffinity(0))}, load average "
          f"{' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}; max RSS of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
