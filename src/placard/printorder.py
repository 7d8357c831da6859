"""The print order (印刷清单): what a print shop makes, so it can quote and a clerk can check the delivery.

One row per print file: the file, its format and finished size, bleed, file type, material,
quantity (a poster set's ``quantity``; one per slot of a placement list) plus spares, the area to
print and the placement(s) it goes to. Screens (LED) are not printed and are left out. With it go
one contact sheet PDF per material: a thumbnail of every file with its id and code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_, in_language
from .posters.outputs import print_kind
from .tabular_out import add_sheet, csv_row

#: Column headers and sheet names (msgids; written in the campaign's language, ``language:``).
HEADERS = (N_("File"), N_("Poster set"), N_("Item ID"), N_("Title"), N_("Format"), N_("Finished size (mm)"),
           N_("Bleed (mm)"), N_("File type"), N_("Material"), N_("Quantity"), N_("Spares"), N_("Total"),
           N_("Area (㎡)"), N_("Goes to"), N_("QR code"))
SUMMARY_HEADERS = (N_("Material"), N_("Files"), N_("Total copies"), N_("Total area (㎡)"), N_("Contact sheet"))
ORDER_SHEET, SUMMARY_SHEET = N_("Print order"), N_("By material")
NO_MATERIAL = "未指定"  # a row's material when its set names none (a value, like the materials themselves)


def _headers(headers: tuple[str, ...], lang: str | None) -> list[str]:
    return [in_language(lang or "zh-Hans", h) for h in headers]


@dataclass(frozen=True)
class Row:
    file: str
    set: str
    item_id: str
    title: str
    format: str
    size: str
    bleed_mm: float
    kind: str
    material: str
    quantity: int
    spares: int
    area_m2: float  # of all copies
    placement: str
    code: str

    def cells(self) -> list:
        return [self.file, self.set, self.item_id, self.title, self.format, self.size, self.bleed_mm, self.kind,
                self.material or NO_MATERIAL, self.quantity, self.spares, self.quantity + self.spares,
                round(self.area_m2, 2), self.placement, self.code]


def _num(x: float):
    return int(x) if float(x).is_integer() else round(x, 1)


def order_rows(campaign, plan, run: str | None = None) -> list[Row]:
    """The rows of the print order of every printed poster (of the set ``run`` when given)."""
    sets = {s.name: s for s in plan.sets}
    lists = {pl.id: pl for pl in getattr(campaign, "placements", ()) or ()}
    formats = {}
    for s in plan.sets:
        for e in s.all_entries():
            formats[(s.name, e.stem)] = e.format
    rows = []
    for job in plan.jobs:
        if run and job.set != run:
            continue
        kind = print_kind(job.spec)
        pset = sets.get(job.set)
        fmt = formats.get((job.set, job.out))
        if kind is None or pset is None or fmt is None:
            continue  # screens are shown, not printed
        if job.slot:
            pl = lists.get(job.slot[0])
            quantity = 1
            where = f"{pl.name if pl else job.slot[0]} · {job.slot[1]}"
            if pl is not None and getattr(pl, "location", None):
                where += f"（{pl.location}）"
        else:
            quantity = pset.quantity
            where = pset.title
        spares = plan.printing.spares_of(pset)
        w, h = fmt.width_mm, fmt.height_mm
        rows.append(Row(job.files[kind.key], job.set, job.item_id, job.title, fmt.title, f"{_num(w)}×{_num(h)}",
                        _num(fmt.bleed_mm), kind.label, plan.printing.material(pset, fmt), quantity, spares,
                        w * h / 1e6 * (quantity + spares), where, job.code or ""))
    return rows


def by_material(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r.material or NO_MATERIAL, []).append(r)
    return out


def sheet_name(out: Path, material: str) -> Path:
    """The contact sheet of one material, beside the order: print-order-PP背胶.pdf."""
    safe = re.sub(r"[^\w\-]+", "", material) or "material"
    return out.with_name(f"{out.stem}-{safe}.pdf")


def summary(rows: list[Row], out: Path) -> list[list]:
    return [[m, len(rs), sum(r.quantity + r.spares for r in rs), round(sum(r.area_m2 for r in rs), 2),
             sheet_name(out, m).name] for m, rs in by_material(rows).items()]


def write_csv(rows: list[Row], path: Path, lang: str | None = None) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(_headers(HEADERS, lang))
        w.writerows(csv_row(r.cells()) for r in rows)


def write_xlsx(rows: list[Row], path: Path, out: Path, lang: str | None = None, notes: list[str] | None = None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheets = ((ORDER_SHEET, HEADERS, [r.cells() for r in rows]), (SUMMARY_SHEET, SUMMARY_HEADERS, summary(rows, out)))
    for n, (title, header, data) in enumerate(sheets):
        title = in_language(lang or "zh-Hans", title)
        # a title '=HYPERLINK(…)' stays text, never a formula
        add_sheet(wb, n == 0, title, _headers(header, lang), data, notes=notes)
    wb.save(path)


def contact_sheets(campaign, plan, rows: list[Row], out: Path, workers: int = 0) -> list[Path]:
    """One A4 PDF per material with every file's thumbnail, id, format and code (rendered from the
    poster cache; posters not drawn yet are drawn first)."""
    import tempfile

    from .posters.build import SHEET_COLS, SHEET_ROWS, _sheet_page, cache_dir, render_jobs
    from .posters.pdf import write_jpeg_pages

    files = {r.file for r in rows}
    jobs = [j for j in plan.jobs if print_kind(j.spec) and j.files[print_kind(j.spec).key] in files]
    cache = cache_dir(campaign)
    with tempfile.TemporaryDirectory(prefix=".placard-order-", dir=out.parent) as tmp:
        report = render_jobs(jobs, cache, Path(tmp), workers)
    failed = {j.key for j, _ in report.failed}
    by_file = {j.files[print_kind(j.spec).key]: j for j in jobs if j.key not in failed}
    written = []
    per = SHEET_COLS * SHEET_ROWS
    for material, rs in by_material(rows).items():
        mjobs = [by_file[r.file] for r in rs if r.file in by_file]
        if not mjobs:
            continue
        n_pages = (len(mjobs) - 1) // per + 1
        lang = campaign.config.language
        title = in_language(lang, "Print order · {material}").format(material=material)
        pages = [_sheet_page(plan, title, in_language(lang, "{n} files").format(n=len(rs)), i + 1, n_pages, mjobs[i * per:(i + 1) * per], cache)
                 for i in range(n_pages)]
        dst = sheet_name(out, material)
        write_jpeg_pages(dst, pages, (210, 297), title=title)
        written.append(dst)
    return written
