"""Generated pages come from a page shell rendered once (placard/site/shell.py): they must be, to the
byte, what Material's whole template makes of them, hostile text and campaign overrides included."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_example
from hostile_support import HOSTILE, hostile_campaign, q

pytestmark = pytest.mark.slow


def build(root: Path, out: Path, shell: bool, monkeypatch) -> tuple[list[str], int]:
    """Build the public site in this process; return (pages from a shell, number rendered whole)."""
    from placard import mkdocs_hooks
    from placard.cli import main

    monkeypatch.setenv("PLACARD_PAGE_SHELL", "1" if shell else "0")
    code = main(["build", str(root), "--out", str(out), "--no-posters", "--no-staff"])
    assert code == 0
    shells = mkdocs_hooks._state.shells
    return shells.filled, shells.rendered


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    differ = [name for name in ta if ta[name] != tb[name]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_example_site_is_byte_identical_with_the_page_shell(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "campaign")
    filled, rendered = build(root, tmp_path / "with", True, monkeypatch)
    # every slogan page but the first of its shape came from a shell
    slogan_pages = len(list((tmp_path / "with" / "s").glob("*/index.html")))
    assert len([u for u in filled if u.startswith("s/")]) >= slogan_pages - 2, (filled, rendered)
    none_filled, _ = build(root, tmp_path / "without", False, monkeypatch)
    assert none_filled == []
    assert_same_site(tmp_path / "with", tmp_path / "without")


def _more_slogans(root: Path, texts: list[str]) -> None:
    src = (root / "slogans" / "civility-01.md").read_text("utf-8")
    for i, text in enumerate(texts):
        page = src.replace('text: "一言一行显文明，一举一动树新风"', f"text: {q(text)}")
        page = page.replace("tags: [文明礼仪]", f"tags: [{q(text[:8])}]")
        (root / "slogans" / f"civility-x{i}.md").write_text(page, "utf-8")


#: Texts that would come out wrong if a value went into the shell unescaped, escaped twice, or were
#: taken for a sentinel: markup, entities, quotes, template syntax and the sentinels' own spelling.
TRICKY = [
    HOSTILE,
    "文明&amp出行&lt礼让&#34",
    "文明 &  出行 ' \" 礼让",
    "文明{{ page.title }}出行{% raw %}礼让",
    "文明PlacardShellSlotcontentZq出行",
    "文明PlacardShellSlotmetaTitleZq出行，PlacardShellSlot",
    # what the after-render edits look for (a11y, the search script, the staff mark): such a page is
    # edited whole, not taken from the edited shell
    "文明md-search出行aria-label礼让assets/placard-search.js",
]


def test_tricky_slogans_filled_into_the_shell_give_the_same_pages(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "campaign")
    _more_slogans(root, TRICKY)
    filled, _ = build(root, tmp_path / "with", True, monkeypatch)
    # the tricky ones went into the shell (made from an earlier page of the same shape)
    assert {f"s/civility-x{i}.md" for i in range(len(TRICKY))} <= set(filled)
    build(root, tmp_path / "without", False, monkeypatch)
    assert_same_site(tmp_path / "with", tmp_path / "without")
    page = (tmp_path / "with" / "s" / "civility-x4" / "index.html").read_text("utf-8")
    assert "文明PlacardShellSlotcontentZq出行" in page  # a slogan that spells a sentinel keeps its text


def test_pages_from_a_shell_come_edited_once_and_the_rest_are_edited_whole(tmp_path, monkeypatch):
    """The after-render edits (language, the search dialog's name, the search script) are made once on
    each shell; a page whose own text holds what an edit looks for is edited whole, and both give
    the pages the edits give each page (the site is the same as without shells)."""
    from placard import mkdocs_hooks

    root = copy_example(tmp_path / "campaign")
    _more_slogans(root, TRICKY)
    filled, _ = build(root, tmp_path / "with", True, monkeypatch)
    posted = mkdocs_hooks._state.shells.posted
    lookalike = f"s/civility-x{len(TRICKY) - 1}.md"
    assert lookalike in filled and lookalike not in posted
    # edited whole: exactly the pages that show the look-alike text (its own, and those listing it)
    shows = {u for u in filled
             if "md-search出行" in (tmp_path / "with" / u.removesuffix(".md") / "index.html").read_text("utf-8")
             .replace("<wbr>", "")}  # titles carry word breaks (<wbr>), not text
    assert lookalike in shows and len(shows) < len(filled) / 2
    assert posted == set(filled) - shows
    build(root, tmp_path / "without", False, monkeypatch)
    assert_same_site(tmp_path / "with", tmp_path / "without")
    page = (tmp_path / "with" / "s" / "civility-x1" / "index.html").read_text("utf-8")
    assert page.count('role="dialog" aria-label="搜索"') == 1 and page.count("placard-search.js") == 1
    assert '<html lang="zh-Hans"' in page


def test_hostile_campaign_gives_the_same_pages_both_ways(tmp_path, monkeypatch):
    """Hostile text in the site name, office, themes, tags and titles (tests/hostile/hostile_support.py)."""
    root = hostile_campaign(tmp_path / "campaign")
    _more_slogans(root, TRICKY)
    build(root, tmp_path / "with", True, monkeypatch)
    build(root, tmp_path / "without", False, monkeypatch)
    assert_same_site(tmp_path / "with", tmp_path / "without")


OVERRIDE = """{% extends "base.html" %}
{% block content %}
  {{ super() }}
  <p class="campaign-note">{{ page.meta.tags | join(" / ") }} | {{ page.title | upper }} |
  {{ page.meta.title | truncate(6) }} | {{ page.url }}</p>
{% endblock %}
"""


def test_a_campaign_template_that_prints_per_page_values_still_gets_each_pages_own(tmp_path, monkeypatch):
    """An override that prints the tags, a changed title and the page's address: those pages cannot
    share a shell, and each still shows its own values."""
    root = copy_example(tmp_path / "campaign")
    _more_slogans(root, TRICKY[:3])
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(OVERRIDE, "utf-8")
    mk = root / "mkdocs.yml"
    mk.write_text(mk.read_text("utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                  "utf-8")
    build(root, tmp_path / "with", True, monkeypatch)
    build(root, tmp_path / "without", False, monkeypatch)
    assert_same_site(tmp_path / "with", tmp_path / "without")
    a = (tmp_path / "with" / "s" / "civility-01" / "index.html").read_text("utf-8")
    b = (tmp_path / "with" / "s" / "dining-02" / "index.html").read_text("utf-8")
    assert "文明礼仪 |" in a and "s/civility-01/" in a
    assert "光盘行动 |" in b and "s/dining-02/" in b



def test_a_campaign_own_placard_shell_template_is_rendered_not_bypassed(tmp_path, monkeypatch):
    """placard hands a filled page back without rendering its own placard-shell.html; a campaign
    that overrides that template gets its template rendered for every page."""
    root = copy_example(tmp_path / "campaign")
    (root / "overrides").mkdir()
    (root / "overrides" / "placard-shell.html").write_text(
        "<!-- campaign shell -->{% if placard_shell_output is defined %}{{ placard_shell_output }}"
        "{% else %}{% include 'main.html' %}{% endif %}", "utf-8")
    mk = root / "mkdocs.yml"
    mk.write_text(mk.read_text("utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                  "utf-8")
    filled, _ = build(root, tmp_path / "with", True, monkeypatch)
    assert filled
    for uri in filled:
        html = (tmp_path / "with" / uri.removesuffix(".md") / "index.html").read_text("utf-8")
        assert html.startswith("<!-- campaign shell -->"), uri
