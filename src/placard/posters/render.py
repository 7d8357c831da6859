"""Draw a job spec (from :mod:`placard.posters.plan`) with Pillow and write its files.

Runs in worker processes: it reads only the spec, the font file and image files.
"""

from __future__ import annotations

import warnings
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from ..images import open_image
from . import fonts as F
from . import qr as Q
from .pdf import write_pdf
from .typeset import PHRASE_END

ASCENT = 0.88  # ideographic em box: top at 0.88 em above the baseline (Noto/Source Han)


class RenderProblem(Exception):
    pass


def _font(spec: dict, size: float, weight: str):
    path, index, stamp, faces = spec["font"]
    ref = F.FontRef(path, index, "spec", stamp, tuple(tuple(f) for f in faces))
    return F.pil_font(ref, max(1, int(size)), weight)


def _draw_lines(draw, spec, lines, size, pitch, weight, colour, x0, x1, y0, y1, align):
    font = _font(spec, size, weight)
    block = size * (1 + (len(lines) - 1) * pitch)
    top = y0 + (y1 - y0 - block) / 2
    for i, line in enumerate(lines):
        base = top + i * pitch * size + ASCENT * size
        if align == "left":
            x = x0
        else:
            visible = line.rstrip("".join(PHRASE_END))  # trailing punctuation hangs
            x = (x0 + x1) / 2 - font.getlength(visible) / 2
        draw.text((x, base), line, font=font, fill=colour, anchor="ls")


def _open_image(path: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = open_image(path)
            im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RenderProblem(f"{path}: the image is too large to be safe to open") from exc
    except Exception as exc:
        raise RenderProblem(f"{path}: the image cannot be opened ({exc})") from exc
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return im.convert("RGB")


def draw(spec: dict, region: tuple[int, int, int, int] | None = None, art: dict | None = None,
         backgrounds_only: bool = False, convert=None) -> Image.Image:
    """Draw ``region`` (x0, y0, x1, y1 of the canvas with bleed; default: all of it).

    ``backgrounds_only`` draws rects and images only: the bleed strips never hold text
    or codes (those stay inside the safe area). ``art`` caches resized artwork.
    """
    cw, ch = spec["canvas"]
    rx0, ry0, rx1, ry1 = region or (0, 0, cw, ch)
    # "mode": CMYK print files draw in CMYK, their colours given as ink values (posters/cmyk.py)
    im = Image.new(spec.get("mode", "RGB"), (rx1 - rx0, ry1 - ry0), spec["background"])
    d = ImageDraw.Draw(im)
    art = {} if art is None else art

    def sh(box):
        return box[0] - rx0, box[1] - ry0, box[2] - rx0, box[3] - ry0

    for op in spec["ops"]:
        kind = op["op"]
        if backgrounds_only and kind not in ("rect", "image"):
            continue
        if kind == "rect":
            x0, y0, x1, y1 = sh(op["box"])
            if x1 <= 0 or y1 <= 0 or x0 >= im.width or y0 >= im.height:
                continue
            if op["radius"]:
                d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=op["radius"], fill=op["fill"])
            else:
                d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=op["fill"])
        elif kind == "image":
            x0, y0, x1, y1 = sh(op["box"])
            if x1 <= 0 or y1 <= 0 or x0 >= im.width or y0 >= im.height:
                continue
            size = (max(1, x1 - x0), max(1, y1 - y0))
            key = (op["path"], op["sha"], size, op["fit"])
            if key not in art:
                src = _open_image(op["path"])
                if op["fit"] == "cover":
                    art[key] = (ImageOps.fit(src, size, Image.Resampling.LANCZOS), 0, 0)
                else:
                    fitted = ImageOps.contain(src, size, Image.Resampling.LANCZOS)
                    art[key] = (fitted, (size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2)
                if convert is not None:  # artwork into the canvas's colour space
                    art[key] = (convert(art[key][0]), *art[key][1:])
            pic, dx, dy = art[key]
            im.paste(pic, (x0 + dx, y0 + dy))
        elif kind == "qr":
            mods = Q.matrix(op["data"], op["ec"], op["version"])
            m = op["module"]
            n = len(mods)
            total = m * (n + 2 * Q.QUIET)
            x, y = op["x"] - rx0, op["y"] - ry0
            d.rectangle((x, y, x + total - 1, y + total - 1), fill=op["light"])
            ox, oy = x + Q.QUIET * m, y + Q.QUIET * m
            for r, row in enumerate(mods):
                c = 0
                while c < n:
                    if row[c]:
                        start = c
                        while c < n and row[c]:
                            c += 1
                        d.rectangle((ox + start * m, oy + r * m, ox + c * m - 1, oy + (r + 1) * m - 1),
                                    fill=op["dark"])
                    else:
                        c += 1
        elif kind == "text":
            x0, y0, x1, y1 = sh(op["box"])
            _draw_lines(d, spec, op["lines"], op["size"], op["pitch"], op["weight"], op["colour"],
                        x0, x1, y0, y1, op["align"])
        elif kind == "points":
            x0, y0, x1, y1 = sh(op["box"])
            size = op["size"]
            rows = op["rows"]
            row_h = (y1 - y0) / len(rows)
            num_font = _font(spec, size * 0.62, "Bold")
            for i, lines in enumerate(rows):
                ry = y0 + i * row_h
                block = size * (1 + (len(lines) - 1) * op["pitch"])
                top = ry + (row_h - block) / 2
                cy = top + size * 0.5
                r = size * 0.56
                cx = x0 + r
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=op["accent"])
                d.text((cx, cy + 0.38 * size * 0.62 - 0.5), str(i + 1), font=num_font, fill="#ffffff", anchor="ms")
                _draw_lines(d, spec, lines, size, op["pitch"], op["weight"], op["colour"],
                            x0 + 1.7 * size, x1, top, top + block, "left")
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


def render(spec: dict, out: Path, title: str = "", preview_px: int = 640, png_level: int = 6) -> dict:
    """Draw ``spec`` and write poster.png, the print file (paper only: poster.pdf, or poster.tif for
    large-format) and preview.jpg into ``out``.

    The trimmed poster is drawn and PNG-encoded once; the PDF reuses that PNG's
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
    if spec.get("png_colors") and spec["screen"]:
        # screen pictures for the web (share cards): a palette PNG of flat colours and antialiased
        # text, undithered, is about a quarter of the RGB file and looks the same
        spec_png = trim.quantize(colors=int(spec["png_colors"]), dither=Image.Dither.NONE)
        spec_png.save(tmp, format="PNG", optimize=True)
    else:
        # Z_RLE: the same size as zlib's default strategy on flat poster colours, much faster
        trim.save(tmp, format="PNG", compress_level=png_level, compress_type=zlib.Z_RLE,
                  **({"dpi": (dpi, dpi)} if dpi else {}))
    tmp.replace(png)
    if not spec["screen"]:  # the print file of the spec's print profile (see posters/outputs.py)
        pr = spec.get("print") or {}
        if pr.get("profile") == "cmyk-pdfx":
            from .cmyk import write_pdfx

            write_pdfx(out / "poster.pdf", spec, pr)
        elif pr.get("profile") == "large-format":
            from .tiff import write_tiff

            write_tiff(out / "poster.tif", trim, bleed_strips(spec, art), b, dpi, pr.get("meta"))
        else:
            write_pdf(out / "poster.pdf", png, bleed_strips(spec, art), tuple(spec["page_mm"]), spec["bleed_mm"],
                      (W, H), b, title=title, meta=pr.get("meta"))
    art.clear()
    trim.thumbnail((preview_px, preview_px), Image.Resampling.BOX)
    tmp = out / "preview.jpg.tmp"
    trim.save(tmp, format="JPEG", quality=85)
    tmp.replace(out / "preview.jpg")
    return {"size": (W, H)}
