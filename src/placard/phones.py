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
#: One telephone number (a match is the number as written).
PHONE = re.compile(
    r"(?<![0-9A-Za-z_.\-+/#%:=@&])(?:"
    r"(?:\+86[ \-]?)?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"  # a mobile
    r"|(?:\(0\d{2,3}\)|0\d{2,3})"
    + _SEP
    + r"\d{3,4}"
    + _SEP
    + r"\d{4}"  # a landline with its area code
    r"|[48]00" + _SEP + r"\d{3}" + _SEP + r"\d{4}"  # 400 / 800 numbers
    r"|123\d{2}|9[56]\d{3}"  # public-service hotlines (12345, 12315, 12369; 95598, 96333)
    r"|11[09]|12[02]"  # police, fire, ambulance, traffic accidents
    r")(?![0-9A-Za-z_/%]|[.\-]\d|\s*(?:" + _UNITS + r"))"
)
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
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)


def dial(number: str) -> str:
    """The ``tel:`` form of a number as written: digits, and a leading + kept."""
    return ("+" if number.lstrip().startswith("+") else "") + re.sub(r"\D", "", number)


def numbers(text: str) -> list[str]:
    """The telephone numbers written in ``text``, as written."""
    out = []
    for m in PHONE.finditer(text):
        if not _NOT_BEFORE.search(text, 0, m.start()):
            out.append(m.group(0))
    return out


def _link_text(text: str) -> str:
    def one(m: re.Match) -> str:
        if _NOT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return m.group(0)
        return f'<a class="pl-tel" href="tel:{dial(m.group(0))}">{m.group(0)}</a>'

    return PHONE.sub(one, text)


def link_numbers(html: str) -> str:
    """``html`` with every telephone number in its text made a ``tel:`` link; text inside links,
    code, scripts, buttons and the like is left alone, as is every attribute."""
    if not re.search(r"\d{3}", html):
        return html
    out: list[str] = []
    depth = 0  # inside how many elements whose text stays as it is
    pos = 0
    for m in _TAG.finditer(html):
        text = html[pos : m.start()]
        out.append(_link_text(text) if depth == 0 and text else text)
        out.append(m.group(0))
        pos = m.end()
        name = (m.group(2) or "").lower()
        if name in _SKIP and not m.group(3):
            depth = max(0, depth - 1) if m.group(1) else depth + 1
    rest = html[pos:]
    out.append(_link_text(rest) if depth == 0 else rest)
    return "".join(out)
