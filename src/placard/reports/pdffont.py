"""The Chinese font of placard's documents (binder, forms): the font placard ships, cut to the text.

The packaged Noto Sans CJK SC is a 30 MB variable font collection with CFF2 outlines. A PDF
maker would load (and PDF readers would choke on) all of it, so for each document we keep the
glyphs of its own text and fix the weight: a regular and a bold static OpenType font of a few
hundred kilobytes (fontTools subset + instancer, about 2 s each). Any character the font lacks
is reported by the caller's glyph check before anything is drawn (no "tofu" in print).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..posters.fonts import FontRef, find_font, missing_glyphs, packaged_font

#: Characters every document has besides its text (digits, Latin for ids and paths, punctuation).
BASE = (
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    " .,:;!?-_/\\%()[]{}<>+=*#&@'\"~^|$·—–…‘’“”、。，：；！？（）《》【】「」％／－＋．×"
)


@dataclass(frozen=True)
class DocFonts:
    regular: Path
    bold: Path
    ref: FontRef
    missing: tuple[str, ...]  # characters of the text the font lacks


def document_font(root: Path | None = None, config: dict | None = None) -> FontRef:
    """The posters' font (the campaign's own, else a system zh-Hans font, else the packaged one)."""
    try:
        return find_font(config or {}, root or Path("."))
    except Exception:  # noqa: BLE001 - a campaign font problem is the posters' finding; documents go on
        ref = packaged_font()
        if ref is None:  # pragma: no cover - the package is a dependency
            raise
        return ref


def make_fonts(text: str, folder: Path, ref: FontRef | None = None) -> DocFonts:
    """Write ``regular.otf`` and ``bold.otf`` for ``text`` into ``folder`` (a folder placard made)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    ref = ref or document_font()
    chars = "".join(sorted(set(text + BASE) - {"\n", "\r", "\t"}))
    missing = tuple(missing_glyphs(chars, ref))
    paths = {}
    for name, weight in (("regular", 400), ("bold", 700)):
        font_path, index = ref.face("Bold" if weight == 700 else "Regular")
        font = TTFont(font_path, fontNumber=index, lazy=True)
        opts = subset.Options()
        opts.layout_features = []  # the face's cmap already gives the Simplified forms; no GSUB closure
        opts.drop_tables += ["GSUB", "GPOS", "VORG", "vhea", "vmtx"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.ignore_missing_unicodes = True
        sub = subset.Subsetter(opts)
        sub.populate(text=chars)
        sub.subset(font)
        if "fvar" in font:
            axes = {a.axisTag: a for a in font["fvar"].axes}
            loc = {}
            if "wght" in axes:
                a = axes["wght"]
                loc["wght"] = min(max(weight, a.minValue), a.maxValue)
            font = instancer.instantiateVariableFont(
                font, loc, updateFontNames=False, downgradeCFF2=True
            )
        out = folder / f"{name}.otf"
        font.save(str(out))
        paths[name] = out
    return DocFonts(paths["regular"], paths["bold"], ref, missing)
