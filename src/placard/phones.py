"""Telephone numbers written in text: found, and made into ``tel:`` links a phone can dial.

A resident reading "拨打 12345 市民热线" on a phone taps the number. Every number written in a
page's text becomes a link in the built page (the sources stay as written): the public-service
hotlines (12345, 12315, ... and the 95/96 service numbers), 110/119/120/122, landlines with an
area code (0755-12345678, (0571) 8765 4321), 400/800 numbers and mobiles (13800138000,
138 0013 8000, +86 138-0013-8000). Digits that are part of a longer run, a date, an amount
("12345 元") or a code stay as they are.

:func:`numbers` finds them in plain text (the actions check uses it: a page that gives a number
is not a dead end); :func:`link_numbers` links them in HTML, outside links, code and scripts.
"""

from __future__ import annotations

import re

_SEP = r"[ \-]?"
#: What follows an amount or a count, not a number to call ("12345 元", "120 分钟", "110 周年").
_UNITS = r"[年月日号元人个岁米次天条页斤克吨万亿千百分周届期名位户家件项所座台辆平公%％]|km|kg|m\b"
_MOBILE = r"1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"
#: One telephone number (a match is the number as written). Every branch begins with a digit, '+'
#: or '(' so the regex engine skips the rest of a page quickly; what may not come just before a
#: number (a letter, a digit, '-', '.', ...) is checked by :func:`_called`.
PHONE = re.compile(
    r"(?:\+86[ \-]?"
    + _MOBILE
    + "|"
    + _MOBILE  # a mobile
    + r"|\(0\d{2,3}\)"
    + _SEP
    + r"\d{3,4}"
    + _SEP
    + r"\d{4}"  # a landline with its area code
    + r"|0\d{2,3}"
    + _SEP
    + r"\d{3,4}"
    + _SEP
    + r"\d{4}"
    + r"|[48]00"
    + _SEP
    + r"\d{3}"
    + _SEP
    + r"\d{4}"  # 400 / 800 numbers
    + r"|123\d{2}|9[56]\d{3}"  # public-service hotlines (12345, 12315, 12369; 95598, 96333)
    + r"|11[09]|12[02]"  # police, fire, ambulance, traffic accidents
    + r")(?![0-9A-Za-z_/%]|[.\-]\d|\s*(?:"
    + _UNITS
    + r"))"
)
_BEFORE = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-+/#%:=@&")
#: Written before a number that is not one to call (第 120 条, No. 110).
_NOT_BEFORE = re.compile(r"(?:第|No\.?|编号)\s*$")

_SKIP = (
    "a",
    "code",
    "pre",
    "script",
    "style",
    "textarea",
    "button",
    "kbd",
    "samp",
    "title",
    "svg",
    "select",
)
_DIGITS = re.compile(r"\d{3}")


def dial(number: str) -> str:
    """The ``tel:`` form of a number as written: digits, and a leading + kept."""
    return ("+" if number.lstrip().startswith("+") else "") + re.sub(r"\D", "", number)


def _called(text: str, m: re.Match) -> bool:
    at = m.start()
    if at and text[at - 1] in _BEFORE:  # part of a longer word, code or address
        return False
    return not _NOT_BEFORE.search(text, max(0, at - 8), at)


def numbers(text: str) -> list[str]:
    """The telephone numbers written in ``text``, as written."""
    return [m.group(0) for m in PHONE.finditer(text) if _called(text, m)]


def _inside(html: str, at: int) -> bool:
    """Whether ``at`` is inside a tag, a comment or an element whose text stays as it is."""
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return True
    for name in _SKIP:
        opened = max(html.rfind(f"<{name}>", 0, at), html.rfind(f"<{name} ", 0, at))
        if opened != -1 and opened > html.rfind(f"</{name}>", 0, at):
            return True
    return False


def link_numbers(html: str) -> str:
    """``html`` with every telephone number in its text made a ``tel:`` link; text inside links,
    code, scripts, buttons and the like is left alone, as is every attribute and comment.
    (A number is found in the whole page first, then placed: a page's few numbers cost a few
    look-backs, not a walk over every tag.)"""
    if not _DIGITS.search(html):
        return html
    out: list[str] = []
    pos = 0
    for m in PHONE.finditer(html):
        if _inside(html, m.start()) or not _called(html, m):
            continue
        out.append(html[pos : m.start()])
        out.append(f'<a class="pl-tel" href="tel:{dial(m.group(0))}">{m.group(0)}</a>')
        pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)
