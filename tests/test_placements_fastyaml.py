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
    assert fast >= 3  # the LED list's time-of-day windows (a nested flow list) take the full loader


# ------------------------------------------------------------ the fast slot reader

D = __import__("datetime").date
PERIOD = (D(2026, 10, 1), D(2026, 10, 31))
SLOT_VALUES = {
    "id": ["p01", " p02 ", "", "a b", 101, None, "x-1"],
    "order": [1, 3, 2.0, 2.5, "4", True, None, -1],
    "kind": ["public", "commercial", "vacant", "Public", "公益", None, 1],
    "ref": ["traffic-01", " ", "", None, 5, "ad-x"],
    "advertiser": ["光明银行", "", None, 7],
    "size": ["2000×1000", "2000x1000", " 2000 × 1000 ", "0×10", "2 m", 2000, None, "1.5×2"],
    "area": [2, 2.5, 0, -1, float("inf"), "2", None, True, 0.1],
    "seconds": [15, 7.5, 0, None, "15"],
    "from": [D(2026, 10, 1), D(2026, 10, 20), D(2026, 9, 30), "2026-10-02", None, __import__("datetime").datetime(2026, 10, 3)],
    "to": [D(2026, 10, 31), D(2026, 10, 10), D(2026, 11, 1), "2026-10-30", None],
    "colour": ["red"],
}


VALID = {
    "id": ["p01", "x-1"], "order": [1, 3], "kind": ["public", "commercial", "vacant"], "ref": ["traffic-01"],
    "advertiser": ["光明银行"], "size": ["2000×1000", " 2000 × 1000 ", "1.5×2"], "area": [2, 2.5, 0.1],
    "seconds": [15, 7.5], "from": [D(2026, 10, 1), D(2026, 10, 20)], "to": [D(2026, 10, 31), D(2026, 10, 20)],
}


@st.composite
def slot_metas(draw):
    from placard.schema import as_ymap

    keys = draw(st.lists(st.sampled_from(sorted(SLOT_VALUES)), unique=True, max_size=8))
    keys += [k for k in ("id", "kind") if k not in keys and draw(st.integers(0, 9))]
    meta = {}
    for k in keys:
        pool = VALID[k] if k in VALID and draw(st.integers(0, 4)) else SLOT_VALUES[k]
        meta[k] = draw(st.sampled_from(pool))
    return as_ymap(meta, draw(st.integers(0, 40)))


@settings(max_examples=1500, deadline=None)
@given(slot_metas(), st.integers(1, 9))
def test_fast_slot_reader_agrees_with_the_full_check(meta, position):
    from placard.placements.load import _slot, slot_fast

    fast = slot_fast(meta, position, PERIOD)
    if fast is None:
        return
    import placard.placements.load as mod

    findings: list = []
    original = mod.slot_fast
    mod.slot_fast = lambda *a: None  # force the full path
    try:
        full = _slot(meta, position, PERIOD, "l.yml", findings)
    finally:
        mod.slot_fast = original
    assert findings == [] and full == fast
