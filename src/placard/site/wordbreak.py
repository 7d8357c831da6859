"""Titles break between words, never inside one (适老化, issue 22).

A browser breaks Chinese text between any two characters, so a title could wrap as
"核 / 心价值观". Page titles (``<h1>``), slogan and card titles carry a ``<wbr>`` at each
word boundary instead, and the stylesheet (``word-break: keep-all``) allows no other break
between Chinese characters. Words come from jieba, as the search index cuts them (Material's
search plugin: ``jieba.cut`` with the campaign's words from :func:`placard.site.search.campaign_terms`).
No ``<wbr>`` goes where Chinese typesetting forbids a break: before closing punctuation or after
opening punctuation (clreq, :mod:`placard.posters.typeset`).

The page's HTML is escaped already: each text node is unescaped, cut, and every word escaped
again, so a title holding ``<script>`` stays text. Tags and attributes are left as they are.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Iterable

from markupsafe import escape

from ..posters.typeset import NO_END, NO_START
from ..text import HAN_CLASS

WBR = "<wbr>"
_HAN = re.compile(f"[{HAN_CLASS}]")
#: The titles whose words are kept whole: every page title, and the titles of slogan cards,
#: ad cards and a guide's "how to" box (opening tag -> its closing tag). Their contents hold text
#: and inline tags only (no nested element of the same name).
_OPEN = re.compile(
    r'<(h1)\b[^>]*>|<(span) class="pl-(?:card-text|ad-title)">|<(p) class="pl-howto-title">'
)
_TAG = re.compile(r"(<[^>]*>)")


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


_terms: frozenset[str] = frozenset()


def add_terms(terms: Iterable[str]) -> None:
    """The campaign's own words (place names, theme names, tags): kept whole, as in the search's
    user dictionary (the same weight, :func:`placard.site.search.write_user_dict`)."""
    global _terms
    new = frozenset(terms) - _terms
    if not new:
        return
    jb = _jieba()
    for t in sorted(new):
        jb.add_word(t, 2000, "n")
    _terms = _terms | new
    words.cache_clear()
    _inner.cache_clear()


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut into words, as the search index cuts it."""
    return tuple(w for w in _jieba().cut(text) if w)


def _may_break(before: str, after: str) -> bool:
    a, b = before[-1], after[0]
    if a.isspace() or b.isspace():  # a space is a break already
        return False
    if a in NO_END or b in NO_START:
        return False
    return bool(_HAN.match(a) or _HAN.match(b))  # Latin words and numbers break as the browser does


def text_with_breaks(text: str) -> str:
    """Plain ``text`` as HTML: escaped, with ``<wbr>`` at each word boundary a line may break at."""
    if not _HAN.search(text):
        return str(escape(text))
    parts = words(text)
    out = [str(escape(parts[0]))] if parts else []
    for prev, word in zip(parts, parts[1:], strict=False):
        if _may_break(prev, word):
            out.append(WBR)
        out.append(str(escape(word)))
    return "".join(out)


@functools.lru_cache(maxsize=65536)  # a theme's cards recur on each of its pages
def _inner(fragment: str) -> str:
    """An escaped HTML fragment (text and inline tags) with word breaks in its text."""
    pieces = _TAG.split(fragment)
    for i in range(0, len(pieces), 2):  # even indices are text between tags
        if _HAN.search(pieces[i]):
            pieces[i] = text_with_breaks(html.unescape(pieces[i]))
    return "".join(pieces)


def break_titles(page_html: str) -> str:
    """A page body whose titles break between words only."""
    out, pos = [], 0
    for m in _OPEN.finditer(page_html):
        if m.start() < pos:  # inside a title already edited (cannot happen with well-formed titles)
            continue
        close = f"</{m.group(1) or m.group(2) or m.group(3)}>"
        end = page_html.find(close, m.end())
        if end < 0:
            break
        out += [page_html[pos : m.end()], _inner(page_html[m.end() : end])]
        pos = end
    if not out:
        return page_html
    out.append(page_html[pos:])
    return "".join(out)
