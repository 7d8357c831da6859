"""Rule 5, glyphs: every character of published text exists in the poster font.

``glyph.missing`` (error) covers the text that posters print: slogan texts, ad and
guide titles, guide key points, the campaign name and office, for every item that
is not retired, and the vertical punctuation forms (U+FE10–FE19, U+FE30–FE44) of
text a template sets vertically. ``glyph.prose`` (warning) covers the prose of guide and ad pages:
a character the poster font lacks shows as an empty box when the page is printed
or quoted on a board, and many phones lack it too. The same font lookup as the
posters.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..model import Campaign
from ..text import segments
from ._common import at
from .posters import plan_findings

RULES = {
    "glyph.missing": N_("a character of printable text is not in the poster font (it would print as a box)"),
    "glyph.prose": N_("a character of a page's prose is not in the poster font (a box in print, often on phones too)"),
}


def check(campaign: Campaign) -> list[Finding]:
    out = [f for f in plan_findings(campaign) if f.rule.startswith("glyph.")]
    return out + prose_findings(campaign)


def prose_findings(campaign: Campaign) -> list[Finding]:
    from ..posters import fonts as F
    from ..posters.plan import make_plan

    font = make_plan(campaign).font
    if font is None:
        return []  # no font: poster.font already says so
    retired = {i.source.file for i in campaign.items() if i.approval.status == "retired"}
    out: list[Finding] = []
    for seg in segments(campaign):
        if seg.field != "body" or seg.file in retired or seg.text.isascii():
            continue
        for ch in F.missing_glyphs(seg.text, font):
            i = seg.text.index(ch)
            out.append(at(seg, i, i + 1, "glyph.prose", Severity.WARNING,
                          _("the character {char} is not in the poster font {font}; it shows as an empty box "
                            "in print and on phones without it").format(char=F.describe_char(ch), font=font.label),
                          _("use a common character (or a picture), or set extra.placard.posters.font to a font "
                            "that has it")))
    return out
