"""Poster problems known before drawing: formats, templates, sets, fonts, QR sizes, site_url.

The plan (:func:`placard.posters.plan.make_plan`) finds them once; this check, and
:mod:`.length` (rule 4) and :mod:`.glyphs` (rule 5), each report their share.
"""

from __future__ import annotations

from ..findings import Finding
from ..i18n import N_
from ..model import Campaign

RULES = {
    "poster.unknown-format": N_("a poster set names a format that does not exist"),
    "poster.unknown-template": N_("a poster set names a template that does not exist"),
    "poster.format": N_("a format in posters/formats.yml is not valid (sizes must be positive)"),
    "poster.template": N_("a template is not valid (e.g. a box outside the page)"),
    "poster.set": N_("a poster set in posters/*.yml is not valid"),
    "poster.set-empty": N_("a poster set's filter (items, themes, tags) matches no published item: it makes no poster"),
    "poster.config": N_("extra.placard.posters in mkdocs.yml is not valid"),
    "poster.safe-area": N_("a template's text or code runs into a format's safe margin"),
    "poster.fit": N_("a template's fixed text (campaign name, office) does not fit its box"),
    "poster.vertical": N_("a template's vertical text box is narrower than one column of legible text"),
    "poster.qr-size": N_("a QR code is too small for its scanning distance (width >= distance/10, modules >= 0.5 mm)"),
    "poster.image": N_("artwork or logo cannot be opened safely"),
    "poster.font": N_("no usable Chinese font for posters"),
    "poster.code-clash": N_("two items or slots would get the same QR code"),
    "poster.site-url": N_("posters carry QR codes but the campaign has no site_url"),
    "poster.render": N_("a poster could not be drawn"),
}


def plan_findings(campaign: Campaign) -> list[Finding]:
    from ..posters.plan import make_plan

    return make_plan(campaign).findings


def check(campaign: Campaign) -> list[Finding]:
    return [f for f in plan_findings(campaign) if f.rule.startswith("poster.")]
