"""Property tests: arbitrary Unicode, very long texts and odd YAML never raise.

The loader and every check give findings or clean errors (YamlProblem from the
YAML reader), never exceptions; `--fix` is idempotent, keeps every Chinese
character and leaves code spans, URLs and non-Chinese text alone.
10,000 generated examples in all (see the max_examples of each test).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from types import MappingProxyType

from checks_support import MKDOCS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placard.engine import check_campaign, run_checks
from placard.findings import Finding, render_json, render_text
from placard.fix import fix_file_text
from placard.model import Approval, Campaign, CampaignConfig, Guide, Slogan, Source, Theme
from placard.rules.punctuation import fix_text
from placard.text import is_han
from placard.yamlsrc import YamlProblem, load, split_front_matter

TODAY = dt.date(2026, 11, 23)

TOKENS = [
    *"文明出行安全你我礼让斑马线富强民主和谐自由平等公正法治爱国敬业诚信友善這禮讓著乾",
    *",;:?!()\"'，。、；：？！“”「」『』（）…—|` \t\n*#-_/.0123456789abcxyz[]<>{}&",
    "再接再励", "按装修", "如火如茶", "https://x.cn/a?b=1,2", "`a,b`", "```", "~~~", "<b>",
    "</b>", "<!--", "-->", "](x.md)", "![", "!!! note \"标题\"", "&amp;", "\U00020000", "\u0301",
    "\u200b", "\x00", "\x1b", "\ufeff", "\u2028", "\r\n", "法制", "富裕", "    ",
]
token_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.one_of(token_text, st.text(max_size=60))
long_text = st.builds(lambda t, n: t * n, token_text, st.integers(min_value=20, max_value=120))
texts = st.one_of(*[any_text] * 6, long_text)

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _campaign(slogan_texts, guide_title, key_points, body, lint=None) -> Campaign:
    approval = Approval("approved", "王丽", dt.date(2026, 9, 1))
    raw = {"lint": lint} if lint is not None else {}
    cfg = CampaignConfig("测试", "测试办", (Theme("civility", "文明", "#c0392b"),), raw=MappingProxyType(raw))
    slogans = tuple(
        Slogan(f"s{i}", t, "civility", approval,
               Source(f"slogans/s{i}.md", 1, MappingProxyType({"text": 2}),
                      MappingProxyType({"text": (2, 7, True)})), breaks=tuple(range(0, len(t), 7))[1:])
        for i, t in enumerate(slogan_texts)
    )
    guide = Guide("g", guide_title, "civility", approval, Source("docs/guides/g.md"), "guides/g.md",
                  key_points=tuple(key_points), body=body, body_line=9)
    return Campaign(Path("/nonexistent"), cfg, TODAY, slogans=slogans, guides=(guide,))


def _sane(findings):
    for f in findings:
        assert isinstance(f, Finding)
        assert f.line is None or f.line >= 1
        assert f.column is None or f.column >= 1
    render_text(findings)
    json.loads(render_json(findings))


@settings(max_examples=1200, **SETTINGS)
@given(st.lists(texts, max_size=4), texts, st.lists(any_text, max_size=3), texts)
def test_every_check_gives_findings_never_exceptions(slogan_texts, title, points, body):
    campaign = _campaign([t for t in slogan_texts if t], title or "标题", points, body)
    _sane(run_checks(campaign))


lint_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.sampled_from(["punct", "typo"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
lint_blocks = st.one_of(
    lint_values,
    st.fixed_dictionaries({}, optional={
        "disable": lint_values, "warn": lint_values, "allow": lint_values,
        "typos": st.dictionaries(any_text, st.one_of(any_text, lint_values), max_size=3),
        "canonical": st.lists(st.one_of(lint_values, st.fixed_dictionaries(
            {"id": st.text(max_size=5), "text": any_text}, optional={"min_items": lint_values})), max_size=3),
    }),
)


@settings(max_examples=500, **SETTINGS)
@given(lint_blocks, st.lists(texts, min_size=1, max_size=3))
def test_any_lint_config_gives_findings_never_exceptions(lint, slogan_texts):
    campaign = _campaign([t for t in slogan_texts if t], "标题", [], "", lint=lint)
    _sane(run_checks(campaign))


@settings(max_examples=2500, **SETTINGS)
@given(texts)
def test_fix_text_is_idempotent_and_keeps_chinese_characters(text):
    once = fix_text(text)
    assert fix_text(once) == once
    assert [c for c in once if is_han(c)] == [c for c in text if is_han(c)]
    if not any(is_han(c) or c in "，。、；：？！“”‘’「」『』（）《》〈〉【】…—～·" for c in text):
        assert once == text  # no Chinese: nothing to fix


@settings(max_examples=1500, **SETTINGS)
@given(any_text, st.lists(any_text, max_size=3), texts, st.sampled_from(["slogan", "guide", "ad"]))
def test_fix_file_is_idempotent_and_leaves_code_and_urls(title, points, body, kind):
    fm = "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\ntext: x\nkey_points:\n" + \
        "".join("  - " + json.dumps(p, ensure_ascii=False) + "\n" for p in points) + "---\n"
    marker = "\n\n`代码,(不改)` 和 https://wm.example.cn/a?b=1,2\n"
    text = fm + body + marker
    once, _ = fix_file_text(text, kind)
    twice, _ = fix_file_text(once, kind)
    assert twice == once
    assert once.endswith(marker) or "```" in body or "~~~" in body or "<!--" in body or "`" in body
    try:
        before = split_front_matter(text).meta
    except YamlProblem:
        return
    after = split_front_matter(once).meta
    assert set(after) == set(before)
    assert after["text"] == before["text"]  # not a key this kind publishes from a guide/ad


yaml_bits = st.sampled_from([
    "a: 1\n", "a: 2\n", "text: &x 文明\n", "title: *x\n", "<<: {b: 1}\n", "\tindented: tab\n",
    "key: [1, 2\n", "- item\n", "? complex\n: value\n", "\ufeff", "!!python/name:os.system\n",
    "!ENV X\n", "text: |\n  块\n", "date: 2026-13-01\n", "date: 2026-01-01\n", "'q': 'x''y'\n",
    "\"d\": \"\\u4e00\\x\"\n", "n: .nan\n", "nested:\n  - {a: [b, {c: d}]}\n", "%YAML 1.1\n", "---\n",
    "...\n", "&a [*a]\n", "x: *undefined\n", "key: value: more\n", "  ", "\n", "#c\n",
])
yaml_docs = st.one_of(st.lists(yaml_bits, max_size=12).map("".join), st.text(max_size=80))


@settings(max_examples=3300, **SETTINGS)
@given(yaml_docs)
def test_yaml_reader_returns_or_raises_yamlproblem(doc):
    for fn in (load, lambda d: split_front_matter("---\n" + d + "\n---\nbody")):
        try:
            fn(doc)
        except YamlProblem as p:
            assert p.message and (p.line is None or p.line >= 1)


_FIELDS = ["text", "theme", "status", "approved_by", "approved_on", "valid_to", "lint", "title"]
front_matter = st.lists(
    st.one_of(
        yaml_bits,
        st.builds(lambda k, v: f"{k}: {json.dumps(v, ensure_ascii=False)}\n", st.sampled_from(_FIELDS), any_text),
        st.just("theme: civility\n"), st.just("status: approved\n"), st.just("status: draft\n"),
        st.just("lint: {ignore: [typo]}\n"), st.just("approved_by: 王丽\napproved_on: 2026-09-01\n"),
    ),
    max_size=10,
).map("".join)


_ODD_ROOT: list[Path] = []


def _odd_root() -> Path:
    """One temporary campaign folder reused by every example (files are overwritten)."""
    if not _ODD_ROOT:
        root = Path(tempfile.mkdtemp(prefix="placard-prop-"))
        (root / "mkdocs.yml").write_text(MKDOCS.replace("{lint}", ""), encoding="utf-8")
        (root / "slogans").mkdir()
        (root / "docs" / "guides").mkdir(parents=True)
        _ODD_ROOT.append(root)
    return _ODD_ROOT[0]


def teardown_module(module):
    for root in _ODD_ROOT:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=1000, **SETTINGS)
@given(front_matter, texts, st.booleans(), st.sampled_from(["", "\ufeff"]))
def test_loader_and_checks_on_odd_files(fm, body, closed, bom):
    root = _odd_root()
    doc = bom + "---\n" + fm + ("---\n" if closed else "") + body
    (root / "slogans" / "s.md").write_text(doc, encoding="utf-8")
    (root / "docs" / "guides" / "g.md").write_text(doc.replace("text:", "title:"), encoding="utf-8")
    result = check_campaign(root, TODAY)
    _sane(result.findings)
