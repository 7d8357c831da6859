"""Every finding placard reports speaks the reader's language (issue 21).

Faulty campaigns (the example campaign with a fault planted in every corner, and two small
ones) give findings of every rule id that a check can reach. In the default language
(zh_Hans) no English sentence is left in a finding's message or fix: ids, paths, field names,
code values and quoted user values may stay as they are. With English chosen, the same
findings are English, with Chinese only inside quotes (user values, examples).

The existing suite runs in English (tests/conftest.py); these tests choose their language
explicitly, in-process (``i18n.set_language``) and for subprocesses (``PLACARD_LANG``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from checks_support import ad, guide, make_campaign, slogan
from conftest import copy_example, env, write
from PIL import Image

from placard import i18n
from placard.engine import check_campaign
from placard.findings import render_text
from placard.rules import RULES

TODAY = dt.date(2026, 11, 23)

#: Rule ids of the RULES dicts that no campaign can make ``placard check`` report, and why.
UNREACHABLE = {
    "poster.render": "reported only while posters are drawn ('placard posters'), never by a check",
    # these need sealed records that only 'placard review' writes with bad settings in between; their
    # messages are in the catalogues (tests/test_catalogues.py) and each is asserted in tests/test_review.py
    "review.future": "needs a record sealed with a future time (tests/test_review.py)",
    "review.level-not-needed": "needs a sealed record of a level its grade lacks (tests/test_review.py)",
    "review.same-person": "needs two sealed records by one person (tests/test_review.py)",
    "review.unknown-level": "needs a sealed record of a level the settings lack (tests/test_review.py)",
}

#: Two slogan ids whose QR codes collide (30-bit codes: found once by trying ids s0, s1, …).
CLASHING_IDS = ("s23258", "s30308")


# --------------------------------------------------------------------------- campaigns


def _sub(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), "utf-8")


def _photo(path: Path, when: dt.datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = when.strftime("%Y:%m:%d %H:%M:%S")
    Image.new("RGB", (40, 30), (200, 60, 50)).save(path, "JPEG", exif=exif)


def big_campaign(root: Path) -> Path:
    """The example campaign with a fault of nearly every kind planted in it."""
    copy_example(root)
    mk = root / "mkdocs.yml"
    # theme colours: a pale one (contrast), a 3-digit one (format), a green the press cannot print
    _sub(mk, '{id: dining, name: 文明餐桌, colour: "#b45f14"}', '{id: dining, name: 文明餐桌, colour: "#f5d76e"}')
    _sub(mk, '{id: waste, name: 垃圾分类, colour: "#2e7d32"}', '{id: waste, name: 垃圾分类, colour: "#2e7"}')
    _sub(mk, '{id: health, name: 健康生活, colour: "#008476"}', '{id: health, name: 健康生活, colour: "#00ff00"}')
    # a theme whose actions are not a list; campaign actions broken every way
    _sub(mk, '      - {id: values, name: 核心价值观, colour: "#b71c1c"}',
         '      - {id: values, name: 核心价值观, colour: "#b71c1c"}\n'
         '      - {id: broken, name: 坏主题, colour: "#1565c0", actions: 随手拍}')
    _sub(mk, "      - {kind: hotline, label: 创城热线, tel: \"12345\"}\n",
         "      - {kind: hotline, label: 创城热线, tel: \"call us\"}\n"
         "      - {kind: parade, label: 游行, href: actions.md}\n"
         "      - {kind: link, label: 什么都没有}\n"
         "      - {kind: link, label: 坏链接, href: \"javascript:alert(1)\"}\n"
         "      - {kind: link, label: 缺页, href: nowhere.md}\n"
         "      - {kind: link, href: actions.md}\n"
         "      - {kind: link, label: 多余, href: actions.md, colour: red}\n"
         "      - {kind: link, label: [1, 2], href: actions.md}\n"
         "      - {kind: link, label: \"<b>粗体</b>\", href: actions.md}\n"
         "      - {kind: link, label: 空页, href: empty.md}\n")
    write(root / "docs" / "empty.md", "# 空页\n\n只有文字，没有链接、电话或表单。\n")
    _sub(mk, "    icp: 粤ICP备12345678号", "    icp: 粤ICP备<b>12345678</b>号\n"
         "    staff_dir: docs/staff\n"
         "    scans: {logs: [no-such-logs/access.log*]}\n"
         "    playlogs: {strict: maybe}")
    _sub(mk, "      public_sets: [traffic-a3]", "      public_sets: [traffic-a3, trafic-a4]\n"
         "      logo: docs/index.md")
    # slogans: typos, punctuation, Traditional characters, a misquotation, a missing glyph
    bad = {
        "typo-01": "文明出行，按装安全带",
        "punct-01": "文明出行,安全你我",
        "punct-02": "文明出行 安全你我 人人有责",
        "punct-03": "文明出行，，安全你我",
        "punct-04": '请说"谢谢"和"您好"',
        "trad-01": "文明出行從我做起",
        "canon-01": "富强、民主、文明、和谐、自由、平等、公正、法制、爱国、敬业、诚信、友善",
        "glyph-01": "礼让斑马线，安全每一天\U00020000",
        CLASHING_IDS[0]: "文明城区人人共建",
        CLASHING_IDS[1]: "文明城区人人共享",
        "long-01": "文明交通靠大家，平安出行你我他，礼让斑马线从我做起，一盔一带安全常在",
    }
    for sid, text in bad.items():
        write(root / "slogans" / f"{sid}.md", slogan(text).replace("theme: civility", "theme: traffic"))
    write(root / "slogans" / "quotes-01.md", slogan("请说“谢谢”和「您好」"))
    # a theme with a slogan but neither guide nor ad
    write(root / "slogans" / "lonely-01.md", slogan("文明从我做起").replace("theme: civility", "theme: broken"))
    write(root / "slogans" / "expired-01.md",
          slogan("文明出行", "valid_from: 2026-01-01\nvalid_to: 2026-06-30\n"))
    write(root / "slogans" / "future-01.md", slogan("文明礼让").replace("2026-09-11", "2026-12-30"))
    write(root / "slogans" / "late-01.md", slogan("礼让行人", "valid_from: 2026-09-01\n"))
    write(root / "docs" / "guides" / "rare.md", guide("请到\U00020000记面馆排队取号。", title="排队指南"))
    ad_text = ad("斑马线前", "zebra", "slogans: [traffic-draft-01]\n")
    write(root / "docs" / "ads" / "zebra.md", ad_text)
    Image.new("RGB", (8, 8), "white").save(root / "docs" / "ads" / "zebra.png")
    # poster sets, formats and templates with mistakes
    posters = root / "posters"
    write(posters / "bad-format.yml", "format: A99\ntemplate: slogan\nkind: slogan\n")
    write(posters / "bad-template.yml", "format: A3\ntemplate: nosuch\nkind: slogan\n")
    write(posters / "bad-set.yml", "format: A3\ntemplate: slogan\nkind: slogan\ncolour: red\n")
    write(posters / "bad-material.yml", "format: A3\ntemplate: slogan\nkind: slogan\nmaterial: 金箔\n")
    write(posters / "strip.yml", "format: strip\ntemplate: slogan\nkind: slogan\nitems: [long-01]\n")
    write(posters / "shop.yml", "format: A3\ntemplate: slogan\nkind: slogan\nprofile: cmyk-pdfx\n"
          "items: [traffic-01]\n")
    write(posters / "tight.yml", "format: A3\ntemplate: tight\nkind: slogan\nitems: [traffic-01]\n")
    write(posters / "formats.yml", "broken: {width: -5, height: 100}\n"
          "strip: {title: 小横幅, width: 600, height: 70, dpi: 40, safe_mm: 5, distance_m: 8, code: false}\n")
    write(posters / "templates.yml", """\
tight:
  kinds: [slogan]
  background: "#ffffff"
  layouts:
    portrait:
      - {type: text, box: [0, 0, 1, 0.2], text: "{text}", main: true}
      - {type: text, box: [0.1, 0.3, 0.02, 0.02], text: "{campaign}"}
      - {type: text, box: [0.1, 0.5, 0.01, 0.3], text: "{office}", direction: vertical}
      - {type: qr, box: [0.8, 0.8, 0.01, 0.01]}
broken:
  kinds: [slogan]
  background: "#ffffff"
  layouts:
    portrait:
      - {type: text, box: [0.5, 0.5, 0.9, 0.9], text: "{text}"}
""")
    # placement lists: every share rule broken
    write(posters / "placements" / "bad-share.yml", """\
name: 测试道旗
type: banner
period: {from: 2026-10-01, to: 2026-10-31}
rule: {min_public: 0.5, window: {size: 2, min_public: 1}, required_themes: [traffic, nosuch]}
slots:
  - {id: a, order: 1, kind: public, ref: no-such-item}
  - {id: b, order: 2, kind: commercial, advertiser: 光明银行}
  - {id: c, order: 3, kind: commercial, advertiser: 光明银行}
  - {id: d, order: 4, kind: public, ref: civility-01, to: 2026-10-20}
""")
    write(posters / "placements" / "gap.yml", """\
name: 空档清单
type: banner
period: {from: 2026-10-01, to: 2026-10-31}
slots:
  - {id: a, order: 1, kind: public, ref: civility-01, to: 2026-10-15}
  - {id: b, order: 2, kind: public, ref: civility-02, from: 2026-10-20}
""")
    led = posters / "placements" / "metro-guangming-led.yml"
    _sub(led, 'hours: [{from: "19:00", to: "21:00", min_public: 0.3}]',
         'hours: [{from: "19:00", to: "21:00", min_public: 0.9}]')
    # patrols: a problem fixed late, content that is not the plan, photos missing and far off in time
    _photo(root / "posters/patrols/photos/old.jpg", dt.datetime(2026, 10, 1, 9))
    write(root / "posters/patrols/extra.yml", """\
- {date: 2026-11-02, list: guangming-avenue-banners, slot: p01, inspector: 李娜, status: 破损}
- {date: 2026-11-12, list: guangming-avenue-banners, slot: p01, inspector: 李娜, status: 已整改}
- {date: 2026-11-10, list: guangming-avenue-banners, slot: p02, inspector: 李娜, status: 完好, seen: waste-01}
- {date: 2026-11-10, list: guangming-avenue-banners, inspector: 李娜, status: 完好, photos: [gone.jpg, old.jpg]}
""")
    # play logs: a header that is not a play log's, unreadable rows, unknown screens and files, gaps
    logs = posters / "playlogs"
    write(logs / "bad-header.csv", "when,where,what\n2026-10-04,led,c1\n")
    rows = ["2026-10-04 10:00:00,metro-guangming-led,l01,30", "yesterday,metro-guangming-led,l01,30",
            "2026-10-04 10:01:00,metro-guangming-led,l01,abc", "2026-10-04 10:02:00,lobby-9,l01,30",
            "2026-10-04 10:03:00,metro-guangming-led,mystery.mp4,30",
            "2026-09-04 10:03:00,metro-guangming-led,l01,30",
            "2026-10-09 10:00:00,metro-guangming-led,l01,300"]
    write(logs / "messy.csv", "time,screen,item,seconds\n" + "\n".join(rows) + "\n")
    _sub(logs / "map.yml", "  光明站大厅屏: metro-guangming-led", "  光明站大厅屏: metro-guangming-led\n  大厅屏: led-9")
    return root


def no_font_campaign(root: Path) -> Path:
    """A campaign whose poster font is missing (the poster plan stops there)."""
    copy_example(root)
    _sub(root / "mkdocs.yml", "      public_sets: [traffic-a3]", "      public_sets: [traffic-a3]\n"
         "      font: fonts/missing.ttf")
    return root


def small_campaign(root: Path) -> Path:
    """A campaign without site_url whose poster set needs one, with loader mistakes in its files."""
    make_campaign(root, slogans={"ok-01": "文明出行"})
    write(root / "posters" / "ok.yml", "format: A3\ntemplate: slogan\nkind: slogan\n")
    write(root / "slogans" / "broken.md", "---\ntext: [文明\ntheme: civility\n---\n")
    write(root / "slogans" / "fields.md", "---\ntext: 文明\nthmee: civility\nstatus: aproved\n"
          "valid_from: 2026-13-01\n---\n")
    write(root / "slogans" / "bad id!.md", slogan("文明"))
    write(root / "posters" / "placements" / "sheet.csv",
          "名称,类型,周期开始,周期结束,槽位编号,性质\n道旗,道旗,2026-10-01,2026-10-31,p1,赞助\n")
    write(root / "posters" / "placements" / "header.csv",
          "名称,类型,周期开始,周期结束,槽位编号,性质,颜色\n道旗,道旗,2026-10-01,2026-10-31,p1,公益,红\n")
    mk = root / "mkdocs.yml"
    _sub(mk, "    office: 测试办\n", "    office: 测试办\n    posters: {icc: posters/missing.icc}\n")
    return root


def newer_campaign(root: Path) -> Path:
    """The example as someone else's campaign (its example marker gone), with review records, and the
    faults of the trust and review checks planted: text that is not theirs, invisible characters,
    over-long names and pages, generated addresses taken, a poster set that matches nothing, an edit
    after approval, a record edited by hand, a record of no item, an unreadable record, a bad grade."""
    copy_example(root)
    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "reviews", root / "reviews")
    mk = root / "mkdocs.yml"
    _sub(mk, "    example: true\n", "")
    _sub(mk, "    office: 光明区委宣传部（区文明办）\n", "    office: 光明区委宣传部（区文明办）\n"
         "    review: {levels: [初审, 复审, 终审], grades: {普通: [初审, 复审], 重要: [初审, 复审, 终审]}}\n")
    _sub(mk, '      - {id: values, name: 核心价值观, colour: "#b71c1c"}',
         '      - {id: values, name: 核心价值观, colour: "#b71c1c"}\n      - {id: index, name: 索引, colour: "#1565c0"}')
    s1 = root / "slogans" / "civility-01.md"
    _sub(s1, "一言一行显文明", "一言一行\u200b显文明")  # an edit after approval, with a zero-width space
    _sub(root / "slogans" / "civility-02.md", "theme: civility", "theme: civility\ngrade: 特急")
    _sub(root / "slogans" / "civility-03.md", "tags: [", "tags: [" + "长" * 60 + ", ")
    write(root / "docs" / "guides" / "long.md", "---\ntitle: 很长的指南\ntheme: civility\nstatus: draft\n---\n"
          + ("文明出行。" * 70_000) + "\n")
    write(root / "docs" / "guides" / "links.md", "---\ntitle: 链接太多\ntheme: civility\nstatus: draft\n---\n"
          + "[a](b) " * 120 + "\n")
    write(root / "docs" / "s" / "civility-04.md", "# 手写的页面\n")
    write(root / "posters" / "nothing.yml", "title: 没有内容\nkind: slogan\ntags: [没有这个标签]\nformat: A3\n"
          "template: slogan\n")
    record = root / "reviews" / "ad-banmaxian.yml"
    _sub(record, "adopted from approved_by/approved_on", "adopted by hand")
    (root / "reviews" / "ghost.yml").write_text(
        (root / "reviews" / "ad-fenlei.yml").read_text("utf-8").replace('item: "ad-fenlei"', 'item: "ghost"'),
        "utf-8")
    write(root / "reviews" / "broken.yml", "item: [\n")
    return root


def all_findings(tmp: Path, lang: str):
    """(campaign label, finding) for every finding of the faulty campaigns, made in ``lang``."""
    i18n.set_language(lang)
    out = []
    for label, make in (("big", big_campaign), ("no-font", no_font_campaign), ("small", small_campaign),
                        ("newer", newer_campaign)):
        root = tmp / f"{label}-{lang}"
        if root.exists():
            shutil.rmtree(root)
        make(root)
        out += [(label, f) for f in check_campaign(root, TODAY).findings]
    return out


@pytest.fixture(scope="module")
def findings_by_language(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    try:
        return {lang: all_findings(tmp, lang) for lang in ("zh_Hans", "en")}
    finally:
        i18n.set_language("en")


# --------------------------------------------------------------------------- what is English

#: Quoted text: user values, examples, code. An apostrophe inside a word (list's) opens no quote.
QUOTED = re.compile(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])|\"[^\"]*\"|“[^”]*”|「[^」]*」|‘[^’]*’|`[^`]*`")
#: Chinese words that are values a clerk writes in the files (patrol statuses), shown as they are.
CLERK_VALUES = ("完好", "破损", "脏污", "缺失", "内容不符", "已整改")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: Words that are code, not English prose: field names, values, units, ids (a run of 3+ plain
#: words outside quotes is an English sentence left untranslated).
CODE_WORDS = {
    "extra", "placard", "mkdocs", "yml", "yaml", "csv", "xlsx", "utf", "png", "jpeg", "webp", "pdf", "tiff",
    "icc", "cmyk", "rgb", "qr", "dpi", "mm", "px", "m", "s", "true", "false", "https", "http", "mailto",
    "id", "ids", "Noto", "Sans", "CJK", "SC", "WCAG", "AA", "YAML", "CSV", "UTF", "PNG", "JPEG", "WebP", "PDF",
    "ICC", "CMYK", "RGB", "QR", "EXIF", "GPS", "GB18030", "Excel", "WPS", "Xibo", "ICP",
}


def english_runs(text: str) -> list[str]:
    """Runs of 3 or more English words outside quotes and brackets of code."""
    bare = QUOTED.sub(" ", text)
    bare = re.sub(r"\{[^{}]*\}|\[[^\[\]]*\]", " ", bare)  # examples such as {id: …} and [a, b]
    runs = []
    for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*){2,}", bare):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", m.group())
        prose = [w for w in words if w not in CODE_WORDS and w.lower() not in CODE_WORDS
                 and not re.search(r"[_.]", w)]
        if len(prose) >= 3:
            runs.append(m.group())
    return runs


def _bare_cjk(text: str) -> list[str]:
    return CJK.findall(QUOTED.sub(" ", text))


# --------------------------------------------------------------------------- tests


def test_the_faulty_campaigns_reach_every_rule_id_of_the_checks(findings_by_language):
    found = {f.rule for _label, f in findings_by_language["zh_Hans"]}
    reachable = set(RULES) - set(UNREACHABLE)
    # a family's schema findings carry its id as a prefix (poster.set.unknown-key), as lint switches read them
    missing = {r for r in reachable if not any(f == r or f.startswith(r + ".") for f in found)}
    assert not missing, " ".join(sorted(missing))
    assert len(findings_by_language["zh_Hans"]) >= 40
    assert set(UNREACHABLE) <= set(RULES)  # the list names real rule ids


def test_default_language_leaves_no_english_sentence_in_findings(findings_by_language):
    left = []
    for label, f in findings_by_language["zh_Hans"]:
        for part, text in (("message", f.message), ("fix", f.fix)):
            if english_runs(text):
                left.append(f"{label} {f.rule} {part}: {text}  <- {english_runs(text)}")
    assert not left, "\n".join(left[:40])


def test_default_language_findings_are_written_in_chinese(findings_by_language):
    for _label, f in findings_by_language["zh_Hans"]:
        assert CJK.search(f.message), f.render()
        if f.fix:
            assert CJK.search(f.fix), f.render()


def test_english_on_request_has_no_chinese_outside_quoted_values(findings_by_language):
    left = []
    for label, f in findings_by_language["en"]:
        for part, text in (("message", f.message), ("fix", f.fix)):
            # user values appear quoted ('光明银行'), or as a list's name in brackets after its id
            stripped = re.sub(r"\([^()]*\)|（[^（）]*）", " ", text)
            for word in CLERK_VALUES:
                stripped = stripped.replace(word, " ")
            if _bare_cjk(stripped) and not _only_user_values(f, stripped):
                left.append(f"{label} {f.rule} {part}: {text}")
    assert not left, "\n".join(left[:40])


def _only_user_values(f, text: str) -> bool:
    """Chinese left in an English text comes from the campaign's own files (a header, a context)."""
    bare = QUOTED.sub(" ", text)
    return all(ch in (f.context or "") or ch in (f.field or "") for ch in _bare_cjk(bare))


def test_the_same_findings_in_both_languages(findings_by_language):
    def key(pair):
        f = pair[1]
        return pair[0], f.rule, f.file, f.line, f.field, f.severity

    assert sorted(map(key, findings_by_language["zh_Hans"]), key=repr) == \
        sorted(map(key, findings_by_language["en"]), key=repr)


def test_report_frame_is_translated(findings_by_language):
    i18n.set_language("zh_Hans")
    try:
        text = render_text([f for _label, f in findings_by_language["zh_Hans"]])
        assert "错误 [" in text and "警告 [" in text and "修改：" in text
        assert re.search(r"placard：\d+ 个错误，\d+ 个警告。", text)
        assert "字段“" in text
        assert render_text([]) == "placard：没有发现问题。"
    finally:
        i18n.set_language("en")
    text = render_text([f for _label, f in findings_by_language["en"]])
    assert "error [" in text and "warning [" in text and "    fix: " in text


def test_kinds_and_statuses_use_the_clerks_words(findings_by_language):
    zh = [f for _label, f in findings_by_language["zh_Hans"]]
    en = [f for _label, f in findings_by_language["en"]]
    # the spreadsheet's 性质 column: the values a clerk may write, in Chinese
    kind = next(f for f in zh if f.rule == "placements.not-in-list" and f.field == "性质")
    assert "公益、商业、空置" in kind.fix and "性质" in kind.message, (kind.message, kind.fix)
    # a patrol status is named as the clerk writes it (破损), without the code value in Chinese
    late = next(f for f in zh if f.rule == "patrol.fix-late")
    assert "破损" in late.message and "(damaged)" not in late.message
    late_en = next(f for f in en if f.rule == "patrol.fix-late")
    assert "破损 (damaged)" in late_en.message


def test_id_hints_say_where_an_id_comes_from(findings_by_language):
    en = [f for _label, f in findings_by_language["en"]]
    ref = next(f for f in en if f.rule == "ratio.ref" and "no-such-item" in f.message)
    assert "its 'id:' line, else its file name without .md" in ref.fix
    bad_id = next(f for f in en if f.rule == "schema.bad-id")
    assert "'id:' line" in bad_id.fix


def test_cli_report_in_the_default_language_and_in_english(tmp_path):
    import subprocess
    import sys

    root = small_campaign(tmp_path / "c")
    e = env()
    e.pop("PLACARD_LANG", None)
    zh = subprocess.run([sys.executable, "-m", "placard", "check", str(root)], env=e, capture_output=True,
                        text=True)
    assert zh.returncode == 1
    assert "错误 [poster.site-url]" in zh.stdout and "个错误" in zh.stdout, zh.stdout
    en = subprocess.run([sys.executable, "-m", "placard", "--lang", "en", "check", str(root)], env=e,
                        capture_output=True, text=True)
    assert "error [poster.site-url]" in en.stdout and "posters carry QR codes" in en.stdout, en.stdout
