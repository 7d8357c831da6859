"""Scan rate of every built-in format's code from where residents stand.

For each built-in format and each built-in template that has a layout for its shape
(slogan, ad, guide): one poster, drawn, then
20 simulated phone photos of its code from the format's ``scan_distance_m`` (and
``scan_angle_deg``): perspective 15-25° (or the declared angle ± 5°), blur, uneven light,
JPEG quality 40 (see ``placard.posters.scanview``), each decoded with zxing-cpp. The
table gives the reads out of 20, the rate (a format below 95 % is a finding of
``placard posters --verify``), and the time per simulated photo. A format that carries no
code (``code: false``) is listed as such.

Baseline in the same run: the same poster photographed head-on from the same distance,
only downscaled and blurred (the check ``--verify`` made before the simulation).

Run: PYTHONPATH=src python bench/bench_scan.py [--formats A3,banner] [--distance banner=10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from PIL import ImageFilter

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_posters import make_campaign  # noqa: E402

from placard.load import load_campaign  # noqa: E402
from placard.posters import qr as Q  # noqa: E402
from placard.posters import scanview as S  # noqa: E402
from placard.posters.formats import builtin_formats  # noqa: E402
from placard.posters.plan import make_plan  # noqa: E402
from placard.posters.render import draw  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def head_on(poster, box, px_per_mm, distance_m, url) -> bool:
    scale = min(1.0, S.frame_px_per_mm(distance_m) / px_per_mm)
    im = poster.resize((max(1, round(poster.width * scale)), max(1, round(poster.height * scale))))
    return url in S.decode(im.filter(ImageFilter.GaussianBlur(1.0)))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--formats", help="comma-separated format names (default: every built-in format)")
    ap.add_argument("--distance", action="append", default=[], metavar="NAME=M",
                    help="lay a format out for another scanning distance (what-if), e.g. 'banner=3, code: true'")
    ap.add_argument("--photo-from", action="append", default=[], metavar="NAME[:ANGLE]=M",
                    help="photograph a format's poster (laid out for its declared distance) from another "
                         "distance and angle, e.g. banner:30=10")
    args = ap.parse_args()
    photo_from = {}
    for d in args.photo_from:
        k, m = d.split("=")
        n, _, a = k.partition(":")
        photo_from[n] = (float(m), float(a or 0))
    formats = builtin_formats()
    names = args.formats.split(",") if args.formats else list(formats)
    override = "".join(f"{n}: {{scan_distance_m: {m}}}\n" for n, m in (d.split("=", 1) for d in args.distance))
    shapes = {"slogan": ("portrait", "landscape", "strip", "tall"), "ad": ("portrait", "landscape"),
              "guide": ("portrait", "landscape")}
    items = {"slogan": "traffic-01", "ad": "ad-zebra", "guide": "guide-dining"}
    with tempfile.TemporaryDirectory() as tmp:
        sets = {f"{n.lower()}--{t}": f"kind: {t}\nformat: {n}\ntemplate: {t}\nitems: [{items[t]}]\n"
                for n in names for t in shapes if formats[n].shape in shapes[t]}
        root = make_campaign(Path(tmp) / "c", sets=sets, formats=override)
        campaign = load_campaign(root, TODAY).campaign
        plan = make_plan(campaign)
        formats = plan.formats  # the built-in formats with --distance's what-ifs
        errors = [f for f in plan.findings if f.is_error]
        by_set = {j.set: j for j in plan.jobs}
        print(f"{'format':<14} {'template':<8} {'size':>12} {'scan from':>10} {'angle':>5} {'code':>7} {'module':>7} "
              f"{'px/mod':>6} {'reads':>6} {'rate':>5} {'ms/photo':>8} {'head-on':>7}")
        worst = 1.0
        rows = [(n, t) for n in names for t in shapes if formats[n].shape in shapes[t]]
        for n, t in rows:
            fmt = formats[n]
            size = f"{fmt.width:g}×{fmt.height:g}{'px' if fmt.is_screen else ''}"
            if not fmt.code:
                if t == "slogan":
                    print(f"{n:<14} {'-':<8} {size:>12} {fmt.scan_distance_m:>9g}m {fmt.scan_angle_deg:>4g}°  "
                          "carries no code (code: false)")
                continue
            job = by_set.get(f"{n.lower()}--{t}")
            if job is None:
                why = "; ".join(f.message for f in errors if f.file == f"posters/{n.lower()}--{t}.yml"
                                or f"format '{n}'" in f.message)
                print(f"{n:<14} {t:<8} {size:>12} {fmt.scan_distance_m:>9g}m  no poster: {why}")
                worst = 0.0
                continue
            box = S.code_box(job.spec)
            b = job.spec["bleed"]
            W, H = job.spec["trim"]
            poster = draw(job.spec, (b, b, b + W, b + H)).convert("L")
            dist, angle = photo_from.get(n, (job.scan_distance_m, job.scan_angle_deg))
            res = S.scan_rate(poster, box, job.url, job.px_per_mm, dist, angle)
            modules = box.side // next(op for op in job.spec["ops"] if op["op"] == "qr")["module"] - 2 * Q.QUIET
            mod_px = box.side / (modules + 2 * Q.QUIET)
            module_mm = mod_px / job.px_per_mm
            frame = module_mm * S.frame_px_per_mm(dist)
            ho = head_on(poster, box, job.px_per_mm, dist, job.url)
            worst = min(worst, res.rate)
            print(f"{n:<14} {t:<8} {size:>12} {dist:>9g}m {angle:>4g}° "
                  f"{module_mm * modules:>5.0f}mm {module_mm:>5.1f}mm {frame:>6.1f} "
                  f"{res.reads:>3}/{res.variants:<2} {res.rate:>5.0%} {1000 * res.seconds / res.variants:>8.1f} "
                  f"{'read' if ho else 'NO':>7}")
        print(f"\nworst rate: {worst:.0%} (target: every format with a code ≥ {S.MIN_RATE:.0%})")
        return 0 if worst >= S.MIN_RATE else 1


if __name__ == "__main__":
    sys.exit(main())
