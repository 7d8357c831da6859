"""The code's size on the page: formats that cannot carry a code scannable from where residents
stand (a finding), layouts without a code (``code: false``), and layouts that make room for a code
as large as the scanning distance asks (:func:`make_room`).

This decides what a poster looks like, so it is part of the drawing code whose hash is in every
poster's cache key (``plan.RENDER_CODE``); the phone-photo simulation that checks the result is
:mod:`.scanview`.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..findings import error
from ..i18n import _
from .qr import QUIET, carry_problem, need_mm


def layout_elements(elements, with_code: bool):
    """A layout's elements for a format that carries a code (all of them), or one that does not:
    without the code, the panel behind it (a rect that holds the code's box) and the small
    texts on that panel ("扫码查看详情")."""
    if with_code:
        return elements
    boxes = [e.box for e in elements if e.type == "qr"]
    if not boxes:
        return elements

    def inside(inner, outer) -> bool:
        x, y, w, h = inner
        X, Y, W, H = outer
        return x >= X - 1e-6 and y >= Y - 1e-6 and x + w <= X + W + 1e-6 and y + h <= Y + H + 1e-6

    panels = [e.box for e in elements if e.type == "rect" and any(inside(b, e.box) for b in boxes)
              and e.box != (0.0, 0.0, 1.0, 1.0)]
    out = []
    for e in elements:
        if e.type == "qr" or (e.type == "rect" and e.box in panels):
            continue
        if e.type == "text" and not e.opts.get("main") and any(inside(e.box, p) for p in panels):
            continue
        out.append(e)
    return tuple(out)


# ---------------------------------------------------------------- formats that cannot carry a code

BUILTIN_FORMATS = "<built-in formats>"
_FORMAT_LINE = re.compile(r"^format\s*:", re.M)


def _set_line(root, file: str, pattern: re.Pattern) -> int | None:
    try:
        text = (root / file).read_text(encoding="utf-8") if root is not None else ""
    except (OSError, UnicodeDecodeError):
        return None
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def unscannable_sets(sets: list, symbol, findings: list, root=None) -> list:
    """``sets`` without the posters whose format cannot carry a code of ``symbol``'s size
    scannable from its scanning distance; one error finding per such format and set."""
    verdicts: dict[tuple, str | None] = {}
    users: dict = {}  # a campaign's own format that cannot carry a code -> the sets that use it
    out = []
    for pset in sets:
        entries = pset.entries or None
        fmts = {e.format for e in entries} if entries else {pset.format}
        bad = {}
        for fmt in fmts:
            key = (fmt.name, fmt.width, fmt.height, fmt.scan_distance_m, fmt.scan_angle_deg, fmt.code, fmt.safe_mm)
            if key not in verdicts:
                verdicts[key] = carry_problem(fmt, symbol.modules)
            if verdicts[key]:
                bad[fmt] = verdicts[key]
        for fmt, problem in sorted(bad.items(), key=lambda kv: kv[0].name):
            if fmt.file != BUILTIN_FORMATS:
                users.setdefault((fmt, problem), []).append(pset.file)
                continue
            name = fmt.name
            findings.append(error(
                "poster.qr-distance", _("format '{name}' ({format}) cannot carry a scannable code: {problem}").format(
                    name=name, format=fmt.label, problem=problem),
                file=pset.file, line=_set_line(root, pset.file, _FORMAT_LINE) or 1, field="format",
                fix=_("use another format, or override it in posters/formats.yml: declare where residents really "
                      "stand to scan it (scan_distance_m, scan_angle_deg), or set 'code: false' if its posters "
                      "carry no code, or print a larger format, e.g. '{example}'").format(
                    example=f"{_builtin_base(name)}: {{code: false}}")))
        if not bad:
            out.append(pset)
        elif entries:
            keep = tuple(e for e in entries if e.format not in bad)
            if keep:
                out.append(replace(pset, entries=keep, items=tuple(e.item for e in keep)))
        # a plain set in a format that cannot carry a code: left out (its posters would not scan)
    for (fmt, problem), files in users.items():
        lines = dict(fmt.lines)
        fld = next((k for k in ("scan_distance_m", "scan_angle_deg", "code", "safe_mm", "width", "height")
                    if k in lines),
                   "scan_distance_m")
        findings.append(error(
            "poster.qr-distance", _("format '{name}' ({format}) cannot carry a scannable code: {problem}").format(
                name=fmt.name, format=fmt.label, problem=problem),
            file=fmt.file, line=lines.get(fld, fmt.line), field=f"{fmt.name}.{fld}",
            context=_("used by {files}").format(files=", ".join(files)),
            fix=_("for '{name}': declare where residents really stand to scan it (scan_distance_m, scan_angle_deg), "
                  "or set 'code: false' if its posters carry no code, or print a larger format").format(
                name=fmt.name)))
    return out


_FIX = ("declare where residents really stand to scan it (scan_distance_m, scan_angle_deg), or set 'code: false' "
        "if its posters carry no code, or print a larger format")


def _builtin_base(name: str) -> str:
    """The built-in format a slot's own size grew from ('pole-banner-800x3000' -> 'pole-banner')."""
    from .formats import builtin_formats

    names = sorted(builtin_formats(), key=len, reverse=True)
    return next((b for b in names if name == b or name.startswith(b + "-")), name)


# ---------------------------------------------------------------- making room for the code

_room_cache: dict[tuple, tuple] = {}


def code_elements(elements: tuple, fmt, modules: int | None) -> tuple:
    """A layout's elements for ``fmt``: without the code when the format carries none, and with
    the code's box grown to the size its scanning distance asks for when the template's box
    is smaller (:func:`make_room`)."""
    key = (id(elements), fmt, modules)
    hit = _room_cache.get(key)
    if hit is not None and hit[0] is elements:
        return hit[1]
    out = layout_elements(elements, fmt.code)
    if fmt.code and modules:
        out = make_room(out, fmt, modules)
    _room_cache[key] = (elements, out)
    return out


def _need_box(fmt, modules: int) -> float:
    """The side (mm) of the smallest code box, quiet zone included, whose whole-pixel modules
    give a code as wide as the scanning distance asks."""
    module_px = math.ceil(fmt.px(need_mm(fmt.scan_distance_m, fmt.scan_angle_deg)) / modules - 1e-9)
    return fmt.mm(module_px * (modules + 2 * QUIET) + 0.5)


def make_room(elements: tuple, fmt, modules: int) -> tuple:
    """Grow the code's box (and the panel behind it) to the size the format's scanning distance
    asks for, taking the room from the main text on the page side of the panel: the space
    between the main text's far edge and the panel is squeezed, the elements in it keep their
    order. Unchanged when the box is large enough, or when the room cannot be found (the
    main text would lose more than 40 % of its size, or the code would leave the safe
    margin): then the size check reports the code as too small, as before."""
    q = next((e for e in elements if e.type == "qr"), None)
    if q is None:
        return elements
    need = _need_box(fmt, modules)
    out = elements
    for axis, length in ((1, fmt.height_mm), (0, fmt.width_mm)):
        q = next(e for e in out if e.type == "qr")
        have = q.box[2 + axis] * length
        if have + 1e-6 >= need:
            continue
        grown = _grow(out, q, axis, (need - have) / length, fmt.safe_mm / length)
        if grown is None:
            return elements
        out = grown
    return out


def _grow(elements: tuple, q, axis: int, d: float, safe: float) -> tuple | None:
    eps = 1e-6

    def lo(e):
        return e.box[axis]

    def hi(e):
        return e.box[axis] + e.box[2 + axis]

    def across(e, other):  # overlaps ``other`` on the other axis
        o = 1 - axis
        return e.box[o] < other.box[o] + other.box[2 + o] - eps and other.box[o] < e.box[o] + e.box[2 + o] - eps

    def contains(outer, inner):
        return all(outer.box[i] - eps <= inner.box[i] and inner.box[i] + inner.box[2 + i] <= outer.box[i]
                   + outer.box[2 + i] + eps for i in (0, 1))

    panels = [e for e in elements if e.type == "rect" and contains(e, q) and e.box != (0.0, 0.0, 1.0, 1.0)]
    panel = min(panels, key=lambda e: e.box[2] * e.box[3]) if panels else q

    def moved(e, start: float, end: float):
        box = list(e.box)
        box[axis], box[2 + axis] = start, end - start
        return replace(e, box=tuple(box))

    # 1. the panel is wider than the code (texts beside it): squeeze the side with more room
    after, before_room = hi(panel) - hi(q), lo(q) - lo(panel)
    side = max(after, before_room)
    beside = [e for e in elements if e is not q and e is not panel and contains(panel, e) and across(e, q)]
    if side - d > 0 and (side - d) / side >= 0.6 and beside:
        if after >= before_room:
            a, b = hi(panel), hi(q)  # squeeze [b, a] toward a by d

            def sq(t: float) -> float:
                return a - (a - t) * (side - d) / side
        else:
            a, b = lo(panel), lo(q)

            def sq(t: float) -> float:
                return a + (t - a) * (side - d) / side
        lo_s, hi_s = min(a, b), max(a, b)
        out = []
        for e in elements:
            if e is q:
                out.append(moved(e, lo(e), hi(e) + d) if after >= before_room else moved(e, lo(e) - d, hi(e)))
            elif e in beside and lo_s - eps <= lo(e) and hi(e) <= hi_s + eps:
                out.append(moved(e, sq(lo(e)), sq(hi(e))))
            elif e in beside:
                break  # overlaps the code's own span: no room beside it
            else:
                out.append(e)
        else:
            return tuple(out)

    # 2. grow the panel, taking the room from the main text
    toward_start = lo(panel) + (hi(panel) - lo(panel)) / 2 > 0.5  # grow toward the page's middle
    mains = [e for e in elements if (e.type == "points" or (e.type == "text" and e.opts.get("main")))
             and across(e, panel) and not contains(panel, e)
             and (hi(e) <= lo(panel) + eps if toward_start else lo(e) >= hi(panel) - eps)]
    if not mains:
        return None
    # the main text (or key points) nearest the panel gives the room
    if toward_start:
        a, b = lo(max(mains, key=hi)), lo(panel)  # squeeze [a, b] into [a, b - d]
    else:
        a, b = hi(min(mains, key=lo)), hi(panel)  # squeeze [b, a] into [b + d, a]
    span = abs(b - a)
    if span <= d or (span - d) / span < 0.6:  # the main text would lose more than 40 % of its size
        return None
    qc = lo(q) + (hi(q) - lo(q)) / 2

    def squeeze(t: float) -> float:
        return a + (t - a) * (span - d) / span if toward_start else a - (a - t) * (span - d) / span

    out = []
    for e in elements:
        s, t = lo(e), hi(e)
        if e is panel or contains(panel, e):
            spans_q = s <= lo(q) + eps and t >= hi(q) - eps
            before = s + (t - s) / 2 < qc
            if spans_q:
                s, t = (s - d, t) if toward_start else (s, t + d)
            elif before and toward_start:
                s, t = s - d, t - d
            elif not before and not toward_start:
                s, t = s + d, t + d
        elif across(e, panel) and min(a, b) - eps <= s and t <= max(a, b) + eps:
            s, t = squeeze(s), squeeze(t)
        elif across(e, panel) and s < max(a, b) and t > min(a, b):
            return None  # straddles the squeezed span: cannot say where it should go
        out.append(moved(e, s, t) if (s, t) != (lo(e), hi(e)) else e)
    nq = next(e for e in out if e.type == "qr")
    if lo(nq) < safe - eps or hi(nq) > 1 - safe + eps:
        return None
    return tuple(out)
