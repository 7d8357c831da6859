"""What residents see of an item (its *published projection*) and the one hash over it.

The review check, the build and the 审核表 all call :func:`published_hash`: a sign-off holds for
exactly the projection it was given, and any change a resident could see (a character of the text,
the title, the body, a key point, the artwork's bytes, the period it is shown) changes the hash.
Things residents never see (tags, notes, lint switches, the approval fields themselves) do not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..model import BREAK_MARK, Ad, Approval, Guide, Item, Slogan

HASH_PREFIX = "sha256:"
#: Projection keys in the order people read them (records and diffs list them so).
KEYS = (
    "kind",
    "title",
    "text",
    "key_points",
    "body",
    "alt",
    "credit",
    "artwork",
    "valid_from",
    "valid_to",
)

_ART_CACHE: dict[tuple[str, int, int], str] = {}


def artwork_hash(path: Path) -> str:
    """The sha256 of an artwork file's bytes ("" when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return ""
    key = (str(path), st.st_size, st.st_mtime_ns)
    got = _ART_CACHE.get(key)
    if got is None:
        try:
            got = HASH_PREFIX + hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return ""
        _ART_CACHE[key] = got
    return got


def projection(item: Item) -> dict:
    """The published projection: plain JSON values, the keys that apply to the item's kind."""
    a = item.approval
    p: dict = {"kind": item.kind}
    if isinstance(item, Slogan):
        p["text"] = BREAK_MARK.join(item.lines_hint)  # where a poster breaks the line is seen too
    else:
        p["title"] = item.title
    if isinstance(item, Guide):
        p["key_points"] = list(item.key_points)
    if isinstance(item, Guide | Ad):
        p["body"] = item.body
    if isinstance(item, Ad):
        p["alt"] = item.alt
        p["credit"] = item.credit
        p["artwork"] = artwork_hash(item.artwork)
    p["valid_from"] = a.valid_from.isoformat() if a.valid_from else None
    p["valid_to"] = a.valid_to.isoformat() if a.valid_to else None
    return p


def canonical(value) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def hash_projection(p: Mapping) -> str:
    return HASH_PREFIX + hashlib.sha256(canonical(dict(p))).hexdigest()


#: json.dumps of one string with ensure_ascii=False (the C encoder itself, without JSONEncoder's frame).
_dumps = json.encoder.encode_basestring


def _slogan_canonical(item: Slogan) -> bytes:
    """:func:`canonical` of a slogan's projection, written out directly (a city has 20,000 slogans;
    tests check it against the general form)."""
    a = item.approval
    text = BREAK_MARK.join(item.lines_hint) if item.breaks else item.text
    vf = f'"{a.valid_from.isoformat()}"' if a.valid_from else "null"
    vt = f'"{a.valid_to.isoformat()}"' if a.valid_to else "null"
    return f'{{"kind":"slogan","text":{_dumps(text)},"valid_from":{vf},"valid_to":{vt}}}'.encode()


def published_hash(item: Item) -> str:
    """The hash of what residents see of ``item`` (see the module's text)."""
    if type(item) is Slogan and item.kind == "slogan":
        return HASH_PREFIX + hashlib.sha256(_slogan_canonical(item)).hexdigest()
    return hash_projection(projection(item))


def projection_lines(p: Mapping | None) -> list[str]:
    """A projection as text lines, for unified diffs a clerk can read."""
    if not p:
        return []
    out = []
    for key in KEYS:
        if key not in p or key == "kind":
            continue
        value = p[key]
        if key == "body":
            out.append("body:")
            out.extend("  " + line for line in str(value or "").splitlines())
        elif key == "key_points":
            out.extend(f"key_points[{i}]: {v}" for i, v in enumerate(value or ()))
        else:
            out.append(f"{key}: {'' if value is None else value}")
    return out


def restore(item: Item, p: Mapping, approval: Approval) -> Item | None:
    """``item`` as it was approved (``p``, from a sign-off record), or None when that version cannot be
    shown again (its artwork file has changed since: placard keeps the hash of artwork, not its bytes)."""
    try:
        vf = dt.date.fromisoformat(p["valid_from"]) if p.get("valid_from") else None
        vt = dt.date.fromisoformat(p["valid_to"]) if p.get("valid_to") else None
    except (TypeError, ValueError):
        return None
    approval = replace(approval, valid_from=vf, valid_to=vt)
    if p.get("kind") != item.kind:
        return None
    if isinstance(item, Slogan):
        from ..load import _split_breaks

        text, breaks, gaps = _split_breaks(str(p.get("text") or ""))
        if not text:
            return None
        return replace(item, text=text, breaks=breaks, gaps=(), approval=approval)
    if isinstance(item, Guide):
        return replace(
            item,
            title=str(p.get("title") or item.title),
            body=str(p.get("body") or ""),
            key_points=tuple(str(x) for x in p.get("key_points") or ()),
            approval=approval,
        )
    if isinstance(item, Ad):
        if p.get("artwork") != artwork_hash(item.artwork):
            return None
        return replace(
            item,
            title=str(p.get("title") or item.title),
            body=str(p.get("body") or ""),
            alt=str(p.get("alt") or item.alt),
            credit=str(p.get("credit") or ""),
            approval=approval,
        )
    return None
