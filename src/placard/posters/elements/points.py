"""``points``: a guide's key points as numbered badges (a disc with the number) and their text."""

from __future__ import annotations

from ...findings import error
from ...i18n import _
from ..typeset import DoesNotFit
from .base import Canvas, Kind, Page, register
from .text import draw_lines


def fit_points(ctx, points: list[str], bw: float, bh: float, weight: str, min_size: float):
    n = len(points)
    row_h = bh / n
    size = row_h / 1.5
    while size >= min_size:
        rows = []
        for p in points:
            try:
                f = ctx.fit(p, bw - 1.7 * size, row_h * 0.92, weight, size, max_lines=2, max_size=size)
            except DoesNotFit:
                break
            rows.append(list(f.lines))
        else:
            return size, rows
        size *= 0.94
    return None


class Points(Kind):
    type = "points"
    ops = ("points",)

    def layout(self, el, page: Page) -> list[dict] | None:
        o, item, fmt = el.opts, page.item, page.fmt
        points = list(getattr(item, "key_points", ()))
        if not points:
            return []
        if not page.in_safe(el):
            return None
        x0, y0, x1, y1 = page.px_box(el, False)
        weight = o.get("weight") or "Medium"
        laid = fit_points(page.ctx, points, x1 - x0, y1 - y0, weight, page.min_px * (o.get("min") or 1.0))
        if laid is None:
            page.findings.append(error(
                "length.format",
                _("guide '{id}': its {n} key points do not fit {format} (set '{set}') at the smallest legible "
                  "size").format(id=item.id, n=len(points), format=fmt.label, set=page.pset.name),
                file=item.source.file, line=item.source.line_of("key_points"), field="key_points",
                fix=_("shorten the key points or use fewer of them, or a larger format than {format}").format(
                    format=fmt.name)))
            return None
        size, rows = laid
        return [{"op": "points", "box": [round(x0), round(y0), round(x1), round(y1)], "size": round(size, 2),
                 "rows": rows, "weight": weight, "colour": page.colour(o.get("colour"), "ink"),
                 "accent": page.colour(o.get("accent"), "theme"), "pitch": 1.3}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        x0, y0, x1, y1 = canvas.sh(op["box"])
        d = canvas.d
        size = op["size"]
        rows = op["rows"]
        row_h = (y1 - y0) / len(rows)
        num_font = canvas.font(size * 0.62, "Bold")
        for i, lines in enumerate(rows):
            ry = y0 + i * row_h
            block = size * (1 + (len(lines) - 1) * op["pitch"])
            top = ry + (row_h - block) / 2
            cy = top + size * 0.5
            r = size * 0.56
            cx = x0 + r
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=op["accent"])
            d.text((cx, cy + 0.38 * size * 0.62 - 0.5), str(i + 1), font=num_font, fill="#ffffff", anchor="ms")
            draw_lines(canvas, lines, size, op["pitch"], op["weight"], op["colour"],
                       x0 + 1.7 * size, x1, top, top + block, "left")


register(Points())
