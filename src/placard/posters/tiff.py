"""Large-format print files (喷绘, 写真): one LZW TIFF of the whole page (trim and bleed) at the
format's dpi, its physical size in the resolution tags, with the sRGB profile embedded.

Wide-format inkjet RIPs take TIFF at 72–150 dpi; a PDF of a 17,000-pixel PNG is what they
have to call back about.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageCms


@functools.lru_cache(maxsize=1)
def _srgb() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def write_tiff(path: Path, trim: Image.Image, strips: list[tuple[tuple[int, int], Image.Image]], bleed_px: int,
               dpi: float, meta: dict | None = None) -> None:
    W, H = trim.size
    page = Image.new("RGB", (W + 2 * bleed_px, H + 2 * bleed_px))
    for (x, y), im in strips:
        page.paste(im, (x, y))
    page.paste(trim, (bleed_px, bleed_px))
    tmp = path.with_name(path.name + ".tmp")
    tags = {}
    if meta:
        # ImageDescription (270) and Artist (315) as UTF-8: RIPs show the file's title
        tags = {270: str(meta.get("title") or ""), 315: str(meta.get("author") or "")}
    page.save(tmp, format="TIFF", compression="tiff_lzw", dpi=(dpi, dpi), icc_profile=_srgb(),
              tiffinfo=tags or None)
    tmp.replace(path)
