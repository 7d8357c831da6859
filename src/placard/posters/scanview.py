"""Simulated phone photos of a printed code, taken from where residents stand.

A resident stands ``scan_distance_m`` from the poster (or banner, or screen) and points a
phone at the code. The phone's preview frame is :data:`FRAME_PX` pixels across a
:data:`FOV_DEG` field of view, so from 10 m one frame pixel covers about 6.6 mm of the
poster. Each simulated photo (a *variant*) adds what a real one has:

- **perspective**: the phone is not square to the poster. The plane is tilted 15–25°
  (hand-held), or the format's ``scan_angle_deg`` ± 5° when that is larger (a banner
  above a road, looked up at), about a horizontal or vertical axis, and drawn through
  a pinhole camera (Pillow ``Image.transform`` with ``PERSPECTIVE``);
- **blur**: focus and hand shake, a Gaussian of 0.6–1.4 frame pixels;
- **uneven light**: a linear gradient darkens one side to 45–70 % of the other;
- **JPEG** at quality 40, as a preview stream is compressed.

The variants are seeded by the code's URL and the variant's number, so a run gives the
same photos every time. :func:`scan_rate` decodes each with zxing-cpp and counts those
that read the intended URL.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

FRAME_PX = 1920
FOV_DEG = 65.0
VARIANTS = 20
MIN_RATE = 0.95  # a format whose code reads in fewer of its photos is a finding
JPEG_QUALITY = 40
TILT_DEG = (15.0, 25.0)
BLUR_PX = (0.6, 1.4)
DARK_SIDE = (0.45, 0.7)
SCENE = 128  # grey around the poster, where the frame sees past its edge


@dataclass(frozen=True)
class CodeBox:
    """Where the code (quiet zone included) is in the poster's PNG (the trim, no bleed), in its pixels."""

    x: int
    y: int
    side: int


@dataclass(frozen=True)
class ScanResult:
    reads: int
    variants: int
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.reads / self.variants if self.variants else 0.0

    @property
    def ok(self) -> bool:
        return self.rate >= MIN_RATE


def frame_px_per_mm(distance_m: float) -> float:
    """Frame pixels per millimetre of the poster, seen from ``distance_m`` head-on."""
    seen_mm = 2 * distance_m * 1000 * math.tan(math.radians(FOV_DEG / 2))
    return FRAME_PX / seen_mm


def code_box(spec: dict) -> CodeBox | None:
    """The code's box in a poster's drawing spec, in its PNG (None: the poster carries no code)."""
    b = spec.get("bleed", 0)
    for op in spec.get("ops", ()):
        if op.get("op") == "qr":
            modules = 17 + 4 * op["version"] + 2 * 4
            return CodeBox(op["x"] - b, op["y"] - b, op["module"] * modules)
    return None


def _seed(key: str, i: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{key}#{i}".encode()).digest()[:8], "big")


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8×8: no numpy needed)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def _homography(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """The 8 PERSPECTIVE coefficients that map each ``dst`` point to its ``src`` point
    (Pillow asks, for each output pixel, where to sample the input)."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        a.append([u, v, 1, 0, 0, 0, -u * x, -v * x])
        b.append(x)
        a.append([0, 0, 0, u, v, 1, -u * y, -v * y])
        b.append(y)
    return _solve(a, b)


def photo(poster: Image.Image, box: CodeBox, px_per_mm: float, distance_m: float, angle_deg: float,
          key: str, i: int) -> Image.Image:
    """Variant ``i`` of a phone photo of the code in ``poster`` (greyscale) from ``distance_m``."""
    rng = random.Random(_seed(key, i))
    lo, hi = max(TILT_DEG[0], angle_deg - 5), max(TILT_DEG[1], angle_deg + 5)
    tilt = math.radians(rng.uniform(lo, hi))
    vertical_axis = angle_deg <= 0 and rng.random() < 0.5  # a declared angle is looking up: horizontal axis
    sign = rng.choice((-1, 1))
    blur = rng.uniform(*BLUR_PX)
    dark = rng.uniform(*DARK_SIDE)
    light_dir = rng.uniform(0, 360)
    off_x, off_y = rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15)

    # 1. the neighbourhood of the code (what the decoder needs of the frame), grey past the poster's edge
    margin = box.side * 0.6
    cx, cy = box.x + box.side / 2, box.y + box.side / 2
    half = box.side / 2 + margin
    x0, y0 = round(cx - half + off_x * box.side), round(cy - half + off_y * box.side)
    size = round(2 * half)
    crop = Image.new("L", (size, size), SCENE)
    crop.paste(poster.crop((max(0, x0), max(0, y0), min(poster.width, x0 + size), min(poster.height, y0 + size))),
               (max(0, -x0), max(0, -y0)))

    # 2. area-average down to the frame's resolution at the code (aliasing-free), never up:
    # a frame finer than the file sees the file's own pixels
    scale = frame_px_per_mm(distance_m) / px_per_mm
    s = min(1.0, scale)
    n = max(8, round(size * s))
    small = crop.resize((n, n), Image.Resampling.BOX) if s < 1 else crop
    mm_per_px = size / n / px_per_mm  # of `small`

    # 3. perspective: the plane tilted about an axis through the code's centre, seen by a pinhole
    # camera at the scanning distance whose focal length gives this scale at the centre
    dist_mm = distance_m * 1000
    f = dist_mm / mm_per_px  # so that the centre keeps the scale of `small`
    c = n / 2

    def project(px: float, py: float) -> tuple[float, float]:
        X, Y = (px - c) * mm_per_px, (py - c) * mm_per_px
        if vertical_axis:
            X, Z = X * math.cos(tilt), sign * X * math.sin(tilt)
        else:
            Y, Z = Y * math.cos(tilt), sign * Y * math.sin(tilt)
        depth = dist_mm + Z
        return f * X / depth, f * Y / depth

    corners = [(0.0, 0.0), (n, 0.0), (n, n), (0.0, n)]
    seen = [project(x, y) for x, y in corners]
    minx, miny = min(p[0] for p in seen), min(p[1] for p in seen)
    seen = [(x - minx + 4, y - miny + 4) for x, y in seen]
    out_w = math.ceil(max(p[0] for p in seen)) + 4
    out_h = math.ceil(max(p[1] for p in seen)) + 4
    coeffs = _homography(corners, seen)
    im = small.transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                         fillcolor=SCENE)

    # 4. focus and shake, in frame pixels (finer when the file is coarser than the frame)
    radius = blur * (s / scale)
    if radius > 0.05:
        im = im.filter(ImageFilter.GaussianBlur(radius))

    # 5. uneven light: one side darker
    grad = Image.linear_gradient("L").rotate(light_dir, resample=Image.Resampling.BILINEAR, expand=True)
    k = (grad.width - 181) // 2  # the middle of the turned square: gradient everywhere
    grad = grad.crop((k, k, k + 181, k + 181)).resize(im.size, Image.Resampling.BILINEAR).point(lambda g: round(255 * (dark + (1 - dark) * g / 255)))
    im = ImageChops.multiply(im, grad)

    # 6. the preview stream's JPEG
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=JPEG_QUALITY)
    buf.seek(0)
    return Image.open(buf, formats=("JPEG",)).convert("L")


def decode(im: Image.Image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(im, formats=zxingcpp.BarcodeFormat.QRCode)]


def scan_rate(poster: Image.Image, box: CodeBox, url: str, px_per_mm: float, distance_m: float,
              angle_deg: float = 0.0, variants: int = VARIANTS) -> ScanResult:
    """How many of ``variants`` simulated photos from ``distance_m`` read ``url``."""
    import time

    grey = poster if poster.mode == "L" else poster.convert("L")
    t0 = time.perf_counter()
    reads = sum(url in decode(photo(grey, box, px_per_mm, distance_m, angle_deg, url, i)) for i in range(variants))
    return ScanResult(reads, variants, time.perf_counter() - t0)
