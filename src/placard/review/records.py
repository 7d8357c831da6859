"""Review records (``reviews/<item-id>.yml``) and the review settings, loaded like placement lists.

A file holds one item's trail, oldest first::

    # placard review: 信息发布审核记录 ...
    item: "traffic-01"
    records:
    - action: "sign-off"
      level: "初审"
      by: "王丽"
      role: "科员"
      decision: "通过"
      comment: ""
      reason: ""
      time: "2026-09-11T10:00:00+08:00"
      hash: "sha256:…"            # published_hash of the item the reviewer saw
      content: {…}                # that version (so the site can keep showing it)
      prev: "sha256:…"            # the seal of the record before ("" for the first)
      seal: "sha256:…"            # the hash of this record's fields and prev

Every string is written double-quoted on one line (JSON escapes, which YAML reads the same), so a
record is readable in a diff and a file ``placard review`` wrote is read by a line reader without
a general YAML parser; anything else goes through the full YAML reader (file and line on every value).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
from stat import S_ISREG
from types import MappingProxyType
from typing import NamedTuple

from ..findings import Finding, error
from ..i18n import _
from ..schema import Field, as_ymap, read_fields
from ..yamlsrc import YamlProblem, YList, YMap, load
from .content import HASH_PREFIX, canonical

REVIEWS_DIR = "reviews"
LEVELS = ("初审", "复审", "终审")
GRADES = {"普通": ("初审", "复审"), "重要": LEVELS, "敏感": LEVELS}
DEFAULT_GRADE = "普通"
APPROVE, RETURN = "通过", "退回"
DECISIONS = (APPROVE, RETURN)
#: sign-off: one level's decision; adopted: an approval from approved_by/approved_on (all levels);
#: withdraw: 撤稿 (off the site until signed again); correct: 更正 (why the published text changes).
ACTIONS = ("sign-off", "adopted", "withdraw", "correct")
RECORD_KEYS = (
    "action",
    "level",
    "by",
    "role",
    "decision",
    "comment",
    "reason",
    "time",
    "hash",
    "content",
)

SETTINGS_FIELDS = (
    Field("levels", "strlist", help="the review levels in order, e.g. [初审, 复审, 终审]"),
    Field(
        "grades",
        "map",
        help="which levels each grade needs, e.g. {普通: [初审, 复审], 重要: [初审, 复审, 终审]}",
    ),
    Field(
        "distinct_people",
        "bool",
        default=True,
        help="true: one person may not sign two levels of the same version",
    ),
)
RECORD_FIELDS = (
    Field("action", "enum", required=True, choices=ACTIONS),
    Field("level", "str"),
    Field("by", "str"),
    Field("role", "str", allow_empty=True),
    Field("decision", "enum", choices=DECISIONS),
    Field("comment", "text", allow_empty=True, default=""),
    Field("reason", "text", allow_empty=True, default=""),
    Field(
        "time",
        "str",
        required=True,
        help="the date and time with its zone, e.g. 2026-09-11T10:00:00+08:00",
    ),
    Field("hash", "str", help="the sha256 of the published version signed"),
    Field("content", "map", help="the version signed (written by placard review)"),
    Field("prev", "str", allow_empty=True, default=""),
    Field("seal", "str", required=True),
)


@dataclass(frozen=True)
class ReviewSettings:
    levels: tuple[str, ...] = LEVELS
    grades: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(dict(GRADES))
    )
    distinct_people: bool = True
    configured: bool = False  # extra.placard.review is in mkdocs.yml
    line: int | None = None

    def needs(self, grade: str) -> tuple[str, ...]:
        return self.grades.get(grade, ())


class Record(NamedTuple):
    """One record of a trail (a named tuple: a city's 20,000 files make as many records at each check)."""

    item: str
    action: str
    time: dt.datetime
    hash: str
    prev: str
    seal: str
    file: str
    line: int
    level: str | None = None
    by: str = ""
    role: str = ""
    decision: str | None = None
    comment: str = ""
    reason: str = ""
    content: Mapping | None = None
    lines: Mapping[str, int] = MappingProxyType({})

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @property
    def approves(self) -> bool:
        return self.action == "adopted" or (self.action == "sign-off" and self.decision == APPROVE)


class Summary(NamedTuple):
    """What the check and the published state need of a trail in the usual case, kept beside the records
    (and in the cache) so that a check of a city's 20,000 trails does not rebuild every record; anything
    out of the usual (an edit, a return, a withdrawal, a record near or past the clock, a level that
    cannot count) is decided on the records themselves."""

    count: int = 0
    latest: float = 0.0  # the latest record's time, POSIX seconds
    #: The one version every approving record signs, when the trail is approvals of that version only
    #: (``adopted``, 通过 sign-offs and corrections); "" for anything else.
    one_version: str = ""
    adopted: bool = False  # an ``adopted`` record (every level) is among them
    approved_levels: tuple[str, ...] = ()  # the levels signed 通过 (of the one version)
    levels: tuple[str, ...] = ()  # every level a sign-off names
    same_person: bool = False  # one person approved two levels of one version


def summarize(records) -> Summary:
    if not records:
        return Summary()
    one: str | None = None
    adopted = False
    approved: dict[str, None] = {}
    levels: dict[str, None] = {}
    who: dict[tuple[str, str], str] = {}
    same = False
    for r in records:
        if r.action == "sign-off":
            levels[r.level] = None
            if r.decision == APPROVE:
                approved[r.level] = None
                if who.setdefault((r.hash, r.by), r.level) != r.level:
                    same = True
        if r.action == "adopted" or (r.action == "sign-off" and r.decision == APPROVE):
            adopted = adopted or r.action == "adopted"
            if one is None:
                one = r.hash
            elif one != r.hash:
                one = ""
        elif r.action != "correct":
            one = ""  # a return or a withdrawal
    return Summary(
        len(records),
        max(r.time.timestamp() for r in records),
        one or "",
        adopted,
        tuple(approved),
        tuple(levels),
        same,
    )


class ReviewFile:
    """One item's trail. Read from the cache, its records are rebuilt only when something asks for them
    (:attr:`records`); :attr:`summary` answers the usual questions without them."""

    __slots__ = ("item", "file", "item_line", "broken", "summary", "_records", "_store", "_path")

    def __init__(
        self,
        item: str,
        file: str,
        records: tuple[Record, ...] | None = None,
        item_line: int = 1,
        broken: tuple[int, str] | None = None,
        summary: Summary | None = None,
        store: _Store | None = None,
        path: str | None = None,
    ):
        self.item, self.file, self.item_line, self.broken = item, file, item_line, broken
        self._records = tuple(records) if records is not None else None
        self.summary = summary if summary is not None else summarize(self._records)
        self._store, self._path = store, path  # where the records are, when not read yet

    @property
    def records(self) -> tuple[Record, ...]:
        """The records, oldest first."""
        if self._records is None:
            self._records = _records_of(self)
        return self._records

    def __eq__(self, other) -> bool:
        if not isinstance(other, ReviewFile):
            return NotImplemented
        return (self.item, self.file, self.records, self.item_line, self.broken) == (
            other.item,
            other.file,
            other.records,
            other.item_line,
            other.broken,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ReviewFile({self.item!r}, {self.file!r}, {self.summary.count} records, broken={self.broken!r})"


def chain_break(records) -> tuple[int, str] | None:
    """Where the records stop holding: a ``prev`` that is not the seal before (removed, added, moved), or a
    ``seal`` that is not the record's own (edited)."""
    prev = ""
    for i, r in enumerate(records):
        if r.prev != prev:
            return i, "prev"
        if seal_of(record_fields(r), r.prev) != r.seal:
            return i, "seal"
        prev = r.seal
    return None


class ReviewFiles(Mapping):
    """Item id -> its :class:`ReviewFile`. A file taken from the cache stays its cache entry until something
    asks for it (a city's 20,000 unchanged files make no objects at a check); :meth:`entry` answers the
    usual questions from the entry itself."""

    __slots__ = ("_files", "_store", "_folder")

    def __init__(self, files: dict | None = None, store: _Store | None = None, folder: str = ""):
        self._files: dict = files if files is not None else {}  # item -> ReviewFile | (rel, cache entry)
        self._store, self._folder = store, folder

    def __getitem__(self, item: str) -> ReviewFile:
        rf = self._files[item]
        if type(rf) is tuple:
            rel, hit = rf
            rf = self._files[item] = ReviewFile(
                hit[E_ITEM], rel, None, hit[E_LINE], hit[E_BROKEN], Summary._make(hit[E_SUMMARY:]),
                self._store, self._folder + rel[len(REVIEWS_DIR) + 1 :],
            )
        return rf

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, item) -> bool:
        return item in self._files

    def entry(self, item: str) -> tuple | None:
        """The item's file as a cache entry is laid out (``E_*`` positions: item, line, first break of its
        chain, then its :class:`Summary`), or None when it has none."""
        rf = self._files.get(item)
        return None if rf is None else _as_entry(rf)

    def entries(self) -> Iterator[tuple[str, tuple]]:
        """(item, :meth:`entry`) of every file."""
        for item, rf in self._files.items():
            yield item, _as_entry(rf)

    def __repr__(self) -> str:
        return f"ReviewFiles({len(self._files)} files)"


@dataclass(frozen=True)
class Reviews:
    settings: ReviewSettings = ReviewSettings()
    files: ReviewFiles = field(default_factory=ReviewFiles)
    #: The names of the files in reviews/ (those that could not be read too), as listed.
    names: tuple[str, ...] = ()


def seal_of(fields: Mapping, prev: str) -> str:
    """The seal of one record: its fields (:data:`RECORD_KEYS`, item) and the seal before it."""
    body = {k: fields.get(k) for k in ("item", *RECORD_KEYS)}
    body["prev"] = prev
    return HASH_PREFIX + hashlib.sha256(canonical(body)).hexdigest()


def record_fields(r: Record) -> dict:
    return {
        "item": r.item,
        "action": r.action,
        "level": r.level,
        "by": r.by or None,
        "role": r.role or None,
        "decision": r.decision,
        "comment": r.comment or None,
        "reason": r.reason or None,
        "time": r.time.isoformat(),
        "hash": r.hash or None,
        "content": dict(r.content) if r.content is not None else None,
    }


# --- settings ---------------------------------------------------------------------------------


def load_settings(raw, line: int | None, findings: list[Finding]) -> ReviewSettings:
    """``extra.placard.review``: unknown keys and wrong types are findings (the defaults stand)."""
    from ..load import CONFIG_FILE

    if raw is None:
        return ReviewSettings(line=line)
    where = "extra.placard.review"
    if not isinstance(raw, dict):
        findings.append(
            error(
                "config.bad-value",
                _("'review' must be a mapping of settings"),
                file=CONFIG_FILE,
                line=line,
                field=where,
                fix=_(
                    "write it as 'review: {levels: [初审, 复审, 终审], grades: {普通: [初审, 复审]}}'"
                ),
            )
        )
        return ReviewSettings(line=line)
    values, lines, errs = read_fields(
        as_ymap(raw, line or 1), SETTINGS_FIELDS, CONFIG_FILE, "review", "config"
    )
    findings.extend(_replace(f, field=f"{where}.{f.field}") if f.field else f for f in errs)
    levels = tuple(values["levels"]) if values["levels"] else LEVELS
    ok = True
    if len(set(levels)) != len(levels):
        ok = False
        findings.append(
            error(
                "config.bad-value",
                _("a review level is named twice in 'levels'"),
                file=CONFIG_FILE,
                line=lines["levels"],
                field=f"{where}.levels",
                fix=_("name each level once, in order, e.g. [初审, 复审, 终审]"),
            )
        )
    grades: dict[str, tuple[str, ...]] = dict(GRADES) if not values["grades"] else {}
    raw_grades = values["grades"] or {}
    for name, needed in raw_grades.items():
        gline = raw_grades.line_of(name) if isinstance(raw_grades, YMap) else lines["grades"]
        if isinstance(needed, str):
            needed = [needed]
        if (
            not isinstance(needed, list)
            or not all(isinstance(x, str) for x in needed)
            or not needed
        ):
            ok = False
            findings.append(
                error(
                    "config.bad-value",
                    _("grade '{grade}' must list the levels it needs").format(grade=name),
                    file=CONFIG_FILE,
                    line=gline,
                    field=f"{where}.grades.{name}",
                    fix=_("write the levels as a list, e.g. {grade}: [初审, 复审]").format(
                        grade=name
                    ),
                )
            )
            continue
        unknown = [x for x in needed if x not in levels]
        if unknown:
            ok = False
            findings.append(
                error(
                    "config.bad-value",
                    _("grade '{grade}' needs level '{level}', which is not in 'levels'").format(
                        grade=name, level=unknown[0]
                    ),
                    file=CONFIG_FILE,
                    line=gline,
                    field=f"{where}.grades.{name}",
                    fix=_("use levels from: {levels}").format(levels=", ".join(levels)),
                )
            )
            continue
        grades[str(name)] = tuple(x for x in levels if x in needed)  # in the levels' order
    if DEFAULT_GRADE not in grades and ok:
        findings.append(
            error(
                "config.bad-value",
                _("'grades' has no grade '{grade}', the grade of items that name none").format(
                    grade=DEFAULT_GRADE
                ),
                file=CONFIG_FILE,
                line=lines["grades"],
                field=f"{where}.grades",
                fix=_("add '{grade}: [初审, 复审]' (or the levels your office uses)").format(
                    grade=DEFAULT_GRADE
                ),
            )
        )
    return ReviewSettings(
        levels, MappingProxyType(grades), bool(values["distinct_people"]), True, line
    )


# --- record files ----------------------------------------------------------------------------

_LINE = re.compile(r"^(?P<ind>(?:- |  )?(?:  )?)(?P<key>[a-z_]+):(?: (?P<val>.*))?$")


def _fast(text: str) -> YMap | None:
    """The file as :func:`placard.yamlsrc.load` reads it, for files in the writer's own style; None otherwise."""
    top = YMap()
    top.line, top.key_lines, top.value_lines = 1, {}, {}
    records: YList | None = None
    rec: YMap | None = None
    nested: YMap | None = None
    for n, raw in enumerate(text.split("\n"), 1):
        if not raw or raw.startswith("#"):
            continue
        m = _LINE.match(raw)
        if m is None:
            return None
        ind, key, val = m["ind"], m["key"], m["val"]
        if val is None:
            value = None
        elif val[:1] in ('"', "[", "{") or val == "null":
            try:
                value = json.loads(val)
            except ValueError:
                return None
            if isinstance(value, str) and any(c in value for c in "\x85\u2028\u2029"):
                return None
        else:
            return None

        def put(target: YMap, key=key, value=value, n=n) -> bool:
            if key in target:
                return False
            target[key] = value
            target.key_lines[key] = target.value_lines[key] = n
            return True

        if ind == "":
            if key == "records" and value is None:
                records = YList()
                records.line, records.item_lines = n, []
                top[key] = records
                top.key_lines[key] = top.value_lines[key] = n
                continue
            if value is None or not put(top):
                return None
            rec = nested = None
        elif ind == "- ":
            if records is None:
                return None
            rec = YMap()
            rec.line, rec.key_lines, rec.value_lines = n, {}, {}
            records.append(rec)
            records.item_lines.append(n)
            nested = None
            if key == "content" and value is None or not put(rec):
                return None
        elif ind == "  ":
            if rec is None:
                return None
            if key == "content" and value is None:
                nested = YMap()
                nested.line, nested.key_lines, nested.value_lines = n, {}, {}
                if key in rec:
                    return None
                rec[key] = nested
                rec.key_lines[key] = rec.value_lines[key] = n
                continue
            nested = None
            if value is None or not put(rec):
                return None
        else:  # four spaces: inside content
            if ind != "    " or nested is None or not put(nested):
                return None
    return top


_STR_KEYS = frozenset((*(k for k in RECORD_KEYS if k != "content"), "prev", "seal"))
_REQUIRED = {
    "sign-off": ("level", "by", "decision", "hash"),
    "adopted": ("by", "hash"),
    "withdraw": ("by", "reason"),
    "correct": ("by", "reason"),
}


def _value(val: str):
    """A JSON-quoted value as the writer writes it: a plain string without escapes is sliced, not parsed."""
    if val[:1] == '"' and val[-1:] == '"' and len(val) >= 2 and "\\" not in val:
        inner = val[1:-1]
        return _NOT if '"' in inner else inner
    try:
        return json.loads(val)
    except ValueError:
        return _NOT


_NOT = object()


def _fast_file(text: str, rel: str, stem: str) -> ReviewFile | None:
    """A file exactly in the writer's style, straight to records (a city's 20,000 files load in a
    fraction of `placard check`); None for anything else, which :func:`read_file` then reads and reports."""
    lines = text.split("\n")
    item = None
    item_line = 0
    recs: list[tuple[int, dict, dict]] = []
    cur: dict | None = None
    cur_lines: dict = {}
    content: dict | None = None
    seen_records = False
    for n, raw in enumerate(lines, 1):
        if not raw or raw[0] == "#":
            continue
        if raw[0] == " " and raw.startswith("    "):
            if content is None or raw[4] == " ":
                return None
            key, sep, val = raw[4:].partition(": ")
            if not sep or key in content or not key.isidentifier():
                return None
            v = _value(val)
            if v is _NOT or (isinstance(v, str) and any(c in v for c in "\x85\u2028\u2029")):
                return None
            content[key] = v
            continue
        content = None
        if raw.startswith("- "):
            if not seen_records:
                return None
            cur, cur_lines = {}, {}
            recs.append((n, cur, cur_lines))
            body = raw[2:]
        elif raw.startswith("  "):
            if cur is None or raw[2] == " ":
                return None
            body = raw[2:]
        else:
            if raw == "records:" and not seen_records and item is not None:
                seen_records = True
                continue
            key, sep, val = raw.partition(": ")
            if key != "item" or item is not None or seen_records:
                return None
            item = _value(val)
            item_line = n
            if not isinstance(item, str):
                return None
            continue
        if body == "content:":
            if "content" in cur:
                return None
            content = cur["content"] = {}
            cur_lines["content"] = n
            continue
        key, sep, val = body.partition(": ")
        if not sep or key not in _STR_KEYS or key in cur:
            return None
        v = _value(val)
        if not isinstance(v, str) or any(c in v for c in "\x85\u2028\u2029"):
            return None
        cur[key] = v
        cur_lines[key] = n
    if item is None or not seen_records or item.strip() != stem:
        return None
    out = []
    for line, r, rl in recs:
        action = r.get("action")
        if action not in _REQUIRED or "seal" not in r or "time" not in r:
            return None
        if any(not r.get(k, "").strip() for k in _REQUIRED[action]):
            return None
        if r.get("decision") not in (None, *DECISIONS):
            return None
        t = parse_time(r["time"])
        if t is None:
            return None
        for k in ("level", "by", "role", "hash", "prev", "seal", "time", "action", "decision"):
            if k in r:
                r[k] = r[k].strip()
        for k in ("level", "decision"):
            if k in r and not r[k]:
                return None
        c = r.get("content")
        out.append(
            Record(
                item=stem,
                action=action,
                time=t,
                hash=r.get("hash", ""),
                prev=r.get("prev", ""),
                seal=r["seal"],
                file=rel,
                line=line,
                level=r.get("level"),
                by=r.get("by", ""),
                role=r.get("role", ""),
                decision=r.get("decision"),
                comment=r.get("comment", ""),
                reason=r.get("reason", ""),
                content=MappingProxyType(c) if c is not None else None,
                lines=_lines(rl),
            )
        )
    return ReviewFile(stem, rel, tuple(out), item_line, chain_break(out))


def _problem(
    rule: str, message: str, rel: str, line: int | None, fix: str, fld: str | None = None
) -> Finding:
    return error(rule, message, file=rel, line=line, field=fld, fix=fix)


def parse_time(value: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None
    return t if t.tzinfo is not None else None


def read_file(
    path: Path | str, rel: str, findings: list[Finding], data: bytes | None = None
) -> ReviewFile | None:
    """One ``reviews/*.yml`` file, or None (with findings) when it cannot be used at all."""
    try:
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        findings.append(
            _problem(
                "review.malformed",
                _("the review record cannot be read as UTF-8 text"),
                rel,
                1,
                _("restore the file from version control, or write records with 'placard review'"),
            )
        )
        return None
    path = Path(path)
    got = _fast_file(text.replace("\r\n", "\n"), rel, rel.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if got is not None:
        return got
    malformed_fix = _(
        "restore the file from version control, or write records with 'placard review'"
    )
    doc = _fast(text)
    if doc is None:
        try:
            doc = load(text)
        except YamlProblem as p:
            findings.append(
                _problem(
                    "review.malformed",
                    _("the review record is not valid YAML: {problem}").format(problem=p.message),
                    rel,
                    p.line,
                    malformed_fix,
                )
            )
            return None
    if (
        not isinstance(doc, YMap)
        or not isinstance(doc.get("item"), str)
        or not isinstance(doc.get("records"), list)
    ):
        findings.append(
            _problem(
                "review.malformed",
                _("a review record needs 'item: <id>' and a list 'records:'"),
                rel,
                getattr(doc, "line", 1) or 1,
                malformed_fix,
            )
        )
        return None
    item = doc["item"].strip()
    if item != path.stem:
        findings.append(
            _problem(
                "review.malformed",
                _("this file is named for '{stem}' but holds the records of '{item}'").format(
                    stem=path.stem, item=item
                ),
                rel,
                doc.line_of("item"),
                _("name the file after the item: reviews/{item}.yml").format(item=item),
                "item",
            )
        )
        return None
    out: list[Record] = []
    raw_records = doc["records"]
    for i, raw in enumerate(raw_records):
        line = raw_records.line_of(i) if isinstance(raw_records, YList) else doc.line_of("records")
        if not isinstance(raw, dict):
            findings.append(
                _problem(
                    "review.malformed",
                    _("each record must be a mapping of fields"),
                    rel,
                    line,
                    malformed_fix,
                )
            )
            return None
        ymap = as_ymap(raw, line)
        values, lines, errs = read_fields(ymap, RECORD_FIELDS, rel, "a review record", "review")
        errs = [_replace(e, rule="review.malformed") for e in errs]
        if errs:
            findings.extend(errs)
            return None
        t = parse_time(values["time"])
        if t is None:
            findings.append(
                _problem(
                    "review.malformed",
                    _("'{value}' is not a date and time with its zone").format(
                        value=values["time"]
                    ),
                    rel,
                    lines["time"],
                    _("write it as 2026-09-11T10:00:00+08:00"),
                    "time",
                )
            )
            return None
        content = values["content"]
        if content is not None:
            content = MappingProxyType(dict(content))
        action = values["action"]
        missing = [
            k
            for k in {
                "sign-off": ("level", "by", "decision", "hash"),
                "adopted": ("by", "hash"),
                "withdraw": ("by", "reason"),
                "correct": ("by", "reason"),
            }[action]
            if not values[k]
        ]
        if missing:
            findings.append(
                _problem(
                    "review.malformed",
                    _("a '{action}' record needs '{field}'").format(
                        action=action, field=missing[0]
                    ),
                    rel,
                    line,
                    malformed_fix,
                    missing[0],
                )
            )
            return None
        out.append(
            Record(
                item=item,
                action=action,
                time=t,
                hash=values["hash"] or "",
                prev=values["prev"] or "",
                seal=values["seal"],
                file=rel,
                line=line,
                level=values["level"],
                by=values["by"] or "",
                role=values["role"] or "",
                decision=values["decision"],
                comment=values["comment"] or "",
                reason=values["reason"] or "",
                content=content,
                lines=MappingProxyType({k: v for k, v in lines.items() if k in ymap}),
            )
        )
    return ReviewFile(item, rel, tuple(out), doc.line_of("item"), chain_break(out))


def _scan(root: Path) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """The names of the record files in reviews/, in order, and each one's stat key: size, modified and
    changed times to the nanosecond, inode. A linked reviews/ folder is not read, nor links or anything but
    plain files in it. Each file is stat'ed once, relative to the folder."""
    names: list[str] = []
    keys: list[tuple[int, int, int, int]] = []
    folder = root / REVIEWS_DIR
    if folder.is_symlink() or not folder.is_dir():
        return names, keys
    try:
        listed = sorted(
            n for n in os.listdir(folder) if n.endswith((".yml", ".yaml")) and n[0] != "."
        )
    except OSError:
        return names, keys
    if not listed:
        return names, keys
    base = str(folder) + os.sep
    try:
        fd = os.open(folder, _DIR_FLAGS) if os.stat in os.supports_dir_fd else None
    except OSError:
        return names, keys
    stat, regular, name_to, key_to = os.stat, S_ISREG, names.append, keys.append
    try:
        for name in listed:
            try:
                st = (
                    stat(name, dir_fd=fd, follow_symlinks=False)
                    if fd is not None
                    else stat(base + name, follow_symlinks=False)
                )
            except OSError:
                continue
            if regular(st.st_mode):
                name_to(name)
                key_to((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    finally:
        if fd is not None:
            os.close(fd)
    return names, keys


# --- the cache: what each file's bytes parse to, so a city's 20,000 files are read, not parsed, on each check.
# Two files of plain data (marshal of tuples, strings, numbers), each sealed with this user's key
# (placard.cachesafe) and made by this code (its hash): ``reviews.bin`` holds each file's stat and summary,
# all a check reads in the usual case; ``reviews-records.bin`` the records themselves, read only when something
# asks for them (an edited item, `placard review show`, the staff site). Both carry the same random
# generation, so records are never taken from another write than the summaries; anything unexpected is a miss
# (the file itself is read again).

CACHE_FILE = ".cache/placard/reviews.bin"
RECORDS_FILE = ".cache/placard/reviews-records.bin"
RACY_NS = 3_000_000_000
CACHE_PURPOSE = "reviews"
RECORDS_PURPOSE = "review-records"
_DIR_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CODE = (
    "review/records.py",
    "review/content.py",
    "schema.py",
    "yamlsrc.py",
    "findings.py",
    "cachesafe.py",
)


def _code_key() -> str:
    import sys

    from ..cachesafe import code_key

    return code_key(*_CODE) + sys.version


def _entry(rf: ReviewFile) -> tuple:
    """The cache entry of a file (after its stat): item, its line, the chain's first break, the summary."""
    return (rf.item, rf.item_line, rf.broken, *rf.summary)


_ENTRY_LEN = 1 + 3 + len(Summary._fields)
#: Positions in a cache entry (stat key, then :func:`_entry`): :meth:`ReviewFiles.entry` reads them.
E_ITEM, E_LINE, E_BROKEN, E_SUMMARY = 1, 2, 3, 4
E_COUNT, E_LATEST, E_ONE, E_ADOPTED, E_APPROVED, E_LEVELS, E_SAME = (
    E_SUMMARY + Summary._fields.index(name)
    for name in ("count", "latest", "one_version", "adopted", "approved_levels", "levels", "same_person")
)


def _as_entry(rf: ReviewFile | tuple) -> tuple:
    """A :class:`ReviewFiles` value as a cache entry: the entry it holds, or one made for a file read now
    (no stat key)."""
    return rf[1] if type(rf) is tuple else (None, *_entry(rf))


def _records_blob(rf: ReviewFile) -> bytes:
    """A file's records as one marshal blob (the records file), read back by :func:`_records_of`."""
    import marshal

    recs = tuple(
        (
            r.action,
            r.time.isoformat(),
            r.hash,
            r.prev,
            r.seal,
            r.line,
            r.level,
            r.by,
            r.role,
            r.decision,
            r.comment,
            r.reason,
            dict(r.content) if r.content is not None else None,
            tuple(r.lines.items()),
        )
        for r in rf.records
    )
    return marshal.dumps(recs)


_LINES: dict[tuple, Mapping] = {}


def _lines(lines: dict | tuple) -> Mapping:
    """One shared mapping per shape of record (a city's adopted records all have the same lines)."""
    key = lines if type(lines) is tuple else tuple(lines.items())
    got = _LINES.get(key)
    if got is None:
        if len(_LINES) > 10_000:
            _LINES.clear()
        got = _LINES[key] = MappingProxyType(dict(lines))
    return got


def _decode_records(item: str, file: str, recs) -> tuple[Record, ...]:
    out = []
    for (
        action,
        when,
        h,
        prev,
        seal,
        line,
        level,
        by,
        role,
        decision,
        comment,
        reason,
        content,
        lines,
    ) in recs:
        out.append(
            Record(
                item,
                action,
                dt.datetime.fromisoformat(when),
                h,
                prev,
                seal,
                file,
                line,
                level,
                by,
                role,
                decision,
                comment,
                reason,
                MappingProxyType(content) if content is not None else None,
                _lines(lines),
            )
        )
    return tuple(out)


class _Store:
    """The records file of one load, read (and its seal checked) the first time a record is asked for."""

    __slots__ = ("root", "generation", "_blobs")

    def __init__(self, root: Path, generation: str):
        self.root, self.generation = root, generation
        self._blobs: dict | None = None

    def blob(self, rel: str) -> bytes | None:
        if self._blobs is None:
            import marshal

            from ..cachesafe import read_sealed

            self._blobs = {}
            body = read_sealed(self.root / RECORDS_FILE, RECORDS_PURPOSE)
            try:
                data = marshal.loads(body) if body is not None else None
            except (ValueError, EOFError, TypeError):
                data = None
            if (
                type(data) is tuple
                and len(data) == 2
                and data[0] == self.generation
                and type(data[1]) is dict
            ):
                self._blobs = data[1]
        got = self._blobs.get(rel)
        return got if type(got) is bytes else None


def _records_of(rf: ReviewFile) -> tuple[Record, ...]:
    """The records of a trail read from the cache (its records file), or from the file itself when the
    records file does not hold them."""
    import marshal

    blob = rf._store.blob(rf.file) if rf._store is not None else None
    if blob is not None:
        try:
            got = _decode_records(rf.item, rf.file, marshal.loads(blob))
            if len(got) == rf.summary.count:
                return got
        except (TypeError, ValueError, EOFError, AttributeError):
            pass
    if rf._path is not None:
        again = read_file(rf._path, rf.file, [])
        if again is not None and again.item == rf.item:
            return again.records
    return ()


def _read_cache(root: Path) -> tuple[dict, _Store | None, list | None]:
    """The cache's entries (file -> entry), its records store, and its listing when it has one: the names
    of the files of reviews/ when it holds every one of them (its entries in the same order)."""
    import marshal

    from ..cachesafe import read_sealed

    body = read_sealed(root / CACHE_FILE, CACHE_PURPOSE)
    try:
        cache = marshal.loads(body) if body is not None else None
    except (ValueError, EOFError, TypeError):
        return {}, None, None
    if (
        type(cache) is not dict
        or cache.get("code") != _code_key()
        or type(cache.get("entries")) is not dict
        or type(cache.get("generation")) is not str
    ):
        return {}, None, None
    listing = cache.get("listing")
    if type(listing) is not list or len(listing) != len(cache["entries"]):
        listing = None
    return cache["entries"], _Store(root, cache["generation"]), listing


def _write_cache(root: Path, entries: dict, blobs: dict, listing: list | None = None) -> None:
    """Written without following links (placard.cachesafe), records first; a cache that cannot be written
    is no cache. ``listing``: the names of the files of reviews/, when ``entries`` holds every one of them,
    in the same order."""
    import marshal
    import secrets

    from ..cachesafe import write_sealed

    generation = secrets.token_hex(16)
    try:
        records_body = marshal.dumps((generation, blobs))
        body = marshal.dumps(
            {"code": _code_key(), "generation": generation, "entries": entries, "listing": listing}
        )
    except ValueError:
        return
    if write_sealed(root / RECORDS_FILE, records_body, RECORDS_PURPOSE):
        write_sealed(root / CACHE_FILE, body, CACHE_PURPOSE)


def _keys_of(entries: dict) -> list | None:
    try:
        return [e[0] for e in entries.values()]
    except (TypeError, IndexError, KeyError):
        return None


def load_reviews(
    root: Path,
    raw_settings,
    settings_line: int | None,
    findings: list[Finding],
    use_cache: bool = True,
    scanned: tuple[list, list] | None = None,
) -> Reviews:
    """The settings and every file of reviews/: a file whose stat is the one cached is taken from the
    cache without being read (and stays its cache entry: :class:`ReviewFiles`), any other is read.

    When the folder's names and every file's stat are those of the cache's listing (the usual check: no
    file added, removed or written since), the files are the listing's as they are. ``scanned``: the
    folder's :func:`_scan`, when the caller has made it already."""
    settings = load_settings(raw_settings, settings_line, findings)
    folder = str(root / REVIEWS_DIR) + os.sep
    names, keys = _scan(root) if scanned is None else scanned
    if not names:
        return Reviews(settings, ReviewFiles(), ())
    cached, store, listing = _read_cache(root) if use_cache else ({}, None, None)
    prefix = REVIEWS_DIR + "/"
    if listing == names and _keys_of(cached) == keys:  # (entries in the listing's order)
        return Reviews(
            settings,
            ReviewFiles({e[E_ITEM]: (rel, e) for rel, e in cached.items()}, store, folder),
            tuple(names),
        )
    files: dict[str, ReviewFile | tuple] = {}
    kept: list[str] = []  # the files taken from the cache
    made: dict[str, tuple] = {}  # rel -> (entry, records blob) of the files read now
    whole = True  # every file is in the cache written below
    now_ns = time.time_ns()
    get, n_entry = cached.get, _ENTRY_LEN
    for name, key in zip(names, keys, strict=True):
        rel = prefix + name
        # A file's stat (size, modified and changed times to the nanosecond, inode) as git's index keeps it:
        # any write changes the change time, which no tool can set back. The cache is sealed by this user and
        # made by this code (an entry of another shape is a miss).
        hit = get(rel)
        if type(hit) is tuple and len(hit) == n_entry and hit[0] == key and type(hit[E_ITEM]) is str:
            kept.append(rel)
            files[hit[E_ITEM]] = (rel, hit)
            continue
        rf = read_file(folder + name, rel, findings)
        # a file changed in the last seconds may change again within the same clock tick: not cached yet
        # (git's "racily clean" entries)
        if rf is not None and now_ns - max(key[1], key[2]) > RACY_NS:
            made[rel] = ((key, *_entry(rf)), _records_blob(rf))
        else:
            whole = False
        if rf is not None:
            files[rf.item] = rf
    if use_cache and (made or len(kept) != len(cached) or (whole and listing is None)):
        fresh, blobs = {}, {}
        for rel in kept:  # their records, from the records file written with them
            blob = store.blob(rel) if store is not None else None
            if blob is not None:
                fresh[rel], blobs[rel] = cached[rel], blob
            else:
                whole = False
        for rel, (entry, blob) in made.items():
            fresh[rel], blobs[rel] = entry, blob
        if whole:  # in the listing's order, for the next check's one comparison
            fresh = {prefix + name: fresh[prefix + name] for name in names}
        _write_cache(root, fresh, blobs, names if whole else None)
    return Reviews(settings, ReviewFiles(files, store, folder), tuple(names))


# --- writing --------------------------------------------------------------------------------

HEADER = (
    "# placard review: 信息发布审核记录 (sign-offs, oldest first). Written by 'placard review';\n"
    "# each record is sealed and names the seal before it: an edit by hand is reported (review.tampered).\n"
)


#: Characters a YAML reader does not take raw (PyYAML's non-printable set) or reads as line breaks.
_NOT_RAW = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _q(value) -> str:
    """A value as one JSON-quoted line that YAML reads the same: characters YAML does not take raw
    (control characters, DEL, NEL, line and paragraph separators) are written as \\uXXXX."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump(item: str, records: list[dict]) -> str:
    """The file for ``records`` (each the fields of :data:`RECORD_KEYS` plus prev and seal)."""
    out = [HEADER, f"item: {_q(item)}\n", "records:\n"]
    for r in records:
        first = True
        for key in (*RECORD_KEYS, "prev", "seal"):
            value = r.get(key)
            if value is None:
                continue
            lead = "- " if first else "  "
            first = False
            if key == "content":
                out.append(f"{lead}content:\n")
                for ck, cv in value.items():
                    out.append(f"    {ck}: {_q(cv)}\n")
            else:
                out.append(f"{lead}{key}: {_q(value)}\n")
    return "".join(out)
