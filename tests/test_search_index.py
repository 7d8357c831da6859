"""The search index placard builds and the small page edits it makes (no browser needed)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import run_placard

from placard.site.search import (
    INNER_FIELDS,
    SEGMENTER,
    add_inner_words,
    configure_fields,
    defer_search,
    inner_words,
    patch_worker,
    search_tags,
)

MATERIAL_JS = Path(resources.files("material")) / "templates" / "assets" / "javascripts"


def _segmenter_js() -> str:
    return resources.files("placard").joinpath("data", "search-segment.js").read_text("utf-8")


def test_the_installed_material_worker_gets_placards_query_segmenter():
    worker = next((MATERIAL_JS / "workers").glob("search.*.min.js")).read_text("utf-8")
    patched = patch_worker(worker, _segmenter_js())
    assert patched is not None, (
        "Material's search worker changed: update _WORKER_CALL in site/search.py"
    )
    assert patched.count(f"[...{SEGMENTER}(") == 1
    # the worker adds a `*` to each query word itself: joined with "* ", every word but the last became
    # `公筷**`, which no page's word starts with, so results marked 公筷 missing although they hold it
    assert 'this.index.invertedIndex)].join(" ")' in patched
    assert 'join("* ")' not in patched
    assert patch_worker(patched, _segmenter_js()) == patched  # a second build does not patch twice


def test_an_unknown_worker_is_left_alone():
    assert patch_worker("console.log(1)", _segmenter_js()) is None


def test_tags_are_cut_into_words_like_titles():
    assert search_tags(["可回收物：纸张、塑料", "可回收物：纸张、塑料", " "]) == [
        "可回收\u200b物\u200b：\u200b纸张\u200b、\u200b塑料"
    ]
    assert search_tags(["LED 屏"]) == ["LED \u200b屏"]
    # Extension G (𰻝, U+30EDD) is Chinese as in the browser's \p{sc=Han}: cut with the rest of its run
    assert search_tags(["𰻝𰻝面馆"]) == ["𰻝\u200b𰻝\u200b面馆"]


def test_the_words_inside_longer_words_are_jiebas_search_mode_words():
    # the text as Material's index holds it: jieba's words between zero-width spaces
    assert inner_words("勤洗手\u200b常\u200b通风") == "洗手"
    assert inner_words("<p>\u200b中华人民共和国\u200b</p>") == "中华 华人 人民 共和 共和国"
    assert inner_words("核心价值观") == "核心 价值 价值观"
    # a word the text holds on its own is found by the field itself; two-character words hold none
    assert inner_words("洗手\u200b勤洗手") == ""
    assert inner_words("公筷\u200b公勺") == ""
    assert inner_words("LED \u200b屏") == ""


def test_an_entry_gets_hidden_fields_of_inner_words_and_keeps_its_shown_text():
    entry = {
        "location": "s/health-01/",
        "title": "勤洗手\u200b常\u200b通风",
        "text": "<p>\u200b健康\u200b</p>",
        "tags": ["中华人民共和国", "勤洗手"],
    }
    add_inner_words(entry)
    assert entry == {
        "location": "s/health-01/",
        "title": "勤洗手\u200b常\u200b通风",
        "text": "<p>\u200b健康\u200b</p>",
        "tags": ["中华人民共和国", "勤洗手"],
        "title_inner": "洗手",
        "tags_inner": "中华 华人 人民 共和 共和国 洗手",
    }


def test_inner_words_weigh_what_their_field_weighs():
    fields = {"title": {"boost": 7}}  # as mkdocs.yml may set it
    configure_fields(fields)
    assert fields["title_inner"] == {"boost": 7}
    assert fields["tags_inner"] == {"boost": 4.0} and fields["text_inner"] == {"boost": 1.0}
    assert set(INNER_FIELDS.values()) <= set(fields)


def test_the_deferring_script_goes_before_materials_bundle():
    html = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    out = defer_search(html)
    assert out == '<script src="../../assets/placard-search.js"></script>' + html
    assert defer_search(out) == out


@pytest.mark.slow
def test_every_slogan_is_searchable_by_its_text_and_theme_even_without_tags(campaign: Path):
    for f in (campaign / "slogans").glob("*.md"):
        f.write_text(re.sub(r"(?m)^tags:.*\n", "", f.read_text("utf-8")), encoding="utf-8")
    out = campaign / "site"
    proc = run_placard("build", campaign, "--out", out, "--no-posters")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    index = json.loads((out / "search" / "search_index.json").read_text("utf-8"))
    entries = {d["location"]: d for d in index["docs"]}
    slogans = sorted(p.parent.name for p in (out / "s").glob("*/index.html"))
    assert len(slogans) >= 40
    for sid in slogans:
        entry = entries.get(f"s/{sid}/")
        assert entry is not None, f"s/{sid}/ is not in the search index"
        assert entry["title"].replace("\u200b", "")  # the slogan's text
    waste = entries["s/waste-01/"]
    assert waste["title"].replace("\u200b", "") == "垃圾分一分，光明美十分"
    assert "垃圾分类" in waste["text"]  # its theme finds it
    # titles weigh most, then tags and key points, then body text
    fields = index["config"]["fields"]
    assert fields["title"]["boost"] > fields["tags"]["boost"] > fields["text"]["boost"]
    assert any("可回收" in t for t in entries["guides/waste/"]["tags"])  # a guide's key points
    # the words inside longer words, weighted like the field they are in; the shown title stays as written
    assert fields["title_inner"] == fields["title"] and fields["text_inner"] == fields["text"]
    dining = entries["guides/dining/"]
    assert dining["title"].replace("\u200b", "") == "文明餐桌指南"
    assert "餐桌" in dining["title_inner"].split()  # 文明餐桌 is a campaign word (search_terms)
    assert "洗手" in entries["s/health-01/"]["title_inner"].split()  # 勤洗手常通风，健康生活每一天


def test_a_second_build_in_one_process_cuts_words_by_its_own_dictionary(tmp_path: Path):
    """The index's Chinese segmentation is remembered within one build (the same theme names and tags
    on thousands of pages), never carried to the next build of another campaign (serve, tests)."""
    from conftest import copy_example

    from placard.cli import main

    def build(name: str, terms: str) -> dict:
        root = copy_example(tmp_path / name)
        mk = root / "mkdocs.yml"
        text = re.sub(
            r"(?m)^    search_terms: .*$", f"    search_terms: [{terms}]", mk.read_text("utf-8")
        )
        mk.write_text(text, "utf-8")
        slogan = root / "slogans" / "civility-01.md"
        slogan.write_text(
            slogan.read_text("utf-8").replace(
                "一言一行显文明，一举一动树新风", "星湖湾社区讲文明，邻里和睦树新风"
            ),
            "utf-8",
        )
        assert (
            main(["build", str(root), "--out", str(root / "site"), "--no-posters", "--no-staff"])
            == 0
        )
        index = json.loads((root / "site" / "search" / "search_index.json").read_text("utf-8"))
        return {d["location"]: d for d in index["docs"]}

    first = build("a", "光明区")
    assert "星\u200b湖湾\u200b社区" in first["s/civility-01/"]["title"]  # jieba alone cuts it apart
    second = build("b", "光明区, 星湖湾社区")
    assert "星湖湾社区" in second["s/civility-01/"]["title"].split(
        "\u200b"
    )  # this campaign's own term
