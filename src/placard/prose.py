"""Where the prose is in a Markdown page, found with a real Markdown parser (markdown-it-py).

:func:`markdown_prose_lines` yields, for each line of a page body, the ``[start, end)``
column ranges that are prose: the text a reader sees. Everything else is left out —
fenced and indented code blocks, code spans, HTML blocks (``<script>``, ``<style>``,
any raw HTML), inline HTML tags and what ``<script>``/``<style>``/``<code>`` tags
enclose, autolinks, link and image targets and titles, reference definitions,
entities, backslash escapes, emphasis marks, bare URLs and e-mail addresses,
attribute lists (``{: .class}``) and footnote marks. The content checks and
``check --fix`` both read prose through this one function, so a fix never touches
what a check does not read.

Block structure comes from markdown-it-py's token map (CommonMark plus tables).
Two extensions of the MkDocs setup are handled before parsing: an admonition
(``!!! note "标题"``, ``??? tip``) has its title as prose and its indented body
parsed as Markdown, and an HTML element opened with a ``markdown`` attribute
(``md_in_html``) has its content parsed as Markdown. Inside a paragraph, heading or
table cell, each inline rule of the parser reports the source range it consumed,
so positions are exact, not guessed from the rendered text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

Span = tuple[int, int]

# --- the parser, with inline rules that report what they consume -----------------

#: Inline rules whose source is prose (the rest — code spans, links' brackets and
#: targets, HTML, entities, escapes, emphasis marks, autolinks — is not).
_PROSE_RULES = {"text", "newline"}
#: Inline HTML elements whose content is not prose either.
_RAW_INLINE = {"script", "style", "code", "kbd", "samp", "pre", "textarea", "math", "svg"}


class _Recorder:
    __slots__ = ("state", "masks", "tags")

    def __init__(self) -> None:
        self.state: StateInline | None = None
        self.masks: list[Span] = []
        self.tags: list[tuple[int, int]] = []  # html_inline ranges, paired up afterwards


_RECORDER: ContextVar[_Recorder | None] = ContextVar("placard_prose_recorder", default=None)


def _wrap(name: str, fn):
    def rule(state: StateInline, silent: bool) -> bool:
        rec = _RECORDER.get()
        if rec is None or silent or state is not rec.state or name in _PROSE_RULES:
            return fn(state, silent)
        start = state.pos
        label_end = -1
        if name in ("link", "image"):
            at = start + (1 if name == "image" else 0)
            if at < state.posMax and state.src[at] == "[":
                label_end = state.md.helpers.parseLinkLabel(state, at, name == "link")
        ok = fn(state, silent)
        if not ok:
            return ok
        end = state.pos
        if name in ("link", "image") and 0 <= label_end < end:
            head = start + (2 if name == "image" else 1)
            rec.masks.append((start, head))  # "[" or "!["
            rec.masks.append((label_end, end))  # "](target "title")" or "][ref]"
        else:
            rec.masks.append((start, end))
            if name == "html_inline":
                rec.tags.append((start, end))
        return ok

    return rule


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").disable("inline")
    ruler = md.inline.ruler
    for r in list(ruler.__rules__):
        ruler.at(r.name, _wrap(r.name, r.fn))
    return md


_MD = _parser()

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


def _raw_element_masks(src: str, tags: list[Span]) -> list[Span]:
    """What ``<script>…</script>`` (and the like) enclose within one inline run."""
    out = []
    open_at: dict[str, int] = {}
    for a, b in sorted(tags):
        m = _TAG_RE.match(src, a)
        if not m:
            continue
        name = m.group(2).lower()
        if name not in _RAW_INLINE:
            continue
        if not m.group(1):
            if not src[a:b].rstrip().endswith("/>"):
                open_at.setdefault(name, b)
        elif name in open_at:
            out.append((open_at.pop(name), a))
    for start in open_at.values():  # never closed in this run: the rest is raw too
        out.append((start, len(src)))
    return out


# Not prose even where the parser sees text: bare URLs, e-mail addresses, attribute
# lists and footnote marks (Python-Markdown extensions the parser does not know).
_TEXT_MASK_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>()（）\u3000-\u303f\uff01-\uff5e]*"
    r"|www\.[A-Za-z0-9-]+\.[^\s<>()（）\u3000-\u303f\uff01-\uff5e]*"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|\{:?\s*[.#][^}\n]*\}|\{:[^}\n]*\}"
    r"|\[\^[^\]\n]*\]:?"
)
_TEXT_TRIGGER_RE = re.compile(r"://|www\.|@|\{|\[\^")
#: The characters that start an inline rule other than "text" (escape, code span,
#: emphasis, link, image, autolink, HTML, entity).
_INLINE_TRIGGER_RE = re.compile(r"[\\`*_\[!<&]")


def inline_masks(src: str) -> list[Span]:
    """Sorted ``[start, end)`` ranges of one inline run (a paragraph's source) that are not prose."""
    masks = [m.span() for m in _TEXT_MASK_RE.finditer(src)] if _TEXT_TRIGGER_RE.search(src) else []
    if not _INLINE_TRIGGER_RE.search(src):
        return _merge(masks)  # plain text: no inline rule but "text" can fire
    rec = _Recorder()
    token = _RECORDER.set(rec)
    try:
        state = StateInline(src, _MD, {}, [])
        rec.state = state
        _MD.inline.tokenize(state)
    finally:
        _RECORDER.reset(token)
    return _merge(masks + rec.masks + _raw_element_masks(src, rec.tags))


def _merge(ranges: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for a, b in sorted(r for r in ranges if r[1] > r[0]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _complement(masks: list[Span], start: int, end: int) -> list[Span]:
    out, pos = [], start
    for a, b in masks:
        if b <= start or a >= end:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return out


# --- MkDocs extensions: admonitions and md_in_html --------------------------------

_ADMONITION_RE = re.compile(r'^(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +"(.*)")? *$')
_MD_IN_HTML_RE = re.compile(r"^<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\smarkdown(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|\w+))?(?:\s[^<>]*)?>$")


def _dedent(line: str, columns: int) -> int:
    """How many leading characters of ``line`` make up ``columns`` columns of indentation (-1: fewer)."""
    col = 0
    for i, ch in enumerate(line):
        if col >= columns:
            return i
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            return -1
    return len(line) if col >= columns else -1


def _virtual(lines: list[str]) -> tuple[list[str], list[int], dict[int, Span]]:
    """The page as the parser should see it, the columns cut from each line, admonition titles."""
    out: list[str] = []
    shift: list[int] = []
    titles: dict[int, Span] = {}
    depth: list[int] = []  # content indentation (columns) of the open admonitions
    md_tags: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            out.append("")
            shift.append(0)
            continue
        while depth:
            cut = _dedent(line, depth[-1])
            if cut >= 0:
                break
            depth.pop()
        cut = _dedent(line, depth[-1]) if depth else 0
        rest = line[cut:]
        m = _ADMONITION_RE.match(rest)
        if m:
            if m.group(1) is not None:
                titles[i] = (cut + m.start(1), cut + m.end(1))
            depth.append((depth[-1] if depth else 0) + 4)
            out.append("")
            shift.append(cut)
            continue
        stripped = rest.strip()
        m = _MD_IN_HTML_RE.match(stripped)
        if m:
            md_tags.append(m.group(1).lower())
            out.append("")
            shift.append(cut)
            continue
        if md_tags and stripped.lower() == f"</{md_tags[-1]}>":
            md_tags.pop()
            out.append("")
            shift.append(cut)
            continue
        out.append(rest.replace("\x00", "\ufffd"))
        shift.append(cut)
    return out, shift, titles


# --- the page ----------------------------------------------------------------------


def _locate(line: str, part: str, cursor: int) -> int:
    """Where ``part`` (a line of an inline run) starts in ``line``, at or after ``cursor`` (-1: not found)."""
    if not part:
        return -1
    return line.find(part, cursor)


def prose_by_line(body: str) -> dict[int, list[Span]]:
    """Line index -> sorted prose ranges (columns of the line without its ``\\r``)."""
    lines = [raw.rstrip("\r") for raw in body.split("\n")]
    vlines, shift, titles = _virtual(lines)
    out: dict[int, list[Span]] = {i: [s] for i, s in titles.items()}
    cursor: dict[int, int] = {}
    for tok in _MD.parse("\n".join(vlines)):
        if tok.type != "inline" or tok.map is None or not tok.content:
            continue
        src = tok.content
        masks = inline_masks(src)
        offset = 0
        for k, part in enumerate(src.split("\n")):
            li = tok.map[0] + k
            if li >= len(vlines):
                break
            a, b = offset, offset + len(part)
            offset = b + 1
            pos = _locate(vlines[li], part, cursor.get(li, 0))
            if pos < 0:
                continue  # the parser rewrote this line (tabs in indentation): leave it alone
            cursor[li] = pos + len(part)
            base = shift[li] + pos - a
            spans = [(x + base, y + base) for x, y in _complement(masks, a, b)]
            if spans:
                out.setdefault(li, []).extend(spans)
    return {i: sorted(s) for i, s in out.items()}


def markdown_prose_lines(body: str) -> Iterator[tuple[int, str, list[Span]]]:
    """``(index, line, prose spans)`` for every line of ``body`` (split on ``\\n``) that has prose.

    ``line`` is the line without a trailing ``\\r``; spans are ``[start, end)`` columns in it.
    """
    if not body.strip():
        return
    lines = body.split("\n")
    for i, spans in sorted(prose_by_line(body).items()):
        line = lines[i].rstrip("\r")
        yield i, line, spans
