"""Readable by everyone (适老化, WCAG 2.1 AA): theme colours against white.

The site and the posters use a theme's colour both ways: white text on it (theme
chips, poster backgrounds, share cards) and as text on white (slogans, theme names,
tags). Contrast is symmetric, so one ratio answers both; AA asks 4.5:1 for body text.
A colour that falls short is a warning (existing campaigns still build) with the nearest
passing shade: the same hue and saturation, darkened (HSL lightness lowered) until it
reaches 4.5:1. A colour not written as ``#rrggbb`` is an error.
"""

from __future__ import annotations

import colorsys
import re

from ..findings import Finding, error, warning
from ..i18n import N_, _
from ..model import Campaign
from ..yamlsrc import YList, YMap

RULES = {
    "contrast.theme": N_("a theme colour has less than 4.5:1 contrast with white (text on it, or it as text on white)"),
    "contrast.format": N_("a theme colour is not written as #rrggbb"),
}
AA = 4.5
HEX6 = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(x * 2 for x in h)
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(a: str, b: str = "#ffffff") -> float:
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(x * 255))):02x}" for x in (r, g, b))


def nearest_passing(hex_colour: str, target: float = AA) -> str:
    """The same hue, darkened in HSL lightness (steps of 0.5 %) until white on it reaches ``target``."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(x * 2 for x in h)
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    out = _hex(r, g, b)
    while ratio(out) < target and light > 0:
        light = max(0.0, light - 0.005)
        out = _hex(*colorsys.hls_to_rgb(hue, light, sat))
    return out


def _theme_lines(campaign: Campaign) -> dict[str, int]:
    themes = campaign.config.raw.get("themes")
    out: dict[str, int] = {}
    if isinstance(themes, list):
        for i, t in enumerate(themes):
            if isinstance(t, dict) and isinstance(t.get("id"), str):
                line = themes.line_of(i) if isinstance(themes, YList) else campaign.config.source.line_of("themes")
                out[t["id"]] = t.line_of("colour") if isinstance(t, YMap) and "colour" in t else line
    return out


def check(campaign: Campaign) -> list[Finding]:
    findings: list[Finding] = []
    lines = _theme_lines(campaign)
    for t in campaign.config.themes:
        line = lines.get(t.id, campaign.config.source.line_of("themes"))
        fld = f"extra.placard.themes.{t.id}.colour"
        if not HEX6.match(t.colour):
            full = "#" + "".join(x * 2 for x in t.colour.lstrip("#")) if len(t.colour) == 4 else None
            findings.append(error(
                "contrast.format",
                _("theme '{id}': colour '{colour}' is not written as #rrggbb").format(id=t.id, colour=t.colour),
                file="mkdocs.yml", line=line, field=fld,
                fix=_("write it with six hex digits in quotes, e.g. colour: \"{colour}\"").format(
                    colour=full or "#c0392b")))
            continue
        r = ratio(t.colour)
        if r < AA:
            better = nearest_passing(t.colour)
            findings.append(warning(
                "contrast.theme",
                _("theme '{id}' ({name}): colour {colour} has {ratio}:1 contrast with white; white text on it "
                  "and it as text on white need at least {need}:1 (WCAG 2.1 AA) to be readable").format(
                    id=t.id, name=t.name, colour=t.colour.lower(), ratio=f"{r:.2f}", need=AA),
                file="mkdocs.yml", line=line, field=fld,
                fix=_("use the nearest passing shade colour: \"{colour}\" ({ratio}:1)").format(
                    colour=better, ratio=f"{ratio(better):.2f}")))
    return findings
