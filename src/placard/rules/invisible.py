"""Invisible characters inside published text (zero width, soft hyphen, bidirectional controls).

A reader cannot see them, but they split a word for every check and for search: a typo with
U+200B inside passes the typo list. :func:`placard.text.segments` removes them before the other
checks read the text; this check reports each one where it is, and ``check --fix`` deletes them.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..model import Campaign
from ..text import INVISIBLE, segments

RULES = {
    "text.invisible": N_(
        "an invisible character (zero width, soft hyphen, bidi control) inside published text"
    )
}


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    for seg in segments(campaign):
        for ch, line, column, offset in seg.hidden:
            code = f"U+{ord(ch):04X}"
            out.append(
                Finding(
                    rule="text.invisible",
                    severity=Severity.ERROR,
                    message=_(
                        "an invisible character {code} ({name}) inside the text: readers do not see it, but it "
                        "hides the words around it from the checks and from search"
                    ).format(code=code, name=_(INVISIBLE[ch])),
                    file=seg.file,
                    line=line,
                    column=column,
                    field=seg.field,
                    fix=_("delete it (placard check --fix removes it)"),
                    context=seg.context(offset, offset),
                )
            )
    return out
