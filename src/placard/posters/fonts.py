"""Finding a font for Simplified Chinese, and checking that it has every glyph.

Order: the campaign's ``extra.placard.posters.font`` (path, optional ``font_index``),
then a zh-Hans font that fontconfig knows (``fc-list :lang=zh-cn``), then Noto Sans
CJK SC from the ``manimgx-fonts-cjk`` package (OFL-1.1), which installs with placard
so a fresh machine works.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from PIL import ImageFont

from ..i18n import _

#: Weights the templates ask for, as variation names of Noto Sans CJK.
WEIGHTS = ("Regular", "Medium", "Bold", "Black")
#: Characters every usable zh-Hans font has; fontconfig fonts without them are skipped.
PROBE = "文明城市创建，。"


@dataclass(frozen=True)
class FontRef:
    """The poster font: ``path``/``index`` is the regular face (used for the glyph check);
    ``faces`` maps other weights to their own files when the font is not variable."""

    path: str
    index: int
    origin: str  # "config", "fontconfig" or "packaged"
    stamp: str  # size and mtime: changes when the file does (part of cache keys)
    faces: tuple = ()  # ((weight, path, index), ...)

    def face(self, weight: str) -> tuple[str, int]:
        for w, p, i in self.faces:
            if w == weight:
                return p, i
        return self.path, self.index

    @property
    def label(self) -> str:
        return f"{Path(self.path).name}#{self.index} ({self.origin})"


class FontProblem(Exception):
    pass


def packaged_font() -> FontRef | None:
    try:
        import manimgx_fonts_cjk
    except ImportError:
        return None
    path = Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")
    return _ref(path, 2, "packaged") if path.is_file() else None


def _ref(path: Path, index: int, origin: str) -> FontRef:
    st = path.stat()
    return FontRef(str(path), index, origin, f"{st.st_size}-{int(st.st_mtime)}")


_FC_WEIGHTS = {"Regular": "regular", "Medium": "medium", "Bold": "bold", "Black": "black"}


def _fc_match(weight: str) -> tuple[str, int] | None:
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}", f"sans-serif:lang=zh-cn:weight={_FC_WEIGHTS[weight]}"],
            capture_output=True, text=True, timeout=10,
        ).stdout.split("\n")
        path, index = out[0].strip(), int(out[1].strip() or 0)
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    return (path, index) if path and Path(path).is_file() else None


@functools.lru_cache(maxsize=1)
def _fontconfig_font() -> FontRef | None:
    """The sans-serif zh-cn font fontconfig picks, one face per weight (if it has the probe glyphs)."""
    if not shutil.which("fc-match"):
        return None
    regular = _fc_match("Regular")
    if regular is None:
        return None
    ref = _ref(Path(regular[0]), regular[1], "fontconfig")
    try:
        if missing_glyphs(PROBE, ref):  # fontconfig fell back to a font without Chinese
            return None
    except FontProblem:
        return None
    faces = []
    for w in WEIGHTS[1:]:
        m = _fc_match(w)
        if m and m != regular:
            faces.append((w, m[0], m[1]))
    stamp = ref.stamp + "".join(f"|{p}#{i}" for _, p, i in faces)
    return FontRef(ref.path, ref.index, "fontconfig", stamp, tuple(faces))


def find_font(config: dict | None, root: Path) -> FontRef:
    """Pick the poster font. Raises :class:`FontProblem` with a readable message."""
    config = config or {}
    if config.get("font"):
        path = Path(str(config["font"]))
        if not path.is_absolute():
            path = root / path
        if not path.is_file():
            raise FontProblem(_("the font file '{path}' does not exist").format(path=config["font"]))
        ref = _ref(path, int(config.get("font_index") or 0), "config")
        cmap(ref)  # raises FontProblem if unreadable
        return ref
    ref = _fontconfig_font() if config.get("system_fonts", True) else None
    if ref is None:
        ref = packaged_font()
    if ref is None:
        raise FontProblem(
            _("no Chinese font found: install the 'manimgx-fonts-cjk' package or a system font such as "
              "fonts-noto-cjk, or set extra.placard.posters.font")
        )
    return ref


@functools.lru_cache(maxsize=8)
def cmap(ref: FontRef) -> frozenset[int]:
    """The code points the font has glyphs for."""
    try:
        if ref.path.lower().endswith((".ttc", ".otc")):
            coll = TTCollection(ref.path, lazy=True)
            if not 0 <= ref.index < len(coll.fonts):
                raise FontProblem(_("font collection {path} has no font number {n}").format(path=ref.path, n=ref.index))
            font = coll.fonts[ref.index]
        else:
            font = TTFont(ref.path, lazy=True, fontNumber=ref.index)
        table = font.getBestCmap() or {}
        return frozenset(table)
    except FontProblem:
        raise
    except Exception as exc:  # fontTools raises many types for a broken file
        raise FontProblem(_("cannot read the font {path}: {error}").format(path=ref.path, error=exc)) from exc


#: Characters never drawn as glyphs (spaces and format controls).
_INVISIBLE = {0x20, 0x3000, 0x200B, 0x200C, 0x200D, 0xFEFF, 0x0A, 0x0D, 0x09}


def missing_glyphs(text: str, ref: FontRef) -> list[str]:
    """Characters of ``text`` that the font cannot draw, in order of first appearance."""
    have = cmap(ref)
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp in _INVISIBLE or cp in have or ch in out:
            continue
        out.append(ch)
    return out


def describe_char(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


@functools.lru_cache(maxsize=64)
def pil_font(ref: FontRef, size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    path, index = ref.face(weight)
    font = ImageFont.truetype(path, max(1, int(size)), index=index, layout_engine=ImageFont.Layout.BASIC)
    try:
        names = [n.decode() if isinstance(n, bytes) else n for n in font.get_variation_names()]
    except (OSError, AttributeError):
        names = []
    if names:
        pick = weight if weight in names else ("Regular" if "Regular" in names else names[0])
        font.set_variation_by_name(pick)
    return font


_ADVANCES: dict[tuple, dict[str, float]] = {}


def text_width(ref: FontRef, weight: str, text: str) -> float:
    """Width of ``text`` in em (size 1), summing per-character advances (no kerning in CJK)."""
    key = (ref.path, ref.index, ref.stamp, ref.faces, weight)
    table = _ADVANCES.get(key)
    if table is None:
        table = _ADVANCES[key] = {}
    total = 0.0
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = pil_font(ref, 1000, weight).getlength(ch) / 1000.0
        total += w
    return total
