"""Draw a job spec (from :mod:`placard.posters.plan`) with Pillow and write its files.

Runs in worker processes: it reads only the spec, the font file and image files.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

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
            im = Image.open(path)
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


def draw(spec: dict) -> Image.Image:
    cw, ch = spec["canvas"]
    im = Image.new("RGB", (cw, ch), spec["background"])
    d = ImageDraw.Draw(im)
    for op in spec["ops"]:
        kind = op["op"]
        if kind == "rect":
            x0, y0, x1, y1 = op["box"]
            if op["radius"]:
                d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=op["radius"], fill=op["fill"])
            else:
                d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=op["fill"])
        elif kind == "image":
            x0, y0, x1, y1 = op["box"]
            size = (max(1, x1 - x0), max(1, y1 - y0))
            art = _open_image(op["path"])
            if op["fit"] == "cover":
                art = ImageOps.fit(art, size, Image.Resampling.LANCZOS)
                im.paste(art, (x0, y0))
            else:
                art = ImageOps.contain(art, size, Image.Resampling.LANCZOS)
                im.paste(art, (x0 + (size[0] - art.width) // 2, y0 + (size[1] - art.height) // 2))
            del art
        elif kind == "qr":
            sym = Q.make_symbol(op["data"], op["ec"])
            m = op["module"]
            n = sym.modules
            total = m * (n + 2 * Q.QUIET)
            x, y = op["x"], op["y"]
            d.rectangle((x, y, x + total - 1, y + total - 1), fill=op["light"])
            ox, oy = x + Q.QUIET * m, y + Q.QUIET * m
            for r, row in enumerate(sym.matrix):
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
            x0, y0, x1, y1 = op["box"]
            _draw_lines(d, spec, op["lines"], op["size"], op["pitch"], op["weight"], op["colour"],
                        x0, x1, y0, y1, op["align"])
        elif kind == "points":
            x0, y0, x1, y1 = op["box"]
            size = op["size"]
            rows = op["rows"]
            row_h = (y1 - y0) / len(rows)
            num_font = _font(spec, size * 0.62, "Bold")
            for i, lines in enumerate(rows):
                ry0 = y0 + i * row_h
                block = size * (1 + (len(lines) - 1) * op["pitch"])
                top = ry0 + (row_h - block) / 2
                cy = top + size * 0.5
                r = size * 0.56
                cx = x0 + r
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=op["accent"])
                d.text((cx, cy + 0.38 * size * 0.62 - 0.5), str(i + 1), font=num_font, fill="#ffffff", anchor="ms")
                _draw_lines(d, spec, lines, size, op["pitch"], op["weight"], op["colour"],
                            x0 + 1.7 * size, x1, top, top + block, "left")
    return im


def render(spec: dict, out: Path, title: str = "", preview_px: int = 640, png_level: int = 6) -> dict:
    """Draw ``spec`` and write poster.png, poster.pdf (paper only) and preview.jpg into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    im = draw(spec)
    b = spec["bleed"]
    trim = im.crop((b, b, b + spec["trim"][0], b + spec["trim"][1])) if b else im
    dpi = None
    if not spec["screen"]:
        dpi = round(spec["trim"][0] / ((spec["page_mm"][0] - 2 * spec["bleed_mm"]) / 25.4), 3)
    tmp = out / "poster.png.tmp"
    trim.save(tmp, format="PNG", compress_level=png_level, **({"dpi": (dpi, dpi)} if dpi else {}))
    tmp.replace(out / "poster.png")
    if not spec["screen"]:
        write_pdf(out / "poster.pdf", im, tuple(spec["page_mm"]), spec["bleed_mm"], title=title)
    size = trim.size
    del im
    trim.thumbnail((preview_px, preview_px), Image.Resampling.BOX)
    tmp = out / "preview.jpg.tmp"
    trim.save(tmp, format="JPEG", quality=85)
    tmp.replace(out / "preview.jpg")
    return {"size": size}
