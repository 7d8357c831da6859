"""What every template element kind shares: the registry, the page it is laid out on, the canvas it draws on.

An element kind (:class:`Kind`) is one unit: it checks a template element's fields
(``validate``), turns the element into drawing operations for one poster (``layout``,
plain JSON-able dicts with pixel coordinates) and draws those operations (``draw``).
:mod:`placard.posters.templates`, :mod:`placard.posters.plan` and
:mod:`placard.posters.render` only look kinds up here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...findings import Finding, error
from ...i18n import _
from .. import fonts as F

GOLD, INK, GREY, WHITE = "#f6c453", "#222222", "#5f6368", "#ffffff"


class RenderProblem(Exception):
    pass


def _hex(c: str) -> tuple[int, int, int]:
    c = c.lstrip("#")
    if len(c) == 3:
        c = "".join(x * 2 for x in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _mix(a: str, b: str, t: float) -> str:
    x, y = _hex(a), _hex(b)
    return "#" + "".join(f"{round(p + (q - p) * t):02x}" for p, q in zip(x, y, strict=True))


@functools.lru_cache(maxsize=1024)
def colour(name: str, theme: str) -> str:
    """A template's colour name (theme, theme-dark, theme-light, gold, white, ink, grey or #rrggbb)."""
    if name == "theme":
        return theme
    if name == "theme-dark":
        return _mix(theme, "#000000", 0.3)
    if name == "theme-light":
        return _mix(theme, "#ffffff", 0.9)
    named = {"gold": GOLD, "white": WHITE, "ink": INK, "grey": GREY}
    return named.get(name, name if name.startswith("#") else WHITE)


@dataclass
class Page:
    """One poster being laid out: the format's pixel geometry, the item, and where findings go.

    ``ctx`` is the plan's run context (findings, the font, remembered fits); ``pset`` the
    poster set; ``symbol`` the QR symbol (or None).
    """

    ctx: object
    pset: object
    item: object
    fmt: object
    tpl: object
    theme: str
    variables: dict
    symbol: object = None

    def __post_init__(self):
        self.W, self.H = self.fmt.size_px
        self.b = self.fmt.bleed_px
        self.cw, self.ch = self.W + 2 * self.b, self.H + 2 * self.b
        self.safe = self.fmt.px(self.fmt.safe_mm)
        self.min_px = self.fmt.px(self.fmt.min_text_mm)
        self.where = _("{format}, template '{template}'").format(format=self.fmt.label, template=self.tpl.name)

    @property
    def findings(self) -> list[Finding]:
        return self.ctx.findings

    def colour(self, name: str | None, default: str) -> str:
        return colour(name or default, self.theme)

    def px_box(self, el, bleed: bool = False) -> tuple[float, float, float, float]:
        x, y, w, h = el.box
        W, H, b = self.W, self.H, self.b
        x0, y0, x1, y1 = b + x * W, b + y * H, b + (x + w) * W, b + (y + h) * H
        if bleed:
            x0 = 0 if x <= 0 else x0
            y0 = 0 if y <= 0 else y0
            x1 = self.cw if x + w >= 0.9999 else x1
            y1 = self.ch if y + h >= 0.9999 else y1
        return x0, y0, x1, y1

    def in_safe(self, el) -> bool:
        """True if the element's box keeps the format's safe margin (else a finding, once)."""
        x0, y0, x1, y1 = self.px_box(el, False)
        b, m = self.b, self.safe - 0.5
        if x0 - b < m or y0 - b < m or (self.W + b) - x1 < m or (self.H + b) - y1 < m:
            fmt, tpl = self.fmt, self.tpl
            self.ctx.once(("safe", self.pset.name, fmt.name, el.line), error(
                "poster.safe-area",
                _("a {type} box of template '{template}' (line {line}) runs into the {mm} mm safe margin of "
                  "{format}").format(type=el.type, template=tpl.name, line=el.line, mm=f"{fmt.safe_mm:g}",
                                     format=fmt.label),
                file=self.pset.file, line=1, field="template",
                fix=_("move the box inside the margin in the template, or use a format with a smaller safe_mm")))
            return False
        return True


class Canvas:
    """A region of the poster being drawn: ``im`` and ``d`` (its ImageDraw), shifted by (rx0, ry0)."""

    def __init__(self, spec: dict, im, d, rx0: int, ry0: int, art: dict, convert=None):
        self.spec, self.im, self.d, self.rx0, self.ry0, self.art = spec, im, d, rx0, ry0, art
        self.convert = convert  # artwork into the canvas's colour space (CMYK print files), or None

    def sh(self, box):
        return box[0] - self.rx0, box[1] - self.ry0, box[2] - self.rx0, box[3] - self.ry0

    def font(self, size: float, weight: str):
        path, index, stamp, faces = self.spec["font"]
        ref = F.FontRef(path, index, "spec", stamp, tuple(tuple(f) for f in faces))
        return F.pil_font(ref, max(1, int(size)), weight)


class Kind:
    """A template element kind. Subclasses set ``type`` (the template's name for it), ``ops``
    (the drawing operations it emits) and ``background`` (drawn into the bleed strips too)."""

    type: str = ""
    ops: tuple[str, ...] = ()
    background: bool = False

    def validate(self, values: dict, lines: dict, where: str, file: str, line: int,
                 findings: list[Finding]) -> bool:
        """Checks beyond the common field types; False (with findings) if the element is unusable."""
        return True

    def layout(self, el, page: Page) -> list[dict] | None:
        """The element's drawing operations on ``page``; None (with findings) if the poster cannot be made."""
        raise NotImplementedError

    def draw(self, op: dict, canvas: Canvas) -> None:
        raise NotImplementedError


KINDS: dict[str, Kind] = {}  # by template type
BY_OP: dict[str, Kind] = {}  # by drawing operation


def register(kind: Kind) -> Kind:
    KINDS[kind.type] = kind
    for op in kind.ops:
        BY_OP[op] = kind
    return kind
