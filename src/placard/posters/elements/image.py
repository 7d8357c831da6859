"""``image``: the ad's artwork or the campaign logo, fitted (cover or contain) into its box."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps

from ...findings import error
from ...i18n import _
from ...images import open_image
from ...load import check_image
from .base import Canvas, Kind, Page, RenderProblem, register


def open_rgb(path: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = open_image(path)
            im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RenderProblem(_("{path}: the image is too large to be safe to open").format(path=path)) from exc
    except Exception as exc:
        raise RenderProblem(_("{path}: the image cannot be opened ({error})").format(path=path, error=exc)) from exc
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return im.convert("RGB")


class ImageKind(Kind):
    type = "image"
    ops = ("image",)
    background = True

    def validate(self, values, lines, where, file, line, findings) -> bool:
        if not values.get("source"):
            findings.append(error("poster.template", _("{where}: an image element needs 'source'").format(where=where),
                                  file=file, line=line, field="source",
                                  fix=_("add 'source: artwork' or 'source: logo'")))
            return False
        return True

    def layout(self, el, page: Page) -> list[dict] | None:
        from ..plan import file_hash

        o, item, ctx = el.opts, page.item, page.ctx
        campaign = ctx.campaign
        if o["source"] == "artwork":
            if item.kind != "ad":
                return []
            path = Path(item.artwork)
        else:
            if not ctx.cfg.get("logo"):
                return []
            path = campaign.root / ctx.cfg["logo"]
        problem = check_image(path, inside=campaign.root)
        if problem:
            if o["source"] == "artwork":
                ctx.once(("img", item.id), error("poster.image", _("artwork of '{id}': {problem}").format(
                                                      id=item.id, problem=problem),
                                                  file=item.source.file, line=item.source.line_of("artwork"),
                                                  field="artwork", fix=_("give a PNG, JPEG or WebP image that opens")))
            else:
                ctx.once(("logo",), error("poster.image", _("logo '{path}': {problem}").format(
                                              path=ctx.cfg["logo"], problem=problem),
                                          file="mkdocs.yml", field="extra.placard.posters.logo",
                                          fix=_("give the path of a PNG, JPEG or WebP image inside the campaign "
                                                "folder")))
            return None
        x0, y0, x1, y1 = page.px_box(el, True)
        return [{"op": "image", "path": str(path), "sha": file_hash(path),
                 "box": [round(x0), round(y0), round(x1), round(y1)], "fit": o.get("fit") or "cover"}]

    def draw(self, op: dict, canvas: Canvas) -> None:
        x0, y0, x1, y1 = canvas.sh(op["box"])
        im, art = canvas.im, canvas.art
        if x1 <= 0 or y1 <= 0 or x0 >= im.width or y0 >= im.height:
            return
        size = (max(1, x1 - x0), max(1, y1 - y0))
        key = (op["path"], op["sha"], size, op["fit"])
        if key not in art:
            src = open_rgb(op["path"])
            if op["fit"] == "cover":
                art[key] = (ImageOps.fit(src, size, Image.Resampling.LANCZOS), 0, 0)
            else:
                fitted = ImageOps.contain(src, size, Image.Resampling.LANCZOS)
                art[key] = (fitted, (size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2)
            if canvas.convert is not None:  # artwork into the canvas's colour space
                art[key] = (canvas.convert(art[key][0]), *art[key][1:])
        pic, dx, dy = art[key]
        im.paste(pic, (x0 + dx, y0 + dy))


register(ImageKind())
