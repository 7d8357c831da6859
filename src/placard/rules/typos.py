"""Typo dictionary: known wrong -> right pairs, matched on whole words.

Pairs come from ``data/typos.tsv`` (homophone and input-method errors, miswritten
idioms) plus the campaign's ``extra.placard.lint.typos``. All wrong forms are
searched in one pass per text with a single compiled alternation. A hit counts
only when it starts and ends on word boundaries as jieba segments the text, so
a correct word that contains a wrong form (``按装修标准`` contains ``按装``) is not
reported; ``extra.placard.lint.allow`` lists words that are never reported.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..lint import lint_config
from ..model import Campaign
from ..text import segments
from ._common import at

RULES = {"typo.known": N_("a known wrong word or miswritten idiom (data/typos.tsv)")}


@lru_cache(maxsize=1)
def builtin_pairs() -> tuple[tuple[str, str], ...]:
    text = resources.files("placard").joinpath("data", "typos.tsv").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        wrong, right, *_ = line.split("\t")
        pairs.append((wrong.strip(), right.strip()))
    return tuple(pairs)


class TypoMatcher:
    def __init__(self, pairs, allow=()):
        self.pairs = dict(pairs)
        self.allow = tuple(allow)
        words = sorted(self.pairs, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None
        self.allow_re = re.compile("|".join(map(re.escape, sorted(self.allow, key=len, reverse=True)))) \
            if self.allow else None

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """``(start, end, wrong, right)`` for each whole-word hit in ``text``."""
        if self.pattern is None:
            return []
        hits = [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]
        if not hits:
            return []
        bounds = word_boundaries(text)
        allowed = [(m.start(), m.end()) for m in self.allow_re.finditer(text)] if self.allow_re else []
        out = []
        for a, b, w in hits:
            if a not in bounds or b not in bounds:
                continue
            if any(x <= a and b <= y for x, y in allowed):
                continue
            out.append((a, b, w, self.pairs[w]))
        return out


def _tokenizer():
    """jieba's default tokenizer: loaded once, on the first hit only, and shared with
    Material's search plugin during a build (it segments with jieba too)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


def word_boundaries(text: str) -> set[int]:
    """Offsets where jieba (dictionary only, no HMM guessing) puts a word boundary."""
    bounds = {0}
    pos = 0
    for tok in _tokenizer().cut(text, HMM=False):
        pos += len(tok)
        bounds.add(pos)
    return bounds


def matcher_for(campaign: Campaign) -> TypoMatcher:
    cache = campaign.__dict__.get("_typo_matcher")
    if cache is None:
        cfg = lint_config(campaign)
        cache = _builtin_matcher() if not (cfg.typos or cfg.allow) else \
            TypoMatcher([*builtin_pairs(), *cfg.typos], cfg.allow)
        object.__setattr__(campaign, "_typo_matcher", cache)
    return cache


@lru_cache(maxsize=1)
def _builtin_matcher() -> TypoMatcher:
    return TypoMatcher(builtin_pairs())


def check(campaign: Campaign) -> list[Finding]:
    m = matcher_for(campaign)
    out: list[Finding] = []
    for seg in segments(campaign):
        for a, b, wrong, right in m.find(seg.text):
            out.append(at(
                seg, a, b, "typo.known", Severity.ERROR,
                _("'{wrong}' is a common miswriting of '{right}'").format(wrong=wrong, right=right),
                _("write '{right}' instead of '{wrong}'").format(wrong=wrong, right=right),
            ))
    return out
