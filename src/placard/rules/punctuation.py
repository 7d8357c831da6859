"""Punctuation in Chinese text: half-width marks, stray spaces, doubled marks, quotes.

:func:`issues` finds the problems in one piece of text; each problem that has a
safe, mechanical fix carries its replacement, and :func:`fix_text` applies them
(until nothing changes, so a second run changes nothing). A mark counts as
"in Chinese text" only when a Chinese character touches it, so English
sentences, times (10:30) and numbers (1,000) are left alone; code spans and
URLs never reach this module (see :mod:`placard.text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..model import Campaign
from ..text import HAN_CLASS, is_han, segments
from ._common import at

RULES = {
    "punct.half-width": N_("half-width , ; : ? ! ( ) in Chinese text"),
    "punct.space": N_("ASCII spaces between Chinese characters"),
    "punct.doubled": N_("doubled or clashing punctuation (，，  。。  ，。)"),
    "punct.quotes": N_("straight quotes in Chinese text, or mixed quotation mark styles"),
}

HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
CJK_PUNCT = set("，。、；：？！“”‘’「」『』（）《》〈〉【】…—～·")
_SPACE_RE = re.compile(f"(?<=[{HAN_CLASS}{''.join(CJK_PUNCT)}])[ \t]+(?=[{HAN_CLASS}{''.join(CJK_PUNCT)}])")
_HALF_RE = re.compile(r"[,;:?!]")
#: Nothing to report unless one of these occurs (one scan for the common, clean text).
_SUSPECT_RE = re.compile(r'[,;:?!()"\t ]|([，。、；：？！])\1|[，、；：][，。、；：]|。[，、；：]')
_PAREN_RE = re.compile(r"[()]")
_DOUBLED_RE = re.compile(r"([，。、；：？！])\1+")
_CLASH_RE = re.compile(r"[，、；：][，。、；：]|。[，、；：]")


def zh(ch: str) -> bool:
    return bool(ch) and (ch in CJK_PUNCT or is_han(ch))


@dataclass(frozen=True)
class Issue:
    start: int
    end: int
    rule: str
    severity: Severity
    message: str
    fix: str
    replacement: str | None = None  # None: no safe automatic fix
    silent: bool = False  # the second half of a pair: fixed, but reported with the first


def _han_run(text: str, i: int, step: int) -> int:
    n = 0
    while 0 <= i < len(text) and is_han(text[i]):
        n += 1
        i += step
    return n


def _half_width(text: str) -> list[Issue]:
    out = []
    n = len(text)
    # A mark right after one that is being made full-width is in Chinese text too
    # (",,。" is fixed in one pass, not one mark per pass).
    converted: set[int] = set()
    for m in _HALF_RE.finditer(text):
        i, c = m.start(), m.group()
        k = i
        while k > 0 and text[k - 1] == " ":
            k -= 1
        prev = text[k - 1] if k > 0 else ""
        prev_zh = zh(prev) or (k - 1) in converted
        j = i + 1
        while j < n and text[j] == " ":
            j += 1
        nxt = text[j] if j < n else ""
        if not (prev_zh or is_han(nxt)):
            continue
        if prev.isascii() and prev.isdigit() and nxt.isascii() and nxt.isdigit():
            continue
        converted.add(i)
        start = k if (k < i and prev_zh) else i
        end = j if (j == n or zh(nxt) or nxt.isalnum() or j == i + 1) else i + 1
        full = HALF[c]
        out.append(Issue(start, end, "punct.half-width", Severity.ERROR,
                         _("half-width '{mark}' in Chinese text").format(mark=c),
                         _("use the full-width '{mark}'").format(mark=full), full))
    if "(" not in text or ")" not in text:
        return out
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for m in _PAREN_RE.finditer(text):
        i, c = m.start(), m.group()
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            pairs.append((stack.pop(), i))
    for a, b in pairs:
        inside = any(is_han(ch) for ch in text[a + 1 : b])
        before = text[a - 1] if a > 0 else ""
        after = text[b + 1] if b + 1 < n else ""
        if not (inside or is_han(before) or is_han(after)):
            continue
        if not inside and before.isascii() and before.isalnum():
            continue  # f(x), Windows(R): not Chinese parentheses
        s = a
        while s > 0 and text[s - 1] == " " and s - 1 > 0 and zh(text[s - 2]):
            s -= 1
        e = b + 1
        while e < n and text[e] == " " and e + 1 < n and zh(text[e + 1]):
            e += 1
        out.append(Issue(s, a + 1, "punct.half-width", Severity.ERROR,
                         _("half-width '{mark}' in Chinese text").format(mark="( )"),
                         _("use the full-width '{mark}'").format(mark="（ ）"), "（"))
        out.append(Issue(b, e, "punct.half-width", Severity.ERROR,
                         _("half-width '{mark}' in Chinese text").format(mark=")"),
                         _("use the full-width '{mark}'").format(mark="）"), "）", silent=True))
    return out


def _spaces(text: str) -> list[Issue]:
    out = []
    for m in _SPACE_RE.finditer(text):
        a, b = m.start(), m.end()
        left, right = text[a - 1], text[b]
        if is_han(left) and is_han(right) and _han_run(text, a - 1, -1) >= 3 \
                and _han_run(text, b, 1) >= 3:
            out.append(Issue(a, b, "punct.space", Severity.WARNING,
                             _("a space between two Chinese phrases"),
                             _("use '，' between the two halves (or '|' for a line break on posters), "
                               "or remove the space")))
        else:
            out.append(Issue(a, b, "punct.space", Severity.WARNING,
                             _("a stray space between Chinese characters"), _("remove the space"), ""))
    return out


def _doubled(text: str) -> list[Issue]:
    out = []
    for m in _DOUBLED_RE.finditer(text):
        c = m.group(1)
        if c == "。" and len(m.group()) >= 3:
            out.append(Issue(m.start(), m.end(), "punct.doubled", Severity.ERROR,
                             _("'{marks}' used as an ellipsis").format(marks=m.group()),
                             _("write the ellipsis as '……'"), "……"))
        else:
            out.append(Issue(m.start(), m.end(), "punct.doubled", Severity.ERROR,
                             _("doubled punctuation '{marks}'").format(marks=m.group()),
                             _("keep one '{mark}'").format(mark=c), c))
    for m in _CLASH_RE.finditer(text):
        if m.group()[0] == m.group()[1]:
            continue
        out.append(Issue(m.start(), m.end(), "punct.doubled", Severity.ERROR,
                         _("two punctuation marks in a row '{marks}'").format(marks=m.group()),
                         _("keep the one that belongs")))
    return out


def _straight_quotes(text: str) -> list[Issue]:
    if '"' not in text:
        return []
    pos = [i for i, c in enumerate(text) if c == '"']
    if not pos:
        return []
    near_han = [i for i in pos if is_han(text[i - 1] if i else "") or is_han(text[i + 1] if i + 1 < len(text) else "")]
    out = []
    if len(pos) % 2:
        if near_han:
            i = near_han[0]
            out.append(Issue(i, i + 1, "punct.quotes", Severity.WARNING,
                             _("straight quote '\"' in Chinese text (unpaired)"),
                             _("use Chinese quotation marks “…”")))
        return out
    for a, b in zip(pos[0::2], pos[1::2], strict=True):
        if any(is_han(ch) for ch in text[a + 1 : b]) or a in near_han or b in near_han:
            out.append(Issue(a, a + 1, "punct.quotes", Severity.WARNING,
                             _("straight quotes '\"…\"' in Chinese text"),
                             _("use Chinese quotation marks “…”"), "“"))
            out.append(Issue(b, b + 1, "punct.quotes", Severity.WARNING,
                             _("straight quotes '\"…\"' in Chinese text"),
                             _("use Chinese quotation marks “…”"), "”", silent=True))
    return out


def _found(text: str) -> list[Issue]:
    if not text or not _SUSPECT_RE.search(text):
        return []
    found = [*_half_width(text), *_spaces(text), *_doubled(text), *_straight_quotes(text)]
    found.sort(key=lambda x: (x.start, x.end))
    return found


def issues(text: str) -> list[Issue]:
    """Every punctuation problem in ``text``, sorted, without overlaps."""
    return _without_overlaps(_found(text))


def _without_overlaps(found: list[Issue]) -> list[Issue]:
    out: list[Issue] = []
    last_end = -1
    for iss in found:
        if iss.start < last_end or (iss.start == last_end and iss.end == iss.start):
            continue
        out.append(iss)
        last_end = max(last_end, iss.end)
    return out


def _apply_once(text: str, skip: tuple[str, ...] = ()) -> str:
    # Overlaps are settled among the fixes only: a problem without a fix ("。，") must not
    # hide a fixable one it overlaps ("，，"), or each run would fix one more.
    fixes = _without_overlaps([i for i in _found(text) if i.replacement is not None and i.rule not in skip])
    if not fixes:
        return text
    parts, pos = [], 0
    for i in fixes:
        parts.append(text[pos : i.start])
        parts.append(i.replacement)
        pos = i.end
    parts.append(text[pos:])
    return "".join(parts)


def fix_text(text: str, skip: tuple[str, ...] = ()) -> str:
    """``text`` with every safe punctuation fix applied; ``fix_text(fix_text(t)) == fix_text(t)``.

    ``skip``: rule ids whose fixes are not applied (switched off by ``lint``).
    """
    # Each pass makes the text shorter or replaces an ASCII mark, so this ends; most
    # texts need one or two passes.
    for _pass in range(len(text) + 2):
        new = _apply_once(text, skip)
        if new == text:
            return text
        text = new
    return text


def quote_styles(text: str) -> set[str]:
    styles = set()
    if "“" in text or "”" in text:
        styles.add("“”")
    if "「" in text or "」" in text:
        styles.add("「」")
    return styles


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    styles_by_file: dict[str, dict[str, tuple]] = {}
    for seg in segments(campaign):
        text = seg.text
        for iss in issues(text):
            if not iss.silent:
                out.append(at(seg, iss.start, iss.end, iss.rule, iss.severity, iss.message, iss.fix))
        if "“" not in text and "”" not in text and "「" not in text and "」" not in text:
            continue
        for style in quote_styles(text):
            first = styles_by_file.setdefault(seg.file, {})
            if style not in first:
                idx = min(i for i in (text.find(style[0]), text.find(style[1])) if i >= 0)
                first[style] = (seg, idx)
    for styles in styles_by_file.values():
        if len(styles) > 1:
            (s1, (seg1, _i1)), (s2, (seg2, i2)) = sorted(
                styles.items(), key=lambda kv: (kv[1][0].line, kv[1][1]))[:2]
            out.append(at(seg2, i2, i2 + 1, "punct.quotes", Severity.WARNING,
                          _("mixed quotation marks: {first} (line {line}) and {second}").format(
                              first=s1, line=seg1.line, second=s2),
                          _("use one style throughout, e.g. {style}").format(style=s1)))
    return out
