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

WBR = "<wbr>"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
#: The titles whose words are kept whole: every page title, and the titles of slogan cards,
#: ad cards and a guide's "how to" box. Their contents hold text and inline tags only.
_TITLES = re.compile(
    r"(<h1\b[^>]*>)(.*?)(</h1>)"
    r'|(<span class="pl-(?:card-text|ad-title)">)([^<]*)(</span>)'
    r'|(<p class="pl-howto-title">)(.*?)(</p>)',
    re.S,
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


def _inner(fragment: str) -> str:
    """An escaped HTML fragment (text and inline tags) with word breaks in its text."""
    pieces = _TAG.split(fragment)
    for i in range(0, len(pieces), 2):  # even indices are text between tags
        if _HAN.search(pieces[i]):
            pieces[i] = text_with_breaks(html.unescape(pieces[i]))
    return "".join(pieces)


def break_titles(page_html: str) -> str:
    """A page body whose titles break between words only."""
    if "<h1" not in page_html and 'class="pl-' not in page_html:
        return page_html

    def one(m: re.Match) -> str:
        for k in (1, 4, 7):
            if m.group(k) is not None:
                return m.group(k) + _inner(m.group(k + 1)) + m.group(k + 2)
        return m.group(0)  # pragma: no cover - every alternative has its three groups

    return _TITLES.sub(one, page_html)
