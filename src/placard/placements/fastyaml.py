"""A fast reader for placement lists written the usual way.

A city keeps thousands of lists; PyYAML's constructor (Python code, even with
libyaml's parser) is most of the time of loading them. Lists are nearly always
written as top-level ``key: value`` lines, one level of block mapping
(``rule:``), flow mappings of plain values (``period: {from: …, to: …}``) and a
block sequence of one-line flow mappings (``- {id: p01, kind: public, …}``).
:func:`load_list_yaml` reads exactly that subset and returns ``None`` for
anything else — quotes with escapes, nesting, anchors, tags, trailing comments,
duplicate keys, YAML 1.1 oddities such as ``0x1F`` or ``yes`` — so the full loader
decides, and reports errors, as before. A hypothesis test checks both readers
give the same values and lines wherever this one answers.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from ..yamlsrc import YList, YMap

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*?))? *")
_ITEM = re.compile(r"- +(\{.*\}) *")
_FLOW_MAP = re.compile(r"\{([^{}\[\]\"'#&*!|>%@`]*)\}")
_FLOW_LIST = re.compile(r"\[([^{}\[\]\"'#&*!|>%@`]*)\]")
_DQ = re.compile(r'"([^"\\]*)"')
_SQ = re.compile(r"'([^']*)'")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_BREAKS = re.compile("[\x85\u2028\u2029\t\r]")
_RESOLVER = yaml.resolver.Resolver()
_T = "tag:yaml.org,2002:"
_NO = object()
MAX_NUMBER_CHARS = 4300  # as placard.yamlsrc (Python's own limit on int('…'))


def _scalar(text: str, flow: bool):
    """A plain or simply quoted scalar as PyYAML reads it, or _NO."""
    if not text:
        return _NO
    if text[0] in "\"'":
        m = (_DQ if text[0] == '"' else _SQ).fullmatch(text)
        return m.group(1) if m else _NO
    if text[0] in "[]{},#&*!|>%@`" or text.endswith(":") or ": " in text or " #" in text:
        return _NO
    if text[0] in "?:" or (text[0] == "-" and not text[1:2].isdigit()):
        return _NO  # indicators: leave every such case to the full loader
    if flow and any(c in text for c in ",[]{}"):
        return _NO
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if len(text) > MAX_NUMBER_CHARS and tag in (_T + "int", _T + "float"):
        return _NO  # more digits than Python converts: the full loader says so, with the line
    if tag == _T + "str":
        return text
    if tag == _T + "null":
        return None
    if tag == _T + "int" and _INT.fullmatch(text):
        return int(text)
    if tag == _T + "float" and _FLOAT.fullmatch(text):
        return float(text)
    if tag == _T + "bool" and text in ("true", "false"):
        return text == "true"
    if tag == _T + "timestamp" and _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # as the full loader: kept for a clear "not a valid date" message
    return _NO


def _ymap(line: int) -> YMap:
    m = YMap()
    m.line, m.key_lines, m.value_lines = line, {}, {}
    return m


def _flow_map(text: str, line: int):
    f = _FLOW_MAP.fullmatch(text)
    if f is None:
        return _NO
    out = _ymap(line)
    inner = f.group(1)
    if not inner.strip(" "):
        return out
    for part in inner.split(","):
        m = _KEY.fullmatch(part.strip(" "))
        if m is None or m.group(2) is None or m.group(1) in out:
            return _NO
        value = _scalar(m.group(2), True)
        if value is _NO:
            return _NO
        out[m.group(1)] = value
        out.key_lines[m.group(1)] = out.value_lines[m.group(1)] = line
    return out


def _flow_list(text: str, line: int):
    f = _FLOW_LIST.fullmatch(text)
    if f is None:
        return _NO
    out = YList()
    out.line, out.item_lines = line, []
    if not f.group(1).strip(" "):
        return out
    for part in f.group(1).split(","):
        value = _scalar(part.strip(" "), True)
        if value is _NO or not isinstance(value, str):
            return _NO
        out.append(value)
        out.item_lines.append(line)
    return out


def _value(text: str, line: int):
    if not text:
        return _NO
    if text[0] == "{":
        return _flow_map(text, line)
    if text[0] == "[":
        return _flow_list(text, line)
    return _scalar(text, False)


def load_list_yaml(text: str) -> YMap | None:
    """Read a placement list in the common subset, or return None (then use the full loader)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _NON_PRINTABLE.search(text) or _BREAKS.search(text):
        return None
    lines = [(i + 1, ln) for i, ln in enumerate(text.split("\n")) if ln.strip(" ") and ln.lstrip(" ")[0] != "#"]
    if not lines:
        return None
    root = _ymap(lines[0][0])
    i = 0
    while i < len(lines):
        lineno, ln = lines[i]
        if ln[0] == " ":
            return None
        m = _KEY.fullmatch(ln)
        if m is None or m.group(1) in root:
            return None
        key, raw = m.group(1), m.group(2)
        root.key_lines[key] = lineno
        i += 1
        if raw:
            value = _value(raw, lineno)
            if value is _NO:
                return None
            root[key] = value
            root.value_lines[key] = lineno
            continue
        block = []
        while i < len(lines) and lines[i][1][0] == " ":
            block.append(lines[i])
            i += 1
        if not block:
            return None  # 'key:' with nothing: null, let the full loader say so
        indent = len(block[0][1]) - len(block[0][1].lstrip(" "))
        if any(len(b) - len(b.lstrip(" ")) != indent for _, b in block):
            return None
        root.value_lines[key] = block[0][0]
        if block[0][1][indent] == "-":
            seq = YList()
            seq.line, seq.item_lines = block[0][0], []
            for n, b in block:
                im = _ITEM.fullmatch(b[indent:])
                item = _flow_map(im.group(1), n) if im else _NO
                if item is _NO:
                    return None
                seq.append(item)
                seq.item_lines.append(n)
            root[key] = seq
        else:
            sub = _ymap(block[0][0])
            for n, b in block:
                km = _KEY.fullmatch(b[indent:])
                if km is None or km.group(2) is None or km.group(1) in sub:
                    return None
                value = _value(km.group(2), n)
                if value is _NO:
                    return None
                sub[km.group(1)] = value
                sub.key_lines[km.group(1)] = sub.value_lines[km.group(1)] = n
            root[key] = sub
    return root
