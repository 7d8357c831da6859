"""Benchmark: the inspection binder (issue 25) of the example and of a city-sized campaign.

    PYTHONPATH=src python bench/bench_binder.py [--lists 200] [--photos 2000] [--skip-city]

Targets: the example's binder in <= 30 s; a synthetic campaign of 200 placement lists and 2,000
patrol photos (1600x1200 JPEGs with EXIF, every one of them in a before/after pair of the binder)
in <= 5 min, <= 1.5 GB RAM, PDF <= 300 MB. Baseline measured in the same run: ``placard ledger``
(XLSX, with its embedded photo thumbnails) on the same campaign, the report offices make today.
Each command runs in its own process; RAM is that process's peak resident size.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from bench_patrols import jpeg_with_exif  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

START, END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
TODAY = dt.date(2026, 12, 31)
RUNNER = (
    "import resource, sys, json\n"
    "from placard.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "sys.stderr.write('\\nBENCH ' + json.dumps({'code': code, 'rss_kb': u.ru_maxrss,"
    " 'cpu': u.ru_utime + u.ru_stime}) + '\\n')\n"
    "sys.exit(code)\n"
)


def photo_jpeg(w: int = 1600, h: int = 1200) -> bytes:
    """A phone-like picture: a street scene's worth of shapes and gradients (not noise, which no photo is)."""
    im = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    d = ImageDraw.Draw(im)
    rnd = random.Random(7)
    for _ in range(60):
        x, y = rnd.randrange(w), rnd.randrange(h)
        d.rectangle(
            [x, y, x + rnd.randrange(40, 300), y + rnd.randrange(30, 200)],
            fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)),
        )
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def make_city(root: Path, n_lists: int, n_photos: int) -> None:
    rnd = random.Random(1)
    for part in ("slogans", "hooks", "docs"):
        shutil.copytree(REPO / part, root / part)
    cfg = (REPO / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(cfg, "utf-8")
    shutil.copytree(
        REPO / "posters",
        root / "posters",
        ignore=shutil.ignore_patterns("placements", "patrols", "playlogs"),
    )
    pl_dir = root / "posters" / "placements"
    pl_dir.mkdir(parents=True)
    places = {}
    for i in range(n_lists):
        lat, lon = 22.70 + rnd.random() * 0.1, 113.88 + rnd.random() * 0.1
        places[f"l{i:04d}"] = (lat, lon)
        slots = "\n".join(
            f"  - {{id: s{k}, order: {k}, kind: {'public' if k % 3 else 'commercial'}, "
            + ("ref: civility-01}" if k % 3 else "advertiser: 某商家}")
            for k in range(1, 9)
        )
        (pl_dir / f"l{i:04d}.yml").write_text(
            f"name: 点位{i}\ntype: banner\nlocation: 光明区某路{i}号\nlat: {lat:.5f}\nlon: {lon:.5f}\n"
            f"period: {{from: {START}, to: {END}}}\nrule: {{min_public: 0.3}}\nslots:\n{slots}\n",
            "utf-8",
        )
    base = photo_jpeg()
    photos = root / "posters" / "patrols" / "photos"
    per_list = max(2, n_photos // n_lists)
    rows = []
    for i in range(n_lists):
        lid = f"l{i:04d}"
        for k in range(per_list):
            # problems and their fixes: every photo lands in a before/after pair of the binder
            day = START + dt.timedelta(days=7 * (k // 2) + (k % 2))
            status = "已整改" if k % 2 else "破损"
            name = f"{day:%Y-%m}/{lid}/IMG_{k:03d}.jpg"
            path = photos / name
            path.parent.mkdir(parents=True, exist_ok=True)
            lat, lon = places[lid]
            when = dt.datetime.combine(day, dt.time(9, rnd.randrange(60)))
            path.write_bytes(jpeg_with_exif(base, when, lat + 0.0002, lon - 0.0002))
            rows.append([day.isoformat(), lid, f"s{1 + (k // 2) % 8}", "巡查员", status, name, ""])
    with (root / "posters" / "patrols" / "rounds.csv").open(
        "w", encoding="utf-8-sig", newline=""
    ) as fh:
        w = csv.writer(fh)
        w.writerow(["巡查日期", "点位编号", "槽位编号", "巡查人", "状态", "照片", "备注"])
        w.writerows(rows)


def run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_MKDOCS_2_WARNING="1")
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - t
    line = next((x for x in proc.stderr.splitlines() if x.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"failed: placard {' '.join(args)}\n{proc.stdout}\n{proc.stderr[-3000:]}")
    got = json.loads(line[6:])
    return wall, got["cpu"], got["rss_kb"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--lists", type=int, default=200)
    ap.add_argument("--photos", type=int, default=2000)
    ap.add_argument("--skip-city", action="store_true")
    a = ap.parse_args(argv)
    rows = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="placard-bench-binder-") as tmp:
        tmp = Path(tmp)
        example = tmp / "example"
        example.mkdir()
        for part in ("mkdocs.yml", "docs", "slogans", "posters", "hooks"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, example / part)
        out = tmp / "out"
        out.mkdir()
        day = ["--date", "2026-12-07"]
        wall, cpu, rss = run(["ledger", str(example), *day, "--out", str(out / "ledger.xlsx")], out)
        rows.append(
            (
                "example",
                "placard ledger (baseline)",
                wall,
                cpu,
                rss,
                (out / "ledger.xlsx").stat().st_size,
                "",
            )
        )
        wall, cpu, rss = run(["binder", str(example), *day, "--out", str(out / "binder.pdf")], out)
        rows.append(
            (
                "example",
                "placard binder",
                wall,
                cpu,
                rss,
                (out / "binder.pdf").stat().st_size,
                "<= 30 s",
            )
        )
        if not a.skip_city:
            city = tmp / "city"
            t = time.perf_counter()
            make_city(city, a.lists, a.photos)
            made = time.perf_counter() - t
            n = sum(1 for _ in (city / "posters/patrols/photos").rglob("*.jpg"))
            label = f"{a.lists} lists, {n} photos"
            day = ["--date", TODAY.isoformat()]
            wall, cpu, rss = run(
                ["ledger", str(city), *day, "--out", str(out / "city-ledger.xlsx")], out
            )
            rows.append(
                (
                    label,
                    "placard ledger (baseline)",
                    wall,
                    cpu,
                    rss,
                    (out / "city-ledger.xlsx").stat().st_size,
                    "",
                )
            )
            wall, cpu, rss = run(["binder", str(city), *day, "--out", str(out / "city.pdf")], out)
            pages = "?"
            try:
                info = subprocess.run(
                    ["pdfinfo", str(out / "city.pdf")], capture_output=True, text=True
                ).stdout
                pages = next(x.split()[-1] for x in info.splitlines() if x.startswith("Pages:"))
            except (OSError, StopIteration):
                pass
            rows.append(
                (
                    label,
                    f"placard binder ({pages} pages)",
                    wall,
                    cpu,
                    rss,
                    (out / "city.pdf").stat().st_size,
                    "<= 300 s, <= 1536 MB, <= 300 MB",
                )
            )
            print(f"(synthetic campaign made in {made:.1f} s)")
    print()
    print(
        f"machine load average before the run: {load:.1f} on {os.cpu_count()} cores (wall time suffers; CPU does not)"
    )
    print("| campaign | command | wall s | CPU s | peak RAM MB | output MB | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for camp, cmd, wall, cpu, rss, size, target in rows:
        print(
            f"| {camp} | {cmd} | {wall:.1f} | {cpu:.1f} | {rss / 1024:.0f} | {size / 1e6:.1f} | {target} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
