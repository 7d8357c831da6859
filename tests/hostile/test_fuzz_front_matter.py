"""Fuzz: 10,000+ mutated front matters of the example's slogans, guides and ads go through the
per-file content loader in-process. Every case ends in an item or findings: never another
exception, never a case slower than 5 s.

Seeded (the same cases on every machine). The mutations are YAML-ish: wrong types, huge
numbers, unsafe tags (!!python/object must load as plain data, never run), deep nesting,
aliases, odd Unicode, NULs, control characters, dates out of range, duplicate and odd keys,
broken delimiters, and random edits near YAML's special characters.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_example

from placard.findings import Finding
from placard.load import load_ad, load_config, load_guide, load_slogan

pytestmark = pytest.mark.slow

CASES = 10_500
SEED = 20261126
SLOW = 5.0  # seconds: a case slower than this is a hang in the making

VALUES = [
    "9" * 5000, "-" + "9" * 4400, "0x" + "f" * 4000, "0b" + "1" * 20000, "1e999", "-.inf", ".nan", "1." + "5" * 5000,
    '!!float "abc"', "!!int x", "!!bool maybe", "!!null x", "!!str", "!!binary '@@@'", "!!timestamp x",
    "!!python/object:os.system {}", "!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system",
    "!!python/tuple [1, 2]", "!ENV HOME", "!!set {a, b}", "!!omap [a]", "!!omap [{a: 1}, {a: 2}]", "!!pairs 3",
    "!<tag:yaml.org,2002:int> x", "!!merge x",
    "0000-00-00", "9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "2026-13-01", "1-1-1",
    "2026-10-01 25:61:61", "2026-10-01T10:00:00+99:00", "2026-10-01t10:00:00.123456789z",
    "[" * 60 + "]" * 60, "[" * 3000 + "]" * 3000, "{a: " * 200 + "1" + "}" * 200, "[[[[a]]]]",
    "{a: 1}", "[a, [b, c]]", "[1, 2]", "[true, null]", "[]", "{}", "~", "null", "true", "yes", "no", "on",
    "''", '""', "' '", "|\n  x\n  y", ">-\n  folded\n  text", "|", ">", "- a\n- b", "\n  - a\n  - {b: c}",
    "*nothing", "&a x", "&a [1, *a]", "<<", "? x", ": x", "x: y", "- - -", "@x", "`x`", "%TAG", "#comment",
    "\"unterminated", "'unterminated", '"\\u0000"', '"\\x00"', '"\\ud800"', '"\\U0010FFFF"', '"\\z"',
    "\x00", "a\x00b", "\x07bell", "\x1b[31mred", "\u202eevil", "\u200b", "\ufeffbom", "\ufffe", "\uffff",
    "\U0001F600\U0001F3FB", "e\u0301\u0301\u0301", "\u2028line", "\x85nel", "\r", "\t", "\u3000" * 10,
    "文明<script>alert(1)</script>", "a" * 100_000, "文" * 600, "|".join("文明" for _ in range(300)),
]
#: Values a text field takes (so that many cases load and the item's path is exercised too).
GENTLE = ['"文明<script>alert(1)</script>出行"', "'\u202e反向文本'", '"文明\u200b出行"', '"😀 文明 🚦"', "文明|出行|安全",
          '"e\u0301文明"', "文明 # not a comment?", "'含:冒号'", '"\t文明"', "文" * 499, "[甲, 乙, 丙]"]
KEYS = ["text", "title", "theme", "status", "approved_by", "approved_on", "valid_from", "valid_to", "tags",
        "id", "lint", "key_points", "artwork", "alt", "credit", "slogans", "staus", "Text", "?", "[a]", "1",
        "~", "<<", "\x00", "a b", "文本", "id\t", "&x id", "*x", "!!str id"]
SPECIAL = list(":-[]{},#&*!|>'\"%@`?\n \t\\") + ["\x00", "\u2028", "\r\n", "---", "...", "  "]


def _docs(root: Path) -> list[tuple[str, str]]:
    out = []
    for kind, folder in (("slogan", root / "slogans"), ("guide", root / "docs" / "guides"),
                         ("ad", root / "docs" / "ads")):
        out += [(kind, p.read_text("utf-8")) for p in sorted(folder.glob("*.md")) if p.name != "index.md"]
    return out


def _split(text: str) -> tuple[list[str], str]:
    head, _, body = text[4:].partition("\n---\n")
    return head.split("\n"), body


def mutate(rng: random.Random, text: str) -> str:
    lines, body = _split(text)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        op = rng.randrange(13)
        i = rng.randrange(len(lines)) if lines else 0
        if op <= 2 and lines:  # a value replaced
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(VALUES)}"
        elif op == 3:  # a key added (maybe twice, maybe odd)
            lines.insert(i, f"{rng.choice(KEYS)}: {rng.choice(VALUES)}")
        elif op == 4 and lines:  # a duplicate key
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 5 and lines:  # a line removed
            del lines[i]
        elif op == 6 and lines:  # a key renamed
            _, _, rest = lines[i].partition(":")
            lines[i] = f"{rng.choice(KEYS)}:{rest}"
        elif op == 7:  # random edits near YAML's special characters
            flat = "\n".join(lines)
            for _ in range(rng.randint(1, 8)):
                p = rng.randrange(len(flat) + 1)
                flat = flat[:p] + rng.choice(SPECIAL) + flat[p + rng.choice((0, 0, 1)):]
            lines = flat.split("\n")
        elif op == 8:  # nesting
            depth = rng.choice((5, 50, 200))  # (deeper: the flow "[" * 3000 in VALUES)
            lines.insert(i, "tags:" + "".join("\n" + "  " * d + "-" for d in range(depth)) + " x")
        elif op == 9:  # aliases ("billion laughs")
            lines[:0] = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
                         "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
                         f"{rng.choice(('tags', 'text', 'key_points', 'slogans'))}: [*c,*c,*c,*c,*c,*c,*c,*c,*c]"]
        elif op == 10 and lines:  # indentation and line ends
            lines[i] = rng.choice(("\t", "  ", " ")) + lines[i] + rng.choice(("", "\r", " #c", " \\"))
        elif op == 11 and lines:  # a text value that may well load
            key = lines[i].split(":", 1)[0]
            if key in ("text", "title", "alt", "credit", "approved_by", "tags", "key_points"):
                lines[i] = f"{key}: {rng.choice(GENTLE)}"
        elif op == 12 and rng.random() < 0.3:  # a whole flow mapping or a non-mapping document
            lines = [rng.choice(("{" + ", ".join(lines) + "}", "- " + "\n- ".join(lines), "just text",
                                 "[1, 2]", "", "---", "...", "%YAML 1.1", "? complex\n: key"))]
    head = "\n".join(lines)
    end = rng.choice(("\n---\n",) * 12 + ("\n...\n", "\n", "\n--- \n", "\n---"))
    start = rng.choice(("---\n",) * 12 + ("\ufeff---\n", "---\r\n", "--- \n"))
    return start + head + end + body


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("fuzz") / "campaign")
    findings: list[Finding] = []
    cfg, _ = load_config(root, findings)
    assert cfg is not None and findings == []
    return root, cfg, _docs(REPO)


def test_fuzzed_front_matter_gives_findings_never_exceptions(world):
    root, cfg, docs = world
    rng = random.Random(SEED)
    docs_dir = root / "docs"
    folders = {"slogan": root / "slogans", "guide": docs_dir / "guides", "ad": docs_dir / "ads"}
    slowest, counts = (0.0, ""), {"item": 0, "findings": 0}
    started = time.perf_counter()
    for n in range(CASES):
        kind, original = docs[rng.randrange(len(docs))]
        text = mutate(rng, original)
        name = "fuzz.md" if kind != "ad" else "fuzz-ad.md"
        path = folders[kind] / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        if kind == "ad":
            (folders["ad"] / "zhiyuan.png").touch()  # artwork: the example's, by name
        findings: list[Finding] = []
        t0 = time.perf_counter()
        try:
            if kind == "slogan":
                item = load_slogan(path, root, cfg, findings)
            elif kind == "guide":
                item = load_guide(path, root, docs_dir, cfg, findings)
            else:
                item = load_ad(path, root, docs_dir, cfg, findings)
            for f in findings:  # findings render (what the user sees) without failing
                f.render()
        except Exception as exc:  # noqa: BLE001 - the point of the test
            raise AssertionError(f"case {n} ({kind}) raised {type(exc).__name__}: {exc}\n{text[:2000]!r}") from exc
        took = time.perf_counter() - t0
        slowest = max(slowest, (took, f"case {n}: {text[:300]!r}"))
        assert took < SLOW, f"case {n} took {took:.1f} s: {text[:500]!r}"
        assert item is not None or findings, f"case {n}: no item and no finding: {text[:500]!r}"
        assert not (item is not None and any(f.is_error for f in findings)), f"case {n}: an item despite errors"
        counts["item" if item is not None else "findings"] += 1
    assert CASES >= 10_000
    # the mutations reach both outcomes (a fuzzer that only ever breaks the YAML tests little)
    assert counts["item"] > 500 and counts["findings"] > 5000, counts
    print(f"{CASES} cases in {time.perf_counter() - started:.1f} s; {counts}; slowest {slowest[0]:.3f} s")
