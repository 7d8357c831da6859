"""argparse's own texts ("usage:", "options", "invalid choice: …") from placard's catalogues.

argparse looks its texts up through the module globals ``argparse._`` and ``argparse.ngettext``
when it uses them; :func:`install` points those at placard's catalogue. The texts are listed
here with ``N_`` so that extraction puts them into the catalogues: they are argparse's own
msgids, %-formatted by argparse after translation (keep each ``%(name)s`` / ``%s`` / ``%r``).
"""

from __future__ import annotations

import argparse
import re
import unicodedata

from . import i18n
from .i18n import N_

TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def _plural_texts() -> None:  # pragma: no cover  (never called: marks argparse's plural texts)
    i18n.ngettext("expected %s argument", "expected %s arguments", 1)


def install() -> None:
    """Make argparse speak the current language (placard's ``--lang`` / ``PLACARD_LANG``)."""
    argparse._ = i18n._
    argparse.ngettext = i18n.ngettext


_WIDE = ("W", "F")
_NO_LINE_START = set("，。、；：？！）》」』”’）】,.;:?!)]")


def width(text: str) -> int:
    """Terminal columns of ``text``: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns, broken at spaces or between CJK
    characters (never before a closing mark such as ，。）), as Chinese text is broken."""
    tokens = re.findall(r"\s+|[^\s\u2e80-\uffef]+|[\u2e80-\uffef]", " ".join(text.split()))
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if tok.isspace():
            if line:
                line += " "
            continue
        if line and width(line) + width(tok) > columns and tok[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = ""
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping help texts by terminal columns (Chinese texts have no spaces)."""

    def _split_lines(self, text, width_):
        return wrap(text, width_)

    def _fill_text(self, text, width_, indent):
        return "\n".join(indent + line for line in wrap(text, width_))

    def format_help(self):
        # argparse ends a section's heading with ':'; a Chinese heading takes the full-width colon
        return _CJK_HEADING.sub(lambda m: m.group(1) + "：", super().format_help())


_CJK_HEADING = re.compile(r"^(\S[^\n]*[\u3400-\u9fff]):$", re.MULTILINE)
