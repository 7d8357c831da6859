"""Read back every printed code with a real decoder (zxing-cpp), as a phone would.

Each poster's PNG is decoded once at full size, then photographed 20 times by a
simulated phone from where residents stand (the format's ``scan_distance_m`` and
``scan_angle_deg``: perspective, blur, uneven light, JPEG; see :mod:`.scanview`). The
decoded text must equal the intended URL in at least 95 % of the photos, and the URL must
lead, through its redirect page, to a page that exists in the built site.
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

from .plan import Job
from .scanview import MIN_RATE, VARIANTS, CodeBox, scan_rate

PHONE_FRAME_PX = 1920
PHONE_FOV_DEG = 65.0
BLUR_PX = 1.0
_REFRESH = re.compile(r'http-equiv="refresh"\s+content="0;\s*url=([^"]+)"')


@dataclass
class Verdict:
    job: Job
    full: bool
    distance: bool
    resolves: bool
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.full and self.distance and self.resolves


def _decode(im: Image.Image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(im, formats=zxingcpp.BarcodeFormat.QRCode)]


def phone_view(im: Image.Image, px_per_mm: float, distance_m: float) -> Image.Image:
    """The poster as a phone camera sees it from ``distance_m``."""
    seen_mm = 2 * distance_m * 1000 * math.tan(math.radians(PHONE_FOV_DEG / 2))
    phone_px_per_mm = PHONE_FRAME_PX / seen_mm
    scale = min(1.0, phone_px_per_mm / px_per_mm)
    small = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.Resampling.BOX)
    return small.filter(ImageFilter.GaussianBlur(BLUR_PX))


def resolve(url: str, site_url: str, site_dir: Path) -> str | None:
    """Problem text, or None if ``url`` leads to an existing page of the built site."""
    from .qr import short_base

    base = short_base(site_url)
    if not url.startswith(base + "/"):
        return f"{url} is not under the site address {site_url}"
    path = url[len(base) + 1:]
    page = site_dir / path / "index.html" if path.endswith("/") else site_dir / path
    if not page.is_file():
        return f"{url}: the site has no page {page.relative_to(site_dir).as_posix()} (build the site first)"
    m = _REFRESH.search(page.read_text("utf-8", errors="replace"))
    if not m:
        return f"{url}: {page.relative_to(site_dir).as_posix()} is not a redirect page"
    target = posixpath.normpath(posixpath.join(path, m.group(1)))
    tpage = site_dir / target / "index.html" if m.group(1).endswith("/") else site_dir / target
    if not tpage.is_file():
        return f"{url} redirects to {target}, which is not in the built site"
    return None


def verify_one(job_png: str, url: str, px_per_mm: float, scan_distance_m: float,
               box: tuple[int, int, int] | None = None, scan_angle_deg: float = 0.0,
               variants: int = VARIANTS) -> tuple[bool, bool, str, int, int]:
    """(read at full size, read from the distance, problems, photos read, photos taken).

    With the code's ``box`` (x, y, side in the PNG: :func:`.scanview.code_box`), "from the
    distance" means at least 95 % of ``variants`` simulated phone photos read the URL;
    without it, one head-on look, downscaled and blurred (:func:`phone_view`)."""
    with Image.open(job_png, formats=("PNG",)) as im:  # placard's own poster
        im = im.convert("L")
        full = _decode(im)
        if box is None:
            far_read = _decode(phone_view(im, px_per_mm, scan_distance_m))
            reads, taken = int(url in far_read), 1
            far = url in far_read
        else:
            res = scan_rate(im, CodeBox(*box), url, px_per_mm, scan_distance_m, scan_angle_deg, variants)
            reads, taken, far = res.reads, res.variants, res.ok
    problems = []
    if url not in full:
        problems.append(f"full size: read {full or 'nothing'}")
    if not far:
        at = f" at {scan_angle_deg:g}°" if scan_angle_deg else ""
        problems.append(f"from {scan_distance_m:g} m{at}: read in {reads} of {taken} simulated phone photos"
                        + (f" (needs {MIN_RATE:.0%})" if taken > 1 else ""))
    return url in full, far, "; ".join(problems), reads, taken
