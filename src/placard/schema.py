"""Typed fields for front matter and data files, checked with clear messages.

A :class:`Field` says what a key may hold. :func:`read_fields` turns a
:class:`~placard.yamlsrc.YMap` into plain Python values and a list of findings
that name the file, the line, the field, what was wrong and what is allowed.
Unknown keys are errors with a "did you mean" hint, so ``staus:`` never passes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .findings import Finding, error
from .i18n import N_, _
from .yamlsrc import YList, YMap, is_date

#: Dates placard accepts: date arithmetic (a day after the end of a period) must never overflow.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)

KINDS = ("str", "text", "date", "enum", "strlist", "bool", "number", "int", "map", "list", "any")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "str"
    required: bool = False
    choices: tuple = ()
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    allow_empty: bool = False
    help: str = ""

    def describe(self) -> str:
        """What the field may hold, in the current language (``help`` is marked with ``N_``)."""
        if self.help:
            return _(self.help)
        if self.kind == "enum":
            return _("one of: {values}").format(values=", ".join(map(str, self.choices)))
        return _(_DESCRIBE[self.kind])


_DESCRIBE = {
    "str": N_("a short text"),
    "text": N_("a text"),
    "date": N_("a date written YYYY-MM-DD, e.g. 2026-05-01"),
    "strlist": N_("a list of texts, e.g. [a, b]"),
    "bool": N_("true or false"),
    "number": N_("a number"),
    "int": N_("a whole number"),
    "map": N_("a set of 'key: value' lines"),
    "list": N_("a list"),
    "any": N_("a value"),
}


def _type_name(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.datetime):
        return _("the date-time {value}").format(value=value.isoformat())
    if is_date(value):
        return _("the date {value}").format(value=value.isoformat())
    if isinstance(value, (bytes, bytearray)):
        return _("binary data (a !!binary value), not a text")
    return f"'{value}'"


def _expected(f: Field, value: Any) -> str:
    return _("expected {what}, got {got}").format(what=f.describe(), got=_type_name(value))


def _coerce(f: Field, value: Any) -> tuple[Any, str | None]:
    """Return (parsed value, problem or None)."""
    k = f.kind
    if k in ("str", "text"):
        if isinstance(value, (bool, dict, list, bytes, bytearray)) or value is None:
            return None, _expected(f, value)
        if is_date(value):
            value = value.isoformat()
        text = str(value)
        if not text.strip() and not f.allow_empty:
            return None, _("must not be empty")
        return (text.strip() if k == "str" else text), None
    if k == "date":
        day = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif is_date(value):
            day = value
        elif isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if day is None:
            return None, _("'{value}' is not a valid date: write it as YYYY-MM-DD, e.g. 2026-05-01").format(value=value)
        if not DATE_MIN <= day <= DATE_MAX:
            return None, _("{day} is out of range: dates must lie between {first} and {last} (leave an end date "
                           "out when there is none)").format(day=day.isoformat(), first=DATE_MIN.isoformat(),
                                                             last=DATE_MAX.isoformat())
        return day, None
    if k == "enum":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):  # never bytes
            if value in f.choices:
                return value, None
            close = difflib.get_close_matches(str(value), [str(c) for c in f.choices], n=1)
            allowed = ", ".join(map(str, f.choices))
            if close:
                return None, _("'{value}' is not allowed — did you mean '{close}'? Allowed: {allowed}").format(
                    value=value, close=close[0], allowed=allowed)
            return None, _("'{value}' is not allowed. Allowed: {allowed}").format(value=value, allowed=allowed)
        return None, _expected(f, value)
    if k == "strlist":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return None, _expected(f, value)
        out = []
        for item in value:
            if isinstance(item, (dict, list, bool, bytes, bytearray)) or item is None:
                return None, _("every item must be a text, got {got}").format(got=_type_name(item))
            out.append(str(item).strip())
        return tuple(out), None
    if k == "bool":
        if isinstance(value, bool):
            return value, None
        return None, _("expected true or false, got {got}").format(got=_type_name(value))
    if k in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, _expected(f, value)
        if isinstance(value, float) and not math.isfinite(value):
            return None, _("expected a finite number, got {got}").format(got=value)
        if k == "int" and not (isinstance(value, int) or float(value).is_integer()):
            return None, _("expected a whole number, got {got}").format(got=value)
        if k == "int":
            value = int(value)
        if f.minimum is not None and value < f.minimum:
            return None, _("{value} is too small: it must be at least {minimum}").format(
                value=value, minimum=f"{f.minimum:g}")
        if f.maximum is not None and value > f.maximum:
            return None, _("{value} is too large: it must be at most {maximum}").format(
                value=value, maximum=f"{f.maximum:g}")
        return value, None
    if k == "map":
        if not isinstance(value, dict):
            return None, _expected(f, value)
        return value, None
    if k == "list":
        if not isinstance(value, list):
            return None, _expected(f, value)
        return value, None
    return value, None


def read_fields(
    meta: YMap,
    fields: Sequence[Field],
    file: str,
    what: str,
    rule_prefix: str = "schema",
) -> tuple[dict[str, Any], dict[str, int], list[Finding]]:
    """Check ``meta`` against ``fields``.

    Returns ``(values, lines, findings)``: ``values`` has every declared field
    (the default, or None, where missing or invalid), ``lines`` the line of each
    key present (or of the mapping when absent).
    """
    by_name = {f.name: f for f in fields}
    what = _(what)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    findings: list[Finding] = []
    base_line = getattr(meta, "line", None) or None

    def line_of(key):
        return meta.line_of(key) if isinstance(meta, YMap) else base_line

    for key in meta:
        if key not in by_name:
            close = difflib.get_close_matches(str(key), list(by_name), n=1, cutoff=0.6)
            if close:
                fix = _("did you mean '{close}'? Allowed fields: {fields}").format(
                    close=close[0], fields=", ".join(by_name))
            else:
                fix = _("Allowed fields: {fields}").format(fields=", ".join(by_name))
            findings.append(
                error(
                    f"{rule_prefix}.unknown-key",
                    _("unknown field '{key}' in {what}").format(key=key, what=what),
                    file=file,
                    line=line_of(key),
                    field=str(key),
                    fix=fix,
                )
            )
    for f in fields:
        lines[f.name] = line_of(f.name) if f.name in meta else (base_line or 1)
        if f.name not in meta or meta[f.name] is None:
            values[f.name] = f.default
            if f.required:
                findings.append(
                    error(
                        f"{rule_prefix}.missing",
                        _("{what} has no '{name}'").format(what=what, name=f.name) if f.name not in meta
                        else _("'{name}' is empty").format(name=f.name),
                        file=file,
                        line=lines[f.name],
                        field=f.name,
                        fix=_("add '{name}:' with {what}").format(name=f.name, what=f.describe()),
                    )
                )
            continue
        value, problem = _coerce(f, meta[f.name])
        if problem:
            findings.append(
                error(
                    f"{rule_prefix}.bad-value",
                    problem,
                    file=file,
                    line=lines[f.name],
                    field=f.name,
                    fix=_("write '{name}' as {what}").format(name=f.name, what=f.describe()),
                )
            )
            values[f.name] = f.default
        else:
            values[f.name] = value
    return values, lines, findings


def as_ymap(value: Any, line: int = 1) -> YMap:
    """Wrap a plain dict (e.g. a CSV row) as a YMap with every key on ``line``."""
    if isinstance(value, YMap):
        return value
    out = YMap(value)
    out.line = line
    out.key_lines = {k: line for k in value}
    out.value_lines = dict(out.key_lines)
    return out


__all__ = ["Field", "read_fields", "as_ymap", "YMap", "YList"]
