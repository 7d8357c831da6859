"""Print files: an A3 poster as CMYK PDF/X-4 against today's RGB print PDF (issue 13: within 2x).

The same A3 slogan posters (300 dpi, 3508 x 4961 px), one process, drawn through placard's own
renderer, in the same run: everything a poster gets with the ``rgb`` profile (PNG, RGB print PDF,
preview) against the ``cmyk-pdfx`` profile (PNG, CMYK PDF/X-4 with the ICC profile embedded,
preview), and ``large-format`` (PNG, LZW TIFF, preview) for reference, and a print-only
``cmyk-pdfx`` set (``png: false``: CMYK PDF/X-4 and preview, no PNG). Each poster is drawn
``--repeat`` times per profile, alternating, and the best and median of each are shown. The process
keeps freed memory for the next poster, as the poster workers do (``build.keep_memory``).

Run: PYTHONPATH=src python bench/bench_print.py [--n N] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_posters import MKDOCS, make_campaign  # noqa: E402

from placard.load import load_campaign  # noqa: E402
from placard.posters.build import keep_memory  # noqa: E402
from placard.posters.plan import make_plan  # noqa: E402
from placard.posters.render import render  # noqa: E402

TODAY = dt.date(2026, 11, 23)
PROFILES = ("rgb", "cmyk-pdfx", "large-format")
#: rows: (name, profile, extra set lines); the last is a print-only run of the cmyk-pdfx profile (png: false)
ROWS = (("rgb", "rgb", ""), ("cmyk-pdfx", "cmyk-pdfx", ""), ("large-format", "large-format", ""),
        ("cmyk-pdfx, png: false", "cmyk-pdfx", "png: false\n"))
MK = MKDOCS.replace('colour: "#1565c0"}', 'colour: "#1565c0", cmyk: [100, 60, 0, 0]}')


def jobs_for(tmp: Path, n: int) -> dict[str, list]:
    slogans = {f"traffic-{i:02d}": (t, "traffic") for i, t in enumerate(
        ["礼让斑马线，安全每一天", "一盔一带，安全常在", "红灯停绿灯行，文明出行你我他", "宁停三分，不抢一秒"][:n])}
    sets = {f"s{i}": f"kind: slogan\nformat: A3\ntemplate: slogan\nprofile: {p}\n{extra}"
            for i, (_, p, extra) in enumerate(ROWS)}
    make_campaign(tmp / "c", slogans=slogans, sets=sets, mkdocs=MK)
    plan = make_plan(load_campaign(tmp / "c", TODAY).campaign)
    assert not plan.findings, [f.render() for f in plan.findings]
    return {name: [j for j in plan.jobs if j.set == f"s{i}"] for i, (name, _, _) in enumerate(ROWS)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2, help="posters per profile (at most 4)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    keep_memory()  # as in the poster workers of every build of more than one poster (posters/build.py)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        jobs = jobs_for(tmp, args.n)
        names = [name for name, _, _ in ROWS]
        profile = {name: p for name, p, _ in ROWS}
        times: dict[str, list[float]] = {p: [] for p in names}
        cpu: dict[str, list[float]] = {p: [] for p in names}
        sizes: dict[str, int] = {}
        for _ in range(args.repeat):
            for p in names:
                for i, job in enumerate(jobs[p]):
                    out = tmp / f"{p}-{i}"
                    t, c = time.perf_counter(), time.process_time()
                    render(job.spec, out, job.title)
                    times[p].append(time.perf_counter() - t)
                    cpu[p].append(time.process_time() - c)
                    name = {"rgb": "poster.pdf", "cmyk-pdfx": "poster.pdf", "large-format": "poster.tif"}[profile[p]]
                    sizes[p] = (out / name).stat().st_size
        base, base_cpu = statistics.median(times["rgb"]), statistics.median(cpu["rgb"])
        print(f"A3 300 dpi (3508 x 4961 px), {args.n} poster(s) x {args.repeat}, one process")
        print(f"{'profile':<24}{'best s':>9}{'median s':>10}{'x rgb':>8}{'CPU s':>8}{'x rgb':>8}{'print file MB':>15}")
        for p in names:
            med, med_cpu = statistics.median(times[p]), statistics.median(cpu[p])
            print(f"{p:<24}{min(times[p]):>9.2f}{med:>10.2f}{med / base:>8.2f}{med_cpu:>8.2f}{med_cpu / base_cpu:>8.2f}"
                  f"{sizes[p] / 1e6:>15.1f}")
        ratio = statistics.median(times["cmyk-pdfx"]) / base
        ratio_cpu = statistics.median(cpu["cmyk-pdfx"]) / base_cpu
        print("\nbaseline: the rgb row, everything an rgb poster gets (PNG, RGB print PDF, preview); each row is"
              " everything its poster gets (png: false: no PNG)")
        print(f"cmyk-pdfx / rgb = {ratio:.2f}x wall, {ratio_cpu:.2f}x CPU (target: within 2x) -> "
              f"{'met' if max(ratio, ratio_cpu) <= 2 else 'MISSED'}")
        po = statistics.median(times["cmyk-pdfx, png: false"]) / base
        po_cpu = statistics.median(cpu["cmyk-pdfx, png: false"]) / base_cpu
        print(f"cmyk-pdfx print-only (png: false) / rgb = {po:.2f}x wall, {po_cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
