"""Opening users' images safely: PNG, JPEG and WebP only, inside the campaign, no decompression bombs.

Pillow picks a decoder by the file's bytes, whatever its name says; some decoders hand the
file to other programs (EPS goes to Ghostscript, which a PostScript ``{ } loop`` keeps busy
for ever). Every ``Image.open`` of a user's file goes through :func:`open_image`.
"""

from __future__ import annotations

import errno
import os
import warnings
from pathlib import Path

from PIL import Image

from .i18n import N_, _

#: The image formats placard reads (Pillow's names).
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
FORMATS_TEXT = "PNG, JPEG or WebP"


def open_image(path: Path | str, formats: tuple[str, ...] = IMAGE_FORMATS) -> Image.Image:
    """``Image.open`` restricted to :data:`IMAGE_FORMATS` (raises ``UnidentifiedImageError`` otherwise).

    A picture larger than Pillow's pixel limit raises ``DecompressionBombError`` (Pillow itself
    only warns up to twice the limit), so nobody decodes a header that claims 60000×60000."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(path, formats=formats)
        except Image.DecompressionBombWarning as exc:
            raise Image.DecompressionBombError(str(exc)) from None


def too_many_pixels(width: int, height: int) -> bool:
    """A picture of this size is over Pillow's pixel limit (a 'decompression bomb')."""
    limit = Image.MAX_IMAGE_PIXELS
    return limit is not None and width * height > limit


def _looks_accepted(path: Path) -> bool:
    """The file starts like a PNG, JPEG or WebP (so a failure to open it means it is damaged)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")) or (head[:4] == b"RIFF" and head[8:] == b"WEBP")


def resolve_inside(path: Path, root: Path, where: str | None = None) -> tuple[Path | None, str | None]:
    """``path`` with every symlink resolved, or a problem: a link loop, a NUL, missing, or outside ``root``.

    ``where`` names ``root`` in the problem (a text marked with ``N_``; default: the campaign folder)."""
    if "\x00" in str(path):
        return None, _("the path contains a NUL character")
    try:
        real = Path(os.path.realpath(path, strict=True))
    except (OSError, RuntimeError, ValueError) as exc:
        if isinstance(exc, RuntimeError) or (isinstance(exc, OSError) and exc.errno == errno.ELOOP):
            return None, _("the path is a symbolic link that points to itself (a link loop)")
        return None, _("the file does not exist")
    root = Path(os.path.realpath(root))
    if real != root and root not in real.parents:
        return None, _("the file must be inside {where} (the path leads to {real})").format(
            where=_(where or N_("the campaign folder")), real=real)
    return real, None


def check_image(path: Path, inside: Path | None = None) -> str | None:
    """Return a problem description if ``path`` is not an image placard can open safely.

    With ``inside``, the path (after following symbolic links) must lie in that folder.
    """
    if inside is not None:
        real, problem = resolve_inside(path, inside)
        if problem:
            return problem
        path = real
    try:
        if not path.is_file():
            return _("the file does not exist")
    except (OSError, ValueError):
        return _("the file cannot be read")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_image(path) as im:
                im.verify()
            with open_image(path) as im:
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("the image is too large to be safe to open (a 'decompression bomb')")
    except Image.UnidentifiedImageError:
        if _looks_accepted(path):
            return _("the image cannot be opened (the file is damaged or cut short)")
        return _("the file is not a PNG, JPEG or WebP image (other formats are not accepted)")
    except Exception as exc:  # Pillow raises many types for corrupt data
        return _("the image cannot be opened ({error})").format(error=f"{type(exc).__name__}: {exc}")
    return None
