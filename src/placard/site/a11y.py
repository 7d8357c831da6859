"""Accessibility fixes to the pages Material renders (WCAG 2.1 AA; checked by tests/test_a11y.py).

Each is a small string edit of a built page, so it works whatever template a campaign overrides.
Colour contrast lives in ``data/placard.css``.
"""

from __future__ import annotations

import re
from html import escape

from ..i18n import P_

#: What :func:`fix_page` looks for in a page: a page whose own text holds one of these is fixed
#: whole, never from a fixed page shell (:mod:`placard.site.shell`).
LOOKS_FOR = ("<html", "md-search", "pl-table-wrap")


def fix_page(html: str, language: str) -> str:
    return focusable_scrollers(name_search_dialog(html_lang(html, language)))


def html_lang(output: str, language: str) -> str:
    """Set the ``lang`` of the page's ``<html>`` element (the first tag) to ``language``.

    Material prints ``theme.language`` ("zh"); screen readers and font selection need the
    campaign's language (``zh-Hans``), as its QR redirect pages already say."""
    start = output.find("<html")
    if start == -1 or start > 200:
        return output
    end = output.find(">", start)
    tag = output[start:end]
    head, sep, rest = tag.partition(' lang="')
    if not sep:
        return output[:start] + f'<html lang="{escape(language)}"' + output[start + 5 :]
    value_end = rest.find('"')
    return output[:start] + head + sep + escape(language) + rest[value_end:] + output[end:]


_SEARCH_DIALOG = re.compile(r'(<div class="md-search"[^>]*?role="dialog")(?![^>]*aria-label)')


def name_search_dialog(output: str) -> str:
    """Material's search dialog has no accessible name; screen readers announce "dialog"."""
    return _SEARCH_DIALOG.sub(r'\1 aria-label="' + str(escape(P_("Search"))) + '"', output, count=1)


def focusable_scrollers(output: str) -> str:
    """A wide table's scroll box takes the keyboard focus, so it can be scrolled without a mouse."""
    return output.replace('<div class="pl-table-wrap">', '<div class="pl-table-wrap" tabindex="0">')
