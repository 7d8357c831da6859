"""QR codes: short stable URLs, symbol size, and the size rules for viewing distance.

A code encodes ``<SCHEME://HOST>/Q/<CODE>/`` with scheme and host upper-cased, so the
whole URL is in QR alphanumeric mode (``0-9 A-Z $%*+-./:`` and space) and the symbol
stays small. The site has a redirect page at ``Q/<CODE>/`` for every code.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import qrcode
import qrcode.util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from ..i18n import _

EC_LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
ALNUM = re.compile(r"^[0-9A-Z $%*+\-./:]*$")
QUIET = 4  # modules of quiet zone on each side
MIN_MODULE_MM = 0.5
CODE_LEN = 6
REDIRECT_DIR = "Q"


@functools.lru_cache(maxsize=1 << 16)
def item_code(kind: str, item_id: str) -> str:
    """A stable 6-character code for an item: base32 of a hash of its kind and id.

    (Base32 turns each 5 bytes into 8 characters: the first 5 bytes of the hash give the same
    6 characters as the whole hash, for a fraction of the work; ``placard serve`` asks for every
    code on every edit, hence the cache too.)"""
    digest = hashlib.sha256(f"{kind}:{item_id}".encode()).digest()
    return base64.b32encode(digest[:5]).decode()[:CODE_LEN]


def slot_code(list_id: str, slot_id: str) -> str:
    """The code of one slot of a placement list (so scans count per location)."""
    return item_code("slot", f"{list_id}/{slot_id}")


def short_base(site_url: str) -> str:
    """'https://wm.example.cn/sub/' -> 'HTTPS://WM.EXAMPLE.CN/sub' (path kept: it is case-sensitive)."""
    parts = urlsplit(site_url.strip())
    base = f"{parts.scheme.upper()}://{parts.netloc.upper()}"
    path = parts.path.rstrip("/")
    return base + path


def code_url(site_url: str, code: str) -> str:
    return f"{short_base(site_url)}/{REDIRECT_DIR}/{code}/"


def code_folders(code: str) -> tuple[str, ...]:
    """The folders under ``Q/`` that hold a code's redirect page: the code as printed, and in lower
    case for a code typed by hand (``/Q/igq67m/`` reaches the same item on any static server; the
    404 page sends other spellings on, see ``site/overrides/partials/placard-code-case.html``)."""
    low = code.lower()
    return (code,) if low == code else (code, low)


def redirect_uri(code: str) -> str:
    """The redirect page's place in the site, as a docs-relative uri: ``Q/<CODE>/index.md``
    (written as ``Q/<CODE>/index.html`` whatever ``use_directory_urls`` says)."""
    return f"{REDIRECT_DIR}/{code}/index.md"


@dataclass(frozen=True)
class Symbol:
    data: str
    version: int
    ec: str
    modules: int  # without quiet zone
    alphanumeric: bool


def _qr(data: str, ec: str, version: int | None = None) -> tuple[qrcode.QRCode, bool]:
    qr = qrcode.QRCode(version=version, error_correction=EC_LEVELS[ec], border=0)
    alnum = bool(ALNUM.match(data))
    if alnum:
        qr.add_data(qrcode.util.QRData(data.encode("ascii"), mode=qrcode.util.MODE_ALPHA_NUM))
    else:
        qr.add_data(qrcode.util.QRData(data.encode("utf-8"), mode=qrcode.util.MODE_8BIT_BYTE))
    return qr, alnum


def make_symbol(data: str, ec: str = "M") -> Symbol:
    """Version and size of the smallest symbol for ``data`` (no module matrix: cheap)."""
    alnum = bool(ALNUM.match(data))
    version = _smallest_version(alnum, len(data) if alnum else len(data.encode("utf-8")), ec)
    return Symbol(data, version, ec, 17 + 4 * version, alnum)


@functools.lru_cache(maxsize=256)
def _smallest_version(alnum: bool, length: int, ec: str) -> int:
    """A symbol's capacity depends only on mode, length and error correction: every code
    of a site has the same length, so this is worked out once, not once per slot."""
    qr, _ = _qr(("A" if alnum else "a") * length, ec)
    return qr.best_fit()


def matrix(data: str, ec: str, version: int) -> list[list[bool]]:
    """The modules (True = dark), without quiet zone, with the best mask."""
    qr, _ = _qr(data, ec, version)
    qr.make(fit=False)
    return [[bool(c) for c in row] for row in qr.get_matrix()]


@dataclass(frozen=True)
class QrPlacement:
    module_px: int
    symbol_px: int  # modules * module_px (without quiet zone)
    module_mm: float
    symbol_mm: float


def place(modules: int, box_px: float, mm_per_px: float) -> QrPlacement:
    """Whole-pixel modules, quiet zone included in the box."""
    module_px = int(box_px // (modules + 2 * QUIET))
    return QrPlacement(module_px, module_px * modules, module_px * mm_per_px, module_px * modules * mm_per_px)


def need_mm(scan_distance_m: float, scan_angle_deg: float = 0.0) -> float:
    """The narrowest code (without quiet zone) residents can scan from ``scan_distance_m``: a tenth
    of the distance, widened by 1/cos(angle) when they look at it at an angle (it looks narrower)."""
    return scan_distance_m * 1000 / 10 / math.cos(math.radians(scan_angle_deg))


def _where(scan_distance_m: float, scan_angle_deg: float) -> str:
    if scan_angle_deg:
        return _("scanned from {distance} m at {angle}°").format(distance=f"{scan_distance_m:g}",
                                                                 angle=f"{scan_angle_deg:g}")
    return _("scanned from {distance} m").format(distance=f"{scan_distance_m:g}")


def size_problem(pl: QrPlacement, scan_distance_m: float, scan_angle_deg: float = 0.0) -> str | None:
    need = need_mm(scan_distance_m, scan_angle_deg)
    if pl.module_px < 1:
        return _("the code box is smaller than the code")
    if pl.module_mm < MIN_MODULE_MM:
        return _("each module is {mm} mm; it must be at least {min} mm").format(
            mm=f"{pl.module_mm:.2f}", min=MIN_MODULE_MM)
    if pl.symbol_mm + 1e-6 < need:
        if scan_angle_deg:
            msg = _("the code is {width} mm wide; {where} it must be at least {need} mm (a tenth of the distance, "
                    "over the cosine of the angle)")
        else:
            msg = _("the code is {width} mm wide; {where} it must be at least {need} mm (a tenth of the distance)")
        return msg.format(width=f"{pl.symbol_mm:.0f}", where=_where(scan_distance_m, scan_angle_deg),
                          need=f"{need:.0f}")
    return None


def carry_problem(fmt, modules: int) -> str | None:
    """Why ``fmt`` cannot carry a code of ``modules`` modules scannable from its scanning distance
    in any layout (None: a large enough code box fits inside its safe margin)."""
    if not fmt.code:
        return None
    room_mm = min(fmt.width_mm, fmt.height_mm) - 2 * fmt.safe_mm  # the code's box, quiet zone included
    room_px = fmt.px(room_mm)
    best = place(modules, room_px, fmt.mm(1))
    need = need_mm(fmt.scan_distance_m, fmt.scan_angle_deg)
    if best.module_px >= 1 and best.module_mm >= MIN_MODULE_MM and best.symbol_mm + 1e-6 >= need:
        return None
    side = min(fmt.width_mm, fmt.height_mm)
    if best.symbol_mm + 1e-6 < need:
        if fmt.height_mm <= fmt.width_mm:
            msg = _("{where} a code must be at least {need} mm wide (a tenth of the distance{angle}), but its height "
                    "of {side} mm leaves {room} mm inside the {safe} mm safe margins: room for a code of at most "
                    "{best} mm ({modules} modules and {quiet} on each side for the quiet zone)")
        else:
            msg = _("{where} a code must be at least {need} mm wide (a tenth of the distance{angle}), but its width "
                    "of {side} mm leaves {room} mm inside the {safe} mm safe margins: room for a code of at most "
                    "{best} mm ({modules} modules and {quiet} on each side for the quiet zone)")
        angle = _(", over cos {angle}°").format(angle=f"{fmt.scan_angle_deg:g}") if fmt.scan_angle_deg else ""
        return msg.format(where=_where(fmt.scan_distance_m, fmt.scan_angle_deg), need=f"{need:.0f}", angle=angle,
                          side=f"{side:g}", room=f"{room_mm:g}", safe=f"{fmt.safe_mm:g}",
                          best=f"{best.symbol_mm:.0f}", modules=modules, quiet=QUIET)
    return _("a code that fits has modules of {mm} mm; they must be at least {min} mm").format(
        mm=f"{best.module_mm:.2f}", min=MIN_MODULE_MM)
