"""The fast front-matter reader agrees with the full YAML loader wherever it answers."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from placard.yamlfast import load_flat
from placard.yamlsrc import YamlProblem, load

KEYS = st.sampled_from(["text", "theme", "status", "approved_by", "approved_on", "tags", "id", "valid_to"])
WORDS = st.text(
    alphabet=st.sampled_from(list("文明交通礼让斑马线光盘行动，。、！？：；abc XYZ019-_:#'\"[]{}|>&*!%@`,~\\")),
    min_size=0,
    max_size=14,
)
VALUES = st.one_of(
    WORDS,
    WORDS.map(lambda w: f'"{w}"'),
    WORDS.map(lambda w: f"'{w}'"),
    st.lists(WORDS, max_size=4).map(lambda ws: "[" + ", ".join(ws) + "]"),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)).map(str),
    st.sampled_from(["2026-13-01", "2026-02-30", "~", "null", "true", "no", "12", "1.5", ""]),
)
DOCS = st.lists(st.tuples(KEYS, VALUES, st.sampled_from(["", " ", "  "])), min_size=1, max_size=8).map(
    lambda rows: "\n".join(f"{k}:{sp or ' '}{v}" for k, v, sp in rows) + "\n"
)


def same(fast, full) -> None:
    assert dict(fast) == dict(full)
    assert fast.key_lines == full.key_lines
    assert fast.line == full.line
    for key, value in fast.items():
        if isinstance(value, list):
            assert value.item_lines == full[key].item_lines
            if hasattr(full[key], "item_pos"):
                assert value.item_pos == full[key].item_pos
    if hasattr(full, "value_pos"):
        assert fast.value_pos == full.value_pos


@settings(max_examples=1500, deadline=None)
@given(DOCS)
def test_fast_reader_agrees_with_yaml(doc):
    fast = load_flat(doc, line_offset=1)
    try:
        full = load(doc, line_offset=1)
    except YamlProblem:
        assert fast is None  # only the full loader reports errors
        return
    if fast is not None:
        same(fast, full)


def test_example_front_matter_takes_the_fast_path():
    from conftest import REPO

    from placard.yamlsrc import split_front_matter  # noqa: F401

    fast_count = 0
    for path in sorted((REPO / "slogans").glob("*.md")):
        text = path.read_text("utf-8")
        body = text.split("---\n")[1]
        fast = load_flat(body, line_offset=1)
        if fast is not None:
            fast_count += 1
            same(fast, load(body, line_offset=1))
    assert fast_count >= 40


def test_dates_and_lists():
    m = load_flat('text: "礼让，斑马线"\napproved_on: 2026-09-15\ntags: [交通, 礼让]\nvalid_to: 2026-13-01\n')
    assert m["text"] == "礼让，斑马线" and m["approved_on"] == dt.date(2026, 9, 15)
    assert m["tags"] == ["交通", "礼让"] and m["valid_to"] == "2026-13-01"
    assert m.key_lines == {"text": 1, "approved_on": 2, "tags": 3, "valid_to": 4}


def test_anything_else_goes_to_the_full_loader():
    for doc in ("a: 1\n", "a:\n  - x\n", "a: &x y\n", "a: b\na: c\n", "a: b # c\n", 'a: "x\\"y"\n', "a: |\n  x\n"):
        assert load_flat(doc) is None, doc
