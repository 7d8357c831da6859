"""Poster problems known before drawing: formats, templates, sets, fonts, QR sizes, site_url.

The plan (:func:`placard.posters.plan.make_plan`) finds them once; this check, and
:mod:`.length` (rule 4) and :mod:`.glyphs` (rule 5), each report their share.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import Campaign


def plan_findings(campaign: Campaign) -> list[Finding]:
    from ..posters.plan import make_plan

    return make_plan(campaign).findings


def check(campaign: Campaign) -> list[Finding]:
    return [f for f in plan_findings(campaign) if f.rule.startswith("poster.")]
