"""``vertical``: text set in columns, top to bottom, the columns right to left (竖排).

* Punctuation takes its vertical presentation form (U+FE10–FE19, U+FE30–FE44): the comma and
  full stop sit in the top right of their cell, brackets open downwards. Quotation marks and
  other marks without a vertical form are turned 90° clockwise. Every mark is centred in its column.
* Latin letters and digits: a run of up to 2 characters stands upright in one cell (纵中横,
  e.g. a two-digit number); longer runs are turned 90° clockwise.
* Columns break by the clreq rules of :mod:`placard.posters.typeset` (the same code as lines):
  no column starts with closing punctuation, none ends with opening punctuation, an author's
  ``|`` marks win.
* The poster font must have every vertical form used, or ``glyph.missing`` says which.

A template asks for it with ``type: vertical``, or ``direction: vertical`` on a ``text`` element
(``direction: auto``: vertical on pages at least 2.5 times taller than wide). The same fields as
``text`` apply; ``lines`` is the most columns, ``align: left`` puts the columns' tops at the top of
the box (default: centred).
"""

from __future__ import annotations

import math
import re
import unicodedata

from PIL import Image, ImageDraw

from ...findings import error
from ...i18n import _
from .. import fonts as F
from ..typeset import PHRASE_END, DoesNotFit
from .base import Canvas, Kind, Page, register
from .text import ASCENT, check_variables, element_text, report_misfit

#: Horizontal punctuation -> its vertical presentation form.
VERTICAL_FORMS = {
    "，": "\ufe10", "、": "\ufe11", "。": "\ufe12", "：": "\ufe13", "；": "\ufe14", "！": "\ufe15", "？": "\ufe16",
    "〖": "\ufe17", "〗": "\ufe18", "…": "\ufe19", "‥": "\ufe30", "—": "\ufe31", "–": "\ufe32", "＿": "\ufe33",
    "（": "\ufe35", "）": "\ufe36", "｛": "\ufe37", "｝": "\ufe38", "〔": "\ufe39", "〕": "\ufe3a",
    "【": "\ufe3b", "】": "\ufe3c", "《": "\ufe3d", "》": "\ufe3e", "〈": "\ufe3f", "〉": "\ufe40",
    "「": "\ufe41", "」": "\ufe42", "『": "\ufe43", "』": "\ufe44", "［": "\ufe47", "］": "\ufe48",
}
#: Half-width marks in Chinese text: set as their full-width forms (then vertical).
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", "[": "［", "]": "］",
              "{": "｛", "}": "｝", ".": "。"}
#: Marks without a vertical form that are turned 90° clockwise (quotation marks, tildes, dashes).
ROTATED = set("“”‘’〝〞～~-_/|<>") | {"\u2015"}
#: A Latin word or number: upright if at most UPRIGHT_MAX characters, else turned.
LATIN = re.compile(r"[A-Za-z0-9]+(?:[.:/\-][A-Za-z0-9]+)*%?")
UPRIGHT_MAX = 2
SPACES = {" ": 0.5, "\u3000": 1.0}


def cells(text: str, advance) -> list[list]:
    """The cells of a column, top to bottom: ``[kind, text, length in em]``.

    kind: ``u`` upright glyph (vertical forms included), ``t`` upright Latin (≤ 2 characters,
    side by side in one cell), ``r`` turned 90° clockwise, ``s`` space. ``advance(s)`` is the
    horizontal advance of ``s`` in em (turned runs are as long as they are wide).
    """
    out: list[list] = []
    i, n = 0, len(text)
    while i < n:
        m = LATIN.match(text, i)
        if m:
            run = m.group()
            if len(run) <= UPRIGHT_MAX:
                out.append(["t", run, 1.0])
            else:
                out.append(["r", run, round(advance(run), 4)])
            i = m.end()
            continue
        ch = text[i]
        i += 1
        if ch in SPACES:
            out.append(["s", ch, SPACES[ch]])
            continue
        ch = FULL_WIDTH.get(ch, ch)
        if ch in VERTICAL_FORMS:
            out.append(["u", VERTICAL_FORMS[ch], 1.0])
        elif ch in ROTATED or unicodedata.east_asian_width(ch) in ("Na", "H", "N"):
            out.append(["r", ch, round(advance(ch), 4)])
        else:
            out.append(["u", ch, 1.0])
    return out


def column_length(text: str, advance) -> float:
    """Length of ``text`` set as one column, in em."""
    return sum(c[2] for c in cells(text, advance))


def measure(font: F.FontRef, weight: str):
    """The column length function of :func:`typeset.fit` for vertical text in ``font``."""
    def advance(s: str) -> float:
        return F.text_width(font, weight, s)

    return lambda s: column_length(s, advance)


def vertical_chars(text: str) -> list[tuple[str, str]]:
    """(horizontal, vertical form) for each mark of ``text`` that vertical setting replaces."""
    out = []
    for ch in text:
        v = VERTICAL_FORMS.get(FULL_WIDTH.get(ch, ch))
        if v and (ch, v) not in out:
            out.append((ch, v))
    return out


class Vertical(Kind):
    type = "vertical"
    ops = ("vtext",)

    def validate(self, values, lines, where, file, line, findings) -> bool:
        return check_variables(values, lines, where, file, findings)

    def layout(self, el, page: Page) -> list[dict] | None:
        o, item, fmt, tpl, ctx = el.opts, page.item, page.fmt, page.tpl, page.ctx
        text = element_text(el, page)
        if not text:
            return []
        if not page.in_safe(el):
            return None
        x0, y0, x1, y1 = page.px_box(el, False)
        min_size = page.min_px * (o.get("min") or 1.0)
        if x1 - x0 < min_size:
            need = min_size / page.W
            ctx.once(("narrow", tpl.name, fmt.name, el.line), error(
                "poster.vertical",
                _("the vertical text box of template '{template}' (line {line}) is {width} mm wide on {format}: "
                  "narrower than one column of the smallest legible text ({need} mm)").format(
                    template=tpl.name, line=el.line, width=f"{fmt.mm(x1 - x0):.0f}", format=fmt.label,
                    need=f"{fmt.mm(min_size):.0f}"),
                file=tpl.file, line=el.line, field="box",
                fix=_("widen the box to at least {share} of the page width, lower 'min', or set the text "
                      "horizontally (direction: horizontal)").format(share=f"{math.ceil(need * 1000) / 1000:g}")))
            return None
        missing = [(h, v) for h, v in vertical_chars(text) if ord(v) not in F.cmap(ctx.font)]
        if missing:
            h, v = missing[0]
            builtin = tpl.file.startswith("<")
            ctx.once(("vglyph", v, tpl.name), error(
                "glyph.missing",
                _("the vertical form {char} of '{mark}' is not in the poster font {font}; template '{template}' "
                  "sets '{text}' vertically").format(char=F.describe_char(v), mark=h, font=ctx.font.label,
                                                     template=tpl.name, text=text),
                file="mkdocs.yml" if builtin else tpl.file, line=None if builtin else el.line,
                field="extra.placard.posters.font" if builtin else "direction", context=text,
                fix=_("set extra.placard.posters.font to a font with the vertical forms U+FE10–FE19 and "
                      "U+FE30–FE44 (Noto Sans CJK SC has them)") if builtin else
                _("set extra.placard.posters.font to a font with the vertical forms U+FE10–FE19 and U+FE30–FE44 "
                  "(Noto Sans CJK SC has them), or set this element horizontally")))
            return None
        weight = o.get("weight") or "Bold"
        hints = item.breaks if (o.get("main") and item.kind == "slogan") else ()
        try:
            # columns are lines turned on end: their length runs down the box's height
            fitted = ctx.fit(text, y1 - y0, x1 - x0, weight, min_size, max_lines=o.get("lines") or 3, hints=hints,
                             break_weight=0.12 if o.get("stack") else 0.5, measure="vertical")
        except DoesNotFit as e:
            report_misfit(el, page, text, e, unit="column")
            return None
        adv = _advance(ctx.font, weight)
        return [{"op": "vtext", "box": [round(x0), round(y0), round(x1), round(y1)],
                 "columns": [cells(col, adv) for col in fitted.lines], "size": round(fitted.size, 2),
                 "pitch": fitted.line_pitch, "weight": weight, "align": o.get("align") or "center",
                 "colour": page.colour(o.get("colour"), "ink")}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        x0, y0, x1, y1 = canvas.sh(op["box"])
        size, pitch, cols = op["size"], op["pitch"], op["columns"]
        font = canvas.font(size, op["weight"])
        block = size * (1 + (len(cols) - 1) * pitch)
        right = (x0 + x1) / 2 + block / 2  # the first column is the rightmost
        # the columns start level (as in any vertical setting); centred, the block of columns is centred
        # in the box, a closing mark at the foot of the longest column hanging below it
        lengths = [sum(c[2] for c in col) * size for col in cols]
        top = y0
        if op["align"] != "left":
            visible = max(n - _hang(col) * size for n, col in zip(lengths, cols, strict=True))
            top = min(y0 + (y1 - y0 - visible) / 2, y1 - max(lengths))
        for i, col in enumerate(cols):
            cx = right - size / 2 - i * pitch * size
            y = top
            for kind, s, em in col:
                if kind == "u":
                    canvas.d.text((cx - font.getlength(s) / 2, y + ASCENT * size), s, font=font, fill=op["colour"],
                                  anchor="ls")
                elif kind == "t":
                    w = font.getlength(s) / size
                    f = font if w <= 0.92 else canvas.font(size * 0.92 / w, op["weight"])
                    canvas.d.text((cx, y + size / 2), s, font=f, fill=op["colour"], anchor="mm")
                elif kind == "r":
                    _turned(canvas, s, font, size, em * size, cx, y, op["colour"])
                y += em * size


_HANGING = {VERTICAL_FORMS[c] for c in PHRASE_END if c in VERTICAL_FORMS}


def _hang(col: list) -> float:
    """Em of closing marks at the foot of a column (they hang below a centred block)."""
    n = 0.0
    for c in reversed(col):
        if not (c[0] == "u" and c[1] in _HANGING):
            break
        n += c[2]
    return n


def _advance(font: F.FontRef, weight: str):
    return lambda s: F.text_width(font, weight, s)


def _turned(canvas: Canvas, s: str, font, size: float, length: float, cx: float, y: float, colour: str) -> None:
    """Draw ``s`` turned 90° clockwise, its em box centred on the column, starting at ``y``."""
    w, h = max(1, math.ceil(length) + 2), max(1, math.ceil(size) + 2)
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).text((1, 1 + ASCENT * size), s, font=font, fill=255, anchor="ls")
    mask = mask.transpose(Image.Transpose.ROTATE_270)  # clockwise: the tops of the letters face right
    x = round(cx - size / 2) - 1
    canvas.im.paste(colour, (x, round(y) - 1), mask)


VERTICAL = register(Vertical())
