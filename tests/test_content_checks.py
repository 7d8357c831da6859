"""Content checks: a corpus of faulty texts (all caught) and near-misses (none flagged).

Each case is a slogan or a guide page in one temporary campaign; the test runs
`check_campaign` once and looks at what each file got.
"""

from __future__ import annotations

import pytest
from checks_support import TODAY, ad, findings_by_file, make_campaign, write

from placard.engine import check_campaign

CORE = "富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善"
NORMS = "爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献"
TAGLINE_LINT = "    lint:\n      canonical:\n        - {id: tagline, name: 活动口号, text: 创建全国文明城区}\n" \
               "      typos: {光明大到: 光明大道}\n      allow: [唱导]\n"

# (case id, slogan text or guide body, expected rule)
FAULTY = [
    ("canon-altered", CORE.replace("法治", "法制"), "canonical.misquote"),
    ("canon-partial", "富强、民主、文明、和谐，自由、平等、公正、法治", "canonical.misquote"),
    ("canon-order", CORE.replace("文明、和谐", "和谐、文明"), "canonical.misquote"),
    ("canon-punct", CORE.replace("，", "、"), "canonical.misquote"),
    ("canon-first", CORE.replace("富强", "富裕"), "canonical.misquote"),
    ("canon-norms-altered", NORMS.replace("明礼", "明理"), "canonical.misquote"),
    ("canon-norms-partial", "爱国守法、明礼诚信、团结友善", "canonical.misquote"),
    ("canon-tagline", "奋力创建全国文明城市", "canonical.misquote"),
    ("typo-idiom", "再接再励，共创文明城区", "typo.known"),
    ("typo-idiom2", "志愿服务迫不急待", "typo.known"),
    ("typo-word", "请按装说明书正确使用灭火器", "typo.known"),
    ("typo-hongyang", "宏扬传统美德，争做文明市民", "typo.known"),
    ("typo-banmaxian", "礼让班马线，安全每一天", "typo.known"),
    ("typo-rufire", "创建工作如火如茶", "typo.known"),
    ("typo-campaign-pair", "光明大到畅通无阻", "typo.known"),
    ("punct-comma", "文明出行,安全你我", "punct.half-width"),
    ("punct-colon", "温馨提示:请排队", "punct.half-width"),
    ("punct-bang", "欢迎来到光明区!", "punct.half-width"),
    ("punct-question", "你今天光盘了吗?", "punct.half-width"),
    ("punct-paren", "(试行)文明公约", "punct.half-width"),
    ("punct-space", "垃圾 分类，从我做起", "punct.space"),
    ("punct-doubled", "文明出行，，安全你我", "punct.doubled"),
    ("punct-ellipsis", "文明从点滴做起。。。", "punct.doubled"),
    ("punct-quotes", '争做"文明市民"', "punct.quotes"),
    ("script-1", "這是文明城市", "script.traditional"),
    ("script-2", "文明城市創建", "script.traditional"),
    ("script-3", "垃圾分類從我做起", "script.traditional"),
    ("script-4", "禮讓斑馬線", "script.traditional"),
    ("script-5", "歡迎光臨", "script.traditional"),
]

NEAR_MISSES = [
    ("canon-exact", CORE),
    ("canon-poster", "富强民主文明和谐自由平等公正法治爱国敬业诚信友善"),
    ("canon-four", "富强、民主、文明、和谐是国家层面的价值目标"),
    ("canon-citizen", "爱国、敬业、诚信、友善，从我做起"),
    ("canon-norms-exact", NORMS),
    ("canon-norms-two", "团结友善，勤俭自强"),
    ("canon-values-slogan", "践行社会主义核心价值观"),
    ("canon-tagline-exact", "奋力创建全国文明城区"),
    ("canon-civility", "诚信立身，友善待人"),
    ("typo-anzhuangxiu", "按装修标准施工，文明围挡"),
    ("typo-right-idiom", "再接再厉，共创文明城区"),
    ("typo-rutu", "创建工作如火如荼"),
    ("typo-hongyang-right", "弘扬传统美德"),
    ("typo-ronghe", "融合谐音，编成童谣"),
    ("typo-zizun", "自尊守法，文明出行"),
    ("typo-allowed", "合唱导师走进社区"),
    ("typo-hechang", "合唱导演带队演出"),
    ("punct-time", "每天10:30开始"),
    ("punct-number", "已有1,000名志愿者"),
    ("punct-english", "Be polite, be kind!"),
    ("punct-ellipsis-ok", "文明从点滴做起……"),
    ("punct-dash-ok", "文明——城市的名片"),
    ("punct-fullwidth", "文明出行，安全你我！"),
    ("punct-call", "调用f(x)函数"),
    ("punct-nested-quotes", "他说：“请记住‘文明’二字。”"),
    ("script-zhuming", "著名景区，文明游览"),
    ("script-qiankun", "朗朗乾坤，清风正气"),
    ("script-yushi", "于是大家都来排队"),
    ("script-houlai", "后来者居上，里外一新"),
    ("script-yuxia", "余下的饭菜打包带走"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "c"
    make_campaign(root, slogans={**{k: t for k, t, _ in FAULTY}, **dict(NEAR_MISSES)},
                  lint=TAGLINE_LINT)
    return findings_by_file(root)


@pytest.mark.parametrize("case,text,rule", FAULTY, ids=[c for c, _, _ in FAULTY])
def test_faulty_text_is_caught(corpus, case, text, rule):
    _, by_file = corpus
    got = by_file.get(f"slogans/{case}.md", [])
    assert rule in {f.rule for f in got}, (text, got)
    f = next(f for f in got if f.rule == rule)
    assert f.line == 2 and f.column and f.column >= 8
    assert "【" in f.context and f.fix


@pytest.mark.parametrize("case,text", NEAR_MISSES, ids=[c for c, _ in NEAR_MISSES])
def test_near_miss_is_not_flagged(corpus, case, text):
    _, by_file = corpus
    assert by_file.get(f"slogans/{case}.md", []) == []


def test_corpus_sizes():
    rules = {r for _, _, r in FAULTY}
    for family in ("canonical", "typo", "punct", "script"):
        assert sum(r.startswith(family) for _, _, r in FAULTY) >= 5, family
    assert len(NEAR_MISSES) >= len(FAULTY)
    assert rules >= {"canonical.misquote", "typo.known", "punct.half-width", "script.traditional"}


def test_positions_point_at_the_offending_characters(tmp_path):
    body = "# 标题\n\n```\n代码里的,逗号不算\n```\n\n第二段再接再励，`a,b` 见 https://x.cn/?a=1,2 好的,谢谢\n"
    altered = CORE.replace("法治", "法制")
    root = make_campaign(tmp_path / "c", slogans={"s": "文明|出行,安全你我", "v": altered},
                         guides={"g": body})
    result = check_campaign(root, TODAY)
    by_rule = {(f.file, f.rule): f for f in result.findings}
    s = by_rule[("slogans/s.md", "punct.half-width")]
    # text: "文明|出行,安全你我" starts at column 8; the comma is raw offset 5
    assert (s.line, s.column) == (2, 8 + 5)
    v = by_rule[("slogans/v.md", "canonical.misquote")]
    assert (v.line, v.column) == (2, 8 + altered.index("法制")) and "【法制】" in v.context
    lines = (root / "docs/guides/g.md").read_text(encoding="utf-8").split("\n")
    t = by_rule[("docs/guides/g.md", "typo.known")]
    assert lines[t.line - 1][t.column - 1 : t.column + 3] == "再接再励"
    p = [f for f in result.findings if f.file == "docs/guides/g.md" and f.rule == "punct.half-width"]
    assert len(p) == 1  # the comma in the code block, code span and URL are left alone
    assert lines[p[0].line - 1][p[0].column - 1] == ","
    assert lines[p[0].line - 1][p[0].column - 3 : p[0].column - 1] == "好的"


@pytest.mark.parametrize("raw", ["文明出行|安全,你我", "文明出行 | 安全,你我", "文明出行　|　安全,你我",
                                 "文明 | 出行 || 安全,你我", "'  文明出行 |  安全,你我'", '" 文明出行|安全,你我"'])
def test_columns_stay_right_with_break_marks_and_spaces(tmp_path, raw):
    text = "---\ntext: " + raw + "\ntheme: civility\nstatus: approved\napproved_by: 王丽\napproved_on: 2026-09-11\n---\n"
    root = make_campaign(tmp_path / "c", raw_slogans={"s": text})
    result = check_campaign(root, TODAY)
    f = next(f for f in result.findings if f.rule == "punct.half-width")
    line = (root / "slogans/s.md").read_text(encoding="utf-8").split("\n")[f.line - 1]
    assert line[f.column - 1] == ",", (raw, f.column, line)


def test_guide_title_key_points_and_ad_title_are_checked(tmp_path):
    root = make_campaign(
        tmp_path / "c",
        ads={"a": ad("礼让班马线", "a")},
    )
    write(root / "docs/guides/g.md", "---\ntitle: 文明指南!\ntheme: civility\nstatus: draft\n"
          "key_points:\n  - 第一条\n  - 垃圾分類\n---\n正文\n")
    result = check_campaign(root, TODAY)
    got = {(f.file, f.rule, f.line, f.field) for f in result.findings}
    assert ("docs/ads/a.md", "typo.known", 2, "title") in got
    assert ("docs/guides/g.md", "punct.half-width", 2, "title") in got
    assert ("docs/guides/g.md", "script.traditional", 7, "key_points[1]") in got


def test_prose_character_missing_from_the_poster_font_is_a_warning(tmp_path):
    rare = "\U00020000"  # CJK Extension B: not in the poster font
    root = make_campaign(tmp_path / "c", guides={"g": f"正文有{rare}字。\n\n`{rare}` 代码不算。\n"})
    result = check_campaign(root, TODAY)
    got = [f for f in result.findings if f.rule == "glyph.prose"]
    assert len(got) == 1, got
    f = got[0]
    line = (root / "docs/guides/g.md").read_text(encoding="utf-8").split("\n")[f.line - 1]
    assert f.file == "docs/guides/g.md" and line[f.column - 1] == rare
    assert f.severity.value == "warning" and "U+20000" in f.message and f.fix
    assert result.ok  # a warning: the site still builds


def test_mixed_quote_styles_in_one_page(tmp_path):
    root = make_campaign(tmp_path / "c", guides={"g": "他说“你好”。\n\n她说「再见」。\n"})
    result = check_campaign(root, TODAY)
    q = [f for f in result.findings if f.rule == "punct.quotes"]
    assert len(q) == 1 and "mixed" in q[0].message and q[0].line == 11
    # the second style is pointed at, the first named with its line
    assert (q[0].message, q[0].fix, q[0].column, q[0].severity.value) == (
        "mixed quotation marks: “” (line 9) and 「」", "use one style throughout, e.g. “”", 3, "warning")


def test_one_quote_style_per_page_is_fine_and_each_page_is_judged_on_its_own(tmp_path):
    root = make_campaign(tmp_path / "c", guides={"g": "他说“你好”。\n\n还有“一句”。\n", "h": "她说「再见」。\n"})
    assert [f for f in check_campaign(root, TODAY).findings if f.rule == "punct.quotes"] == []
    root = make_campaign(tmp_path / "d", guides={"g": "她说「再见」，又说“好”。\n"})
    (q,) = [f for f in check_campaign(root, TODAY).findings if f.rule == "punct.quotes"]
    assert (q.message, q.line, q.column) == ("mixed quotation marks: 「」 (line 9) and “”", 9, 10)


def test_example_campaign_is_clean():
    from conftest import REPO

    result = check_campaign(REPO, TODAY)
    # the only findings are the example's evidence (warnings): one list is overdue for its patrol on
    # purpose; an evening below its window, a planned item that did not play one day, a test file the
    # operator ran (see posters/patrols/ and posters/playlogs/)
    assert sorted(f.rule for f in result.findings) == [
        "patrol.overdue", "playlog.hours", "playlog.missing", "playlog.unmatched-item"]
    assert not any(f.is_error for f in result.findings)
    (overdue,) = [f for f in result.findings if f.rule == "patrol.overdue"]
    assert overdue.file == "posters/placements/station-lightboxes.yml"


def test_placement_names_and_locations_are_checked(campaign):
    path = campaign / "posters/placements/fenghuang-hoarding.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: 凤凰路地铁站施工围挡", "name: 凤凰路地铁站施工围挡(社会投资)")
    text = text.replace("location: 凤凰路与光明大道", "location: 凤凰路與光明大道")
    path.write_text(text, encoding="utf-8")
    result = check_campaign(campaign, TODAY)
    got = {(f.file, f.rule, f.field, f.line) for f in result.findings}
    assert ("posters/placements/fenghuang-hoarding.yml", "punct.half-width", "name", 3) in got
    assert ("posters/placements/fenghuang-hoarding.yml", "script.traditional", "location", 5) in got


def test_typo_data_is_sound():
    import jieba

    from placard.rules.typos import _builtin_matcher, builtin_pairs

    pairs = builtin_pairs()
    assert len(pairs) >= 200
    wrongs = [w for w, _ in pairs]
    assert len(set(wrongs)) == len(wrongs)
    m = _builtin_matcher()
    for wrong, right in pairs:
        assert wrong != right and len(wrong) >= 2
        assert m.find(right) == [], (wrong, right)  # the correction is never itself flagged
        assert [h[2] for h in m.find(wrong)] == [wrong]  # the wrong form alone is caught
        # jieba's dictionary (built from a large corpus) knows the right form better
        assert jieba.dt.FREQ.get(wrong, 0) < max(jieba.dt.FREQ.get(right, 0), 10), (wrong, right)


def test_punctuation_findings_in_a_page_word_for_word(tmp_path):
    guides = {
        "g1": "他说“你好。\n\n她说「再见」又「好」。\n",  # an unclosed “ still counts as the “” style
        "g2": "他说你好”。\n\n「再见」。\n",  # a closing ” alone too; 「 at the line's start
        "g3": "“你好”\n\n她说「再见。\n",
        "g4": "“你好”\n\n她说再见」又好」。\n",
        "g5": "你好,世界\n\n文明，，。城市,好\n",
    }
    root = make_campaign(tmp_path / "c", guides=guides)
    got = sorted(
        (f.file, f.rule, f.severity.value, f.line, f.column, f.message, f.fix, f.context)
        for f in check_campaign(root, TODAY).findings
        if f.rule.startswith("punct.")
    )
    mixed = ("punct.quotes", "warning", 11)
    words = ("mixed quotation marks: “” (line 9) and 「」", "use one style throughout, e.g. “”")
    assert got == [
        ("docs/guides/g1.md", *mixed, 3, *words, "她说【「】再见」又「好」。"),
        ("docs/guides/g2.md", *mixed, 1, *words, "【「】再见」。"),
        ("docs/guides/g3.md", *mixed, 3, *words, "她说【「】再见。"),
        ("docs/guides/g4.md", *mixed, 5, *words, "她说再见【」】又好」。"),
        ("docs/guides/g5.md", "punct.doubled", "error", 11, 3, "doubled punctuation '，，'", "keep one '，'",
         "文明【，，】。城市,好"),
        ("docs/guides/g5.md", "punct.half-width", "error", 9, 3, "half-width ',' in Chinese text",
         "use the full-width '，'", "你好【,】世界"),
        ("docs/guides/g5.md", "punct.half-width", "error", 11, 8, "half-width ',' in Chinese text",
         "use the full-width '，'", "文明，，。城市【,】好"),
    ]
