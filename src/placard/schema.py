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
from .i18n import _
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
        if self.help:
            return self.help
        return {
            "str": "a short text",
            "text": "a text",
            "date": "a date written YYYY-MM-DD, e.g. 2026-05-01",
            "enum": "one of: " + ", ".join(map(str, self.choices)),
            "strlist": "a list of texts, e.g. [a, b]",
            "bool": "true or false",
            "number": "a number",
            "int": "a whole number",
            "map": "a set of 'key: value' lines",
            "list": "a list",
            "any": "a value",
        }[self.kind]


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if is_date(value):
        return f"the date {value.isoformat()}"
    if isinstance(value, (bytes, bytearray)):
        return _("binary data (a !!binary value), not a text")
    return f"'{value}'"


def _coerce(f: Field, value: Any) -> tuple[Any, str | None]:
    """Return (parsed value, problem or None)."""
    k = f.kind
    if k in ("str", "text"):
        if isinstance(value, (bool, dict, list, bytes, bytearray)) or value is None:
            return None, f"expected {f.describe()}, got {_type_name(value)}"
        if is_date(value):
            value = value.isoformat()
        text = str(value)
        if not text.strip() and not f.allow_empty:
            return None, "must not be empty"
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
            return None, f"'{value}' is not a valid date: write it as YYYY-MM-DD, e.g. 2026-05-01"
        if not DATE_MIN <= day <= DATE_MAX:
            return None, (f"{day.isoformat()} is out of range: dates must lie between {DATE_MIN.isoformat()} "
                          f"and {DATE_MAX.isoformat()} (leave an end date out when there is none)")
        return day, None
    if k == "enum":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):  # never bytes
            if value in f.choices:
                return value, None
            close = difflib.get_close_matches(str(value), [str(c) for c in f.choices], n=1)
            hint = f" — did you mean '{close[0]}'?" if close else ""
            return None, f"'{value}' is not allowed{hint} Allowed: {', '.join(map(str, f.choices))}"
        return None, f"expected {f.describe()}, got {_type_name(value)}"
    if k == "strlist":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return None, f"expected {f.describe()}, got {_type_name(value)}"
        out = []
        for item in value:
            if isinstance(item, (dict, list, bool, bytes, bytearray)) or item is None:
                return None, f"every item must be a text, got {_type_name(item)}"
            out.append(str(item).strip())
        return tuple(out), None
    if k == "bool":
        if isinstance(value, bool):
            return value, None
        return None, f"expected true or false, got {_type_name(value)}"
    if k in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, f"expected {f.describe()}, got {_type_name(value)}"
        if isinstance(value, float) and not math.isfinite(value):
            return None, f"expected a finite number, got {value}"
        if k == "int" and not (isinstance(value, int) or float(value).is_integer()):
            return None, f"expected a whole number, got {value}"
        if k == "int":
            value = int(value)
        if f.minimum is not None and value < f.minimum:
            return None, f"{value} is too small: it must be at least {f.minimum:g}"
        if f.maximum is not None and value > f.maximum:
            return None, f"{value} is too large: it must be at most {f.maximum:g}"
        return value, None
    if k == "map":
        if not isinstance(value, dict):
            return None, f"expected {f.describe()}, got {_type_name(value)}"
        return value, None
    if k == "list":
        if not isinstance(value, list):
            return None, f"expected {f.describe()}, got {_type_name(value)}"
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
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    findings: list[Finding] = []
    base_line = getattr(meta, "line", None) or None

    def line_of(key):
        return meta.line_of(key) if isinstance(meta, YMap) else base_line

    for key in meta:
        if key not in by_name:
            close = difflib.get_close_matches(str(key), list(by_name), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'? " if close else ""
            fix += "Allowed fields: " + ", ".join(by_name)
            findings.append(
                error(
                    f"{rule_prefix}.unknown-key",
                    f"unknown field '{key}' in {what}",
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
                        f"{what} has no '{f.name}'" if f.name not in meta else f"'{f.name}' is empty",
                        file=file,
                        line=lines[f.name],
                        field=f.name,
                        fix=f"add '{f.name}:' with {f.describe()}",
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
                    fix=f"write '{f.name}' as {f.describe()}",
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
