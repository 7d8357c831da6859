"""The published text of a campaign, as pieces that know where they are in the files.

Content checks (typos, punctuation, canonical texts, script) read text through
:func:`segments`, which yields every slogan text, ad title and alt text, guide
title and key point, the prose of guide and ad pages and placement names, each
as a :class:`Segment` that maps an offset in its text back to ``file:line:column``.

Markdown prose is found by :func:`placard.prose.markdown_prose_lines` with a real
Markdown parser: code (spans, fenced and indented blocks), HTML, URLs and link
targets are not prose. ``check --fix`` uses the same function, so fixes never
touch what the checks do not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .i18n import N_
from .model import Campaign
from .prose import markdown_prose_lines

#: Han ideographs: Extension A, the URO, compatibility ideographs, Extensions B to F and I, the
#: compatibility supplement, Extensions G and H (Unicode 15.1). One class for the checks, the search
#: index and the word breaks of titles (site.search, site.wordbreak), so they agree on what is Chinese.
HAN_CLASS = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ee5f"
    "\U0002f800-\U0002fa1f\U00030000-\U000323af"
)
HAN_RE = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    return bool(ch) and HAN_RE.match(ch) is not None


#: Characters a reader cannot see that hide a word from the checks (a typo with U+200B inside
#: is no longer the typo's string): zero-width characters, the word joiner, a byte-order mark
#: inside text, the soft hyphen, and the bidirectional controls that reorder what is shown.
INVISIBLE = {
    "\u00ad": N_("soft hyphen"),
    "\u200b": N_("zero width space"),
    "\u200c": N_("zero width non-joiner"),
    "\u200d": N_("zero width joiner"),
    "\u2060": N_("word joiner"),
    "\ufeff": N_("zero width no-break space (byte order mark)"),
    "\u202a": N_("left-to-right embedding"),
    "\u202b": N_("right-to-left embedding"),
    "\u202c": N_("pop directional formatting"),
    "\u202d": N_("left-to-right override"),
    "\u202e": N_("right-to-left override"),
    "\u2066": N_("left-to-right isolate"),
    "\u2067": N_("right-to-left isolate"),
    "\u2068": N_("first strong isolate"),
    "\u2069": N_("pop directional isolate"),
}
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")


def _emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or ch in "\ufe0f\u2640\u2642\u2695\u2708\u2764"


def invisible_at(text: str) -> list[int]:
    """Offsets of the invisible characters in ``text`` (a zero width joiner inside an emoji sequence is kept)."""
    if not _INVISIBLE_RE.search(text):
        return []
    out = []
    for m in _INVISIBLE_RE.finditer(text):
        i = m.start()
        if text[i] == "\u200d" and 0 < i < len(text) - 1 and _emoji(text[i - 1]) and _emoji(text[i + 1]):
            continue
        out.append(i)
    return out


def without_invisible(text: str) -> str:
    """``text`` with the characters :func:`invisible_at` finds removed (what ``check --fix`` writes)."""
    at = invisible_at(text)
    if not at:
        return text
    drop = set(at)
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


@dataclass(frozen=True)
class Segment:
    """A piece of published text and where it starts.

    ``column`` is None when the position of characters in the file is not known
    (e.g. a folded multi-line YAML value): findings then point at ``line`` only.
    ``shifts`` are ``(offset, n)`` pairs: before ``text[offset]`` the file has ``n``
    characters that the text lacks (slogan break marks ``|`` and spaces around them).
    """

    file: str
    line: int
    column: int | None
    text: str
    field: str
    item_id: str | None = None
    shifts: tuple[tuple[int, int], ...] = ()
    #: Invisible characters removed from ``text`` (see :data:`INVISIBLE`): (character, line, column,
    #: offset in ``text`` where it stood).
    hidden: tuple[tuple[str, int, int | None, int], ...] = ()

    def locate(self, offset: int) -> tuple[int, int | None]:
        if self.column is None:
            return self.line, None
        extra = sum(n for b, n in self.shifts if b <= offset)
        return self.line, self.column + offset + extra

    def context(self, start: int, end: int, width: int = 8) -> str:
        """The text around ``[start, end)`` with the span marked: ``…前文【错字】后文…``."""
        a, b = max(0, start - width), min(len(self.text), end + width)
        left = ("…" if a > 0 else "") + self.text[a:start]
        right = self.text[end:b] + ("…" if b < len(self.text) else "")
        return _printable(f"{left}【{self.text[start:end]}】{right}")


def _printable(s: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in s)


# --- Markdown prose: see placard.prose ------------------------------------


# --- The campaign's text ----------------------------------------------------


def _field_segment(source, name: str, text: str, item_id: str | None, shifts=()) -> Segment:
    pos = source.pos_of(name) if hasattr(source, "pos_of") else None
    if pos:
        line, col, exact = pos
        return Segment(source.file, line, col if exact else None, text, name, item_id,
                       tuple(shifts) if exact else ())
    return Segment(source.file, source.line_of(name), None, text, name, item_id)


def body_segments(file: str, body: str, body_line: int, item_id: str | None) -> Iterator[Segment]:
    """The prose of a page body; none of a body too long to render (``markdown.too-long`` reports it)."""
    from .rules.markup import body_too_long

    if body_too_long(body):
        return
    for i, line, spans in markdown_prose_lines(body):
        for a, b in spans:
            chunk = line[a:b]
            if chunk.strip():
                yield Segment(file, body_line + i, a + 1, chunk, "body", item_id)


def _slogan_shifts(slogan) -> tuple[tuple[int, int], ...]:
    return tuple(getattr(slogan, "gaps", ()))


def _build(campaign: Campaign) -> list[Segment]:
    out: list[Segment] = []
    for s in campaign.slogans:
        out.append(_field_segment(s.source, "text", s.text, s.id, _slogan_shifts(s)))
    for ad in campaign.ads:
        out.append(_field_segment(ad.source, "title", ad.title, ad.id))
        if ad.alt:
            out.append(_field_segment(ad.source, "alt", ad.alt, ad.id))
        out.extend(body_segments(ad.source.file, ad.body, getattr(ad, "body_line", 1), ad.id))
    for g in campaign.guides:
        out.append(_field_segment(g.source, "title", g.title, g.id))
        for i, point in enumerate(g.key_points):
            name = f"key_points[{i}]"
            seg = _field_segment(g.source, name, point, g.id)
            if seg.line == g.source.line and not g.source.pos_of(name):
                seg = Segment(g.source.file, g.source.line_of("key_points"), None, point, name, g.id)
            out.append(seg)
        out.extend(body_segments(g.source.file, g.body, g.body_line, g.id))
    for p in getattr(campaign, "placements", ()) or ():
        src = getattr(p, "source", None)
        for name in ("name", "location"):
            value = getattr(p, name, None)
            if isinstance(value, str) and value and src is not None:
                out.append(_field_segment(src, name, value, getattr(p, "id", None)))
    return out


def visible(seg: Segment) -> Segment:
    """``seg`` without its invisible characters, which are kept in ``hidden`` with their place in the file.

    The content checks read the visible text, so a typo with U+200B inside is still the typo,
    and their findings still point at the right column (each removed character is a shift).
    """
    drop = invisible_at(seg.text)
    if not drop:
        return seg
    dropped = set(drop)
    text = "".join(ch for i, ch in enumerate(seg.text) if i not in dropped)

    def clean(offset: int) -> int:  # an offset in the old text -> the same place in the new
        return offset - sum(1 for i in drop if i < offset)

    hidden = []
    for i in drop:
        line, column = seg.locate(i)
        hidden.append((seg.text[i], line, column, clean(i)))

    shifts = [(clean(b), n) for b, n in seg.shifts] + [(clean(i), 1) for i in drop]
    return Segment(seg.file, seg.line, seg.column, text, seg.field, seg.item_id, tuple(sorted(shifts)),
                   tuple(hidden))


def segments(campaign: Campaign) -> list[Segment]:
    """Every piece of published text in ``campaign``, invisible characters removed (computed once)."""
    cache = campaign.__dict__.get("_text_segments")
    if cache is None:
        cache = [visible(seg) for seg in _build(campaign)]
        object.__setattr__(campaign, "_text_segments", cache)
    return cache


def item_files(campaign: Campaign) -> dict[str, object]:
    """Source file -> item, for per-file settings (``lint:``)."""
    return {i.source.file: i for i in campaign.items()}
