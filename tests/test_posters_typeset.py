"""Chinese line breaking (clreq) and fitting, on a corpus of real slogans and random text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from placard.posters import fonts
from placard.posters.typeset import NO_END, NO_START, DoesNotFit, best_breaks, fit

CORPUS = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "slogan_corpus.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
FONT = fonts.packaged_font()


def width(s: str) -> float:
    return fonts.text_width(FONT, "Black", s)


def two_part(text: str) -> int | None:
    """Offset just after the single inner '，' or '；' of a two-part slogan, else None."""
    marks = [i for i, c in enumerate(text[:-1]) if c in "，；"]
    if len(marks) == 1 and not any(c in "、：“”（）" for c in text):
        return marks[0] + 1
    return None


def assert_clreq(lines, text):
    assert "".join(lines).replace("\u3000", "") == text.replace("\u3000", "")
    for line in lines:
        assert line, lines
        assert line[0] not in NO_START, f"line starts with closing punctuation: {lines}"
        assert line[-1] not in NO_END, f"line ends with opening punctuation: {lines}"


def test_corpus_is_big_enough():
    assert len(CORPUS) >= 50
    assert sum(two_part(t) is not None for t in CORPUS) >= 40


@pytest.mark.parametrize("text", CORPUS)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text):
    for k in range(1, 6):
        broken = best_breaks(text, k, width)
        if broken is not None:
            assert len(broken.lines) == k
            assert_clreq(broken.lines, text)


@pytest.mark.parametrize("text", [t for t in CORPUS if two_part(t)])
def test_two_part_slogans_split_at_their_halves(text):
    cut = two_part(text)
    assert best_breaks(text, 2, width).lines == (text[:cut], text[cut:])
    # and a portrait poster box (wide enough for one half) picks exactly that
    half = max(width(text[:cut]), width(text[cut:]))
    fitted = fit(text, box_w=half * 40, box_h=half * 40, width=width, min_size=10, max_lines=4)
    assert fitted.lines == (text[:cut], text[cut:])


def test_the_authors_break_marks_win():
    text = "文明是最美的名片，光明是我们的家园"
    # a hint in the middle of the first half, not at the comma
    fitted = fit(text, 1000, 1000, width, 5, max_lines=3, hints=(3,))
    assert fitted.lines == ("文明是", "最美的名片，光明是我们的家园")
    # with hints, a one-line box merges the lines instead of breaking elsewhere
    assert fit(text, 10_000, 100, width, 5, max_lines=1, hints=(3,)).lines == (text,)


def test_largest_size_that_fits():
    text = "礼让斑马线，安全每一天"
    f = fit(text, box_w=600, box_h=400, width=width, min_size=10, max_lines=3)
    widest = max(width(line) for line in f.lines)
    assert widest * f.size <= 600 + 1e-6
    assert f.size * (1 + (len(f.lines) - 1) * f.line_pitch) <= 400 + 1e-6
    # a box limited by height: the size is set by the height
    assert fit(text, 10_000, 50, width, 5, max_lines=1).size == pytest.approx(50)


def test_text_that_cannot_fit_names_the_limit():
    # a banner-like box 5000 x 600 px with a 200 px minimum: 25 characters on one line
    with pytest.raises(DoesNotFit) as exc:
        fit("文明" * 20, 5000, 600, width, 200, max_lines=1)
    assert exc.value.max_chars == 25


def test_digits_and_latin_stay_together():
    text = "创建全国文明城区2026年迎接WHO检查"
    for k in (2, 3, 4):
        for line in best_breaks(text, k, width).lines:
            assert not line.startswith(("026", "26", "6年", "年", "HO", "O")), line


ALPHABET = st.sampled_from(list("文明城市创建礼让斑马线你我他，。、；：？！（）《》“”…—ABC12 "))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=40), st.integers(1, 5))
def test_random_text_never_breaks_the_rules(text, k):
    text = text.strip()
    if not text:
        return
    broken = best_breaks(text, k, width)
    if broken is not None:
        lines = broken.lines
        for before, after in zip(lines, lines[1:], strict=False):  # every break the breaker chose
            if before and after:
                assert after[0] not in NO_START
                assert before[-1] not in NO_END
    try:
        f = fit(text, 800, 600, width, 20, max_lines=k)
    except DoesNotFit as e:
        assert e.max_chars >= 0
    else:
        assert f.size >= 20


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", min_size=1, max_size=300),
                      st.text(min_size=1, max_size=200)),
       ec=st.sampled_from(["L", "M", "Q", "H"]))
def test_symbol_version_is_the_smallest_that_holds_the_data(data, ec):
    from placard.posters import qr as Q

    qr, alnum = Q._qr(data, ec)
    try:
        expected = qr.best_fit()
    except Exception:  # noqa: BLE001 - too long for any version: make_symbol must fail too
        with pytest.raises(Exception):  # noqa: B017
            Q.make_symbol(data, ec)
        return
    sym = Q.make_symbol(data, ec)
    assert (sym.version, sym.alphanumeric, sym.modules) == (expected, alnum, 17 + 4 * expected)
