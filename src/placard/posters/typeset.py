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
_SPACES = " \u3000"
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
    Linear in the length of the text.
    """
    n = len(text)
    pen = [INF] * (n + 1)
    glued = set()
    for m in _GLUE.finditer(text):
        glued.update(range(m.start() + 1, m.end()))
    has_punct = any(c in PHRASE_END for c in text[:-1])
    hint_set = set(hints)
    # the first character that is not a space at or after i, and the last one before i
    nxt_at = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        nxt_at[i] = nxt_at[i + 1] if text[i] in _SPACES else i
    prv_at = [-1] * (n + 1)
    for i in range(1, n + 1):
        prv_at[i] = prv_at[i - 1] if text[i - 1] in _SPACES else i - 1
    words = None
    for i in range(1, n):
        if i in glued:
            continue
        nx, pv = nxt_at[i], prv_at[i]
        if nx == n or pv < 0 or text[nx] in NO_START or text[pv] in NO_END:
            continue
        if hints:
            pen[i] = 0.0 if i in hint_set else INF
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
    mean = prefix[-1] / k or 1.0
    # dp[j][end] = (cost, start of line j) for line j ending at offset ``end``
    dp: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for j in range(1, k + 1):
        targets = [n] if j == k else allowed
        dp.append(_layer(dp[j - 1], targets, prefix, mean, pen, n))
    if n not in dp[k]:
        return None
    lines, end, total = [], n, dp[k][n][0]
    for j in range(k, 0, -1):
        start = dp[j][end][1]
        lines.append(text[start:end])
        end = start
    return Broken(tuple(_strip(x) for x in reversed(lines)), total)


def _layer(prev: dict[int, tuple[float, int]], targets: list[int], prefix: list[float], mean: float,
           pen: list[float], n: int) -> dict[int, tuple[float, int]]:
    """One line more: for each end in ``targets`` (increasing), the best start among ``prev``'s ends.

    The cost of a line from ``s`` to ``e`` is ``prev[s] + a * (P[e] - mean - P[s])**2`` with
    ``a = BALANCE / mean**2``: for a fixed ``s`` a parabola in ``x = P[e] - mean``, i.e. a line
    ``-2a*P[s]*x + (prev[s] + a*P[s]**2)`` plus ``a*x**2``. Starts come in increasing order
    (falling slopes) and so do the queries, so the lower envelope (a monotone convex hull)
    answers every end in amortised constant time: linear, not quadratic, in the text length.
    """
    a = BALANCE / (mean * mean)
    starts = list(prev.items())  # increasing offsets
    hull: list[tuple[float, float, int]] = []  # (slope, intercept, start)
    ptr = 0
    nxt = 0
    layer: dict[int, tuple[float, int]] = {}

    def bad(l1, l2, l3) -> bool:  # l2 never lowest between l1 and l3 (slopes l1 > l2 > l3)
        return (l3[1] - l1[1]) * (l1[0] - l2[0]) <= (l2[1] - l1[1]) * (l1[0] - l3[0])

    for end in targets:
        while nxt < len(starts) and starts[nxt][0] < end:
            s, (cost, _) = starts[nxt]
            nxt += 1
            if cost == INF:
                continue
            line = (-2.0 * a * prefix[s], cost + a * prefix[s] * prefix[s], s)
            if hull and hull[-1][0] == line[0]:
                if hull[-1][1] <= line[1]:
                    continue  # same slope, not lower: the earlier start stays
                hull.pop()
            while len(hull) >= 2 and bad(hull[-2], hull[-1], line):
                hull.pop()
            hull.append(line)
        if not hull:
            continue
        x = prefix[end] - mean
        ptr = min(ptr, len(hull) - 1)
        while ptr + 1 < len(hull) and hull[ptr + 1][0] * x + hull[ptr + 1][1] < hull[ptr][0] * x + hull[ptr][1]:
            ptr += 1
        s = hull[ptr][2]
        prev_cost = prev[s][0]
        w = prefix[end] - prefix[s]
        layer[end] = (prev_cost + BALANCE * ((w - mean) / mean) ** 2 + (pen[end] if end < n else 0.0), s)
    return layer


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
