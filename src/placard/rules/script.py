"""Script mixing: Traditional-only characters in Simplified (zh-Hans) text.

Every text is converted with OpenCC's Traditional -> Simplified tables (phrase
aware, so 著名 stays 著名); a character the conversion changes exists only in
Traditional Chinese and is reported with its Simplified form.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..model import Campaign
from ..text import is_han, segments
from ._common import at

RULES = {"script.traditional": N_("a Traditional-only character in zh-Hans text")}


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(texts: list[str]) -> list[str]:
    """Convert many texts in one call (newlines inside texts are kept as spaces)."""
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ").replace("\r", " ") for t in texts)
    out = _converter().convert(joined).split("\n")
    if len(out) != len(texts):  # cannot happen with OpenCC's tables; be safe anyway
        return [_converter().convert(t.replace("\n", " ").replace("\r", " ")) for t in texts]
    return out


_PIECE_RE = re.compile(r"[^\s，。、；：？！,.;:?!()（）]+|.", re.S)


def _positional(text: str, simplified: str, base: int, out: list) -> None:
    i = 0
    n = len(text)
    while i < n:
        if text[i] != simplified[i] and is_han(text[i]):
            j = i
            while j < n and text[j] != simplified[j]:
                j += 1
            out.append((base + i, base + j, simplified[i:j]))
            i = j
        else:
            i += 1


def traditional_spans(text: str, simplified: str) -> list[tuple[int, int, str]]:
    """``(start, end, simplified)`` for each run of Traditional-only characters.

    OpenCC maps character to character almost always, so the two texts are
    compared position by position; where a phrase changed length, that piece
    (between punctuation or spaces) is converted and aligned on its own.
    """
    if text == simplified:
        return []
    clean = text.replace("\n", " ").replace("\r", " ")
    out: list[tuple[int, int, str]] = []
    if len(clean) == len(simplified):
        _positional(clean, simplified, 0, out)
        return out
    for m in _PIECE_RE.finditer(clean):
        piece = m.group()
        simp = _converter().convert(piece)
        if simp == piece:
            continue
        if len(simp) == len(piece):
            _positional(piece, simp, m.start(), out)
            continue
        sm = difflib.SequenceMatcher(None, piece, simp, autojunk=False)
        for op, a1, a2, b1, b2 in sm.get_opcodes():
            if op != "equal" and a1 != a2 and any(is_han(c) for c in piece[a1:a2]):
                out.append((m.start() + a1, m.start() + a2, simp[b1:b2]))
    return out


def check(campaign: Campaign) -> list[Finding]:
    if campaign.config.language != "zh-Hans":
        return []
    segs = [s for s in segments(campaign) if not s.text.isascii()]
    out: list[Finding] = []
    for seg, simp in zip(segs, to_simplified([s.text for s in segs]), strict=True):
        for a, b, right in traditional_spans(seg.text, simp):
            wrong = seg.text[a:b]
            out.append(at(
                seg, a, b, "script.traditional", Severity.WARNING,
                _("'{wrong}' is Traditional Chinese in Simplified (zh-Hans) text").format(wrong=wrong),
                _("write '{right}'").format(right=right),
            ))
    return out
