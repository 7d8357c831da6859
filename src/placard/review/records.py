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
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
from types import MappingProxyType

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
RECORD_KEYS = ("action", "level", "by", "role", "decision", "comment", "reason", "time", "hash", "content")

SETTINGS_FIELDS = (
    Field("levels", "strlist", help="the review levels in order, e.g. [初审, 复审, 终审]"),
    Field("grades", "map", help="which levels each grade needs, e.g. {普通: [初审, 复审], 重要: [初审, 复审, 终审]}"),
    Field("distinct_people", "bool", default=True,
          help="true: one person may not sign two levels of the same version"),
)
RECORD_FIELDS = (
    Field("action", "enum", required=True, choices=ACTIONS),
    Field("level", "str"),
    Field("by", "str"),
    Field("role", "str", allow_empty=True),
    Field("decision", "enum", choices=DECISIONS),
    Field("comment", "text", allow_empty=True, default=""),
    Field("reason", "text", allow_empty=True, default=""),
    Field("time", "str", required=True, help="the date and time with its zone, e.g. 2026-09-11T10:00:00+08:00"),
    Field("hash", "str", help="the sha256 of the published version signed"),
    Field("content", "map", help="the version signed (written by placard review)"),
    Field("prev", "str", allow_empty=True, default=""),
    Field("seal", "str", required=True),
)


@dataclass(frozen=True)
class ReviewSettings:
    levels: tuple[str, ...] = LEVELS
    grades: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType(dict(GRADES)))
    distinct_people: bool = True
    configured: bool = False  # extra.placard.review is in mkdocs.yml
    line: int | None = None

    def needs(self, grade: str) -> tuple[str, ...]:
        return self.grades.get(grade, ())


@dataclass(frozen=True)
class Record:
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
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

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
    return {"item": r.item, "action": r.action, "level": r.level, "by": r.by or None, "role": r.role or None,
            "decision": r.decision, "comment": r.comment or None, "reason": r.reason or None,
            "time": r.time.isoformat(), "hash": r.hash or None,
            "content": dict(r.content) if r.content is not None else None}


# --- settings ---------------------------------------------------------------------------------

def load_settings(raw, line: int | None, findings: list[Finding]) -> ReviewSettings:
    """``extra.placard.review``: unknown keys and wrong types are findings (the defaults stand)."""
    from ..load import CONFIG_FILE

    if raw is None:
        return ReviewSettings(line=line)
    where = "extra.placard.review"
    if not isinstance(raw, dict):
        findings.append(error("config.bad-value", _("'review' must be a mapping of settings"),
                              file=CONFIG_FILE, line=line, field=where,
                              fix=_("write it as 'review: {levels: [初审, 复审, 终审], grades: {普通: [初审, 复审]}}'")))
        return ReviewSettings(line=line)
    values, lines, errs = read_fields(as_ymap(raw, line or 1), SETTINGS_FIELDS, CONFIG_FILE, "review", "config")
    findings.extend(_replace(f, field=f"{where}.{f.field}") if f.field else f for f in errs)
    levels = tuple(values["levels"]) if values["levels"] else LEVELS
    ok = True
    if len(set(levels)) != len(levels):
        ok = False
        findings.append(error("config.bad-value", _("a review level is named twice in 'levels'"),
                              file=CONFIG_FILE, line=lines["levels"], field=f"{where}.levels",
                              fix=_("name each level once, in order, e.g. [初审, 复审, 终审]")))
    grades: dict[str, tuple[str, ...]] = dict(GRADES) if not values["grades"] else {}
    raw_grades = values["grades"] or {}
    for name, needed in raw_grades.items():
        gline = raw_grades.line_of(name) if isinstance(raw_grades, YMap) else lines["grades"]
        if isinstance(needed, str):
            needed = [needed]
        if not isinstance(needed, list) or not all(isinstance(x, str) for x in needed) or not needed:
            ok = False
            findings.append(error("config.bad-value",
                                  _("grade '{grade}' must list the levels it needs").format(grade=name),
                                  file=CONFIG_FILE, line=gline, field=f"{where}.grades.{name}",
                                  fix=_("write the levels as a list, e.g. {grade}: [初审, 复审]").format(grade=name)))
            continue
        unknown = [x for x in needed if x not in levels]
        if unknown:
            ok = False
            findings.append(error("config.bad-value",
                                  _("grade '{grade}' needs level '{level}', which is not in 'levels'").format(
                                      grade=name, level=unknown[0]),
                                  file=CONFIG_FILE, line=gline, field=f"{where}.grades.{name}",
                                  fix=_("use levels from: {levels}").format(levels=", ".join(levels))))
            continue
        grades[str(name)] = tuple(x for x in levels if x in needed)  # in the levels' order
    if DEFAULT_GRADE not in grades and ok:
        findings.append(error("config.bad-value",
                              _("'grades' has no grade '{grade}', the grade of items that name none").format(
                                  grade=DEFAULT_GRADE),
                              file=CONFIG_FILE, line=lines["grades"], field=f"{where}.grades",
                              fix=_("add '{grade}: [初审, 复审]' (or the levels your office uses)").format(
                                  grade=DEFAULT_GRADE)))
    return ReviewSettings(levels, MappingProxyType(grades), bool(values["distinct_people"]), True, line)


# --- record files ----------------------------------------------------------------------------

_LINE = re.compile(r'^(?P<ind>(?:- |  )?(?:  )?)(?P<key>[a-z_]+):(?: (?P<val>.*))?$')


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


def _problem(rule: str, message: str, rel: str, line: int | None, fix: str, fld: str | None = None) -> Finding:
    return error(rule, message, file=rel, line=line, field=fld, fix=fix)


def parse_time(value: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None
    return t if t.tzinfo is not None else None


def read_file(path: Path, rel: str, findings: list[Finding]) -> ReviewFile | None:
    """One ``reviews/*.yml`` file, or None (with findings) when it cannot be used at all."""
    malformed_fix = _("restore the file from version control, or write records with 'placard review'")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        findings.append(_problem("review.malformed", _("the review record cannot be read as UTF-8 text"),
                                 rel, 1, malformed_fix))
        return None
    doc = _fast(text)
    if doc is None:
        try:
            doc = load(text)
        except YamlProblem as p:
            findings.append(_problem("review.malformed", _("the review record is not valid YAML: {problem}").format(
                problem=p.message), rel, p.line, malformed_fix))
            return None
    if not isinstance(doc, YMap) or not isinstance(doc.get("item"), str) or not isinstance(doc.get("records"), list):
        findings.append(_problem("review.malformed",
                                 _("a review record needs 'item: <id>' and a list 'records:'"),
                                 rel, getattr(doc, "line", 1) or 1, malformed_fix))
        return None
    item = doc["item"].strip()
    if item != path.stem:
        findings.append(_problem("review.malformed",
                                 _("this file is named for '{stem}' but holds the records of '{item}'").format(
                                     stem=path.stem, item=item),
                                 rel, doc.line_of("item"), _("name the file after the item: reviews/{item}.yml").format(
                                     item=item), "item"))
        return None
    out: list[Record] = []
    raw_records = doc["records"]
    for i, raw in enumerate(raw_records):
        line = raw_records.line_of(i) if isinstance(raw_records, YList) else doc.line_of("records")
        if not isinstance(raw, dict):
            findings.append(_problem("review.malformed", _("each record must be a mapping of fields"),
                                     rel, line, malformed_fix))
            return None
        ymap = as_ymap(raw, line)
        values, lines, errs = read_fields(ymap, RECORD_FIELDS, rel, "a review record", "review")
        errs = [_replace(e, rule="review.malformed") for e in errs]
        if errs:
            findings.extend(errs)
            return None
        t = parse_time(values["time"])
        if t is None:
            findings.append(_problem("review.malformed",
                                     _("'{value}' is not a date and time with its zone").format(value=values["time"]),
                                     rel, lines["time"], _("write it as 2026-09-11T10:00:00+08:00"), "time"))
            return None
        content = values["content"]
        if content is not None:
            content = MappingProxyType(dict(content))
        action = values["action"]
        missing = [k for k in {"sign-off": ("level", "by", "decision", "hash"), "adopted": ("by", "hash"),
                               "withdraw": ("by", "reason"), "correct": ("by", "reason")}[action]
                   if not values[k]]
        if missing:
            findings.append(_problem("review.malformed",
                                     _("a '{action}' record needs '{field}'").format(action=action, field=missing[0]),
                                     rel, line, malformed_fix, missing[0]))
            return None
        out.append(Record(
            item=item, action=action, time=t, hash=values["hash"] or "", prev=values["prev"] or "",
            seal=values["seal"], file=rel, line=line, level=values["level"], by=values["by"] or "",
            role=values["role"] or "", decision=values["decision"], comment=values["comment"] or "",
            reason=values["reason"] or "", content=content, lines=MappingProxyType(lines),
        ))
    return ReviewFile(item, rel, tuple(out), doc.line_of("item"))


def review_files(root: Path) -> list[Path]:
    folder = root / REVIEWS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [Path(e.path) for e in entries
            if e.name.endswith((".yml", ".yaml")) and not e.name.startswith(".") and e.is_file(follow_symlinks=False)]


def load_reviews(root: Path, raw_settings, settings_line: int | None, findings: list[Finding]) -> Reviews:
    settings = load_settings(raw_settings, settings_line, findings)
    files: dict[str, ReviewFile] = {}
    for path in review_files(root):
        rel = path.relative_to(root).as_posix()
        rf = read_file(path, rel, findings)
        if rf is not None:
            files[rf.item] = rf
    return Reviews(settings, MappingProxyType(files))


# --- writing --------------------------------------------------------------------------------

HEADER = ("# placard review: 信息发布审核记录 (sign-offs, oldest first). Written by 'placard review';\n"
          "# each record is sealed and names the seal before it: an edit by hand is reported (review.tampered).\n")


def _q(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for ch in ("\x85", "\u2028", "\u2029"):
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


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
