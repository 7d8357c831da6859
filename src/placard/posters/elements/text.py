"""``text``: a block of horizontal lines (the slogan, a title, the office, the date), broken by the
clreq rules of :mod:`placard.posters.typeset` and set at the largest size that fits its box.

With ``direction: vertical`` (or ``auto`` on a page at least 2.5 times taller than wide) the
element is laid out and drawn by the :mod:`vertical <placard.posters.elements.vertical>` kind.
"""

from __future__ import annotations

import re

from ...findings import error
from ...i18n import N_, _
from ..typeset import PHRASE_END, DoesNotFit
from .base import Canvas, Kind, Page, register

ASCENT = 0.88  # ideographic em box: top at 0.88 em above the baseline (Noto/Source Han)
VAR_RE = re.compile(r"\{([^{}]*)\}")
Q_VARS = re.compile(r"\{(\w+)\}")
VARIABLES = ("text", "campaign", "office", "theme", "date", "scan", "read")
#: The fixed words of the built-in templates ({scan}, {read}), in the campaign's language.
FIXED_TEXTS = {"scan": N_("Scan for details"), "read": N_("Scan to read it all")}
DIRECTIONS = ("horizontal", "vertical", "auto")
#: ``direction: auto`` sets text vertically on pages at least this many times taller than wide.
AUTO_VERTICAL = 2.5


def check_variables(values, lines, where, file, findings) -> bool:
    for var in VAR_RE.findall(values.get("text") or ""):
        if var not in VARIABLES:
            findings.append(error("poster.template", _("{where}: unknown variable '{variable}' in text").format(
                                      where=where, variable="{" + var + "}"),
                                  file=file, line=lines["text"], field="text",
                                  fix=_("use one of: {values}").format(values=", ".join("{" + v + "}" for v in VARIABLES))))
            return False
    return True


def element_text(el, page: Page) -> str:
    """The element's text with its variables filled in (``spaces``: pause marks as spaces)."""
    o = el.opts
    text = Q_VARS.sub(lambda m: page.variables.get(m.group(1), ""), o.get("text") or "").strip()
    if o.get("spaces"):
        text = re.sub(r"\s*[，、；,;]\s*", "\u3000", text).rstrip("。！!.")
    return text


def is_vertical(el, page: Page) -> bool:
    d = el.opts.get("direction") or "horizontal"
    return d == "vertical" or (d == "auto" and page.H >= AUTO_VERTICAL * page.W)


def report_misfit(el, page: Page, text: str, e: DoesNotFit, unit: str = "line") -> None:
    """The finding for a text that does not fit its box at the smallest legible size."""
    o, item, fmt, pset = el.opts, page.item, page.fmt, page.pset
    if o.get("main"):
        fld = "text" if item.kind == "slogan" else "title"
        if len(text) > e.max_chars:
            why = _("{format} fits at most {max} characters at this size, the text has {n}").format(
                format=fmt.label, max=e.max_chars, n=len(text))
            fix = _("shorten it to {max} characters or fewer").format(max=e.max_chars)
        elif unit == "column":
            why = _("{format} fits at most {per} characters a column in {n} column(s) at this size, and the text "
                    "cannot be broken into such columns at allowed places").format(format=fmt.label,
                                                                                  per=e.per_line, n=e.lines)
            fix = _("mark where columns may break with '|' (at most {per} characters a column), shorten "
                    "it").format(per=e.per_line)
        else:
            why = _("{format} fits at most {per} characters a line in {n} line(s) at this size, and the text "
                    "cannot be broken into such lines at allowed places").format(format=fmt.label,
                                                                                per=e.per_line, n=e.lines)
            fix = _("mark where lines may break with '|' (at most {per} characters a line), shorten it").format(
                per=e.per_line)
        page.findings.append(error(
            "length.format", _("{kind} '{id}' is too long for {format} (set '{set}'): {why}").format(
                kind=item.kind, id=item.id, format=fmt.label, set=pset.name, why=why),
            file=item.source.file, line=item.source.line_of(fld), field=fld, context=text,
            fix=_("{fix}, or print it in a larger format than {format} ({file})").format(
                fix=fix, format=fmt.name, file=pset.file)))
    else:
        page.ctx.once(("fit", pset.name, el.line, text), error(
            "poster.fit", _("'{text}' does not fit its box (line {line}) of template '{template}' on {format}: at "
                            "most {max} characters at the smallest legible size").format(
                text=text, line=el.line, template=page.tpl.name, format=fmt.label, max=e.max_chars),
            file=pset.file, line=1, field="template",
            fix=_("shorten the text (campaign name, office) or enlarge the box in the template")))


def draw_lines(canvas: Canvas, lines, size, pitch, weight, colour, x0, x1, y0, y1, align) -> None:
    font = canvas.font(size, weight)
    block = size * (1 + (len(lines) - 1) * pitch)
    top = y0 + (y1 - y0 - block) / 2
    for i, line in enumerate(lines):
        base = top + i * pitch * size + ASCENT * size
        if align == "left":
            x = x0
        else:
            visible = line.rstrip("".join(PHRASE_END))  # trailing punctuation hangs
            x = (x0 + x1) / 2 - font.getlength(visible) / 2
        canvas.d.text((x, base), line, font=font, fill=colour, anchor="ls")


class Text(Kind):
    type = "text"
    ops = ("text",)

    def validate(self, values, lines, where, file, line, findings) -> bool:
        return check_variables(values, lines, where, file, findings)

    def layout(self, el, page: Page) -> list[dict] | None:
        if is_vertical(el, page):
            from .vertical import VERTICAL

            return VERTICAL.layout(el, page)
        o, item = el.opts, page.item
        text = element_text(el, page)
        if not text:
            return []
        if not page.in_safe(el):
            return None
        x0, y0, x1, y1 = page.px_box(el, False)
        weight = o.get("weight") or "Bold"
        hints = item.breaks if (o.get("main") and item.kind == "slogan") else ()
        try:
            fitted = page.ctx.fit(text, x1 - x0, y1 - y0, weight, page.min_px * (o.get("min") or 1.0),
                                  max_lines=o.get("lines") or 3, hints=hints,
                                  break_weight=0.12 if o.get("stack") else 0.5)
        except DoesNotFit as e:
            report_misfit(el, page, text, e)
            return None
        return [{"op": "text", "box": [round(x0), round(y0), round(x1), round(y1)],
                 "lines": list(fitted.lines), "size": round(fitted.size, 2), "pitch": fitted.line_pitch,
                 "weight": weight, "align": o.get("align") or "center",
                 "colour": page.colour(o.get("colour"), "ink")}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        x0, y0, x1, y1 = canvas.sh(op["box"])
        draw_lines(canvas, op["lines"], op["size"], op["pitch"], op["weight"], op["colour"],
                   x0, x1, y0, y1, op["align"])


register(Text())
