"""Chinese line breaking (W3C clreq) and fitting text into a box.

* No line starts with closing punctuation and none ends with opening punctuation.
* Breaks prefer punctuation, then word boundaries (jieba), and lines of balanced
  width, so a two-part slogan splits at its comma into two halves.
* The author's break marks (``|`` in a slogan) are the only places a hinted text breaks.
* Text gets the largest size that fits, and never less than the format's minimum.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: May not start a line (clreq: closing brackets, pause/stop marks, and their half-width forms).
NO_START = set("，。、；：？！）」』》〉】〕〗〙〛”’…‥·—～%‰℃,.;:?!)]}>") | {"\u00b7"}
#: May not end a line (opening brackets and quotation marks).
NO_END = set("（「『《〈【〔〖〘〚“‘([{<")
#: A break after these is natural (end of a phrase).
PHRASE_END = set("，。、；：？！,.;:?!")
#: Runs that must stay together: Latin words, numbers, ellipses and dashes.
_GLUE = re.compile(r"[A-Za-z0-9]+(?:[.:/\-][A-Za-z0-9]+)*[年月日号届次个万亿岁]?|…+|—+|‥+")
#: Minor pauses: a break after them is good, after a major mark better.
MINOR = set("、")

INF = math.inf
#: Weight of unequal line widths against break penalties (the widest line sets the size).
BALANCE = 3.0


@functools.lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@functools.lru_cache(maxsize=4096)
def word_boundaries(text: str) -> frozenset[int]:
    """Offsets between jieba words (only used for texts without punctuation to break at)."""
    out, pos = set(), 0
    for w in _jieba().lcut(text, HMM=False):
        pos += len(w)
        out.add(pos)
    return frozenset(out)


def break_penalties(text: str, hints: Sequence[int] = ()) -> list[float]:
    """Penalty of breaking before offset i (index 1..len-1; 0 and len unused).

    0 after phrase-ending punctuation or at an author's hint, 1 at a word boundary,
    3 inside a word; INF where clreq forbids it. With hints, only hints are allowed.
    """
    n = len(text)
    pen = [INF] * (n + 1)
    glued = set()
    for m in _GLUE.finditer(text):
        glued.update(range(m.start() + 1, m.end()))
    has_punct = any(c in PHRASE_END for c in text[:-1])
    words = None
    for i in range(1, n):
        if i in glued:
            continue
        nxt, prv = text[i:].lstrip(" \u3000"), text[:i].rstrip(" \u3000")
        if not nxt or not prv or nxt[0] in NO_START or prv[-1] in NO_END:
            continue
        if hints:
            pen[i] = 0.0 if i in hints else INF
            continue
        if text[i - 1] in PHRASE_END or text[i - 1].isspace():
            pen[i] = 0.3 if text[i - 1] in MINOR else 0.0
            continue
        if words is None:
            words = word_boundaries(text)
        # with punctuation available, breaking elsewhere is a poor second choice
        pen[i] = (1.0 if i in words else 3.0) * (2.0 if has_punct else 1.0)
    return pen


@dataclass(frozen=True)
class Broken:
    lines: tuple[str, ...]
    penalty: float


def _strip(line: str) -> str:
    return line.strip(" \u3000")


def best_breaks(
    text: str,
    k: int,
    width: Callable[[str], float],
    hints: Sequence[int] = (),
) -> Broken | None:
    """The best way to set ``text`` in exactly ``k`` lines, or None if clreq forbids all.

    Cost = break penalties + imbalance (squared deviation of line widths from the mean,
    relative to the mean). Dynamic programming over break offsets.
    """
    n = len(text)
    if k == 1:
        return Broken((text,), 0.0)
    if k > n:
        return None
    pen = break_penalties(text, hints)
    allowed = [i for i in range(1, n) if pen[i] < INF]
    if len(allowed) < k - 1:
        return None
    prefix = [0.0]
    for ch in text:  # per-character advances: a segment's width is a difference of prefix sums
        prefix.append(prefix[-1] + width(ch))
    mean = prefix[-1] / k
    # dp[j][end] = (cost, start of line j) for line j ending at offset ``end``
    dp: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for j in range(1, k + 1):
        layer: dict[int, tuple[float, int]] = {}
        targets = [n] if j == k else allowed
        for end in targets:
            best = None
            for start, (cost, _) in dp[j - 1].items():
                if start >= end:
                    continue
                w = prefix[end] - prefix[start]
                c = cost + BALANCE * ((w - mean) / mean) ** 2 + (pen[end] if end < n else 0.0)
                if best is None or c < best[0]:
                    best = (c, start)
            if best is not None:
                layer[end] = best
        dp.append(layer)
    if n not in dp[k]:
        return None
    lines, end, total = [], n, dp[k][n][0]
    for j in range(k, 0, -1):
        start = dp[j][end][1]
        lines.append(text[start:end])
        end = start
    return Broken(tuple(_strip(x) for x in reversed(lines)), total)


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: float  # font size in px (em height)
    line_pitch: float  # distance between baselines, in em


class DoesNotFit(Exception):
    """``max_chars`` = ``per_line`` x ``lines``: what the box holds at the smallest legible size."""

    def __init__(self, per_line: int, lines: int, min_size: float):
        super().__init__(f"fits at most {per_line * lines} characters")
        self.per_line, self.lines = per_line, lines
        self.max_chars = per_line * lines
        self.min_size = min_size


def fit(
    text: str,
    box_w: float,
    box_h: float,
    width: Callable[[str], float],
    min_size: float,
    max_lines: int = 3,
    max_size: float = INF,
    line_pitch: float = 1.3,
    hints: Sequence[int] = (),
    break_weight: float = 0.5,
) -> Fitted:
    """Largest size (>= ``min_size``) at which ``text`` fits the box in at most ``max_lines``.

    ``width(s)`` is the advance width of ``s`` in em. Breaking quality matters too: a
    layout with poor breaks must be clearly larger to win over one with natural breaks
    (``break_weight``: lower it for narrow, tall boxes where short stacked lines are normal).
    Raises :class:`DoesNotFit` with the number of characters the box holds at ``min_size``.
    """
    best: tuple[float, Fitted] | None = None
    if hints:
        # the author's breaks win: every hint is a line break when the box allows that
        # many lines; with fewer lines allowed, neighbouring hinted lines merge
        order = range(min(max_lines, len(hints) + 1), 0, -1)
    else:
        order = range(1, max_lines + 1)
    for k in order:
        broken = best_breaks(text, k, width, hints)
        if broken is None:
            continue
        widest = max(width(line) for line in broken.lines) or 1.0
        size = min(box_w / widest, box_h / (1 + (k - 1) * line_pitch), max_size)
        if size < min_size:
            continue
        if hints:
            return Fitted(broken.lines, size, line_pitch)
        score = size / (1.0 + break_weight * broken.penalty)
        if best is None or score > best[0] * 1.0001:
            best = (score, Fitted(broken.lines, size, line_pitch))
    if best is None:
        per_line = max(0, int(box_w / min_size))
        lines = max(0, min(max_lines, int((box_h / min_size - 1) / line_pitch) + 1))
        raise DoesNotFit(per_line, lines, min_size)
    return best[1]
