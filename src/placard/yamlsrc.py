"""YAML that remembers where things are.

Mappings load as :class:`YMap` (a dict that knows the line of every key) and
sequences as :class:`YList` (a list that knows the line of every item), so that
every message about a field can name the file and line. Duplicate keys are an
error, not a silent overwrite. Tags we do not know (``!ENV``, ``!!python/name:``
in a mkdocs.yml) load as plain values instead of failing. Dates that look like
dates but are not (``2026-13-01``) stay strings so the field check can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from .i18n import N_, _


class YMap(dict):
    """A dict with ``line`` (of the mapping) and ``key_lines`` (line per key)."""

    line: int = 0
    key_lines: dict
    value_lines: dict
    #: key -> (line, column, exact) of the first character of a scalar value's text;
    #: ``exact`` when the text is on one line and reads as written (no escapes).
    value_pos: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line) if hasattr(self, "key_lines") else self.line

    def pos_of(self, key) -> tuple[int, int, bool] | None:
        return getattr(self, "value_pos", {}).get(key)


class YList(list):
    """A list with ``line`` (of the sequence) and ``item_lines``."""

    line: int = 0
    item_lines: list
    item_pos: list  # (line, column, exact) or None per item, as YMap.value_pos

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except (AttributeError, IndexError):
            return self.line

    def pos_of(self, index: int) -> tuple[int, int, bool] | None:
        try:
            return self.item_pos[index]
        except (AttributeError, IndexError):
            return None


@dataclass
class YamlProblem(Exception):
    """A YAML document that cannot be read; ``line`` is 1-based in the file."""

    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.message


# libyaml's parser when PyYAML has it (several times faster on thousands of files).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    line_offset = 0


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _scalar_pos(loader: _Loader, node: yaml.Node, value) -> tuple[int, int, bool] | None:
    """Where a scalar's text starts, and whether its characters map 1:1 to the file."""
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        return None
    start, end = node.start_mark, node.end_mark
    col = start.column + 1 + (1 if node.style in ("'", '"') else 0)
    exact = False
    buf = getattr(start, "buffer", None) or getattr(loader, "source_text", None)  # libyaml marks carry no buffer
    if isinstance(buf, str) and start.line == end.line and isinstance(value, str):
        raw = buf[start.index : end.index]
        if node.style in ("'", '"'):
            raw = raw[1:-1]
        exact = raw == value
    return (_line(loader, node), col, exact)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> YMap:
    loader.flatten_mapping(node)  # resolves << merge keys
    result = YMap()
    result.line = _line(loader, node)
    result.key_lines = {}
    result.value_lines = {}
    result.value_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise YamlProblem(
                _("a mapping key must be a plain value"), _line(loader, key_node)
            ) from exc
        if key in result:
            raise YamlProblem(
                _("duplicate key '{key}' (first on line {line}); each key may appear once — remove or rename one "
                  "of them").format(key=key, line=result.key_lines[key]),
                _line(loader, key_node),
                key_node.start_mark.column + 1,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = _line(loader, key_node)
        result.value_lines[key] = _line(loader, value_node)
        result.value_pos[key] = _scalar_pos(loader, value_node, result[key])
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> YList:
    result = YList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = _line(loader, node)
    result.item_lines = [_line(loader, child) for child in node.value]
    result.item_pos = [_scalar_pos(loader, c, v) for c, v in zip(node.value, result, strict=True)]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):  # AttributeError: a '!!timestamp' that is no date
        return loader.construct_scalar(node)  # keep '2026-13-01' for a clear field error
    return value


#: Python converts at most 4300 decimal digits (a longer number would fail when printed).
MAX_NUMBER_CHARS = 4300


def _checked(construct, what: str):
    """A scalar constructor whose value errors (``!!float "abc"``, an int of 5,000 digits) name the line."""

    def run(loader: _Loader, node: yaml.Node):
        text = str(getattr(node, "value", ""))
        shown = text if len(text) <= 40 else text[:20] + "…" + f" ({len(text)})"
        try:
            if len(text) > MAX_NUMBER_CHARS and what in ("int", "float"):
                raise ValueError("too many digits")
            value = construct(loader, node)
            if isinstance(value, int) and abs(value).bit_length() > 14_000:  # 0x…: a short text, a huge number
                raise ValueError("too many digits")
            return value
        except (ValueError, OverflowError, KeyError, TypeError, AttributeError) as exc:
            if "digits" in str(exc):
                message = _("'{value}' cannot be read as {what}: a number may have at most {max} digits")
            else:
                message = _("'{value}' cannot be read as {what}")
            raise YamlProblem(
                message.format(value=shown, what=_(_TAG_WHAT[what]), max=MAX_NUMBER_CHARS),
                _line(loader, node),
                node.start_mark.column + 1,
            ) from exc

    return run


def _construct_unknown(loader: _Loader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node)
    if isinstance(node, yaml.SequenceNode):
        return _construct_sequence(loader, node)
    return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_TAG_WHAT = {"int": N_("a whole number"), "float": N_("a number"), "bool": N_("true or false"),
             "binary": N_("base64 data"), "null": N_("nothing")}
for _tag in _TAG_WHAT:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _checked(yaml.SafeLoader.yaml_constructors[
        f"tag:yaml.org,2002:{_tag}"], _tag))
_Loader.add_multi_constructor("!", _construct_unknown)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unknown)


#: PyYAML's problem texts (English) that a person meets most, in the current language; others are
#: shown as PyYAML wrote them, in quotes.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": N_("a ':' where no value may start (quote a text that holds ': ')"),
    "could not find expected ':'": N_("a line that is not 'key: value'"),
    "did not find expected key": N_("a line that is not 'key: value' at this indentation"),
    "did not find expected '-' indicator": N_("a list item that does not start with '- '"),
    "found character": N_("a character that cannot start a value (quote the text)"),
    "found unexpected end of stream": N_("the file ends inside a quoted text (a quote is not closed)"),
    "found undefined alias": N_("'*' starts an alias that is not defined (quote a text that starts with '*')"),
    "found unhashable key": N_("a key that is not a plain value"),
    "expected <block end>, but found '<block mapping start>'": N_("a line indented differently from the ones "
                                                                  "before it"),
    "expected <block end>, but found '<scalar>'": N_("a text after a value, or a line indented differently"),
    "expected <block end>, but found '-'": N_("a list item indented differently from the lines before it"),
    "found unknown escape character": N_("a backslash in double quotes (use single quotes, or write \\\\)"),
    "expected ',' or ']'": N_("a list in [ ] that is not closed or lacks a comma"),
    "expected ',' or '}'": N_("a mapping in { } that is not closed or lacks a comma"),
    "did not find expected ',' or ']'": N_("a list in [ ] that is not closed or lacks a comma"),
    "did not find expected ',' or '}'": N_("a mapping in { } that is not closed or lacks a comma"),
    "while scanning a quoted scalar": N_("the file ends inside a quoted text (a quote is not closed)"),
}


def _yaml_problem(problem: str) -> str:
    if not problem:
        return _("not valid YAML")
    for known, text in _YAML_PROBLEMS.items():
        if problem.startswith(known):
            return _(text)
    return f"'{problem}'"


def load(text: str, line_offset: int = 0):
    """Parse one YAML document. Raises :class:`YamlProblem` with a 1-based line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the reader rejects control characters up front
        pos = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, pos) + 1 + line_offset
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise YamlProblem(
            _("the text contains an invisible control character ({char}) that YAML does not allow: delete "
              "it").format(char=f"U+{exc.character:04X}"),
            line,
            col,
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(_("YAML error: {error}").format(error=exc)) from exc
    loader.source_text = text
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except YamlProblem as p:
        raise p
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        what = _yaml_problem(exc.problem or exc.context or "")
        tab = False
        if mark is not None:
            bad_line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
            tab = "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "'\\t'" in str(exc)
        if tab:
            message = _("YAML syntax error: {problem} (a tab character is used for indentation: YAML allows only "
                        "spaces)")
        else:
            message = _("YAML syntax error: {problem}")
        raise YamlProblem(message.format(problem=what), line, col) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(_("YAML error: {error}").format(error=exc)) from exc
    except RecursionError as exc:
        raise YamlProblem(_("YAML nests too deeply to read")) from exc
    except (ValueError, OverflowError, TypeError, KeyError, AttributeError) as exc:  # a constructor's own error
        raise YamlProblem(_("a value cannot be read ({error})").format(error=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        loader.dispose()


@dataclass(frozen=True)
class FrontMatterDoc:
    meta: YMap
    body: str
    body_line: int  # 1-based line in the file where the body starts
    has_front_matter: bool


def split_front_matter(text: str) -> FrontMatterDoc:
    """Split ``---``-delimited YAML front matter from a Markdown text.

    Raises :class:`YamlProblem` when the front matter is opened but never closed
    or does not parse, or is not a mapping.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        empty = YMap()
        empty.line, empty.key_lines, empty.value_lines = 1, {}, {}
        return FrontMatterDoc(empty, text, 1, False)
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            yaml_text = "".join(lines[1:i])
            meta = None
            if yaml_text.strip():
                from .yamlfast import load_flat  # flat front matter: no need for the full loader

                meta = load_flat(yaml_text, line_offset=1)
                if meta is None:
                    meta = load(yaml_text, line_offset=1)
            if meta is None:
                meta = YMap()
                meta.line, meta.key_lines, meta.value_lines = 2, {}, {}
            if not isinstance(meta, YMap):
                raise YamlProblem(
                    _("front matter must be a set of 'key: value' lines, not a {kind}").format(
                        kind=type(meta).__name__),
                    2,
                )
            return FrontMatterDoc(meta, "".join(lines[i + 1 :]), i + 2, True)
    raise YamlProblem(
        _("front matter starts with '---' on line 1 but is never closed: add a line with only '---' after the "
          "last field"),
        1,
    )


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
