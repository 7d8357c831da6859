"""Fuzz (Hypothesis, derandomized in CI): invisible characters and link-heavy page bodies (issue 20).

* A text with invisible characters (zero width, soft hyphen, bidi controls) anywhere reads, for
  every content check, as the same text without them; every finding on it points at the character
  it names in the file; ``check --fix`` removes them and is idempotent.
* A page body made of link brackets, parentheses and paragraphs, up to tens of thousands of
  characters, goes through the prose finder and the Markdown bound without an exception or a hang.
"""

from __future__ import annotations

import signal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from placard.fix import _fix
from placard.rules.markup import MAX_LINKS_RUN, _runs, body_too_long
from placard.rules.punctuation import fix_text, issues
from placard.text import INVISIBLE, Segment, invisible_at, visible, without_invisible

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
WORDS = [
    *"文明出行安全你我礼让斑马线富强民主和谐",
    *",;:?!()，。、；：？！“”\"' ",
    "再接再励",
    "诚信",
    "\U0001f468",
]
HIDDEN = sorted(INVISIBLE)
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map("".join)


@st.composite
def with_invisible(draw) -> tuple[str, str]:
    """(a text, the same text with invisible characters put in anywhere)."""
    clean = draw(texts)
    raw = list(clean)
    for _ in range(draw(st.integers(1, 6))):
        raw.insert(draw(st.integers(0, len(raw))), draw(st.sampled_from(HIDDEN)))
    return clean, "".join(raw)


def _is_emoji_joiner(raw: str, i: int) -> bool:
    return raw[i] == "\u200d" and i not in invisible_at(raw)


@settings(max_examples=600, **SETTINGS)
@given(with_invisible())
@example(("再接再励，礼让", "再接再\u200b励，礼让"))
@example(("文明,出行", "文明\u00ad,出行"))
def test_checks_read_the_text_without_invisible_characters_and_point_into_the_file(case):
    clean, raw = case
    seg = visible(Segment("slogans/x.md", 2, 8, raw, "text"))
    assert seg.text == without_invisible(raw)
    kept = [i for i in range(len(raw)) if _is_emoji_joiner(raw, i)]
    assert len(seg.text) == len(clean) + len(kept)
    for ch, line, column, _offset in seg.hidden:
        assert line == 2 and raw[column - 8] == ch and ch in INVISIBLE
    assert len(seg.hidden) == len(raw) - len(seg.text)
    for iss in issues(seg.text):  # a finding's column is where its character is in the file
        _line, column = seg.locate(iss.start)
        assert raw[column - 8] == seg.text[iss.start]


@settings(max_examples=600, **SETTINGS)
@given(with_invisible())
def test_fix_removes_invisible_characters_and_is_idempotent(case):
    _clean, raw = case
    once = _fix(raw, ())
    assert not invisible_at(once)
    assert once == fix_text(without_invisible(raw))
    assert _fix(once, ()) == once
    assert _fix(raw, ("text.invisible",)) == fix_text(raw)  # switched off by lint: left in


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang("a body ran past the hang bound")


PIECES = [
    "[a](",
    "[",
    "](",
    "(",
    ")",
    "]",
    "![a](",
    "[a](b) ",
    "a",
    "文明",
    "\n",
    "\n\n",
    "<div markdown>\n",
    "</div>\n",
    "`",
    "*",
    "\\",
    "<",
    "&#",
    "    ",
]


@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(1, 2000))
@example(["[a]("], 8000)
@example(["[a](b) "], 1200)
def test_link_heavy_bodies_are_bounded_and_never_raise(pieces, times):
    from placard.prose import markdown_prose_lines

    body = "".join(pieces) * times
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        if body_too_long(body):
            return
        runs = _runs(body)
        if all(n <= MAX_LINKS_RUN for _, n in runs):
            list(markdown_prose_lines(body))  # what the content checks read
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
