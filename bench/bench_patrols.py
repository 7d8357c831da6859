"""Benchmark: 10,000 patrol records with 20,000 phone photos, loaded and checked (target < 10 s).

    PYTHONPATH=src python bench/bench_patrols.py [--records 10000] [--photos-per-record 2] [--lists 200]

Writes a temporary campaign: ``--lists`` placement lists with lat/lon, the records as CSV
files (Chinese headers, 1,000 rows each) naming JPEGs under posters/patrols/photos/ that carry
EXIF DateTimeOriginal and GPS (each a small picture, so the folder stays small). Times, in one run:

* EXIF only: loading the records and reading every photo's EXIF (what placard does), then the
  patrol rules and the ledger's rows; the total is the figure the target is about;
* baselines: Pillow's own EXIF reader (``getexif``, no decode) on the same photos, and a full
  decode of them (``Image.open(...).load()``), as a tool that reads
  a photo's pixels to get at its metadata would; and, on 20 phone-sized photos (4032×3024),
  EXIF-only and full decode per photo, to show EXIF reading does not grow with the picture.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from PIL import Image  # noqa: E402

from placard.findings import Finding  # noqa: E402
from placard.ledger import ledger_rows  # noqa: E402
from placard.load import load_campaign  # noqa: E402
from placard.patrols.photos import _pillow_photo, photo_files, read_photo  # noqa: E402
from placard.rules import patrol  # noqa: E402

START, END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
TODAY = dt.date(2026, 12, 31)


def _dms(x: float):
    d = int(x)
    m = int((x - d) * 60)
    return (float(d), float(m), round(((x - d) * 60 - m) * 60, 2))


def jpeg_with_exif(base: bytes, when: dt.datetime, lat: float, lon: float) -> bytes:
    """``base`` (a JPEG without EXIF) with an APP1 EXIF segment spliced in after SOI."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = when.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8825).update({1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)})
    payload = exif.tobytes()  # b"Exif\0\0" + TIFF
    return base[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + base[2:]


def base_jpeg(w: int, h: int) -> bytes:
    im = Image.effect_noise((w, h), 40).convert("RGB")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def make_campaign(root: Path, n_records: int, per_record: int, n_lists: int, seed: int = 1) -> int:
    rnd = random.Random(seed)
    shutil.copytree(REPO / "slogans", root / "slogans")
    shutil.copytree(REPO / "hooks", root / "hooks")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# x\n", "utf-8")
    cfg = (REPO / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(cfg.replace("      public_sets: [traffic-a3]\n", "      public_sets: []\n"),
                                     "utf-8")
    pl_dir = root / "posters" / "placements"
    pl_dir.mkdir(parents=True)
    places = {}
    for i in range(n_lists):
        lat, lon = 22.70 + rnd.random() * 0.1, 113.88 + rnd.random() * 0.1
        places[f"l{i:04d}"] = (lat, lon)
        slots = "\n".join(f"  - {{id: s{k}, order: {k}, kind: public, ref: civility-01}}" for k in range(1, 6))
        (pl_dir / f"l{i:04d}.yml").write_text(
            f"name: 点位{i}\ntype: banner\nlat: {lat:.5f}\nlon: {lon:.5f}\n"
            f"period: {{from: {START}, to: {END}}}\nslots:\n{slots}\n", "utf-8")
    photos = root / "posters" / "patrols" / "photos"
    base = base_jpeg(64, 48)
    days = (TODAY - START).days
    statuses = ["完好"] * 8 + ["破损", "已整改"]
    rows, n_photos = [], 0
    for r in range(n_records):
        lid = f"l{r % n_lists:04d}"
        day = START + dt.timedelta(days=rnd.randrange(days + 1))
        names = []
        for p in range(per_record):
            name = f"{day:%Y-%m}/{lid}/IMG_{r:05d}_{p}.jpg"
            path = photos / name
            path.parent.mkdir(parents=True, exist_ok=True)
            lat, lon = places[lid]
            when = dt.datetime.combine(day, dt.time(9 + p, rnd.randrange(60)))
            path.write_bytes(jpeg_with_exif(base, when, lat + 0.0002, lon - 0.0002))
            names.append(name)
            n_photos += 1
        rows.append([day.isoformat(), lid, f"s{1 + r % 5}", "巡查员", rnd.choice(statuses), "；".join(names), ""])
    out = root / "posters" / "patrols"
    for k in range(0, len(rows), 1000):
        with (out / f"rounds-{k // 1000:03d}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["巡查日期", "点位编号", "槽位编号", "巡查人", "状态", "照片", "备注"])
            w.writerows(rows[k:k + 1000])
    return n_photos


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--photos-per-record", type=int, default=2)
    ap.add_argument("--lists", type=int, default=200)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="placard-bench-patrols-"))
    try:
        root = tmp / "c"
        root.mkdir()
        t_make, n_photos = timed(lambda: make_campaign(root, args.records, args.photos_per_record, args.lists))
        print(f"wrote {args.records:,} records, {n_photos:,} photos, {args.lists} lists in {t_make:.1f} s")
        t_all, loaded = timed(lambda: load_campaign(root, TODAY))
        c = loaded.campaign
        assert c is not None and len(c.patrols.records) == args.records, [
            f.render() for f in loaded.findings if isinstance(f, Finding)][:5]
        # the patrol part of the load, alone (placement lists and content are another benchmark)
        from placard.patrols.load import load_patrols

        t_load, _ = timed(lambda: load_patrols(root, c.config.raw.get("patrol"), c.placements, TODAY, []))
        object.__setattr__(c, "_patrol_state", None)
        c.__dict__.pop("_patrol_state", None)
        t_rules, found = timed(lambda: patrol.check(c))
        t_ledger, _ = timed(lambda: ledger_rows(c, TODAY))
        files = photo_files(root)
        t_exif, _ = timed(lambda: [read_photo(p, "") for p in files])
        t_pillow, _ = timed(lambda: [_pillow_photo(p, "") for p in files])

        def decode():
            for p in files:
                with Image.open(p) as im:
                    im.load()

        t_decode, _ = timed(decode)
        big = tmp / "big.jpg"
        big.write_bytes(jpeg_with_exif(base_jpeg(4032, 3024), dt.datetime(2026, 11, 1, 9), 22.7, 113.9))
        t_big_exif, _ = timed(lambda: [read_photo(big, "") for _ in range(20)])

        def big_decode():
            for _ in range(20):
                with Image.open(big) as im:
                    im.load()

        t_big_decode, _ = timed(big_decode)
        total = t_load + t_rules + t_ledger
        print(f"\n{'step':58} {'seconds':>9}")
        print(f"{'load records + EXIF of every photo (load_patrols)':58} {t_load:9.2f}")
        print(f"{'patrol rules (' + str(len(found)) + ' findings)':58} {t_rules:9.2f}")
        print(f"{'ledger rows with patrol columns':58} {t_ledger:9.2f}")
        print(f"{'TOTAL, EXIF only (target < 10 s)':58} {total:9.2f}  {'OK' if total < 10 else 'MISSED'}")
        print(f"{'(whole load_campaign, incl. lists and content)':58} {t_all:9.2f}")
        print(f"{'EXIF of the ' + format(len(files), ',') + ' photos alone':58} {t_exif:9.2f}")
        print(f"{'baseline: Pillow getexif on the same photos (no decode)':58} {t_pillow:9.2f}  "
              f"({t_pillow / max(t_exif, 1e-9):.1f}× placard's reader)")
        print(f"{'baseline: full decode of the same photos':58} {t_decode:9.2f}  "
              f"({t_decode / max(t_exif, 1e-9):.1f}× EXIF)")
        print(f"{'phone-size 4032×3024, per photo: EXIF only (ms)':58} {t_big_exif / 20 * 1000:9.2f}")
        print(f"{'phone-size 4032×3024, per photo: full decode (ms)':58} {t_big_decode / 20 * 1000:9.2f}  "
              f"(20,000 of them: {t_big_decode / 20 * 20000:,.0f} s)")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
