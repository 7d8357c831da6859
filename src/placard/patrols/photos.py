"""Patrol photos: the date and place a phone wrote into a JPEG's EXIF, read without decoding the picture.

Pillow's ``Image.open`` reads the file's header only, and ``getexif`` the EXIF block (APP1);
the pixels are never decoded, so 20,000 photos take seconds. A file that is not an image, or
one whose EXIF is broken, gives a :class:`~placard.model.Photo` with a ``problem``: it never
stops a check or a build.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import warnings
from pathlib import Path

from ..model import Photo

PHOTOS_DIR = "posters/patrols/photos"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".tif", ".tiff", ".webp")
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 36867, 306
EARTH_RADIUS_M = 6_371_000.0


def _when(text) -> dt.datetime | None:
    """EXIF's 'YYYY:MM:DD HH:MM:SS' (some phones write '-' or a trailing NUL)."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        return None
    text = text.strip().strip("\x00").strip()
    for fmt in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
        try:
            return dt.datetime.strptime(text[:19], fmt)
        except ValueError:
            continue
    return None


def _degrees(value, ref) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if str(ref).strip().upper() in ("S", "W"):
        deg = -deg
    return deg if math.isfinite(deg) else None


def read_photo(path: Path, rel: str) -> Photo:
    """The photo at ``path`` (``rel`` names it in findings), EXIF only."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd EXIF; the problem is reported instead
            with Image.open(path) as im:
                exif = im.getexif()
                taken = _when(exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL)) or _when(exif.get(DATETIME))
                gps = exif.get_ifd(GPS_IFD)
    except FileNotFoundError:
        return Photo(rel, problem="missing")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, TypeError, KeyError, IndexError,
            struct.error):
        return Photo(rel, problem="not-image")
    lat = lon = None
    if gps:
        lat, lon = _degrees(gps.get(2), gps.get(1, "N")), _degrees(gps.get(4), gps.get(3, "E"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
    if taken is None and lat is None:
        return Photo(rel, problem="no-exif")
    return Photo(rel, taken, lat, lon)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def photo_files(root: Path) -> list[Path]:
    """Every photo under posters/patrols/photos/ (any sub-folder), hidden files left out."""
    folder = root / PHOTOS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))
