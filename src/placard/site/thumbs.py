"""Ad thumbnails for the gallery: small JPEGs, cached by a hash of the artwork."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from ..images import open_image
from ..model import Campaign
from .registry import ASSET_GENERATORS, AUDIENCES_ALL, SiteOptions, serve
from .urls import thumb_uri

THUMB_WIDTH = 480
_VERSION = "1"  # bump when the thumbnail recipe changes


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
    key = hashlib.sha256(_VERSION.encode() + str(THUMB_WIDTH).encode() + data).hexdigest()[:32]
    path = cache_dir / f"{key}.jpg"
    if path.is_file():
        return path.read_bytes()
    thumb = make_thumbnail(artwork)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(thumb)
    tmp.replace(path)
    return thumb


def thumbnails(campaign: Campaign, options: SiteOptions) -> dict[str, bytes]:
    cache_dir = campaign.root / ".cache" / "placard" / "thumbs"
    return {
        thumb_uri(ad.id): cached_thumbnail(ad.artwork, cache_dir)
        for ad in campaign.visible(campaign.ads, options.preview)
    }


ASSET_GENERATORS.append(serve(thumbnails, *AUDIENCES_ALL))  # placement pages show them too
