"""Static files placard ships into every site (its stylesheet)."""

from __future__ import annotations

from importlib import resources

from ..model import Campaign
from .registry import ASSET_GENERATORS, AUDIENCES_ALL, SiteOptions, serve

CSS_URI = "assets/placard.css"


def stylesheet(campaign: Campaign, options: SiteOptions) -> dict[str, bytes]:
    return {CSS_URI: resources.files("placard").joinpath("data", "placard.css").read_bytes()}


ASSET_GENERATORS.append(serve(stylesheet, *AUDIENCES_ALL))
