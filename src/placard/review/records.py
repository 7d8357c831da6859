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
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
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


@dataclass(frozen=True)
class ReviewFile:
    item: str
    file: str
    records: tuple[Record, ...]
    item_line: int = 1
    #: The first break in the chain: (record index, "prev" or "seal"), None when every record holds.
    broken: tuple[int, str] | None = None


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


@dataclass(frozen=True)
class Reviews:
    settings: ReviewSettings = ReviewSettings()
    files: Mapping[str, ReviewFile] = field(default_factory=lambda: MappingProxyType({}))


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


def review_entries(root: Path) -> list[tuple[str, str]]:
    """(file name, path) of each record file in reviews/, by name (a linked reviews/ folder is not read)."""
    folder = root / REVIEWS_DIR
    if folder.is_symlink() or not folder.is_dir():
        return []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    out = [
        (e.name, e.path)
        for e in entries
        if e.name.endswith((".yml", ".yaml"))
        and e.name[0] != "."
        and e.is_file(follow_symlinks=False)
    ]
    out.sort()
    return out


def review_files(root: Path) -> list[Path]:
    return [Path(p) for _, p in review_entries(root)]


# --- the cache: what each file's bytes parse to, so a city's 20,000 files are read, not parsed, on each check.
# Plain data (marshal of tuples, strings, numbers), keyed by each file's sha256 and this code, sealed with this
# user's key (placard.cachesafe); anything unexpected is a miss.

CACHE_FILE = ".cache/placard/reviews.bin"
RACY_NS = 3_000_000_000
CACHE_PURPOSE = "reviews"
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


def _encode(rf: ReviewFile, memo: dict) -> tuple:
    """Plain data for the cache. Values many records share (names, levels, field names, line tables) are
    one object each (``memo``): marshal then writes them once and reads them back shared."""
    one = memo.setdefault
    recs = tuple(
        (
            one(r.action, r.action),
            r.time.isoformat(),
            r.hash,
            r.prev,
            r.seal,
            r.line,
            one(r.level, r.level),
            one(r.by, r.by),
            one(r.role, r.role),
            one(r.decision, r.decision),
            r.comment,
            r.reason,
            {one(k, k): one(v, v) if k == "kind" else v for k, v in r.content.items()}
            if r.content is not None
            else None,
            one(tuple(r.lines.items()), tuple(r.lines.items())),
        )
        for r in rf.records
    )
    return (rf.item, rf.file, rf.item_line, rf.broken, recs)


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


def _decode(data) -> ReviewFile:
    item, file, item_line, broken, recs = data
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
        t = dt.datetime.fromisoformat(when)
        out.append(
            Record(
                item,
                action,
                t,
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
    if broken is not None:
        broken = (int(broken[0]), str(broken[1]))
    return ReviewFile(str(item), str(file), tuple(out), int(item_line), broken)


def _read_cache(root: Path) -> dict:
    import marshal

    from ..cachesafe import unseal

    try:
        body = unseal((root / CACHE_FILE).read_bytes(), CACHE_PURPOSE)
        cache = marshal.loads(body) if body is not None else None
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if (
        type(cache) is not dict
        or cache.get("code") != _code_key()
        or type(cache.get("entries")) is not dict
    ):
        return {}
    return cache["entries"]


def _write_cache(root: Path, entries: dict) -> None:
    import marshal

    from ..cachesafe import seal

    path = root / CACHE_FILE
    try:
        sealed = seal(marshal.dumps({"code": _code_key(), "entries": entries}), CACHE_PURPOSE)
    except ValueError:
        return
    if sealed is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent.is_symlink():
            return
        tmp.write_bytes(sealed)
        os.replace(tmp, path)
    except OSError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def load_reviews(
    root: Path,
    raw_settings,
    settings_line: int | None,
    findings: list[Finding],
    use_cache: bool = True,
) -> Reviews:
    settings = load_settings(raw_settings, settings_line, findings)
    files: dict[str, ReviewFile] = {}
    found_files = review_entries(root)
    entries = _read_cache(root) if use_cache and found_files else {}
    fresh: dict = {}
    missed = False
    now_ns = time.time_ns()
    memo: dict = {}
    for name, path in found_files:
        rel = f"{REVIEWS_DIR}/{name}"
        # A file's stat (size, modified and changed times to the nanosecond, inode) as git's index keeps it:
        # any write changes the change time, which no tool can set back. The cache is sealed by this user.
        try:
            st = os.stat(path, follow_symlinks=False)
            key = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        except OSError:
            key = None
        rf = None
        hit = entries.get(rel) if key is not None else None
        if type(hit) is tuple and len(hit) == 2 and hit[0] == key:
            try:
                rf = _decode(hit[1])
                fresh[rel] = hit
            except (TypeError, ValueError, IndexError, KeyError, AttributeError):
                rf = None
        if rf is None:
            rf = read_file(path, rel, findings)
            # a file changed in the last seconds may change again within the same clock tick: not cached yet
            # (git's "racily clean" entries)
            if (
                rf is not None
                and key is not None
                and now_ns - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS
            ):
                missed = True
                fresh[rel] = (key, _encode(rf, memo))
        if rf is not None:
            files[rf.item] = rf
    if use_cache and found_files and (missed or fresh.keys() != entries.keys()):
        _write_cache(root, fresh)
    return Reviews(settings, MappingProxyType(files))


# --- writing --------------------------------------------------------------------------------

HEADER = (
    "# placard review: 信息发布审核记录 (sign-offs, oldest first). Written by 'placard review';\n"
    "# each record is sealed and names the seal before it: an edit by hand is reported (review.tampered).\n"
)


#: Characters a YAML reader does not take raw (PyYAML's non-printable set) or reads as line breaks.
_NOT_RAW = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
