"""A fast reader for the flat front matter most content files have.

Slogan front matter is a handful of ``key: value`` lines. PyYAML builds that
through a general constructor written in Python, which dominates the load time
of a city-sized campaign (20,000 files). :func:`load_flat` reads the common
subset directly — plain scalars, simple quoted strings, flow lists of plain
words, dates — and returns ``None`` for anything else (nesting, anchors, tags,
comments, escapes, block scalars, duplicate keys, numbers, booleans), so that
the full YAML loader decides, and reports errors, exactly as before. Tests
check that both readers give the same result wherever this one answers.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from .yamlsrc import YList, YMap

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*?))? *")
_DQ = re.compile(r'"([^"\\]*)"')
_SQ = re.compile(r"'([^']*)'")
_FLOW = re.compile(r"\[([^\[\]{}\"'#&*!|>%@`]*)\]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_BREAKS = re.compile("[\x85\u2028\u2029\t\r]")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NOT_SIMPLE = object()


def _plain(value: str):
    """A plain scalar as YAML reads it, or _NOT_SIMPLE when the full loader should decide."""
    if not value or value[0] in "[]{},#&*!|>'\"%@`" or value.endswith(":"):
        return _NOT_SIMPLE
    if value[0] in "-?:" and (len(value) == 1 or value[1] == " "):
        return _NOT_SIMPLE
    if ": " in value or " #" in value:
        return _NOT_SIMPLE
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # as the full loader: kept for a clear "not a valid date" finding
    return _NOT_SIMPLE


def _flow_list(inner: str, line: int, col0: int):
    """Items of ``[a, b]`` with their positions; col0 is the 0-based column after '['."""
    out = YList()
    out.line = line
    out.item_lines, out.item_pos = [], []
    if not inner.strip():
        return out
    pos = col0
    for part in inner.split(","):
        stripped = part.strip(" ")
        if not stripped or ":" in stripped or stripped[0] in "-?":  # flow indicators: full loader
            return _NOT_SIMPLE
        value = _plain(stripped)
        if value is _NOT_SIMPLE or not isinstance(value, str):
            return _NOT_SIMPLE
        start = pos + (len(part) - len(part.lstrip(" ")))
        out.append(value)
        out.item_lines.append(line)
        out.item_pos.append((line, start + 1, True))
        pos += len(part) + 1
    return out


def load_flat(text: str, line_offset: int = 0) -> YMap | None:
    """Read flat front matter, or return None when it is not in the simple subset."""
    if _NON_PRINTABLE.search(text) or _BREAKS.search(text):
        return None
    result = YMap()
    result.line = line_offset + 1
    result.key_lines, result.value_lines, result.value_pos = {}, {}, {}
    first = True
    for i, line in enumerate(text.split("\n")):
        if not line.strip(" "):
            continue
        if line[0] in " #-":
            return None
        m = _KEY.fullmatch(line)
        if m is None:
            return None
        key, raw = m.group(1), m.group(2)
        if not raw or key in result:
            return None
        lineno = i + 1 + line_offset
        if first:
            result.line = lineno
            first = False
        col = m.start(2)  # 0-based
        if raw[0] == '"' or raw[0] == "'":
            q = (_DQ if raw[0] == '"' else _SQ).fullmatch(raw)
            if q is None:
                return None
            value, pos = q.group(1), (lineno, col + 2, True)
        elif raw[0] == "[":
            f = _FLOW.fullmatch(raw)
            if f is None:
                return None
            value = _flow_list(f.group(1), lineno, col + 1)
            if value is _NOT_SIMPLE:
                return None
            pos = None
        else:
            value = _plain(raw)
            if value is _NOT_SIMPLE:
                return None
            pos = (lineno, col + 1, True) if isinstance(value, str) else (lineno, col + 1, False)
        result[key] = value
        result.key_lines[key] = lineno
        result.value_lines[key] = lineno
        result.value_pos[key] = pos
    return result
