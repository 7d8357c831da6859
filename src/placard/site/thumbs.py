"""Ad thumbnails for the gallery: small JPEGs, cached by a hash of the artwork and of the code.

The cache (``.cache/placard/thumbs/<key>.jpg``) is sealed like every placard cache
(:mod:`placard.cachesafe`): a JPEG, or a link, that came with the campaign folder is a miss,
drawn again and replaced (never written through), so only placard's own thumbnail is published.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import PIL
from PIL import Image

from ..cachesafe import code_key_of, read_sealed, write_sealed
from ..images import open_image
from ..model import Campaign
from .registry import ASSET_GENERATORS, AUDIENCES_ALL, SiteOptions, serve
from .urls import thumb_uri

THUMB_WIDTH = 480
PURPOSE = "thumb"


def _code() -> str:
    """This code and everything it imports (images.py decodes the artwork), and Pillow, which encodes."""
    return code_key_of("site/thumbs.py") + PIL.__version__


def thumb_size(artwork: Path) -> tuple[int, int]:
    with open_image(artwork) as im:
        w, h = im.size
    if w <= THUMB_WIDTH:
        return w, h
    return THUMB_WIDTH, max(1, round(h * THUMB_WIDTH / w))


def make_thumbnail(artwork: Path) -> bytes:
    with open_image(artwork) as im:
        im = im.convert("RGB")
        im.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=82, optimize=True, progressive=True)
    return buf.getvalue()


def cached_thumbnail(artwork: Path, cache_dir: Path) -> bytes:
    data = artwork.read_bytes()
    key = hashlib.sha256(f"{_code()}\0{THUMB_WIDTH}\0".encode() + data).hexdigest()[:32]
    path = cache_dir / f"{key}.jpg"
    kept = read_sealed(path, f"{PURPOSE}:{key}")
    if kept is not None:
        return kept
    thumb = make_thumbnail(artwork)
    write_sealed(path, thumb, f"{PURPOSE}:{key}")  # False (a read-only folder): no cache, same thumbnail
    return thumb


def thumbnails(campaign: Campaign, options: SiteOptions) -> dict[str, bytes]:
    cache_dir = campaign.root / ".cache" / "placard" / "thumbs"
    return {
        thumb_uri(ad.id): cached_thumbnail(ad.artwork, cache_dir)
        for ad in campaign.visible(campaign.ads, options.preview)
    }


ASSET_GENERATORS.append(serve(thumbnails, *AUDIENCES_ALL))  # placement pages show them too
