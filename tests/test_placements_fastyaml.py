"""The fast placement-list reader agrees with the full YAML loader wherever it answers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from placard.placements.fastyaml import load_list_yaml
from placard.yamlsrc import YamlProblem, load

REPO = Path(__file__).resolve().parents[1]

SCALARS = [
    "0.3", "1.0", "1", "30", "-15", "09", "0", "007", "1e3", "0x1F", "1_000", "1:30", ".5", "3.", "+2",
    "2026-10-01", "2026-13-01", "2026-10-01 08:00", "yes", "no", "true", "false", "True", "on", "null", "~",
    "光明大道灯杆道旗", "光明：大道", "a: b", "#x", "x #y", "x#y", "'q'", '"d"', '"a\\"b"', "'it''s'", "-",
    "- x", "?x", "? x", ":x", "a,b", "a]", "{x}", "[y]", "2000×1000", "p01", "traffic-01", "区城管局 张伟",
    "&a", "*a", "!t", "|", ">", "%", "@", "`", "x:", "", " ", "a  b", "ad-banmaxian", "value ", "NaN", ".inf",
]
KEYS = ["id", "name", "type", "kind", "from", "to", "size", "seconds", "min_public", "x", "ref", "order"]

SAFE = ["0.3", "1", "30", "-15", "2026-10-01", "光明大道", "p01", "traffic-01", "2000×1000", "区城管局 张伟", "true"]
scalar = st.one_of(st.sampled_from(SAFE), st.sampled_from(SCALARS))
key = st.sampled_from(KEYS)


@st.composite
def flow_map(draw):
    items = draw(st.lists(st.tuples(key, scalar), max_size=4))
    sep = draw(st.sampled_from([", ", ",", " , "]))
    return "{" + sep.join(f"{k}: {v}" if v else f"{k}:" for k, v in items) + "}"


@st.composite
def flow_list(draw):
    return "[" + ", ".join(draw(st.lists(scalar, max_size=3))) + "]"


value = st.one_of(scalar, flow_map(), flow_list())


@st.composite
def documents(draw):
    out = []
    for _ in range(draw(st.integers(1, 5))):
        k = draw(key)
        shape = draw(st.sampled_from(["inline", "map", "seq", "comment", "blank"]))
        indent = " " * draw(st.sampled_from([2, 2, 4, 1]))
        if shape == "inline":
            out.append(f"{k}: {draw(value)}")
        elif shape == "map":
            out.append(f"{k}:")
            out += [f"{indent}{sk}: {draw(value)}" for sk in draw(st.lists(key, min_size=1, max_size=3))]
        elif shape == "seq":
            out.append(f"{k}:")
            out += [f"{indent}- {draw(flow_map())}" for _ in range(draw(st.integers(1, 3)))]
        elif shape == "comment":
            out.append(draw(st.sampled_from(["# 注释", "  # indented comment", "#"])))
        else:
            out.append(draw(st.sampled_from(["", "  "])))
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


def same(fast, full) -> None:
    if isinstance(full, dict):
        assert isinstance(fast, dict) and list(fast) == list(full)
        assert (fast.line, fast.key_lines, fast.value_lines) == (full.line, full.key_lines, full.value_lines)
        for k in full:
            same(fast[k], full[k])
    elif isinstance(full, list):
        assert isinstance(fast, list) and len(fast) == len(full)
        assert (fast.line, fast.item_lines) == (full.line, full.item_lines)
        for a, b in zip(fast, full, strict=True):
            same(a, b)
    else:
        assert type(fast) is type(full) and fast == full


@settings(max_examples=1000, deadline=None)
@given(documents())
def test_fast_reader_agrees_with_yaml(doc):
    fast = load_list_yaml(doc)
    if fast is None:
        return
    try:
        full = load(doc)
    except YamlProblem as p:  # the fast reader must never accept what YAML rejects
        raise AssertionError(f"fast reader accepted a document YAML rejects: {p}") from None
    same(fast, full)


def test_example_lists_take_the_fast_path():
    fast = 0
    for path in sorted((REPO / "posters" / "placements").glob("*.yml")):
        text = path.read_text("utf-8")
        got = load_list_yaml(text)
        if got is not None:
            fast += 1
            same(got, load(text))
    assert fast >= 4
