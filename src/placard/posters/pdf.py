"""A print PDF: one page at physical size (trim + bleed), the poster as lossless
images, TrimBox/BleedBox set, and crop marks drawn as vectors in the bleed.

Pillow's PDF writer stores RGB images as JPEG (blurry text edges on a poster) and
has no page boxes or vector marks, so this small writer does exactly what a print
shop needs. The trimmed poster is not compressed again: the PNG's IDAT data is a
zlib stream of predictor-filtered rows, which PDF's FlateDecode reads with
``/Predictor 15``. Four thin bleed strips complete the page; their joins lie on
the trim line, where the sheet is cut.
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image

from ..cachesafe import open_new, temp_name
from .pngwrite import filtered_zlib

PT_PER_MM = 72 / 25.4


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") or "0"


def pdf_string(text: str) -> str:
    """A PDF text string: plain ASCII as a literal, anything else (Chinese) as UTF-16BE with a BOM,
    in hex, as PDF readers expect for the Info dictionary."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def info_dict(meta: dict) -> str:
    """The document information dictionary: Title, Author, Subject (Chinese kept), Producer."""
    parts = ["/Producer (placard)"]
    for key in ("Title", "Author", "Subject"):
        if meta.get(key.lower()):
            parts.append(f"/{key} {pdf_string(str(meta[key.lower()]))}")
    for key in ("CreationDate", "ModDate"):
        if meta.get(key):
            parts.append(f"/{key} ({meta[key]})")
    parts.extend(meta.get("extra", ()))
    return "<< " + " ".join(parts) + " >>"


def png_idat(path: Path) -> tuple[int, int, bytes]:
    """(width, height, concatenated IDAT data) of an 8-bit RGB, non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, []
    width = height = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour != 2 or interlace:
                raise ValueError(f"{path}: only 8-bit RGB non-interlaced PNGs can be embedded")
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    return width, height, b"".join(idat)


def crop_marks(page_w: float, page_h: float, bleed: float) -> str:
    """PDF drawing operators for crop marks at the four trim corners, inside the bleed."""
    if bleed <= 0:
        return ""
    gap = min(1.0 * PT_PER_MM, bleed / 3)
    segs = []
    for x in (bleed, page_w - bleed):
        for y in (bleed, page_h - bleed):
            outx = 0 if x == bleed else page_w
            outy = 0 if y == bleed else page_h
            sx = -1 if x == bleed else 1
            sy = -1 if y == bleed else 1
            segs.append((outx, y, x + sx * gap, y))  # along the horizontal trim line
            segs.append((x, outy, x, y + sy * gap))  # along the vertical trim line
    ops = []
    for width, grey in ((1.2, 1), (0.4, 0)):  # white halo under a black hairline: visible on any colour
        ops.append(f"q {_num(width)} w {grey} G")
        for x0, y0, x1, y1 in segs:
            ops.append(f"{_num(x0)} {_num(y0)} m {_num(x1)} {_num(y1)} l S")
        ops.append("Q")
    return "\n".join(ops)


def write_pdf(path: Path, png: Path | tuple[int, int, bytes], strips: list[tuple[tuple[int, int], Image.Image]],
              page_mm: tuple[float, float], bleed_mm: float, trim_px: tuple[int, int], bleed_px: int,
              title: str = "", meta: dict | None = None) -> None:
    pw, ph = page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM
    b = bleed_mm * PT_PER_MM
    W, H = trim_px
    cw, ch = W + 2 * bleed_px, H + 2 * bleed_px
    sx, sy = pw / cw, ph / ch  # points per canvas pixel

    images = []  # (name, placement op, object bytes)
    # the poster's PNG file, or (width, height, IDAT data) of a PNG that was never written
    w, h, idat = png if isinstance(png, tuple) else png_idat(png)
    images.append((
        f"q {_num(W * sx)} 0 0 {_num(H * sy)} {_num(bleed_px * sx)} {_num(bleed_px * sy)} cm /Im0 Do Q",
        (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
         f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 "
         f"/BitsPerComponent 8 /Columns {w} >> /Length {len(idat)} >>\nstream\n").encode() + idat + b"\nendstream",
    ))
    for (x, y), im in strips:
        raw = filtered_zlib(im)
        # PDF's y axis points up: canvas row y is at page height - (y + height)
        op = (f"q {_num(im.width * sx)} 0 0 {_num(im.height * sy)} {_num(x * sx)} "
              f"{_num((ch - y - im.height) * sy)} cm /Im{len(images)} Do Q")
        images.append((op, (
            f"<< /Type /XObject /Subtype /Image /Width {im.width} /Height {im.height} /ColorSpace /DeviceRGB "
            f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 "
            f"/Columns {im.width} >> /Length {len(raw)} >>\nstream\n"
        ).encode() + raw + b"\nendstream"))
    # strips first, the poster over them
    draw_ops = [op for op, _ in images[1:]] + [images[0][0]]
    content = ("\n".join(draw_ops) + "\n" + crop_marks(pw, ph, b) + "\n").encode()
    n_img = len(images)
    xobjects = " ".join(f"/Im{i} {5 + i} 0 R" for i in range(n_img))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
            f"/BleedBox [0 0 {_num(pw)} {_num(ph)}] "
            f"/TrimBox [{_num(b)} {_num(b)} {_num(pw - b)} {_num(ph - b)}] "
            f"/Resources << /XObject << {xobjects} >> >> /Contents 4 0 R >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *[obj for _, obj in images],
        info_dict({"title": title, **(meta or {})}).encode(),
    ]
    _write(path, objs)


def write_jpeg_pages(path: Path, pages: list[tuple[bytes, int, int]], page_mm: tuple[float, float],
                     title: str = "") -> None:
    """A multi-page PDF, each page one JPEG (width px, height px) filling the page: no re-encoding."""
    pw, ph = page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM
    n = len(pages)
    # objects: 1 catalog, 2 pages, then per page: page, contents, image; then info
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, (jpeg, w, h) in enumerate(pages):
        content_obj, image_obj = 4 + 3 * i, 5 + 3 * i
        content = f"q {_num(pw)} 0 0 {_num(ph)} 0 0 cm /Im0 Do Q\n".encode()
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
                     f"/Resources << /XObject << /Im0 {image_obj} 0 R >> >> /Contents {content_obj} 0 R >>").encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append((f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
                     f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n").encode()
                    + jpeg + b"\nendstream")
    objs.append(info_dict({"title": title}).encode())
    _write(path, objs)


def _write(path: Path, objs: list[bytes], version: str = "1.4", trailer_extra: str = "") -> None:
    """Write the objects, the cross-reference table and the trailer, streaming (no copy of big images)."""
    tmp = path.with_name(temp_name(path.name))  # this run's own: two runs at once never share it
    try:
        _stream(tmp, objs, version, trailer_extra)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _stream(tmp: Path, objs: list[bytes], version: str, trailer_extra: str) -> None:
    offsets = []
    with open_new(tmp) as fh:
        pos = fh.write(f"%PDF-{version}\n".encode() + b"%\xe2\xe3\xcf\xd3\n")
        for i, obj in enumerate(objs, 1):
            offsets.append(pos)
            pos += fh.write(f"{i} 0 obj\n".encode())
            pos += fh.write(obj)
            pos += fh.write(b"\nendobj\n")
        xref = pos
        tail = [f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n"]
        tail += [f"{off:010d} 00000 n \n" for off in offsets]
        tail.append(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n")
        fh.write("".join(tail).encode())
