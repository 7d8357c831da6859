"""PNG compression level against file size and time, on real A3 posters (300 dpi, 3508 x 4961 px).

    PYTHONPATH=src python bench/bench_png.py            # 6 posters
    PYTHONPATH=src python bench/bench_png.py --n 12

Each poster is drawn once; then its pixels are encoded at every zlib level with the Z_RLE strategy
(what placard uses) and, for reference, with zlib's default strategy at level 6. The table gives
the mean encode time per poster, the total size and the size against today's setting (level 6,
Z_RLE), beside the floor: a blank PNG of the same size. The print PDF embeds the PNG's compressed
rows unchanged, so its size moves with the PNG's.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zlib
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench_posters import campaign  # noqa: E402

from placard.posters.render import draw  # noqa: E402

TODAY_LEVEL = 6


def encode(im: Image.Image, level: int, strategy: int) -> tuple[float, int]:
    buf = io.BytesIO()
    t = time.perf_counter()
    im.save(buf, format="PNG", compress_level=level, compress_type=strategy)
    return time.perf_counter() - t, buf.tell()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=6, help="posters (default 6)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="placard-bench-png-") as tmp:
        _, plan = campaign(Path(tmp) / "a3", args.n, "A3")
        images = []
        for job in plan.jobs[: args.n]:
            b = job.spec["bleed"]
            w, h = job.spec["trim"]
            images.append(draw(job.spec, (b, b, b + w, b + h)))
    blank = Image.new("RGB", images[0].size, "white")
    settings = [(level, zlib.Z_RLE, f"level {level}, Z_RLE") for level in range(0, 10)]
    settings.append((6, zlib.Z_DEFAULT_STRATEGY, "level 6, default strategy"))
    rows = []
    for level, strategy, name in settings:
        times, sizes = zip(*(encode(im, level, strategy) for im in images), strict=True)
        blank_t, blank_size = encode(blank, level, strategy)
        rows.append((name, level, strategy, sum(times) / len(times), sum(sizes), blank_t))
    base = next(r for r in rows if r[1] == TODAY_LEVEL and r[2] == zlib.Z_RLE)
    print(f"{len(images)} A3 posters at 300 dpi ({images[0].size[0]}×{images[0].size[1]} px)\n")
    print(f"{'setting':<28} | {'s / poster':>10} | {'x today':>7} | {'MB total':>8} | {'size x today':>12} | "
          f"{'blank PNG s':>11}")
    print("-" * 94)
    for name, _level, _strategy, t, size, blank_t in rows:
        print(f"{name:<28} | {t:>10.3f} | {t / base[3]:>7.2f} | {size / 1e6:>8.2f} | {size / base[4]:>12.3f} | "
              f"{blank_t:>11.3f}")
    ok = [r for r in rows if r[4] <= 1.10 * base[4] and r[2] == zlib.Z_RLE]
    best = min(ok, key=lambda r: r[3])
    print(f"\nfastest setting within 10% of today's size: {best[0]} "
          f"({best[3]:.3f} s, {best[4] / base[4]:.3f}x the size)")


if __name__ == "__main__":
    main()
