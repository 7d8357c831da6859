"""Artwork for the example campaign's public-benefit ads, drawn with Pillow.

The example ads in ``docs/ads/`` use images made by this module, so the example
campaign carries no third-party pictures:

    python -m placard.example_art docs/ads

Each picture is a theme-coloured field with a simple emblem and the ad's
headline set in the packaged Noto Sans CJK font.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 800)

#: file stem -> (headline, second line, colour, emblem)
ARTWORK = {
    "guangpan": ("光盘行动", "珍惜每一粒粮食", "#e67e22", "plate"),
    "banmaxian": ("礼让斑马线", "车让人　人守规", "#1565c0", "zebra"),
    "fenlei": ("垃圾分类", "绿色光明新时尚", "#2e7d32", "bins"),
    "zhiyuan": ("志愿光明", "有你更温暖", "#d81b60", "heart"),
    "hexinjiazhi": ("核心价值观", "富强　民主　文明　和谐", "#b71c1c", "star"),
    "gongkuai": ("公筷公勺", "健康文明一大步", "#00897b", "chopsticks"),
    "wuyan": ("无烟光明", "公共场所请勿吸烟", "#00695c", "nosmoke"),
    "paidui": ("排队礼让", "文明从一米线开始", "#c0392b", "queue"),
    "toukui": ("一盔一带", "骑行安全每一天", "#0d47a1", "helmet"),
}


def cjk_font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    import manimgx_fonts_cjk

    path = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
    font = ImageFont.truetype(str(path), size, index=2)  # index 2: Simplified Chinese
    try:
        font.set_variation_by_name(weight)
    except (OSError, ValueError):
        pass
    return font


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def _emblem(d: ImageDraw.ImageDraw, kind: str, cx: int, cy: int, r: int, fg, bg) -> None:
    w = max(6, r // 10)
    if kind == "plate":
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fg, width=w)
        d.ellipse((cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6), outline=fg, width=w // 2)
    elif kind == "zebra":
        for i in range(6):
            x = cx - r + i * (2 * r // 6)
            d.rectangle((x, cy - r * 0.6, x + r // 6, cy + r * 0.6), fill=fg)
    elif kind == "bins":
        for i, dx in enumerate((-r, 0, r)):
            x = cx + dx * 0.7
            d.rounded_rectangle((x - r * 0.28, cy - r * 0.5, x + r * 0.28, cy + r * 0.7), radius=8,
                                outline=fg, width=w // 2, fill=None if i else fg)
    elif kind == "heart":
        pts = []
        for t in range(0, 360, 4):
            a = math.radians(t)
            x = 16 * math.sin(a) ** 3
            y = 13 * math.cos(a) - 5 * math.cos(2 * a) - 2 * math.cos(3 * a) - math.cos(4 * a)
            pts.append((cx + x * r / 17, cy - y * r / 17))
        d.polygon(pts, fill=fg)
    elif kind == "star":
        pts = []
        for k in range(10):
            rr = r if k % 2 == 0 else r * 0.42
            a = math.radians(-90 + k * 36)
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        d.polygon(pts, fill=fg)
    elif kind == "chopsticks":
        d.line((cx - r * 0.5, cy - r, cx - r * 0.1, cy + r), fill=fg, width=w)
        d.line((cx + r * 0.1, cy - r, cx + r * 0.5, cy + r), fill=fg, width=w)
        d.ellipse((cx - r * 0.3, cy + r * 0.2, cx + r * 0.3, cy + r * 0.8), outline=fg, width=w // 2)
    elif kind == "nosmoke":
        d.rectangle((cx - r * 0.7, cy - r * 0.12, cx + r * 0.5, cy + r * 0.12), fill=fg)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fg, width=w)
        d.line((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), fill=fg, width=w)
    elif kind == "queue":
        for i in range(4):
            x = cx - r + i * (2 * r // 3)
            d.ellipse((x - r * 0.15, cy - r * 0.6, x + r * 0.15, cy - r * 0.3), fill=fg)
            d.rounded_rectangle((x - r * 0.2, cy - r * 0.25, x + r * 0.2, cy + r * 0.5), radius=10, fill=fg)
        d.line((cx - r * 1.1, cy + r * 0.7, cx + r * 1.1, cy + r * 0.7), fill=fg, width=w // 2)
    elif kind == "helmet":
        d.pieslice((cx - r, cy - r, cx + r, cy + r), 180, 360, fill=fg)
        d.rectangle((cx - r, cy - w, cx + r * 1.2, cy + w), fill=fg)
    else:
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fg)


def draw(headline: str, subline: str, colour: str, emblem: str, size=SIZE) -> Image.Image:
    w, h = size
    base = _rgb(colour)
    im = Image.new("RGB", size, base)
    d = ImageDraw.Draw(im)
    # soft diagonal bands
    light = tuple(min(255, c + 40) for c in base)
    for i in range(-h, w, 160):
        d.polygon([(i, h), (i + 80, h), (i + 80 + h, 0), (i + h, 0)], fill=light)
    d.rectangle((0, h * 0.72, w, h), fill=(255, 255, 255))
    _emblem(d, emblem, int(w * 0.78), int(h * 0.36), int(h * 0.2), (255, 255, 255), base)
    title = cjk_font(int(h * 0.15))
    sub = cjk_font(int(h * 0.065), "Medium")
    d.text((w * 0.07, h * 0.22), headline, font=title, fill=(255, 255, 255))
    d.text((w * 0.07, h * 0.8), subline, font=sub, fill=base)
    return im


def generate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem, (headline, subline, colour, emblem) in ARTWORK.items():
        path = folder / f"{stem}.png"
        draw(headline, subline, colour, emblem).quantize(colors=64).save(path, optimize=True)
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    for p in generate(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/ads")):
        print(p)
