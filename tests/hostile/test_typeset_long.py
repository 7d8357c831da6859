"""Line breaking stays linear in the text length: long texts lay out at once, with the same result
as the plain quadratic dynamic programme it replaced (kept here as the reference)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import env
from hypothesis import example, given, settings
from hypothesis import strategies as st

from placard.posters import fonts
from placard.posters.typeset import BALANCE, INF, best_breaks, break_penalties

FONT = fonts.packaged_font()


def width(s: str) -> float:
    return fonts.text_width(FONT, "Black", s)


def reference_cost(text: str, k: int, hints=()) -> float | None:
    """The old O(k·n²) programme: every start tried for every end."""
    n = len(text)
    if k == 1:
        return 0.0
    if k > n:
        return None
    pen = break_penalties(text, hints)
    allowed = [i for i in range(1, n) if pen[i] < INF]
    if len(allowed) < k - 1:
        return None
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


def reference_penalties(text: str, hints=()) -> list[float]:
    """break_penalties' old clreq test, written with slices (quadratic)."""
    pen = break_penalties(text, hints)
    for i in range(1, len(text)):
        nxt, prv = text[i:].lstrip(" \u3000"), text[:i].rstrip(" \u3000")
        if not nxt or not prv:
            assert pen[i] == INF
    return pen


TEXT = st.text(alphabet=st.sampled_from(list("文明出行安全你我礼让斑马线，。、；！？（）“”《》ab12 　—…")), min_size=1, max_size=60)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=6))
@example("文明出行，安全你我", 2)
@example("　，文明", 2)
@example("（（（）））", 3)
def test_linear_breaking_finds_the_same_best_cost_as_the_quadratic_one(text, k):
    reference_penalties(text)
    broken = best_breaks(text, k, width)
    expected = reference_cost(text, k)
    assert (broken is None) == (expected is None)
    if broken is not None:
        assert abs(broken.penalty - expected) <= 1e-9 * max(1.0, abs(expected))
        assert "".join(broken.lines).replace(" ", "").replace("\u3000", "") == \
            text.replace(" ", "").replace("\u3000", "")


LAYOUT_20K = """
from placard.posters import fonts
from placard.posters.typeset import best_breaks, fit
FONT = fonts.packaged_font()
width = lambda s: fonts.text_width(FONT, "Black", s)
text = ("文明出行，安全你我；礼让斑马线，文明过马路。" * 1000)[:20000]
plain = ("文明出行安全你我礼让斑马线" * 2000)[:20000]
for t in (text, plain):
    for k in (2, 3, 6):
        broken = best_breaks(t, k, width)
        assert broken is not None and len(broken.lines) == k
    fitted = fit(t, 20000, 3000, width, 1.0, max_lines=3)
    assert "".join(fitted.lines) == t
print("laid out")
"""


def test_twenty_thousand_characters_lay_out():
    """In a child process, killed after a generous 30 s (quadratic breaking took minutes here)."""
    try:
        proc = subprocess.run([sys.executable, "-c", LAYOUT_20K], env=env(), capture_output=True, text=True,
                              timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("laying out 20,000 characters still ran after 30 s")
    assert proc.returncode == 0 and "laid out" in proc.stdout, proc.stderr
