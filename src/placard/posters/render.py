"""Draw a job spec (from :mod:`placard.posters.plan`) with Pillow and write its files.

Runs in worker processes: it reads only the spec, the font file and image files.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .elements import BY_OP, Canvas, RenderProblem  # noqa: F401  (RenderProblem: raised while drawing)
from .elements.text import ASCENT  # noqa: F401  (importable from here as before)
from .pdf import write_pdf
from .pngwrite import filtered_zlib, png_file


def draw(spec: dict, region: tuple[int, int, int, int] | None = None, art: dict | None = None,
         backgrounds_only: bool = False, convert=None) -> Image.Image:
    """Draw ``region`` (x0, y0, x1, y1 of the canvas with bleed; default: all of it).

    Each operation is drawn by the element kind that made it (:mod:`placard.posters.elements`).
    ``backgrounds_only`` draws the background kinds only (rects and images): the bleed strips
    never hold text or codes (those stay inside the safe area). ``art`` caches resized artwork.
    """
    cw, ch = spec["canvas"]
    rx0, ry0, rx1, ry1 = region or (0, 0, cw, ch)
    # "mode": CMYK print files draw in CMYK, their colours given as ink values (posters/cmyk.py)
    im = Image.new(spec.get("mode", "RGB"), (rx1 - rx0, ry1 - ry0), spec["background"])
    canvas = Canvas(spec, im, ImageDraw.Draw(im), rx0, ry0, {} if art is None else art, convert)
    for op in spec["ops"]:
        kind = BY_OP[op["op"]]
        if backgrounds_only and not kind.background:
            continue
        kind.draw(op, canvas)
    return im


def draw_full(spec: dict) -> Image.Image:
    """The whole canvas, bleed included (tests and the PDF's reference)."""
    return draw(spec)


def bleed_strips(spec: dict, art: dict, convert=None) -> list[tuple[tuple[int, int], Image.Image]]:
    """The four bleed strips around the trim, as (canvas position, image)."""
    b = spec["bleed"]
    cw, ch = spec["canvas"]
    if not b:
        return []
    regions = [(0, 0, cw, b), (0, ch - b, cw, ch), (0, b, b, ch - b), (cw - b, b, cw, ch - b)]
    return [((r[0], r[1]), draw(spec, r, art, backgrounds_only=True, convert=convert)) for r in regions]


def write_trim_png(spec: dict, path: Path) -> None:
    """The trimmed poster as a PNG file, as ``render`` writes it (for a poster whose set made none)."""
    b = spec["bleed"]
    W, H = spec["trim"]
    trim = draw(spec, (b, b, b + W, b + H))
    path.write_bytes(png_file(trim.size, trim.mode, filtered_zlib(trim)))


def render(spec: dict, out: Path, title: str = "", preview_px: int = 640) -> dict:
    """Draw ``spec`` and write poster.png (unless the spec says ``png: false``), the print file (paper
    only: poster.pdf, or poster.tif / print.jpg for large-format) and preview.jpg into ``out``.

    The trimmed poster is drawn and PNG-encoded once; the RGB PDF reuses that PNG's
    compressed data (PDF's Flate filter reads PNG predictors) and adds the four thin
    bleed strips, so printing costs almost nothing on top of the PNG.
    """
    out.mkdir(parents=True, exist_ok=True)
    b = spec["bleed"]
    W, H = spec["trim"]
    art: dict = {}
    trim = draw(spec, (b, b, b + W, b + H), art)
    dpi = None
    if not spec["screen"]:
        dpi = round(W / ((spec["page_mm"][0] - 2 * spec["bleed_mm"]) / 25.4), 3)
    png = out / "poster.png"
    tmp = out / "poster.png.tmp"
    profile = (spec.get("print") or {}).get("profile", "rgb")
    idat = None
    if spec.get("png_colors") and spec["screen"]:
        # screen pictures for the web (share cards): a palette PNG of flat colours and antialiased
        # text, undithered, is about a quarter of the RGB file and looks the same
        spec_png = trim.quantize(colors=int(spec["png_colors"]), dither=Image.Dither.NONE)
        spec_png.save(tmp, format="PNG", optimize=True)
        tmp.replace(png)
    elif spec.get("png") is not False or (not spec["screen"] and profile == "rgb"):
        # placard's own writer: rows that repeat the row above cost nothing (posters/pngwrite.py);
        # the RGB print PDF embeds the same data, so a print-only rgb run encodes it once, for the PDF
        idat = filtered_zlib(trim)
        if spec.get("png") is not False:  # png: false (a print-only run): no PNG file (posters/outputs.py)
            tmp.write_bytes(png_file(trim.size, trim.mode, idat, dpi))
            tmp.replace(png)
    if not spec["screen"]:  # the print file of the spec's print profile (see posters/outputs.py)
        pr = spec.get("print") or {}
        if profile == "cmyk-pdfx":
            from .cmyk import write_pdfx

            write_pdfx(out / "poster.pdf", spec, pr)
        elif profile == "large-format":
            from .tiff import write_tiff

            write_tiff(out / "poster.tif", trim, bleed_strips(spec, art), b, dpi, pr.get("meta"))
        elif profile == "large-format-jpeg":
            from .tiff import write_jpeg

            write_jpeg(out / "print.jpg", trim, bleed_strips(spec, art), b, dpi, pr.get("meta"))
        else:
            write_pdf(out / "poster.pdf", (W, H, idat), bleed_strips(spec, art), tuple(spec["page_mm"]),
                      spec["bleed_mm"], (W, H), b, title=title, meta=pr.get("meta"))
    art.clear()
    trim.thumbnail((preview_px, preview_px), Image.Resampling.BOX)
    tmp = out / "preview.jpg.tmp"
    trim.save(tmp, format="JPEG", quality=85)
    tmp.replace(out / "preview.jpg")
    return {"size": (W, H)}
