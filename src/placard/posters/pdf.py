"""A print PDF: one page at physical size (trim + bleed), the poster as a lossless
(Flate) image, TrimBox/BleedBox set, and crop marks drawn as vectors in the bleed.

Pillow's PDF writer stores RGB images as JPEG (blurry text edges on a poster) and
has no page boxes or vector marks, so this small writer does exactly what a print
shop needs and nothing more.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from PIL import Image

PT_PER_MM = 72 / 25.4


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def crop_marks(page_w: float, page_h: float, bleed: float) -> str:
    """PDF drawing operators for crop marks at the four trim corners, inside the bleed."""
    if bleed <= 0:
        return ""
    gap = min(1.0 * PT_PER_MM, bleed / 3)
    ops = []
    xs = (bleed, page_w - bleed)
    ys = (bleed, page_h - bleed)
    segs = []
    for x in xs:
        for y in ys:
            outx = 0 if x == bleed else page_w
            outy = 0 if y == bleed else page_h
            sx = -1 if x == bleed else 1
            sy = -1 if y == bleed else 1
            # horizontal mark along the trim line y, from the page edge to gap before the corner
            segs.append((outx, y, x + sx * gap, y))
            # vertical mark along the trim line x
            segs.append((x, outy, x, y + sy * gap))
    for width, grey in ((1.2, 1), (0.4, 0)):  # white halo under a black hairline: visible on any colour
        ops.append(f"q {_num(width)} w {grey} G")
        for x0, y0, x1, y1 in segs:
            ops.append(f"{_num(x0)} {_num(y0)} m {_num(x1)} {_num(y1)} l S")
        ops.append("Q")
    return "\n".join(ops)


def write_pdf(path: Path, im: Image.Image, page_mm: tuple[float, float], bleed_mm: float, level: int = 6,
              title: str = "") -> None:
    if im.mode != "RGB":
        im = im.convert("RGB")
    pw, ph = page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM
    b = bleed_mm * PT_PER_MM
    data = zlib.compress(im.tobytes(), level)
    content = f"q {_num(pw)} 0 0 {_num(ph)} 0 0 cm /Im0 Do Q\n{crop_marks(pw, ph, b)}\n".encode()
    w, h = im.size
    safe_title = "".join(c for c in title if c.isascii() and c not in "()\\")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
            f"/BleedBox [0 0 {_num(pw)} {_num(ph)}] "
            f"/TrimBox [{_num(b)} {_num(b)} {_num(pw - b)} {_num(ph - b)}] "
            "/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (
            f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
            f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
        ).encode() + data + b"\nendstream",
        f"<< /Producer (placard) /Title ({safe_title}) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(out)
    tmp.replace(path)
