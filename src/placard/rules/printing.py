"""Print problems known before drawing (issue 13): the CMYK profile, theme colours the press
cannot print, materials. The poster plan finds them (:mod:`placard.posters.profiles`)."""

from __future__ import annotations

from ..findings import Finding
from ..i18n import N_
from ..model import Campaign
from .posters import plan_findings

RULES = {
    "print.icc": N_("the CMYK ICC profile (extra.placard.posters.icc) is missing or not a CMYK output profile"),
    "print.gamut": N_("a theme colour without cmyk: values is outside what the CMYK profile prints"),
    "print.material": N_("a poster set names a material that is not in the list of materials"),
}


def check(campaign: Campaign) -> list[Finding]:
    return [f for f in plan_findings(campaign) if f.rule.startswith("print.")]
