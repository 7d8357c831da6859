"""Line breaking against text length: placard's linear breaking and, as the baseline measured in
the same run, the quadratic dynamic programme it replaced (only up to the lengths it finishes).

    PYTHONPATH=src python bench/bench_typeset.py
"""

from __future__ import annotations

import time

from placard.posters import fonts
from placard.posters.typeset import BALANCE, INF, best_breaks, break_penalties

FONT = fonts.packaged_font()


def width(s: str) -> float:
    return fonts.text_width(FONT, "Black", s)


def quadratic(text: str, k: int) -> float | None:
    n = len(text)
    pen = break_penalties(text)
    allowed = [i for i in range(1, n) if pen[i] < INF]
    prefix = [0.0]
    for ch in text:
        prefix.append(prefix[-1] + width(ch))
    mean = prefix[-1] / k
    dp = [{0: 0.0}]
    for j in range(1, k + 1):
        layer = {}
        for end in [n] if j == k else allowed:
            costs = [c + BALANCE * ((prefix[end] - prefix[s] - mean) / mean) ** 2 + (pen[end] if end < n else 0.0)
                     for s, c in dp[j - 1].items() if s < end]
            if costs:
                layer[end] = min(costs)
        dp.append(layer)
    return dp[k].get(n)


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    base = "文明出行，安全你我；礼让斑马线，文明过马路。"
    print(f"{'characters':>10} {'linear s':>9} {'quadratic s':>12}")
    for n in (500, 2000, 6000, 24000, 96000):
        text = (base * (n // len(base) + 1))[:n]
        best_breaks(text[:50], 3, width)  # warm jieba
        lin = timed(lambda t=text: best_breaks(t, 3, width))
        quad = f"{timed(lambda t=text: quadratic(t, 3)):12.2f}" if n <= 6000 else f"{'(skipped)':>12}"
        print(f"{n:>10} {lin:9.3f} {quad}")


if __name__ == "__main__":
    main()
