"""Patrol photos: the date and place a phone wrote into a JPEG's EXIF, read without decoding the picture.

A JPEG (what phones write) is read segment by segment up to its first frame header: the EXIF
block (APP1) is parsed here (:func:`jpeg_exif`, about ten times faster than Pillow's
``getexif``, which matters for 20,000 photos) and the pixels are never decoded. Other formats
(PNG, TIFF, WebP, HEIC where Pillow reads it) go through Pillow's ``Image.open``, which reads
the header only. Only PNG and WebP go there (:func:`placard.images.open_image`): a TIFF, an EPS
or anything else saved as a photo is ``not-image``, never handed to another decoder (EPS goes to
Ghostscript, which a PostScript loop keeps busy for ever), and a header claiming more pixels than
Pillow's limit (a JPEG's frame header is read here too) is ``too-large``. A file that is not an
image, or one whose EXIF is broken, gives a :class:`~placard.model.Photo` with a ``problem``: it
never stops a check or a build.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import warnings
from pathlib import Path

from ..images import open_image, too_many_pixels
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
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    deg = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if str(ref).strip().strip("\x00").strip().upper() in ("S", "W"):
        deg = -deg
    return deg if math.isfinite(deg) else None


class NotJpeg(Exception):
    """The file does not start like a JPEG: let Pillow decide what it is."""


class TooLarge(Exception):
    """The picture's header claims more pixels than placard decodes (a 'decompression bomb')."""


def _tiff_tags(t: bytes) -> tuple[dt.datetime | None, float | None, float | None]:
    """DateTimeOriginal (else DateTime) and GPS latitude/longitude from an EXIF TIFF block."""
    if t[:2] == b"II":
        e = "<"
    elif t[:2] == b"MM":
        e = ">"
    else:
        raise ValueError("no TIFF header")
    u16, u32 = struct.Struct(e + "H"), struct.Struct(e + "I")
    if u16.unpack_from(t, 2)[0] != 42:
        raise ValueError("not TIFF")

    def ifd(off: int) -> dict[int, tuple[int, int, int]]:
        n = u16.unpack_from(t, off)[0]
        if n > 1000:
            raise ValueError("too many entries")
        out = {}
        for k in range(n):
            tag, typ, count = struct.unpack_from(e + "HHI", t, off + 2 + 12 * k)
            out[tag] = (typ, count, off + 2 + 12 * k + 8)
        return out

    def ascii_(entry) -> str | None:
        if entry is None or entry[0] != 2:
            return None
        typ, count, at = entry
        start = at if count <= 4 else u32.unpack_from(t, at)[0]
        if start + count > len(t):
            raise ValueError("past the end")
        return t[start:start + count].decode("ascii", "replace")

    def long_(entry) -> int | None:
        if entry is None or entry[0] not in (3, 4, 13):
            return None
        return u16.unpack_from(t, entry[2])[0] if entry[0] == 3 else u32.unpack_from(t, entry[2])[0]

    def rationals(entry) -> tuple[float, ...] | None:
        if entry is None or entry[0] != 5 or entry[1] != 3:
            return None
        start = u32.unpack_from(t, entry[2])[0]
        vals = struct.unpack_from(e + "6I", t, start)
        return tuple(vals[i] / vals[i + 1] if vals[i + 1] else math.nan for i in (0, 2, 4))

    ifd0 = ifd(u32.unpack_from(t, 4)[0])
    taken = None
    exif_at = long_(ifd0.get(EXIF_IFD))
    if exif_at:
        taken = _when(ascii_(ifd(exif_at).get(DATETIME_ORIGINAL)))
    taken = taken or _when(ascii_(ifd0.get(DATETIME)))
    lat = lon = None
    gps_at = long_(ifd0.get(GPS_IFD))
    if gps_at:
        g = ifd(gps_at)
        lat = _degrees(rationals(g.get(2)), ascii_(g.get(1)) or "N")
        lon = _degrees(rationals(g.get(4)), ascii_(g.get(3)) or "E")
    return taken, lat, lon


#: JPEG markers that start a frame (the picture itself): reaching one means the file is a JPEG.
SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_exif(path: Path) -> tuple[bool, tuple | None]:
    """(is a JPEG with a frame header, (taken, lat, lon) from its EXIF or None). NotJpeg if no SOI."""
    with open(path, "rb") as fh:
        if fh.read(2) != b"\xff\xd8":
            raise NotJpeg
        tags = None
        for _ in range(1000):  # segments before the frame; a real photo has a handful
            head = fh.read(4)
            if len(head) < 4 or head[0] != 0xFF:
                return False, tags
            marker = head[1]
            while marker == 0xFF:  # fill bytes
                head = head[1:] + fh.read(1)
                if len(head) < 4:
                    return False, tags
                marker = head[1]
            if marker in SOF:
                frame = fh.read(5)  # segment length read above; then precision, height, width
                if len(frame) == 5 and too_many_pixels(frame[3] << 8 | frame[4], frame[1] << 8 | frame[2]):
                    raise TooLarge
                return True, tags
            if marker in (0xD9, 0xDA):
                return False, tags
            length = (head[2] << 8 | head[3]) - 2
            if length < 0:
                return False, tags
            if marker == 0xE1 and tags is None:
                body = fh.read(length)
                if len(body) < length:
                    return False, tags
                if body[:6] == b"Exif\x00\x00":
                    try:
                        tags = _tiff_tags(body[6:])
                    except (ValueError, struct.error, IndexError, OverflowError):
                        tags = (None, None, None)  # broken EXIF: the photo says nothing
            else:
                fh.seek(length, 1)
    return False, tags


def _photo(rel: str, taken, lat, lon) -> Photo:
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    if taken is None and lat is None:
        return Photo(rel, problem="no-exif")
    return Photo(rel, taken, lat, lon)


def read_photo(path: Path, rel: str) -> Photo:
    """The photo at ``path`` (``rel`` names it in findings), EXIF only."""
    try:
        is_jpeg, tags = jpeg_exif(path)
    except FileNotFoundError:
        return Photo(rel, problem="missing")
    except OSError:
        return Photo(rel, problem="not-image")
    except NotJpeg:
        return _pillow_photo(path, rel)
    except TooLarge:
        return Photo(rel, problem="too-large")
    if not is_jpeg:
        return Photo(rel, problem="not-image")
    return _photo(rel, *(tags or (None, None, None)))


def _pillow_photo(path: Path, rel: str) -> Photo:
    """A PNG or WebP photo, by Pillow's own (slower) EXIF reader (other formats are not opened)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with open_image(path) as im, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about odd EXIF; the problem is reported instead
            exif = im.getexif()
            taken = _when(exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL)) or _when(exif.get(DATETIME))
            gps = exif.get_ifd(GPS_IFD)
    except FileNotFoundError:
        return Photo(rel, problem="missing")
    except Image.DecompressionBombError:
        return Photo(rel, problem="too-large")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, TypeError, KeyError, IndexError,
            struct.error):
        return Photo(rel, problem="not-image")
    lat = lon = None
    if gps:
        lat, lon = _degrees(gps.get(2), gps.get(1, "N")), _degrees(gps.get(4), gps.get(3, "E"))
    return _photo(rel, taken, lat, lon)


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
