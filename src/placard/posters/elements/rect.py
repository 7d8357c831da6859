"""``rect``: a filled (optionally rounded) rectangle; rules and bands. Runs on into the bleed at the page edge."""

from __future__ import annotations

from .base import Canvas, Kind, Page, register


class Rect(Kind):
    type = "rect"
    ops = ("rect",)
    background = True

    def layout(self, el, page: Page) -> list[dict]:
        o = el.opts
        x0, y0, x1, y1 = page.px_box(el, True)
        r = (o.get("radius") or 0) * min(page.W, page.H)
        return [{"op": "rect", "box": [round(x0), round(y0), round(x1), round(y1)],
                 "fill": page.colour(o.get("fill"), "theme"), "radius": round(r)}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        x0, y0, x1, y1 = canvas.sh(op["box"])
        im, d = canvas.im, canvas.d
        if x1 <= 0 or y1 <= 0 or x0 >= im.width or y0 >= im.height:
            return
        if op["radius"]:
            d.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=op["radius"], fill=op["fill"])
        else:
            d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=op["fill"])


register(Rect())
