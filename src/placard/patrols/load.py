"""Patrol records in ``posters/patrols/`` -> :class:`~placard.model.Patrols`, problems as findings.

Records are YAML (a list of records, or ``{date, list, inspector, records: [...]}`` where the
top-level values apply to every record that leaves them out) or a spreadsheet (CSV/XLSX, read
by the same reader as placement lists, headers in English or Chinese; see :data:`HEADERS`).
Photos are named relative to ``posters/patrols/photos/`` (or by a file name that is unique
there) and read for their EXIF only (:mod:`.photos`).

Evidence describes the past: a record that cannot be used (unknown list or slot, a date
outside the list's period, a status placard does not know) is a warning that says the record
is not counted, and an error only with ``patrol.strict: true``. A patrol file that cannot be
read at all (broken YAML, an unknown column) is an error, as for placement lists.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..findings import Finding, Severity, error
from ..i18n import N_
from ..model import PATROL_STATUSES, PatrolRecord, Patrols, PatrolSettings, Photo, PlacementList
from ..schema import Field, as_ymap, read_fields
from ..tabular import (
    TableSpec,
    date_of,
    list_folder,
    map_header,
    read_source,
    read_table,
    table_rows,
    utf8_text,
)
from ..yamlsrc import YamlProblem, YList, YMap, load
from .photos import PHOTOS_DIR, photo_files, read_photo

PATROLS_DIR = "posters/patrols"
SUFFIXES = (".yml", ".yaml", ".csv", ".xlsx")

STATUS_ALIASES = {
    "完好": "ok", "正常": "ok", "良好": "ok",
    "破损": "damaged", "损坏": "damaged",
    "脏污": "dirty", "污损": "dirty",
    "缺失": "missing", "丢失": "missing",
    "内容不符": "wrong", "内容错误": "wrong", "wrong-content": "wrong", "wrong_content": "wrong",
    "已整改": "fixed", "整改完成": "fixed", "已修复": "fixed",
}
STATUS_ZH = {"ok": "完好", "damaged": "破损", "dirty": "脏污", "missing": "缺失", "wrong": "内容不符",
             "fixed": "已整改"}

SETTINGS_FIELDS = (
    Field("every_days", "int", minimum=1, default=7, help=N_("each list is patrolled at least every N days, e.g. 7")),
    Field("fix_within_days", "int", minimum=0, default=3,
          help=N_("a damaged, dirty, missing or wrong slot is fixed (已整改) within N days, e.g. 3")),
    Field("strict", "bool", default=False, help=N_("true to make patrol findings errors (the build stops)")),
    Field("photo_days", "int", minimum=0, default=1,
          help=N_("how many days a photo's EXIF date may differ from its record's date, e.g. 1")),
    Field("photo_metres", "number", minimum=1, default=500,
          help=N_("how far (metres) a photo's EXIF GPS may be from the list's lat/lon, e.g. 500")),
    Field("lists", "map", help=N_("per list: {list-id: {every_days: 3, fix_within_days: 1}}")),
)
LIST_SETTINGS_FIELDS = SETTINGS_FIELDS[:2]

RECORD_FIELDS = (
    Field("date", "date", help=N_("the day of the patrol, e.g. 2026-11-02")),
    Field("list", "str", help=N_("the placement list's id (its file name), e.g. guangming-avenue-banners")),
    Field("slot", "str", help=N_("the slot's id, e.g. p04 (leave it out for the whole list)")),
    Field("inspector", "str", help=N_("who patrolled, e.g. 李娜")),
    Field("status", "enum", choices=PATROL_STATUSES,
          help=N_("ok, damaged, dirty, missing, wrong or fixed (完好, 破损, 脏污, 缺失, 内容不符, 已整改)")),
    Field("photos", "strlist", help=N_("photo files under posters/patrols/photos/, e.g. [2026-11/IMG_0012.jpg]")),
    Field("note", "text", default=""),
    Field("seen", "str", help=N_("the id of the item the patrol saw on the slot (for wrong content)")),
)
REQUIRED = ("date", "list", "inspector", "status")
FILE_FIELDS = (*(f for f in RECORD_FIELDS if f.name in ("date", "list", "inspector")),
               Field("records", "list", required=True, help=N_("a list of records: {slot, status, photos, note}")))

HEADERS: dict[str, str] = {
    "date": "date", "日期": "date", "巡查日期": "date",
    "list": "list", "list_id": "list", "点位": "list", "点位编号": "list",
    "slot": "slot", "slot_id": "slot", "槽位": "slot", "槽位编号": "slot",
    "inspector": "inspector", "巡查人": "inspector", "检查人": "inspector",
    "status": "status", "状态": "status", "巡查结果": "status",
    "photos": "photos", "photo": "photos", "照片": "photos",
    "note": "note", "notes": "note", "备注": "note", "说明": "note",
    "seen": "seen", "实际内容": "seen",
}
ZH_HEADER = {"date": "巡查日期", "list": "点位编号", "slot": "槽位编号", "inspector": "巡查人", "status": "状态",
             "photos": "照片", "note": "备注", "seen": "实际内容"}
PATROL_SPEC = TableSpec(
    "patrols", HEADERS, REQUIRED, ZH_HEADER, free=("remark",), multiline=("note", "notes", "remark", "备注", "说明"),
    readme="patrols", what="records",
    split_hint="split the records into several files (e.g. one per month)",
    sheet_hint="keep only the patrol records in the first sheet",
)
#: A file-level problem: the file cannot be read, so none of its records count. Always an error.
FILE_RULES = ("load.yaml", "load.io", "load.encoding", "load.xlsx", "patrols.bad-header", "patrols.missing-column",
              "patrols.unreadable", "patrols.not-records")
PHOTO_SPLIT = re.compile(r"[;；,，、\n]+")


def _prefixed(errs: list[Finding], prefix: str) -> list[Finding]:
    return [replace(f, field=prefix + f.field) if f.field else f for f in errs]


def read_settings(raw: Any, list_ids: set[str], findings: list[Finding]) -> PatrolSettings:
    """``extra.placard.patrol`` from mkdocs.yml; unknown keys and lists are errors (config)."""
    if not raw:
        return PatrolSettings()
    meta = raw if isinstance(raw, YMap) else as_ymap(dict(raw)) if isinstance(raw, dict) else None
    if meta is None:
        findings.append(error("config.bad-value", "extra.placard.patrol must be a set of 'key: value' lines",
                              file="mkdocs.yml", field="extra.placard.patrol",
                              fix="write e.g. 'patrol: {every_days: 7, fix_within_days: 3}'"))
        return PatrolSettings()
    values, lines, errs = read_fields(meta, SETTINGS_FIELDS, "mkdocs.yml", "extra.placard.patrol", "config")
    findings.extend(_prefixed(errs, "extra.placard.patrol."))
    per_list: dict[str, tuple[int, int]] = {}
    for lid, block in (values["lists"] or {}).items():
        line = values["lists"].line_of(lid) if isinstance(values["lists"], YMap) else lines["lists"]
        where = f"extra.placard.patrol.lists.{lid}"
        if str(lid) not in list_ids:
            close = difflib.get_close_matches(str(lid), sorted(list_ids), n=1)
            findings.append(error("config.bad-value", f"'{lid}' is not a placement list", file="mkdocs.yml",
                                  line=line, field=where,
                                  fix=(f"did you mean '{close[0]}'? " if close else "")
                                  + "use the id (file name) of a list in posters/placements/"))
            continue
        if not isinstance(block, dict):
            findings.append(error("config.bad-value", f"{where} must be a set of 'key: value' lines",
                                  file="mkdocs.yml", line=line, field=where,
                                  fix="write e.g. '{every_days: 3, fix_within_days: 1}'"))
            continue
        lv, _, lerrs = read_fields(as_ymap(block, line), LIST_SETTINGS_FIELDS, "mkdocs.yml", where, "config")
        findings.extend(_prefixed(lerrs, where + "."))
        per_list[str(lid)] = (lv["every_days"] if "every_days" in block else values["every_days"],
                              lv["fix_within_days"] if "fix_within_days" in block else values["fix_within_days"])
    return PatrolSettings(values["every_days"], values["fix_within_days"], bool(values["strict"]),
                          values["photo_days"], float(values["photo_metres"]), MappingProxyType(per_list))


class _Photos:
    """The photo folder's files, each read (EXIF only) at most once."""

    def __init__(self, root: Path):
        self.root = root
        folder = root / PHOTOS_DIR
        self.by_rel = {p.relative_to(folder).as_posix(): p for p in photo_files(root)}
        self.by_name: dict[str, list[str]] = {}
        for rel in self.by_rel:
            self.by_name.setdefault(rel.rsplit("/", 1)[-1].lower(), []).append(rel)
        self.read: dict[str, Photo] = {}

    def get(self, written: str) -> Photo:
        key = written.strip().replace("\\", "/")
        while key.startswith("./"):
            key = key[2:]
        rel = key if key in self.by_rel else None
        if rel is None:
            same = self.by_name.get(key.rsplit("/", 1)[-1].lower(), [])
            rel = same[0] if len(same) == 1 else None
        if rel is None:  # never looked up outside the photo folder
            return Photo(f"{PHOTOS_DIR}/{key}", problem="missing")
        if rel not in self.read:
            self.read[rel] = read_photo(self.by_rel[rel], f"{PHOTOS_DIR}/{rel}")
        return self.read[rel]


class _Context:
    def __init__(self, root: Path, lists: dict[str, PlacementList], today: dt.date):
        self.lists, self.today, self.photos = lists, today, _Photos(root)
        self.now = max(today, dt.date.today())  # a record after the real today cannot be right


def _record(meta: YMap, base: dict, ctx: _Context, rel: str, findings: list[Finding],
            names: dict[str, str] | None = None) -> PatrolRecord | None:
    """One record; ``base`` holds the file's own date/list/inspector; ``names`` maps field -> header."""
    line = getattr(meta, "line", 0) or 1
    meta = as_ymap(meta, line)
    if isinstance(meta.get("status"), str):
        meta["status"] = STATUS_ALIASES.get(meta["status"].strip(), meta["status"].strip())
    before = len(findings)
    values, lines, errs = read_fields(meta, RECORD_FIELDS, rel, "a patrol record", "patrols")

    def name(f: str) -> str:
        return names.get(f, f) if names else f

    findings.extend(replace(f, field=name(f.field), fix=f.fix.replace(f"'{f.field}'", f"'{name(f.field)}'"))
                    if f.field else f for f in errs)
    for k in ("date", "list", "inspector"):
        if values[k] is None and k not in meta:
            values[k] = base.get(k)

    def bad(rule: str, f: str, message: str, fix: str) -> None:
        findings.append(error(rule, message + "; this record is not counted", file=rel, line=lines.get(f, line),
                              field=name(f), fix=fix))

    for k in REQUIRED:
        if values[k] is None and k not in meta:
            bad("patrols.missing", k, f"the record has no '{name(k)}'",
                f"add '{name(k)}' ({next(f.describe() for f in RECORD_FIELDS if f.name == k)})")
    if len(findings) > before:
        return None
    pl = ctx.lists.get(values["list"])
    if pl is None:
        close = difflib.get_close_matches(values["list"], sorted(ctx.lists), n=1)
        bad("patrols.unknown-list", "list", f"'{values['list']}' is not a placement list",
            (f"did you mean '{close[0]}'? " if close else "") + "use the id (file name) of a list in posters/placements/")
        return None
    slot = values["slot"]
    if slot is not None and slot not in {s.id for s in pl.slots}:
        close = difflib.get_close_matches(slot, [s.id for s in pl.slots], n=1)
        bad("patrols.unknown-slot", "slot", f"list '{pl.id}' has no slot '{slot}'",
            (f"did you mean '{close[0]}'? " if close else "") + f"use a slot id of {pl.source.file}, "
            "or leave the slot out for the whole list")
        return None
    day = values["date"]
    if day > ctx.now:
        bad("patrols.future", "date", f"{day} has not come yet (today is {ctx.now})", "a patrol record is written "
            "after the patrol: check the date")
        return None
    if day > ctx.today:  # checking as on an earlier day (--date): this record does not exist yet
        return None
    if not pl.start <= day <= pl.end:
        bad("patrols.out-of-period", "date", f"{day} is outside list '{pl.id}''s period {pl.start} to {pl.end}",
            "check the date (and the list); patrols count only within the list's period")
        return None
    photos = tuple(ctx.photos.get(p) for p in values["photos"] or () if p.strip())
    return PatrolRecord(day, pl.id, slot, values["inspector"], values["status"], photos, values["note"] or "",
                        rel, line, values["seen"])


def parse_yaml(text: str, rel: str, ctx: _Context, findings: list[Finding]) -> list[PatrolRecord]:
    try:
        doc = load(text)
    except YamlProblem as p:
        findings.append(error("load.yaml", f"the patrol records cannot be read: {p.message}", file=rel,
                              line=p.line, column=p.column,
                              fix="fix the YAML so that each record is '- {date: …, list: …, status: …}'"))
        return []
    base: dict = {}
    if isinstance(doc, YMap):
        values, lines, errs = read_fields(doc, FILE_FIELDS, rel, "a patrol file", "patrols")
        findings.extend(errs)
        base = {k: values[k] for k in ("date", "list", "inspector")}
        items = values["records"] or []
    elif isinstance(doc, YList):
        items = doc
    else:
        findings.append(error("patrols.not-records", "a patrol file is a list of records, or "
                              "{date, list, inspector, records: [...]}", file=rel, line=1,
                              fix="start from the example in posters/patrols/ (see README: Patrols)"))
        return []
    out = []
    for i, raw in enumerate(items):
        line = items.line_of(i) if isinstance(items, YList) else 1
        if not isinstance(raw, dict):
            findings.append(error("patrols.bad-value", "each record must be a mapping like "
                                  "{date: 2026-11-02, list: …, slot: p04, status: 破损}; this record is not counted",
                                  file=rel, line=line, fix="write every record as '- {date: …, status: …}'"))
            continue
        rec = _record(raw if isinstance(raw, YMap) else as_ymap(raw, line), base, ctx, rel, findings)
        if rec:
            out.append(rec)
    return out


def _cell(value: Any, field: str) -> Any:
    if field == "date":
        return date_of(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if field == "photos" and isinstance(value, str):
        return [p.strip() for p in PHOTO_SPLIT.split(value) if p.strip()]
    if isinstance(value, (int, float)) and field in ("list", "slot", "inspector", "note", "seen", "status"):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def parse_table(table, rel: str, ctx: _Context, findings: list[Finding]) -> list[PatrolRecord]:
    cols = map_header(table.header, rel, findings, PATROL_SPEC)
    if cols is None:
        return []
    names = {f: str(table.header[i]).strip() for i, f in cols.items()}
    from ..vocab import PATROL_CLOSED, check_cells, rewritten

    rewrite, bad_cells = check_cells(table, cols, PATROL_CLOSED, rel, "patrols", findings)
    table = rewritten(table, rewrite)
    out = []
    for rowno, d in table_rows(table, cols, _cell):
        if any(row == rowno for row, _f in bad_cells):  # reported as the cell's own finding
            continue
        before = len(findings)
        rec = _record(as_ymap(d, rowno), {}, ctx, rel, findings, names)
        for i in range(before, len(findings)):  # as placement sheets say it: "row 7: …"
            if not findings[i].message.startswith("row "):
                findings[i] = replace(findings[i], message=f"row {rowno}: {findings[i].message}")
        if rec:
            out.append(rec)
    return out


def load_file(path: Path, root: Path, ctx: _Context, findings: list[Finding]) -> list[PatrolRecord]:
    rel = path.relative_to(root).as_posix()
    data = read_source(path, rel, findings)
    if data is None:
        return []
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        text = utf8_text(data, rel, findings)
        return [] if text is None else parse_yaml(text, rel, ctx, findings)
    table = read_table(data, suffix, rel, findings, PATROL_SPEC)
    return parse_table(table, rel, ctx, findings) if table is not None else []


def soften(findings: list[Finding], strict: bool) -> list[Finding]:
    """Evidence findings are warnings unless ``patrol.strict``; a file that cannot be read stays an error."""
    if strict:
        return findings
    return [f if f.rule in FILE_RULES or f.file == "mkdocs.yml" or not f.is_error
            else replace(f, severity=Severity.WARNING) for f in findings]


def load_patrols(root: Path, raw_settings: Any, placements: tuple[PlacementList, ...], today: dt.date,
                 findings: list[Finding]) -> Patrols | None:
    """The campaign's patrol records, or None when it keeps none (no posters/patrols/ folder).

    The settings are checked either way; the patrol rules apply once the folder exists.
    """
    own: list[Finding] = []
    settings = read_settings(raw_settings, {p.id for p in placements}, own)
    if not (root / PATROLS_DIR).is_dir():
        findings.extend(own)
        return None
    files = list_folder(root / PATROLS_DIR, SUFFIXES)
    ctx = _Context(root, {p.id: p for p in placements}, today)
    records: list[PatrolRecord] = []
    for path in files:
        records.extend(load_file(path, root, ctx, own))
    findings.extend(soften(own, settings.strict))
    records.sort(key=lambda r: (r.list_id, r.day, r.slot or "", r.file, r.line))
    return Patrols(tuple(records), settings)
