"""Rule 5, glyphs: every character of text that can be printed exists in the poster font.

Covers slogan texts, ad and guide titles, guide key points, the campaign name and
office, for every item that is not retired. The same font lookup as the posters.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import Campaign
from .posters import plan_findings

RULES = {"glyph.missing": "a character of printable text is not in the poster font (it would print as a box)"}


def check(campaign: Campaign) -> list[Finding]:
    return [f for f in plan_findings(campaign) if f.rule.startswith("glyph.")]
