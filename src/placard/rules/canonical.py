"""Canonical texts: a quotation of an official formulation must match it exactly.

A canonical text is a list of words (split at 、，；), e.g. the twelve words of
the core socialist values. Any run of those words in a text (separated by
list punctuation, spaces, or nothing) that holds at least ``min_items`` of them
is a quotation; it must then hold every word, in order, unaltered, with the
official punctuation between them (or none at all, as on a poster laid out in
lines). A word with one wrong character (法制 for 法治) is an altered word, and so is a word with up to
half its characters wrong between two right words (团结有爱 for 团结友善 in the civic norms).
Texts without list punctuation (a campaign tagline) are matched whole, with up
to one wrong character in five.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..findings import Finding, Severity
from ..i18n import N_, _
from ..lint import CanonicalText, lint_config
from ..model import Campaign
from ..text import is_han, segments
from ._common import at

RULES = {"canonical.misquote": N_("a partial, misordered or altered quotation of a canonical text")}

ITEM_SEPS = "、，；"
#: Characters allowed between the words of a quoted list.
RUN_SEPS = set("、，；,;·・ \u3000\t|")


@dataclass(frozen=True)
class Canon:
    id: str
    name: str
    text: str
    items: tuple[str, ...]
    seps: tuple[str, ...]
    min_items: int

    @classmethod
    def of(cls, c: CanonicalText) -> Canon:
        parts = re.split(f"([{ITEM_SEPS}])", c.text.strip())
        items = tuple(p.strip() for p in parts[0::2] if p.strip())
        seps = tuple(parts[1::2])[: max(0, len(items) - 1)]
        default = len(items) if len(items) < 4 else max(3, (2 * len(items) + 2) // 3)
        k = min(c.min_items or default, len(items)) or 1
        return cls(c.id, c.name, c.text.strip(), items, seps, k)

    @property
    def max_diff(self) -> dict[int, int]:
        return {i: max(1, len(w) // 5) for i, w in enumerate(self.items)}


@lru_cache(maxsize=1)
def builtin() -> tuple[CanonicalText, ...]:
    raw = yaml.safe_load(resources.files("placard").joinpath("data", "canonical.yml").read_text("utf-8"))
    return tuple(CanonicalText(e["id"], e.get("name", e["id"]), e["text"], e.get("min_items")) for e in raw)


class CanonMatcher:
    def __init__(self, canon: Canon):
        self.c = canon
        words = sorted(set(canon.items), key=len, reverse=True)
        self.exact_re = re.compile("|".join(map(re.escape, words)))
        self.index = {}
        for i, w in enumerate(canon.items):
            self.index.setdefault(w, i)
        self.chars = set("".join(canon.items))
        self.single = len(canon.items) == 1

    def _maybe(self, text: str) -> bool:
        if self.single:
            item = self.c.items[0]
            need = len(item) - self.c.max_diff[0]
            return len(text) >= len(item) - 0 and sum(ch in self.chars for ch in set(text)) >= \
                min(need, len(set(item))) * 0.6
        found = set(self.exact_re.findall(text))
        return len(found) >= max(1, self.c.min_items - 2)

    def _near(self, text: str, q: int, idx: int) -> bool:
        w = self.c.items[idx]
        chunk = text[q : q + len(w)]
        if len(chunk) != len(w) or chunk == w or not all(is_han(ch) for ch in chunk):
            return False
        diff = sum(a != b for a, b in zip(chunk, w, strict=True))
        return diff <= self.c.max_diff[idx] and diff < len(w)

    def _item_at(self, text: str, q: int, expected: int | None):
        """(index, end, exact) of a canonical word at ``q``, or None."""
        if expected is not None:
            w = self.c.items[expected]
            if text.startswith(w, q):
                return expected, q + len(w), True
        m = self.exact_re.match(text, q)
        if m:
            return self.index[m.group()], m.end(), True
        if expected is not None and (
            self._near(text, q, expected) or self._between(text, q, expected)
        ):
            return expected, q + len(self.c.items[expected]), False
        return None

    def _between(self, text: str, q: int, idx: int) -> bool:
        """A word with more wrong characters (up to half: 团结有爱 for 团结友善) that stands where the
        quotation expects it, followed by the quotation's next word (the word before it already matched)."""
        w = self.c.items[idx]
        chunk = text[q : q + len(w)]
        if (
            idx + 1 >= len(self.c.items)
            or len(chunk) != len(w)
            or not all(is_han(ch) for ch in chunk)
        ):
            return False
        diff = sum(a != b for a, b in zip(chunk, w, strict=True))
        if diff > len(w) // 2:
            return False
        pos = q + len(w)
        while pos < len(text) and text[pos] in RUN_SEPS:
            pos += 1
        return text.startswith(self.c.items[idx + 1], pos)

    def runs(self, text: str):
        q = 0
        n = len(self.c.items)
        while q < len(text):
            hit = self._item_at(text, q, None)
            if hit is None or (not hit[2]):
                q += 1
                continue
            entries = []  # (index, start, end, exact)
            seps = []
            pos = q
            expected = None
            while True:
                hit = self._item_at(text, pos, expected)
                if hit is None:
                    break
                idx, end, exact = hit
                if entries:
                    seps.append(text[entries[-1][2] : pos])
                entries.append((idx, pos, end, exact))
                expected = idx + 1 if idx + 1 < n else None
                pos = end
                while pos < len(text) and text[pos] in RUN_SEPS:
                    pos += 1
            # a first word with a wrong character just before the run
            first_idx, first_start = entries[0][0], entries[0][1]
            if first_idx > 0:
                b = first_start
                while b > 0 and text[b - 1] in RUN_SEPS:
                    b -= 1
                w = self.c.items[first_idx - 1]
                a = b - len(w)
                if a >= 0 and b < first_start and self._near(text, a, first_idx - 1):
                    seps.insert(0, text[b:first_start])
                    entries.insert(0, (first_idx - 1, a, b, False))
            yield entries, seps
            q = max(entries[-1][2], q + 1)

    def check_text(self, text: str):
        """Yield ``(start, end, problems, focus)`` for each misquotation in ``text``;
        ``focus`` is the span of the first altered word, or None."""
        if not self._maybe(text):
            return
        if self.single:
            yield from self._check_single(text)
            return
        c = self.c
        for entries, seps in self.runs(text):
            idxs = [e[0] for e in entries]
            if len(set(idxs)) < c.min_items:
                continue
            problems = []
            altered = [(text[s:e], c.items[i]) for i, s, e, exact in entries if not exact]
            if altered:
                problems.extend(_("'{wrong}' should be '{right}'").format(wrong=a, right=w) for a, w in altered)
            missing = [c.items[i] for i in range(len(c.items)) if i not in idxs]
            if missing:
                problems.append(_("missing {words}").format(words="、".join(missing)))
            if any(b <= a for a, b in zip(idxs, idxs[1:], strict=False)):
                problems.append(_("the words are out of order"))
            if not problems and len(seps) == len(c.seps) and tuple(seps) != c.seps \
                    and not all(not s.strip() for s in seps):
                problems.append(_("the punctuation between the words differs"))
            if problems:
                focus = next(((s, e) for _i, s, e, exact in entries if not exact), None)
                yield entries[0][1], entries[-1][2], problems, focus

    def _check_single(self, text: str):
        w = self.c.items[0]
        if w in text:
            return
        q = 0
        while q + len(w) <= len(text):
            if self._near(text, q, 0):
                chunk = text[q : q + len(w)]
                yield q, q + len(w), [_("'{wrong}' should be '{right}'").format(wrong=chunk, right=w)], None
                q += len(w)
            else:
                q += 1


def matchers_for(campaign: Campaign) -> list[CanonMatcher]:
    cache = campaign.__dict__.get("_canon_matchers")
    if cache is None:
        texts = [*builtin(), *lint_config(campaign).canonical]
        canons = [Canon.of(t) for t in texts if t.text.strip()]
        cache = [CanonMatcher(c) for c in canons if c.items]  # "，" alone has no words
        object.__setattr__(campaign, "_canon_matchers", cache)
    return cache


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    matchers = matchers_for(campaign)
    for seg in segments(campaign):
        for m in matchers:
            for start, end, problems, focus in m.check_text(seg.text):
                # point at the first altered word when there is one, else at the quotation
                a, b = focus or (start, end)
                out.append(at(
                    seg, a, b, "canonical.misquote", Severity.ERROR,
                    _("quotes '{name}' but not exactly: {problems}").format(name=m.c.name, problems=_("; ").join(problems)),
                    _("quote it exactly: '{text}'").format(text=m.c.text), width=6 if focus else 4,
                ))
    return out
