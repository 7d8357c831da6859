"""Template element kinds, one unit each (see :mod:`.base`): rect (bands and rules), image,
qr, text, points (numbered badges) and vertical (竖排 text)."""

from . import image, points, qrcode, rect, text, vertical  # noqa: F401  (each registers its kind)
from .base import BY_OP, KINDS, Canvas, Kind, Page, RenderProblem, colour, register

__all__ = ["BY_OP", "KINDS", "Canvas", "Kind", "Page", "RenderProblem", "colour", "register"]
