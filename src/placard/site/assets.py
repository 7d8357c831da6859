"""Static files placard ships into every site (its stylesheet)."""

from __future__ import annotations

from importlib import resources

from ..model import Campaign
from .registry import ASSET_GENERATORS, AUDIENCES_ALL, SiteOptions, serve

CSS_URI = "assets/placard.css"
FONTSIZE_JS_URI = "assets/placard-fontsize.js"  # the font-size switch's buttons (适老化)


def stylesheet(campaign: Campaign, options: SiteOptions) -> dict[str, bytes]:
    data = resources.files("placard").joinpath("data")
    return {CSS_URI: data.joinpath("placard.css").read_bytes(),
            FONTSIZE_JS_URI: data.joinpath("placard-fontsize.js").read_bytes()}


ASSET_GENERATORS.append(serve(stylesheet, *AUDIENCES_ALL))
