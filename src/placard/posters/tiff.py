"""Large-format print files (喷绘, 写真): the whole page (trim and bleed) at the format's dpi, its
physical size in the file's resolution, with the sRGB profile embedded: an LZW TIFF
(``large-format``), or a JPEG (``large-format-jpeg``: quality 95, no chroma subsampling, so text
edges stay sharp) for the shops whose RIP or upload form takes JPEG only.

Wide-format inkjet RIPs take TIFF or JPEG at 72–150 dpi; a PDF of a 17,000-pixel PNG is what they
have to call back about. A JPEG holds at most 65,535 pixels a side (:data:`JPEG_MAX_PX`): the plan
says so for a format that needs more (``print.jpeg-size``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageCms

from ..cachesafe import open_new, temp_name


@functools.lru_cache(maxsize=1)
def _srgb() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


#: The largest width or height a JPEG file can hold.
JPEG_MAX_PX = 65535


def _page(trim: Image.Image, strips: list[tuple[tuple[int, int], Image.Image]], bleed_px: int) -> Image.Image:
    """The whole page: the trimmed poster with its bleed strips around it."""
    W, H = trim.size
    page = Image.new("RGB", (W + 2 * bleed_px, H + 2 * bleed_px))
    for (x, y), im in strips:
        page.paste(im, (x, y))
    page.paste(trim, (bleed_px, bleed_px))
    return page


def write_jpeg(path: Path, trim: Image.Image, strips: list[tuple[tuple[int, int], Image.Image]], bleed_px: int,
               dpi: float, meta: dict | None = None) -> None:
    page = _page(trim, strips, bleed_px)
    title = str((meta or {}).get("title") or "")
    _save(page, path, format="JPEG", quality=95, subsampling=0, dpi=(dpi, dpi), icc_profile=_srgb(),
          comment=title.encode("utf-8") if title else None)


def write_tiff(path: Path, trim: Image.Image, strips: list[tuple[tuple[int, int], Image.Image]], bleed_px: int,
               dpi: float, meta: dict | None = None) -> None:
    page = _page(trim, strips, bleed_px)
    tags = {}
    if meta:
        # ImageDescription (270) and Artist (315) as UTF-8: RIPs show the file's title
        tags = {270: str(meta.get("title") or ""), 315: str(meta.get("author") or "")}
    _save(page, path, format="TIFF", compression="tiff_lzw", dpi=(dpi, dpi), icc_profile=_srgb(),
          tiffinfo=tags or None)


def _save(page: Image.Image, path: Path, **options) -> None:
    """``page.save`` into a new temporary of this run's own (never through a link), renamed to ``path``."""
    tmp = path.with_name(temp_name(path.name))
    try:
        with open_new(tmp) as fh:
            page.save(fh, **options)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
