"""Chinese search: the index and the query are cut into the same words.

Material's search plugin segments Chinese text with jieba when it builds the
index. Place names and campaign phrases that jieba does not know would be cut
into pieces ("光明街道" -> "光明" "街道"); listing them in jieba's user
dictionary keeps them whole.

A resident also types the shorter words inside a long one ("洗手" for a page that
says "勤洗手", "餐桌" for "文明餐桌"). jieba's search mode (``cut_for_search``)
adds, after each word of more than two characters, the two- and three-character
words of its dictionary found inside it. Those inner words go into hidden fields
of each index entry (:data:`INNER_FIELDS`: ``title_inner`` weighs like the title,
and so on), so the shown title and text stay as written while the index holds
every word search mode finds.

In the browser, Material's search worker cuts a Chinese query with its own
greedy segmenter, which never keeps the whole query as one word ("垃圾分类"
becomes "垃圾" + "分", then matches every page with a word starting with "分").
:func:`segment_queries_like_the_index` replaces that one call in the built
worker with placard's segmenter (``data/search-segment.js``): forward maximum
matching over the index's own vocabulary (the inner words included), so a query
is cut the way the index was. The worker joined the cut words with ``"* "`` and
then added a ``*`` to every word, which made every word but the last ``公筷**``:
such a word is never found among a page's words, so the result marked it
missing although the page holds it. The patched call joins them with a space.
Field weights put titles first, then tags and a guide's key points, then body
text.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path

import jieba

from ..cachesafe import read_file, write_file
from ..findings import Finding, warning
from ..i18n import _
from ..model import Campaign
from ..text import HAN_CLASS
from .registry import ASSET_GENERATORS, AUDIENCES_ALL, POST_BUILD, SiteOptions, serve

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on every build

_HAN = re.compile(f"[{HAN_CLASS}]")


def remember_segments() -> None:
    """Make Material's search cut each distinct text with jieba once per build, and give each
    index entry the words inside its longer words (:func:`add_inner_words`).

    Material segments every index entry's title and text anew; a slogan page's text is its
    theme name and tags, the same for thousands of pages. The segmentation is a function
    of the text alone (and jieba's dictionary, fixed for the build), so remembering it
    changes nothing in the index. Called by each build's ``on_config``, which also forgets
    what an earlier build in the same process (serve, tests) remembered under another
    campaign's dictionary."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # not Material's search: nothing to do
        return
    original = getattr(
        SearchIndex._segment_chinese, "__wrapped_segmenter__", SearchIndex._segment_chinese
    )
    memo: dict[str, str] = {}

    def segment(self, data):
        if not isinstance(data, str) or len(memo) > 200_000:
            return original(self, data)
        out = memo.get(data)
        if out is None:
            out = memo[data] = original(self, data)
        return out

    segment.__wrapped_segmenter__ = original
    SearchIndex._segment_chinese = segment

    create = getattr(
        SearchIndex.create_entry_for_section,
        "__wrapped_entry__",
        SearchIndex.create_entry_for_section,
    )
    inner_memo: dict[str, str] = {}

    def create_entry(self, *args, **kwargs):
        before = len(self.entries)
        result = create(self, *args, **kwargs)
        for entry in self.entries[before:]:
            add_inner_words(entry, inner_memo)
        return result

    create_entry.__wrapped_entry__ = create
    SearchIndex.create_entry_for_section = create_entry


#: Each searched field of an index entry -> the hidden field holding the words found inside its
#: longer words. The hidden field weighs what its field weighs (:func:`configure_fields`); Material
#: shows only title, text and tags, so the page's text is shown once, as written.
INNER_FIELDS = {"title": "title_inner", "tags": "tags_inner", "text": "text_inner"}

_WORD_SPLIT = re.compile(r"[\s\u200b]+")
_HAN_WORD = re.compile(f"[{HAN_CLASS}]{{3,}}")


def inner_words(segmented: str) -> str:
    """The words jieba's search mode adds inside the longer words of a text jieba has cut (words
    separated by zero-width spaces, as Material's index holds them), space-separated, each once.

    The same rule as ``jieba.cut_for_search``: inside a word of more than two characters, every
    two-character word of jieba's dictionary (the campaign's words included); inside one of more
    than three, every three-character word too. Words the text holds on their own are left out
    (the field itself finds them)."""
    jieba.dt.check_initialized()
    freq = jieba.dt.FREQ
    words = [w for w in _WORD_SPLIT.split(segmented) if w]
    own = set(words)
    found: dict[str, None] = {}
    for word in words:
        if not _HAN_WORD.fullmatch(word):
            continue
        for size in (2, 3):
            if len(word) <= size:
                continue
            for i in range(len(word) - size + 1):
                gram = word[i : i + size]
                if freq.get(gram) and gram not in own:
                    found.setdefault(gram)
    return " ".join(found)


def add_inner_words(entry: dict, memo: dict[str, str] | None = None) -> None:
    """Add the hidden ``*_inner`` fields to one search index entry (only those with words)."""
    for field, inner in INNER_FIELDS.items():
        value = entry.get(field)
        if isinstance(value, list):
            value = "\u200b".join(str(v) for v in value)
        if not isinstance(value, str) or not value:
            continue
        words = memo.get(value) if memo is not None else None
        if words is None:
            words = inner_words(value)
            if memo is not None and len(memo) < 200_000:
                memo[value] = words
        if words:
            entry[inner] = words
        else:
            entry.pop(inner, None)


def campaign_terms(campaign: Campaign) -> list[str]:
    cfg = campaign.config
    terms: list[str] = [t.name for t in cfg.themes]
    terms += list(cfg.raw.get("search_terms") or [])
    for item in campaign.items():
        terms += list(item.tags)
    for plist in getattr(campaign, "placements", ()) or ():
        for attr in ("name", "location"):
            value = getattr(plist, attr, None)
            if isinstance(value, str):
                terms.append(value)
    seen: dict[str, None] = {}
    for t in terms:
        t = str(t).strip()
        if 2 <= len(t) <= 16 and _HAN.search(t) and not re.search(r"\s", t):
            seen.setdefault(t)
    return list(seen)


def write_user_dict(campaign: Campaign) -> Path | None:
    """Write the jieba user dictionary under .cache/ and return its path (None: it could not be written).

    Written like every cache file (:func:`placard.cachesafe.write_file`): a link planted at its
    name is replaced, never written through, and a link in place of ``.cache/placard`` leaves the
    search without the campaign's words rather than writing elsewhere."""
    path = campaign.root / ".cache" / "placard" / "jieba_user.txt"
    data = "".join(f"{t} 2000 n\n" for t in campaign_terms(campaign)).encode("utf-8")
    if read_file(path) == data or write_file(path, data):
        return path
    return None


#: A small script that holds Material's search worker and index back until search is opened.
DEFER_JS_URI = "assets/placard-search.js"


def defer_script(campaign: Campaign, options: SiteOptions) -> dict[str, bytes]:
    return {
        DEFER_JS_URI: resources.files("placard").joinpath("data", "search-defer.js").read_bytes()
    }


# Every page of both sites names it (defer_search), so both sites carry it.
ASSET_GENERATORS.append(serve(defer_script, *AUDIENCES_ALL))

# Material's bundle starts the worker and requests the index as it runs, so the script goes before it.
_BUNDLE_TAG = re.compile(
    r'<script src="([^"<>]*?)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>'
)


#: What :func:`defer_search` looks for in a page (see a11y.LOOKS_FOR).
DEFER_LOOKS_FOR = (DEFER_JS_URI, "<script")


def defer_search(html: str) -> str:
    """A built page with placard's search-deferring script before Material's bundle."""
    if DEFER_JS_URI in html:
        return html
    return _BUNDLE_TAG.sub(
        lambda m: f'<script src="{m.group(1)}{DEFER_JS_URI}"></script>{m.group(0)}', html, count=1
    )


#: lunr field weights when mkdocs.yml sets none (Material's own: title 1000, tags 1000000, text 1,
#: which ranks every slogan whose tag merely starts with a query word above the guide it names).
FIELDS = {"title": {"boost": 10.0}, "tags": {"boost": 4.0}, "text": {"boost": 1.0}}


def configure_fields(fields: dict) -> None:
    """Fill in placard's field weights for the fields mkdocs.yml leaves unset; each hidden field of
    inner words (:data:`INNER_FIELDS`) weighs what its field weighs."""
    for name, spec in FIELDS.items():
        fields.setdefault(name, dict(spec))
    for name, inner in INNER_FIELDS.items():
        fields.setdefault(inner, dict(fields[name]))


_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")


def search_tags(values) -> list[str]:
    """Values for a page's ``tags`` (a search field), cut into words like the title and text.

    Material segments only titles and text; a tag goes into the index as one token, so
    "可回收物：纸张、塑料" would match no query word. Words are joined by zero-width
    spaces (the index's separator), which the search results do not show.
    """
    out: list[str] = []
    for value in values:
        value = str(value).strip()
        cut = _HAN_RUN.sub(
            lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b", value
        ).strip("\u200b")
        if cut and cut not in out:
            out.append(cut)
    return out


def guide_search_tags(guide) -> list[str]:
    """A guide's tags and key points, indexed in the weighty ``tags`` field of its search entry."""
    return search_tags((*guide.tags, *guide.key_points))


# Material's worker: `query.replace(/\p{sc=Han}+/gu, s => [...segment(s, this.index.invertedIndex)].join("* "))`;
# the query's words later get a `*` each, so the `"* "` is replaced by a space (see the module's text).
_WORKER_CALL = re.compile(
    r"\[\.\.\.([A-Za-z_$][\w$]*)\(([A-Za-z_$][\w$]*),this\.index\.invertedIndex\)\]\.join\(\"\* \"\)"
)
SEGMENTER = "placardSegment"


def patch_worker(text: str, segmenter_js: str) -> str | None:
    """Material's search worker with placard's query segmenter; None if the worker is not the expected one."""
    if SEGMENTER in text:
        return text  # already patched
    calls = _WORKER_CALL.findall(text)
    if len(calls) != 1:
        return None
    text = _WORKER_CALL.sub(
        lambda m: f'[...{SEGMENTER}({m.group(2)},this.index.invertedIndex)].join(" ")', text
    )
    return segmenter_js.rstrip() + "\n" + text


def segment_queries_like_the_index(
    campaign: Campaign, options: SiteOptions, site_dir: Path
) -> list[Finding]:
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        return []  # no Material search in this site
    segmenter = resources.files("placard").joinpath("data", "search-segment.js").read_text("utf-8")
    findings: list[Finding] = []
    for worker in workers:
        text = worker.read_text("utf-8")
        patched = patch_worker(text, segmenter)
        if patched is None:
            findings.append(
                warning(
                    "site.search-segmenter",
                    _("{file} is not the Material search worker placard knows: Chinese queries are cut "
                      "by Material's own segmenter, which splits words the index keeps whole").format(
                        file=worker.name),
                    file="mkdocs.yml",
                    fix=_("use the mkdocs-material version placard is tested with (see pyproject.toml)"),
                )
            )
        elif patched != text:
            worker.write_text(patched, encoding="utf-8")
    return findings


POST_BUILD.append(segment_queries_like_the_index)
