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
import re
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
    return Image.open(buf).convert("L")


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


# ---------------------------------------------------------------- formats that cannot carry a code

BUILTIN_FORMATS = "<built-in formats>"
_FORMAT_LINE = re.compile(r"^format\s*:", re.M)


def _set_line(root, file: str, pattern: re.Pattern) -> int | None:
    try:
        text = (root / file).read_text(encoding="utf-8") if root is not None else ""
    except (OSError, UnicodeDecodeError):
        return None
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def unscannable_sets(sets: list, symbol, findings: list, root=None) -> list:
    """``sets`` without the posters whose format cannot carry a code of ``symbol``'s size
    scannable from its scanning distance; one error finding per such format and set."""
    from dataclasses import replace

    from ..findings import error
    from .qr import carry_problem

    verdicts: dict[tuple, str | None] = {}
    users: dict = {}  # a campaign's own format that cannot carry a code -> the sets that use it
    out = []
    for pset in sets:
        entries = pset.entries or None
        fmts = {e.format for e in entries} if entries else {pset.format}
        bad = {}
        for fmt in fmts:
            key = (fmt.name, fmt.width, fmt.height, fmt.scan_distance_m, fmt.scan_angle_deg, fmt.code, fmt.safe_mm)
            if key not in verdicts:
                verdicts[key] = carry_problem(fmt, symbol.modules)
            if verdicts[key]:
                bad[fmt] = verdicts[key]
        for fmt, problem in sorted(bad.items(), key=lambda kv: kv[0].name):
            if fmt.file != BUILTIN_FORMATS:
                users.setdefault((fmt, problem), []).append(pset.file)
                continue
            name = fmt.name
            findings.append(error(
                "poster.qr-distance", f"format '{name}' ({fmt.label}) cannot carry a scannable code: {problem}",
                file=pset.file, line=_set_line(root, pset.file, _FORMAT_LINE) or 1, field="format",
                fix=f"use another format, or override it in posters/formats.yml: {_FIX}, e.g. "
                    f"'{_builtin_base(name)}: {{code: false}}'"))
        if not bad:
            out.append(pset)
        elif entries:
            keep = tuple(e for e in entries if e.format not in bad)
            if keep:
                out.append(replace(pset, entries=keep, items=tuple(e.item for e in keep)))
        # a plain set in a format that cannot carry a code: left out (its posters would not scan)
    for (fmt, problem), files in users.items():
        lines = dict(fmt.lines)
        fld = next((k for k in ("scan_distance_m", "scan_angle_deg", "code", "safe_mm", "width", "height")
                    if k in lines),
                   "scan_distance_m")
        findings.append(error(
            "poster.qr-distance", f"format '{fmt.name}' ({fmt.label}) cannot carry a scannable code: {problem}",
            file=fmt.file, line=lines.get(fld, fmt.line), field=f"{fmt.name}.{fld}",
            context="used by " + ", ".join(files), fix=f"for '{fmt.name}': {_FIX}"))
    return out


_FIX = ("declare where residents really stand to scan it (scan_distance_m, scan_angle_deg), or set 'code: false' "
        "if its posters carry no code, or print a larger format")


def _builtin_base(name: str) -> str:
    """The built-in format a slot's own size grew from ('pole-banner-800x3000' -> 'pole-banner')."""
    from .formats import builtin_formats

    names = sorted(builtin_formats(), key=len, reverse=True)
    return next((b for b in names if name == b or name.startswith(b + "-")), name)


# ---------------------------------------------------------------- making room for the code

_room_cache: dict[tuple, tuple] = {}


def code_elements(elements: tuple, fmt, modules: int | None) -> tuple:
    """A layout's elements for ``fmt``: without the code when the format carries none, and with
    the code's box grown to the size its scanning distance asks for when the template's box
    is smaller (:func:`make_room`)."""
    key = (id(elements), fmt, modules)
    hit = _room_cache.get(key)
    if hit is not None and hit[0] is elements:
        return hit[1]
    from .qr import layout_elements

    out = layout_elements(elements, fmt.code)
    if fmt.code and modules:
        out = make_room(out, fmt, modules)
    _room_cache[key] = (elements, out)
    return out


def _need_box(fmt, modules: int) -> float:
    """The side (mm) of the smallest code box, quiet zone included, whose whole-pixel modules
    give a code as wide as the scanning distance asks."""
    from .qr import QUIET, need_mm

    module_px = math.ceil(fmt.px(need_mm(fmt.scan_distance_m, fmt.scan_angle_deg)) / modules - 1e-9)
    return fmt.mm(module_px * (modules + 2 * QUIET) + 0.5)


def make_room(elements: tuple, fmt, modules: int) -> tuple:
    """Grow the code's box (and the panel behind it) to the size the format's scanning distance
    asks for, taking the room from the main text on the page side of the panel: the space
    between the main text's far edge and the panel is squeezed, the elements in it keep their
    order. Unchanged when the box is large enough, or when the room cannot be found (the
    main text would lose more than 40 % of its size, or the code would leave the safe
    margin): then the size check reports the code as too small, as before."""
    q = next((e for e in elements if e.type == "qr"), None)
    if q is None:
        return elements
    need = _need_box(fmt, modules)
    out = elements
    for axis, length in ((1, fmt.height_mm), (0, fmt.width_mm)):
        q = next(e for e in out if e.type == "qr")
        have = q.box[2 + axis] * length
        if have + 1e-6 >= need:
            continue
        grown = _grow(out, q, axis, (need - have) / length, fmt.safe_mm / length)
        if grown is None:
            return elements
        out = grown
    return out


def _grow(elements: tuple, q, axis: int, d: float, safe: float) -> tuple | None:
    from dataclasses import replace

    eps = 1e-6

    def lo(e):
        return e.box[axis]

    def hi(e):
        return e.box[axis] + e.box[2 + axis]

    def across(e, other):  # overlaps ``other`` on the other axis
        o = 1 - axis
        return e.box[o] < other.box[o] + other.box[2 + o] - eps and other.box[o] < e.box[o] + e.box[2 + o] - eps

    def contains(outer, inner):
        return all(outer.box[i] - eps <= inner.box[i] and inner.box[i] + inner.box[2 + i] <= outer.box[i]
                   + outer.box[2 + i] + eps for i in (0, 1))

    panels = [e for e in elements if e.type == "rect" and contains(e, q) and e.box != (0.0, 0.0, 1.0, 1.0)]
    panel = min(panels, key=lambda e: e.box[2] * e.box[3]) if panels else q

    def moved(e, start: float, end: float):
        box = list(e.box)
        box[axis], box[2 + axis] = start, end - start
        return replace(e, box=tuple(box))

    # 1. the panel is wider than the code (texts beside it): squeeze the side with more room
    after, before_room = hi(panel) - hi(q), lo(q) - lo(panel)
    side = max(after, before_room)
    beside = [e for e in elements if e is not q and e is not panel and contains(panel, e) and across(e, q)]
    if side - d > 0 and (side - d) / side >= 0.6 and beside:
        if after >= before_room:
            a, b = hi(panel), hi(q)  # squeeze [b, a] toward a by d

            def sq(t: float) -> float:
                return a - (a - t) * (side - d) / side
        else:
            a, b = lo(panel), lo(q)

            def sq(t: float) -> float:
                return a + (t - a) * (side - d) / side
        lo_s, hi_s = min(a, b), max(a, b)
        out = []
        for e in elements:
            if e is q:
                out.append(moved(e, lo(e), hi(e) + d) if after >= before_room else moved(e, lo(e) - d, hi(e)))
            elif e in beside and lo_s - eps <= lo(e) and hi(e) <= hi_s + eps:
                out.append(moved(e, sq(lo(e)), sq(hi(e))))
            elif e in beside:
                break  # overlaps the code's own span: no room beside it
            else:
                out.append(e)
        else:
            return tuple(out)

    # 2. grow the panel, taking the room from the main text
    toward_start = lo(panel) + (hi(panel) - lo(panel)) / 2 > 0.5  # grow toward the page's middle
    mains = [e for e in elements if (e.type == "points" or (e.type == "text" and e.opts.get("main")))
             and across(e, panel) and not contains(panel, e)
             and (hi(e) <= lo(panel) + eps if toward_start else lo(e) >= hi(panel) - eps)]
    if not mains:
        return None
    # the main text (or key points) nearest the panel gives the room
    if toward_start:
        a, b = lo(max(mains, key=hi)), lo(panel)  # squeeze [a, b] into [a, b - d]
    else:
        a, b = hi(min(mains, key=lo)), hi(panel)  # squeeze [b, a] into [b + d, a]
    span = abs(b - a)
    if span <= d or (span - d) / span < 0.6:  # the main text would lose more than 40 % of its size
        return None
    qc = lo(q) + (hi(q) - lo(q)) / 2

    def squeeze(t: float) -> float:
        return a + (t - a) * (span - d) / span if toward_start else a - (a - t) * (span - d) / span

    out = []
    for e in elements:
        s, t = lo(e), hi(e)
        if e is panel or contains(panel, e):
            spans_q = s <= lo(q) + eps and t >= hi(q) - eps
            before = s + (t - s) / 2 < qc
            if spans_q:
                s, t = (s - d, t) if toward_start else (s, t + d)
            elif before and toward_start:
                s, t = s - d, t - d
            elif not before and not toward_start:
                s, t = s + d, t + d
        elif across(e, panel) and min(a, b) - eps <= s and t <= max(a, b) + eps:
            s, t = squeeze(s), squeeze(t)
        elif across(e, panel) and s < max(a, b) and t > min(a, b):
            return None  # straddles the squeezed span: cannot say where it should go
        out.append(moved(e, s, t) if (s, t) != (lo(e), hi(e)) else e)
    nq = next(e for e in out if e.type == "qr")
    if lo(nq) < safe - eps or hi(nq) > 1 - safe + eps:
        return None
    return tuple(out)
