"""``qr``: the poster's QR code, square with its quiet zone, centred in its box, sized for the scan distance."""

from __future__ import annotations

from ...findings import error
from ...i18n import _
from .. import qr as Q
from .base import Canvas, Kind, Page, register


class QrKind(Kind):
    type = "qr"
    ops = ("qr",)

    def layout(self, el, page: Page) -> list[dict] | None:
        o, symbol, fmt = el.opts, page.symbol, page.fmt
        if symbol is None:
            return []
        if not page.in_safe(el):
            return None
        x0, y0, x1, y1 = page.px_box(el, False)
        side = min(x1 - x0, y1 - y0)
        pl = Q.place(symbol.modules, side, fmt.mm(1))
        problem = Q.size_problem(pl, fmt.scan_distance_m, fmt.scan_angle_deg)
        if problem:
            page.ctx.once(("qr", page.pset.name, fmt.name), error(
                "poster.qr-size", _("QR code on {where}: {problem}").format(where=page.where, problem=problem),
                file=page.pset.file, line=1, field="format",
                fix=_("give the code a bigger box in the template (the layout grows it only into the space of "
                      "the main text beside its panel) or use a larger format; if residents stand closer, lower "
                      "scan_distance_m for this format in posters/formats.yml")))
            return None
        total = pl.module_px * (symbol.modules + 2 * Q.QUIET)
        qx = round(x0 + (x1 - x0 - total) / 2)
        qy = round(y0 + (y1 - y0 - total) / 2)
        return [{"op": "qr", "x": qx, "y": qy, "module": pl.module_px, "data": symbol.data,
                 "ec": symbol.ec, "version": symbol.version,
                 "dark": page.colour(o.get("dark"), "#000000"),
                 "light": page.colour(o.get("light"), "white")}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        d = canvas.d
        mods = Q.matrix(op["data"], op["ec"], op["version"])
        m = op["module"]
        n = len(mods)
        total = m * (n + 2 * Q.QUIET)
        x, y = op["x"] - canvas.rx0, op["y"] - canvas.ry0
        d.rectangle((x, y, x + total - 1, y + total - 1), fill=op["light"])
        ox, oy = x + Q.QUIET * m, y + Q.QUIET * m
        for r, row in enumerate(mods):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    d.rectangle((ox + start * m, oy + r * m, ox + c * m - 1, oy + (r + 1) * m - 1),
                                fill=op["dark"])
                else:
                    c += 1


register(QrKind())
