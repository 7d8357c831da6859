"""Write the example campaign's patrol records and their photos (posters/patrols/).

Run from the repository root: ``python bench/make_example_patrols.py``. The files are committed;
this script documents how they were made. Photos are tiny JPEGs (160×120) carrying the EXIF a
phone writes: DateTimeOriginal and GPS latitude/longitude near the list's ``lat``/``lon``.

The example shows every state as on 2026-11-26: 光明大道道旗 damaged then fixed in time,
凤凰路围挡 damaged and still open (past its 3 days), 汽车站灯箱 not patrolled since 10-19
(overdue), the other lists patrolled weekly (a Chinese-header CSV); and two photos in
``photos/inbox/`` that no record names yet, for ``placard patrols match``.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from PIL import Image, ImageDraw

PLACES = {
    "guangming-avenue-banners": (22.7482, 113.9361),
    "fenghuang-hoarding": (22.7405, 113.9290),
    "station-lightboxes": (22.7551, 113.9423),
}
COLOURS = {"ok": (70, 140, 90), "damaged": (190, 60, 50), "wrong": (200, 140, 40), "fixed": (60, 110, 170)}


def _dms(x: float):
    d = int(x)
    m = int((x - d) * 60)
    return (float(d), float(m), round(((x - d) * 60 - m) * 60, 2))


def photo(folder: Path, name: str, when: dt.datetime, place: tuple[float, float], status: str) -> str:
    im = Image.new("RGB", (160, 120), (225, 225, 220))
    draw = ImageDraw.Draw(im)
    draw.rectangle((20, 20, 140, 90), fill=COLOURS[status])
    if status == "damaged":
        draw.line((30, 25, 120, 85), fill=(255, 255, 255), width=4)
    exif = Image.Exif()
    stamp = when.strftime("%Y:%m:%d %H:%M:%S")
    exif[0x0110] = "placard example phone"
    exif[306] = stamp
    exif.get_ifd(0x8769)[36867] = stamp
    exif.get_ifd(0x8825).update({1: "N", 2: _dms(place[0]), 3: "E", 4: _dms(place[1])})
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=60, exif=exif)
    return name


def near(place, i: int) -> tuple[float, float]:
    """A few tens of metres from the list, as a phone's GPS would be."""
    return (place[0] + 0.0002 * ((i % 3) - 1), place[1] + 0.0002 * ((i % 5) - 2))


def build(root: Path) -> None:
    out = root / "posters" / "patrols"
    photos = out / "photos"
    weekly = [dt.date(2026, 10, 7) + dt.timedelta(days=7 * i) for i in range(8)]  # 10-07 … 11-25

    def shot(list_id: str, day: dt.date, hour: int, status: str, i: int) -> str:
        when = dt.datetime.combine(day, dt.time(hour, 10 + i % 40))
        return photo(photos, f"{day:%Y-%m}/IMG_{when:%Y%m%d_%H%M%S}.jpg", when, near(PLACES[list_id], i), status)

    # 光明大道道旗: weekly, p04 破损 on 11-10, 已整改 on 11-12 (within 3 days)
    lines = ["# 光明大道道旗巡查记录（志愿者 李娜）。p04 于 11-10 发现破损，11-12 更换完毕。",
             "list: guangming-avenue-banners", "inspector: 李娜", "records:"]
    for i, day in enumerate(d - dt.timedelta(days=1) for d in weekly):
        lines.append(f"  - {{date: {day}, status: 完好, photos: [{shot('guangming-avenue-banners', day, 9, 'ok', i)}]}}")
        if day == dt.date(2026, 11, 10):
            lines.append(f"  - {{date: {day}, slot: p04, status: 破损, note: 道旗下沿撕裂, "
                         f"photos: [{shot('guangming-avenue-banners', day, 10, 'damaged', 20)}]}}")
            fix = dt.date(2026, 11, 12)
            lines.append(f"  - {{date: {fix}, slot: p04, status: 已整改, note: 已更换新道旗, "
                         f"photos: [{shot('guangming-avenue-banners', fix, 15, 'fixed', 21)}]}}")
    (out / "guangming-avenue-banners.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 凤凰路围挡: weekly; h03 内容不符 on 11-18 (fixed 11-19); h05 破损 on 11-20, still 破损 on 11-25
    lines = ["# 凤凰路地铁站施工围挡巡查记录（区城管局 周强）。h05 破损尚未整改。",
             "list: fenghuang-hoarding", "inspector: 周强", "records:"]
    for i, day in enumerate(weekly):
        status = "破损" if day == dt.date(2026, 11, 25) else "完好"
        slot = ", slot: h05" if status == "破损" else ""
        note = ", note: 仍未修复" if status == "破损" else ""
        kind = "damaged" if status == "破损" else "ok"
        lines.append(f"  - {{date: {day}{slot}, status: {status}{note}, "
                     f"photos: [{shot('fenghuang-hoarding', day, 14, kind, i)}]}}")
        if day == dt.date(2026, 11, 18):
            lines.append(f"  - {{date: {day}, slot: h03, status: 内容不符, seen: traffic-01, note: 贴成了交通安全海报, "
                         f"photos: [{shot('fenghuang-hoarding', day, 15, 'wrong', 30)}]}}")
            fix = dt.date(2026, 11, 19)
            lines.append(f"  - {{date: {fix}, slot: h03, status: 已整改, seen: civility-02, "
                         f"photos: [{shot('fenghuang-hoarding', fix, 11, 'fixed', 31)}]}}")
            bad = dt.date(2026, 11, 20)
            lines.append(f"  - {{date: {bad}, slot: h05, status: 破损, note: 围挡板被车辆刮破, "
                         f"photos: [{shot('fenghuang-hoarding', bad, 16, 'damaged', 32)}]}}")
    (out / "fenghuang-hoarding.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 汽车站灯箱: three patrols in October, then none (overdue)
    lines = ["# 光明汽车站候车厅灯箱巡查记录：10-19 之后未再巡查（逾期）。",
             "list: station-lightboxes", "inspector: 孙悦", "records:"]
    for i, day in enumerate(dt.date(2026, 10, 5) + dt.timedelta(days=7 * k) for k in range(3)):
        lines.append(f"  - {{date: {day}, status: 完好, photos: [{shot('station-lightboxes', day, 8, 'ok', i)}]}}")
    (out / "station-lightboxes.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # the other lists: a weekly round, kept in a spreadsheet with Chinese headers
    with (out / "2026-weekly-rounds.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["巡查日期", "点位编号", "槽位编号", "巡查人", "状态", "照片", "备注"])
        for list_id, who in (("metro-guangming-led", "刘洋"), ("gov-school-hoarding", "陈静"),
                             ("fenghuang-bus-shelters", "赵敏"), ("fenghuang-community-boards", "黄丽")):
            for day in weekly:
                w.writerow([day.isoformat(), list_id, "", who, "完好", "", "例行巡查"])

    # two phone photos no record names yet: `placard patrols match` proposes records for them
    for i, (list_id, hour) in enumerate((("station-lightboxes", 9), ("guangming-avenue-banners", 10))):
        when = dt.datetime(2026, 11, 26, hour, 5 + i)
        photo(photos, f"inbox/IMG_{when:%Y%m%d_%H%M%S}.jpg", when, near(PLACES[list_id], 40 + i), "ok")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
