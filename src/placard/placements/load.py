"""Placement list files -> :class:`~placard.model.PlacementList`, problems as findings.

A list lives in ``posters/placements/`` as YAML (``.yml``/``.yaml``) or as a
spreadsheet (``.csv``/``.xlsx``) with one row per slot. Spreadsheet headers may
be English or Chinese (see :data:`HEADERS`); list-level columns (name, type,
period, rule …) are read from the first row that fills them in.

Amounts are exact (:class:`fractions.Fraction`): ``0.3`` is 3/10, never
0.29999999999999998, so a rule cannot pass or fail through float rounding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import math
import os
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cachesafe import code_key, seal, unseal
from ..findings import Finding, Severity, error
from ..i18n import N_
from ..model import (
    MEASURES,
    PLACEMENT_TYPES,
    SLOT_KINDS,
    HourWindow,
    PlacementList,
    Rule,
    Slot,
    Source,
    Window,
)
from ..schema import Field, as_ymap, read_fields
from ..tabular import (  # noqa: F401  (read_csv, read_xlsx, Table … are used from here by fill, fix and tests)
    DATE_RE,
    FREE_HEADERS,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    TableSpec,
    header_key,
    list_folder,
    map_header,
    read_csv,
    read_source,
    read_table,
    read_xlsx,
    table_problems,
    table_rows,
    utf8_text,
)
from ..yamlsrc import YamlProblem, YList, YMap, load
from .fastyaml import load_list_yaml

PLACEMENTS_DIR = "posters/placements"
SUFFIXES = (".yml", ".yaml", ".csv", ".xlsx")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

#: Chinese spellings accepted for enumerated values (spreadsheets are kept in Chinese).
TYPE_ALIASES = {
    "道旗": "banner",
    "横幅": "banner",
    "条幅": "banner",
    "围挡": "hoarding",
    "建筑围挡": "hoarding",
    "广告牌": "billboard",
    "户外广告牌": "billboard",
    "led": "led",
    "LED": "led",
    "电子屏": "led",
    "LED屏": "led",
    "灯箱": "lightbox",
    "公交站亭": "bus-shelter",
    "候车亭": "bus-shelter",
    "宣传栏": "bulletin-board",
    "展板": "bulletin-board",
    "其他": "other",
}
KIND_ALIASES = {"公益": "public", "商业": "commercial", "空置": "vacant", "空": "vacant"}
MEASURE_ALIASES = {"数量": "count", "块数": "count", "面积": "area", "时长": "airtime"}

DEFAULTS_FIELDS = (
    Field("min_public", "number", minimum=0, maximum=1, default=0.3,
          help=N_("the least share of public-benefit content, from 0 to 1 (e.g. 0.3)")),
    Field("measure", "enum", choices=MEASURES, default="count"),
    Field("warn_only", "bool", default=False,
          help=N_("true to report share failures as warnings while drafting")),
)

LIST_FIELDS = (
    Field("id", "str", help=N_("letters, digits, '-' and '_' (default: the file name)")),
    Field("name", "str", required=True, help=N_("the placement's name, e.g. 光明大道道旗")),
    Field("type", "enum", required=True, choices=PLACEMENT_TYPES),
    Field("location", "str", default="", help=N_("where it is, in words")),
    Field("lat", "number", minimum=-90, maximum=90),
    Field("lon", "number", minimum=-180, maximum=180),
    Field("period", "map", required=True, help=N_("{from: 2026-10-01, to: 2026-12-31}")),
    Field("contact", "str", default=""),
    Field("rule", "map", help=N_("{min_public: 0.3, measure: count, window: {size: 3, min_public: 1}, required_themes: [..]}")),
    Field("slots", "list", required=True, help=N_("a list of slots: {id, order, kind, ref | advertiser, ...}")),
)
PERIOD_FIELDS = (
    Field("from", "date", required=True),
    Field("to", "date", required=True),
)
RULE_FIELDS = (
    Field("min_public", "number", minimum=0, maximum=1,
          help=N_("the least share of public-benefit content, from 0 to 1 (e.g. 0.3, or 1.0)")),
    Field("measure", "enum", choices=MEASURES),
    Field("window", "map", help=N_("{size: 3, min_public: 1}: every 3 consecutive slots hold 1 public")),
    Field("required_themes", "strlist", help=N_("ids of themes that must be on show every day")),
    Field("hours", "list", help=N_('time-of-day windows, e.g. [{from: "19:00", to: "21:00", min_public: 0.3}]')),
)
WINDOW_FIELDS = (
    Field("size", "int", required=True, minimum=1, help=N_("how many consecutive slots, e.g. 3")),
    Field("min_public", "int", required=True, minimum=0, help=N_("how many of them must be public, e.g. 1")),
)
SLOT_FIELDS = (
    Field("id", "str", required=True, help=N_("the slot's id, e.g. p01")),
    Field("order", "int", help=N_("its position along the placement (1, 2, 3 …)")),
    Field("kind", "enum", required=True, choices=SLOT_KINDS),
    Field("ref", "str", help=N_("the id of an approved slogan, ad or guide")),
    Field("advertiser", "str", help=N_("who pays for the commercial slot")),
    Field("size", "str", help=N_("width×height in millimetres, e.g. 2000×1000")),
    Field("area", "number", help=N_("square metres, e.g. 2.5")),
    Field("seconds", "number", help=N_("seconds per loop, e.g. 15")),
    Field("from", "date"),
    Field("to", "date"),
    Field("hours", "str", help=N_('the time of day the loop carries it, e.g. "07:00-19:00" (default: all day)')),
)

#: Spreadsheet column -> field. English names are the YAML keys; list-level
#: columns are prefixed (``period_from``); Chinese headers are what staff write.
HEADERS: dict[str, str] = {
    # list level
    "name": "name", "名称": "name", "点位名称": "name",
    "type": "type", "类型": "type", "点位类型": "type",
    "location": "location", "位置": "location", "地点": "location",
    "lat": "lat", "纬度": "lat",
    "lon": "lon", "经度": "lon",
    "period_from": "period_from", "周期开始": "period_from",
    "period_to": "period_to", "周期结束": "period_to",
    "contact": "contact", "联系人": "contact",
    "min_public": "min_public", "公益占比下限": "min_public",
    "measure": "measure", "计量方式": "measure",
    "window_size": "window_size", "窗口大小": "window_size",
    "window_min_public": "window_min_public", "窗口公益数": "window_min_public",
    "required_themes": "required_themes", "必含主题": "required_themes",
    # slot level
    "slot": "id", "slot_id": "id", "槽位": "id", "槽位编号": "id",
    "order": "order", "顺序": "order",
    "kind": "kind", "性质": "kind",
    "ref": "ref", "内容编号": "ref",
    "advertiser": "advertiser", "广告主": "advertiser",
    "size": "size", "尺寸": "size",
    "area": "area", "面积": "area",
    "seconds": "seconds", "时长": "seconds",
    "from": "from", "开始日期": "from",
    "to": "to", "结束日期": "to",
    "hours": "hours", "播放时段": "hours",
}
REQUIRED_COLUMNS = ("name", "type", "period_from", "period_to", "id", "kind")
LIST_COLUMNS = (
    "name", "type", "location", "lat", "lon", "period_from", "period_to", "contact",
    "min_public", "measure", "window_size", "window_min_public", "required_themes",
)
#: Preferred header per field when placard writes a column (Chinese, as staff keep them).
ZH_HEADER = {
    "name": "名称", "type": "类型", "location": "位置", "lat": "纬度", "lon": "经度",
    "period_from": "周期开始", "period_to": "周期结束", "contact": "联系人",
    "min_public": "公益占比下限", "measure": "计量方式", "window_size": "窗口大小",
    "window_min_public": "窗口公益数", "required_themes": "必含主题",
    "id": "槽位编号", "order": "顺序", "kind": "性质", "ref": "内容编号",
    "advertiser": "广告主", "size": "尺寸", "area": "面积", "seconds": "时长",
    "from": "开始日期", "to": "结束日期", "hours": "播放时段",
}
NUMBER_COLUMNS = ("lat", "lon", "min_public", "window_size", "window_min_public", "order", "area", "seconds")
DATE_COLUMNS = ("period_from", "period_to", "from", "to")

#: The placement list as a spreadsheet, for the shared reader (:mod:`placard.tabular`).
PLACEMENT_SPEC = TableSpec("placements", HEADERS, REQUIRED_COLUMNS, ZH_HEADER, english={"id": "slot"})

SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×X*＊]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$")
PERCENT_RE = re.compile(r"^\s*(\d+(\.\d*)?|\.\d+)\s*[%％]\s*$")
NUMBER_RE = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$")


def exact(value: Any) -> Fraction:
    """An exact amount from what the user wrote: 0.3 -> 3/10 (via the shortest repr)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)) if isinstance(value, float) else str(value).strip())


@dataclass(frozen=True)
class Defaults:
    min_public: Fraction = Fraction(3, 10)
    measure: str = "count"
    warn_only: bool = False


def read_defaults(raw: dict | None, findings: list[Finding]) -> Defaults:
    """``extra.placard.placements`` from mkdocs.yml (already a YMap from the config loader)."""
    if not raw:
        return Defaults()
    meta = raw if isinstance(raw, YMap) else as_ymap(dict(raw))
    values, _, errs = read_fields(meta, DEFAULTS_FIELDS, "mkdocs.yml", "extra.placard.placements", "config")
    from dataclasses import replace

    findings.extend(replace(f, field="extra.placard.placements." + f.field) if f.field else f for f in errs)
    return Defaults(exact(values["min_public"]), values["measure"], bool(values["warn_only"]))


# --------------------------------------------------------------------------- YAML


def _field_error(rel: str, line: int, field: str, message: str, fix: str, rule: str = "placements.bad-value") -> Finding:
    return error(rule, message, file=rel, line=line, field=field, fix=fix)


def parse_yaml_list(text: str, rel: str, stem: str, defaults: Defaults, findings: list[Finding]) -> PlacementList | None:
    try:
        doc = load_list_yaml(text) or load(text)
    except YamlProblem as p:
        findings.append(
            error("load.yaml", f"the placement list cannot be read: {p.message}", file=rel, line=p.line,
                  column=p.column, fix="fix the YAML so that each line is 'key: value' (see README: placements)")
        )
        return None
    if not isinstance(doc, YMap):
        findings.append(
            error("placements.missing", "a placement list must be a set of 'key: value' lines "
                  "(name, type, period, slots)", file=rel, line=1,
                  fix="start from an example in posters/placements/ (see README: placements)")
        )
        return None
    before = len(findings)
    values, lines, errs = read_fields(doc, LIST_FIELDS, rel, "a placement list", "placements")
    findings.extend(errs)
    period = _period(values, lines, rel, findings)
    rule = _rule(values.get("rule"), lines["rule"], rel, defaults, findings)
    slots: list[Slot] = []
    raw_slots = values.get("slots")
    if raw_slots is not None and period is not None:
        for i, raw in enumerate(raw_slots):
            line = raw_slots.line_of(i) if isinstance(raw_slots, YList) else lines["slots"]
            if not isinstance(raw, dict):
                findings.append(_field_error(rel, line, "slots", "each slot must be a mapping like "
                                             "{id: p01, order: 1, kind: public, ref: traffic-01}",
                                             "write every slot as '- {id: …, kind: …}'"))
                continue
            meta = raw if isinstance(raw, YMap) else as_ymap(raw, line)
            slot = _slot(meta, i + 1, period, rel, findings)
            if slot:
                slots.append(slot)
    return _finish(values, lines, period, rule, slots, rel, stem, "yml", findings, before)


def _period(values: dict, lines: dict, rel: str, findings: list[Finding]) -> tuple[dt.date, dt.date] | None:
    raw = values.get("period")
    if raw is None:
        return None
    meta = raw if isinstance(raw, YMap) else as_ymap(raw, lines["period"])
    pv, _, errs = read_fields(meta, PERIOD_FIELDS, rel, "the period", "placements")
    findings.extend(_prefixed(errs, "period."))
    if errs or _implausible(pv, lambda k: lines["period"], lambda k: f"period.{k}", rel, findings):
        return None
    if pv["from"] > pv["to"]:
        findings.append(_field_error(rel, lines["period"], "period",
                                     f"the period ends ({pv['to']}) before it starts ({pv['from']})",
                                     "swap 'from' and 'to' so that 'from' is the first day"))
        return None
    return pv["from"], pv["to"]


FIRST_YEAR, LAST_YEAR = 1900, 2999


def _implausible(pv: dict, line_of, name_of, rel: str, findings: list[Finding]) -> bool:
    """A period date no placement can have (9999-12-31 would overflow every day-by-day sum); reported."""
    bad = False
    for k in ("from", "to"):
        if not FIRST_YEAR <= pv[k].year <= LAST_YEAR:
            findings.append(_field_error(rel, line_of(k), name_of(k), f"{pv[k]} is not a plausible date for a "
                                         "placement's period", f"write the real date, between {FIRST_YEAR} and "
                                         f"{LAST_YEAR} (e.g. 2026-12-31)"))
            bad = True
    return bad


def _prefixed(errs: list[Finding], prefix: str) -> list[Finding]:
    from dataclasses import replace

    return [replace(f, field=prefix + f.field) if f.field else f for f in errs]


def _rule(raw: Any, line: int, rel: str, defaults: Defaults, findings: list[Finding]) -> Rule | None:
    if raw is None:
        return Rule(defaults.min_public, defaults.measure, warn_only=defaults.warn_only)
    meta = raw if isinstance(raw, YMap) else as_ymap(raw, line)
    rv, rlines, errs = read_fields(meta, RULE_FIELDS, rel, "the rule", "placements")
    findings.extend(_prefixed(errs, "rule."))
    if errs:
        return None
    window = None
    if rv["window"] is not None:
        wraw = rv["window"]
        wmeta = wraw if isinstance(wraw, YMap) else as_ymap(wraw, rlines["window"])
        wv, _, werrs = read_fields(wmeta, WINDOW_FIELDS, rel, "the window rule", "placements")
        findings.extend(_prefixed(werrs, "rule.window."))
        if werrs:
            return None
        if wv["min_public"] > wv["size"]:
            findings.append(_field_error(
                rel, rlines["window"], "rule.window.min_public",
                f"the window asks for {wv['min_public']} public slots in every {wv['size']}, "
                "more than the window holds",
                f"make 'min_public' at most {wv['size']} (e.g. {{size: 3, min_public: 1}})"))
            return None
        window = Window(wv["size"], wv["min_public"])
    min_public = exact(rv["min_public"]) if rv["min_public"] is not None else defaults.min_public
    hours: tuple = ()
    if rv["hours"] is not None:  # time-of-day windows: parsed and checked in placard.hours
        from ..hours import parse_windows

        parsed = parse_windows(rv["hours"], rlines["hours"], rel, min_public, findings)
        if parsed is None:
            return None
        hours = parsed
    return Rule(min_public, rv["measure"] or defaults.measure, window,
                tuple(rv["required_themes"] or ()), defaults.warn_only, hours)


_SLOT_KEYS = frozenset(f.name for f in SLOT_FIELDS)


def _text(v):
    """A clean text field as read_fields gives it, or False when the full check must look."""
    if v is None:
        return None
    if type(v) is str and v.strip():
        return v.strip()
    return False


def slot_fast(meta: dict, position: int, period: tuple[dt.date, dt.date]) -> Slot | None:
    """The common, valid slot without the general field machinery (thousands per city).

    Returns None whenever anything is unusual or wrong; :func:`_slot` then decides and
    explains. A hypothesis test checks both give the same slot wherever this one answers.
    """
    if not meta.keys() <= _SLOT_KEYS or "hours" in meta:
        return None
    sid, kind, order = _text(meta.get("id")), meta.get("kind"), meta.get("order")
    if not sid or not ID_RE.match(sid) or kind not in SLOT_KINDS or type(kind) is not str:
        return None
    if order is None:
        order = position
    elif type(order) is not int:
        return None
    ref, adv = _text(meta.get("ref")), _text(meta.get("advertiser"))
    if ref is False or adv is False:
        return None
    if (kind == "public" and not ref) or (kind == "commercial" and not adv) or (kind != "public" and ref):
        return None
    size = size_mm = None
    raw_size = meta.get("size")
    if raw_size is not None:
        m = SIZE_RE.match(raw_size) if type(raw_size) is str else None
        if not m or min(float(m.group(1)), float(m.group(2))) <= 0:
            return None
        size = (exact(m.group(1)), exact(m.group(2)))
        size_mm = (int(size[0]), int(size[1]))
    amounts = []
    for f in ("area", "seconds"):
        v = meta.get(f)
        if v is None:
            amounts.append(None)
        elif type(v) in (int, float) and math.isfinite(v) and v > 0:
            amounts.append(exact(v))
        else:
            return None
    area, seconds = amounts
    if area is None and size is not None:
        area = size[0] * size[1] / 1_000_000
    start, end = meta.get("from"), meta.get("to")
    for d in (start, end):
        if d is not None and (type(d) is not dt.date or not period[0] <= d <= period[1]):
            return None
    start, end = start or period[0], end or period[1]
    if start > end:
        return None
    line = getattr(meta, "line", 0) or position
    return Slot(sid, order, kind, start, end, line, ref, adv, size_mm, area, seconds)


def _slot(meta: YMap, position: int, period: tuple[dt.date, dt.date], rel: str,
          findings: list[Finding], names: dict[str, str] | None = None) -> Slot | None:
    """One slot; ``names`` maps field -> the header the user wrote (spreadsheets)."""
    fast = slot_fast(meta, position, period)
    if fast is not None:
        return fast
    before = len(findings)
    values, lines, errs = read_fields(meta, SLOT_FIELDS, rel, "a slot", "placements")
    if names:
        errs = [_rename(f, names) for f in errs]
    findings.extend(errs)

    def name(f: str) -> str:
        return names.get(f, f) if names else f

    def bad(f: str, message: str, fix: str) -> None:
        findings.append(_field_error(rel, lines[f], name(f), message, fix))

    sid = values["id"]
    if sid is not None and not ID_RE.match(sid):
        bad("id", f"'{sid}' cannot be used as a slot id", "use letters, digits, '-' and '_' (e.g. p01)")
    kind = values["kind"]
    label = f"slot '{sid}'" if sid else "this slot"
    if kind == "public" and not values["ref"]:
        bad("kind", f"{label} is public but names no item",
            f"add '{name('ref')}' with the id of an approved slogan, ad or guide")
    if kind == "commercial" and not values["advertiser"]:
        bad("kind", f"{label} is commercial but names no advertiser", f"add '{name('advertiser')}'")
    if kind in ("commercial", "vacant") and values["ref"]:
        bad("ref", f"{label} is {kind} but names an item ('{values['ref']}')",
            f"set '{name('kind')}' to public, or remove '{name('ref')}'")
    size = None
    if values["size"] is not None:
        m = SIZE_RE.match(values["size"])
        if not m or min(float(m.group(1)), float(m.group(2))) <= 0:
            bad("size", f"'{values['size']}' is not a size", "write width×height in millimetres, e.g. 2000×1000")
        else:
            size = (exact(m.group(1)), exact(m.group(2)))
    area = None
    if values["area"] is not None:
        area = exact(values["area"])
        if area <= 0:
            bad("area", f"the area must be more than 0 m², got {values['area']}",
                "write the area in square metres, e.g. 2.5, or give 'size' instead")
    elif size is not None:
        area = size[0] * size[1] / 1_000_000
    seconds = None
    if values["seconds"] is not None:
        seconds = exact(values["seconds"])
        if seconds <= 0:
            bad("seconds", f"the airtime must be more than 0 seconds, got {values['seconds']}",
                "write the seconds this slot runs in each loop, e.g. 15")
    start = values["from"] or period[0]
    end = values["to"] or period[1]
    if start > end:
        bad("to", f"{label} ends ({end}) before it starts ({start})", "swap the dates")
    else:
        for f, day in (("from", start), ("to", end)):
            if values[f] is not None and not (period[0] <= day <= period[1]):
                bad(f, f"{label} date {day} is outside the list's period {period[0]} to {period[1]}",
                    "move the date inside the period, or widen the list's period")
    span = None
    if values["hours"] is not None:
        from ..hours import parse_span

        span = parse_span(values["hours"])
        if span is None:
            bad("hours", f"{label} hours '{values['hours']}' is not a time of day span",
                'write it as "HH:MM-HH:MM" with the earlier time first, e.g. "07:00-19:00"')
    if len(findings) > before:
        return None
    order = values["order"] if values["order"] is not None else position
    size_mm = (int(size[0]), int(size[1])) if size else None
    return Slot(sid, order, kind, start, end, meta.line or position, values["ref"], values["advertiser"],
                size_mm, area, seconds, span)


def _rename(f: Finding, names: dict[str, str]) -> Finding:
    from dataclasses import replace

    if f.field in names:
        fix = f.fix.replace(f"'{f.field}'", f"'{names[f.field]}'")
        return replace(f, field=names[f.field], fix=fix)
    return f


def _finish(values, lines, period, rule, slots, rel, stem, fmt, findings, before,
            names: dict[str, str] | None = None) -> PlacementList | None:
    def name(f: str) -> str:
        return names.get(f, f) if names else f

    list_id = values.get("id") or stem
    if not ID_RE.match(list_id):
        findings.append(_field_error(rel, lines.get("id", 1), name("id"), f"'{list_id}' cannot be used as a list id",
                                     "use letters, digits, '-' and '_' (it names the list's web page)"))
    if values.get("slots") is not None and not values["slots"] and len(findings) == before:
        findings.append(_field_error(rel, lines.get("slots", 1), "slots", "the list has no slots",
                                     "add at least one slot (kind: public, commercial or vacant)",
                                     "placements.empty"))
    seen: dict[str, Slot] = {}
    for s in slots:
        if s.id in seen:
            findings.append(_field_error(
                rel, s.line, name("id"), f"slot id '{s.id}' is used twice (first at line {seen[s.id].line})",
                "give every slot in the list its own id", "placements.duplicate-slot"))
        else:
            seen[s.id] = s
    if rule is not None and slots:
        if rule.measure in ("area", "airtime"):
            need = "area" if rule.measure == "area" else "seconds"
            for s in slots:
                if (s.area if need == "area" else s.seconds) is None:
                    what = "size (or area)" if need == "area" else "seconds"
                    findings.append(_field_error(
                        rel, s.line, name("size" if need == "area" else "seconds"),
                        f"the list is measured by {rule.measure} but slot '{s.id}' has no {what}",
                        "give every slot 'size: 2000×1000' (mm) or 'area: 2.0' (m²)" if need == "area"
                        else "give every slot 'seconds: 15'",
                        "placements.missing"))
        if rule.hours and rule.measure != "airtime":
            findings.append(_field_error(
                rel, lines.get("rule", 1), "rule.hours", f"time-of-day windows ('hours') need the airtime "
                f"measure, but the list is measured by {rule.measure}",
                "set 'measure: airtime' (and 'seconds' on every slot), or remove 'hours'", "placements.bad-value"))
        if rule.window is not None:
            positions = len({s.order for s in slots})
            if rule.window.size > positions:
                findings.append(_field_error(
                    rel, lines.get("rule", 1), name("window_size") if names else "rule.window.size",
                    f"the window ({rule.window.size} slots) is larger than the list ({positions} positions)",
                    f"make the window size at most {positions}", "placements.bad-value"))
    if len(findings) > before or period is None or rule is None or not slots:
        return None
    lat, lon = values.get("lat"), values.get("lon")
    return PlacementList(
        id=list_id,
        name=values["name"],
        type=values["type"],
        location=values.get("location") or "",
        start=period[0],
        end=period[1],
        rule=rule,
        slots=tuple(sorted(slots, key=lambda s: (s.order, s.start, s.id))),
        source=Source(rel, 1, dict(lines)),  # a plain dict: lists are cached as plain data
        format=fmt,
        contact=values.get("contact") or "",
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
    )


# -------------------------------------------------------------------- spreadsheets


def _cell(value: Any, field: str) -> Any:
    """A spreadsheet cell as the YAML loader would have produced it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if field in DATE_COLUMNS:
            m = DATE_RE.match(value)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return value
            return value
        if field == "min_public" and PERCENT_RE.match(value):  # 30% as staff write it in a sheet
            return Fraction(value.strip().rstrip("%％").strip()) / 100
        if field in NUMBER_COLUMNS and NUMBER_RE.match(value):
            f = float(value)
            return int(f) if f.is_integer() and "." not in value else Fraction(value.strip())
        if field == "kind":
            return KIND_ALIASES.get(value, value)
        if field == "type":
            return TYPE_ALIASES.get(value, value)
        if field == "measure":
            return MEASURE_ALIASES.get(value, value)
        if field == "required_themes":
            return [t for t in re.split(r"[,，、;；\s]+", value) if t]
        return value
    if isinstance(value, float) and value.is_integer() and field in ("order", "window_size", "window_min_public"):
        return int(value)
    if field in ("id", "ref", "advertiser", "size", "name", "location", "contact") and not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    return value


def parse_table(table: Table, rel: str, stem: str, fmt: str, defaults: Defaults,
                findings: list[Finding]) -> PlacementList | None:
    before = len(findings)
    reported: set[tuple[int, str]] = set()
    notes: list[Finding] = []
    try:
        return _parse_table(table, rel, stem, fmt, defaults, findings, reported, notes)
    finally:
        from dataclasses import replace

        findings.extend(notes)  # after the list is made: a note does not stop it
        if reported:  # a cell outside its list is reported once, as the cell's own finding
            findings[before:] = [f for f in findings[before:] if f.rule.endswith(".not-in-list")
                                 or (f.line, f.field) not in reported]
        for i in range(before, len(findings)):
            f = findings[i]
            if f.rule.endswith((".not-in-list", ".synonym")):
                continue
            if f.line and not f.message.startswith("row "):
                f = replace(f, message=f"row {f.line}: {f.message}")
            if f.field and "public, commercial, vacant" in f.fix:
                f = replace(f, fix=f.fix + " (or 公益, 商业, 空置)")
            findings[i] = f


def _parse_table(table: Table, rel: str, stem: str, fmt: str, defaults: Defaults,
                 findings: list[Finding], reported: set[tuple[int, str]], notes: list[Finding]) -> PlacementList | None:
    from ..vocab import PLACEMENT_CLOSED, check_cells, rewritten

    before = len(findings)
    cols = map_header(table.header, rel, findings)
    if cols is None:
        return None
    names = {f: str(table.header[i]).strip() for i, f in cols.items()}
    rewrite, bad_cells = check_cells(table, cols, PLACEMENT_CLOSED, rel, "placements", findings, notes)
    reported.update((row, names[f]) for row, f in bad_cells)
    table = rewritten(table, rewrite)
    rows = table_rows(table, cols, _cell)
    if not rows:
        findings.append(error("placements.empty", "the list has no slots (only a header row)", file=rel, line=1,
                              fix="add one row per slot under the header"))
        return None
    # list-level values: from the first row that has them; later rows must agree
    head: dict[str, Any] = {}
    head_lines: dict[str, int] = {}
    for rowno, d in rows:
        for f in LIST_COLUMNS:
            if f in d:
                if f not in head:
                    head[f], head_lines[f] = d[f], rowno
                elif d[f] != head[f]:
                    findings.append(error(
                        "placements.bad-value",
                        f"row {rowno} says '{d[f]}' but row {head_lines[f]} says '{head[f]}' for the whole list",
                        file=rel, line=rowno, field=names[f],
                        fix=f"fill '{names[f]}' in once (the first row) or give every row the same value"))
    meta: dict[str, Any] = {k: float(head[k]) if type(head[k]) is Fraction else head[k]
                            for k in ("name", "type", "location", "lat", "lon", "contact") if k in head}
    lines = {k: head_lines.get(k, 1) for k in ("name", "type", "location", "lat", "lon", "contact")}
    first_line = rows[0][0]
    ymeta = as_ymap(meta, first_line)
    ymeta.key_lines = {k: lines[k] for k in meta}
    values, vlines, errs = read_fields(ymeta, [f for f in LIST_FIELDS if f.name in (
        "name", "type", "location", "lat", "lon", "contact")], rel, "the list (first row)", "placements")
    findings.extend(_rename(f, names) for f in errs)
    pmeta = as_ymap({k: head[f"period_{k}"] for k in ("from", "to") if f"period_{k}" in head}, first_line)
    pmeta.key_lines = {k: head_lines[f"period_{k}"] for k in pmeta}
    pv, _, perrs = read_fields(pmeta, PERIOD_FIELDS, rel, "the list (first row)", "placements")
    pnames = {"from": names.get("period_from", "period_from"), "to": names.get("period_to", "period_to")}
    findings.extend(_rename(f, pnames) for f in perrs)
    period = None
    if not perrs and not _implausible(pv, lambda k: head_lines[f"period_{k}"], pnames.get, rel, findings):
        if pv["from"] > pv["to"]:
            findings.append(_field_error(rel, head_lines["period_to"], pnames["to"],
                                         f"the period ends ({pv['to']}) before it starts ({pv['from']})",
                                         "swap the two dates"))
        else:
            period = (pv["from"], pv["to"])
    rule_raw: dict[str, Any] = {}
    if "min_public" in head:
        rule_raw["min_public"] = head["min_public"]
    if "measure" in head:
        rule_raw["measure"] = head["measure"]
    if "window_size" in head or "window_min_public" in head:
        rule_raw["window"] = {k: head[f"window_{k}"] for k in ("size", "min_public") if f"window_{k}" in head}
    if "required_themes" in head:
        rule_raw["required_themes"] = head["required_themes"]
    rule = None
    if rule_raw:
        if isinstance(rule_raw.get("min_public"), Fraction):
            rule_raw["min_public"] = float(rule_raw["min_public"])  # checked for range, then re-read exactly
        rmeta = as_ymap(rule_raw, first_line)
        rmeta.key_lines = {k: head_lines.get(k if k != "window" else "window_size", head_lines.get("window_min_public", first_line)) for k in rule_raw}
        rule_errs: list[Finding] = []
        rule = _rule(rmeta, first_line, rel, defaults, rule_errs)
        rn = {"rule.min_public": names.get("min_public", "min_public"), "rule.measure": names.get("measure", "measure"),
              "rule.window.size": names.get("window_size", "window_size"),
              "rule.window.min_public": names.get("window_min_public", "window_min_public"),
              "rule.required_themes": names.get("required_themes", "required_themes")}
        findings.extend(_rename(f, rn) for f in rule_errs)
        if rule is not None and "min_public" in head:
            from dataclasses import replace

            rule = replace(rule, min_public=exact(head["min_public"]))
    else:
        rule = Rule(defaults.min_public, defaults.measure, warn_only=defaults.warn_only)
    slots = []
    if period is not None:
        slot_fields = {f.name for f in SLOT_FIELDS}
        for i, (rowno, d) in enumerate(rows):
            sd = {k: (float(v) if type(v) is Fraction else v) for k, v in d.items() if k in slot_fields}
            exacts = {k: v for k, v in d.items() if type(v) is Fraction}
            smeta = as_ymap(sd, rowno)
            slot = _slot(smeta, i + 1, period, rel, findings, names)
            if slot is not None and exacts:
                from dataclasses import replace

                if "area" in exacts:
                    slot = replace(slot, area=exacts["area"])
                if "seconds" in exacts:
                    slot = replace(slot, seconds=exacts["seconds"])
            if slot:
                slots.append(slot)
    vals = dict(values)
    vals["id"] = None
    vals["slots"] = rows
    return _finish(vals, {**vlines, "rule": first_line, "slots": first_line}, period, rule, slots, rel, stem, fmt,
                   findings, before, names)


# ------------------------------------------------------------------------ folder


def list_files(root: Path) -> list[Path]:
    return list_folder(root / PLACEMENTS_DIR, SUFFIXES)


def load_list(path: Path, root: Path, defaults: Defaults, findings: list[Finding],
              data: bytes | None = None) -> PlacementList | None:
    rel = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    data = read_source(path, rel, findings) if data is None else data
    if data is None:
        return None
    if suffix in (".yml", ".yaml"):
        text = utf8_text(data, rel, findings)
        return None if text is None else parse_yaml_list(text, rel, path.stem, defaults, findings)
    table = read_table(data, suffix, rel, findings, PLACEMENT_SPEC)
    if table is None:
        return None
    return parse_table(table, rel, path.stem, suffix[1:], defaults, findings)


def _table_problems(table: Table, rel: str, findings: list[Finding]) -> bool:
    return table_problems(table, rel, findings, PLACEMENT_SPEC)


# A city keeps thousands of lists; parsing them is most of the time of a check. Each file's
# result (list and findings) is cached under .cache/ keyed by its bytes, the defaults and
# this code, so a check after editing one list re-reads one list. The cache is plain data
# (marshal of lists, dicts, strings and numbers: several times faster to read than JSON),
# sealed with this user's key (see placard.cachesafe): a cache that came with someone else's
# campaign, or was edited, is not trusted, and an entry of the wrong shape is a miss.
CACHE_FILE = ".cache/placard/placements.bin"
CACHE_PURPOSE = "placements-1"
CODE_FILES = ("placements/load.py", "tabular.py", "placements/fastyaml.py", "model.py", "schema.py", "yamlsrc.py",
              "findings.py", "cachesafe.py", "hours.py", "measures.py", "vocab.py")


def _code_key() -> str:
    return code_key(*CODE_FILES) + sys.version  # marshal's format is Python's own


def _frac(x: Fraction | None):
    return None if x is None else [x.numerator, x.denominator]


@lru_cache(maxsize=4096)
def _unfrac_t(t: tuple[int, int]) -> Fraction:
    return Fraction(*t)  # amounts repeat (2000×1000 panels): share them


def _unfrac(t) -> Fraction | None:
    if t is None:
        return None
    if type(t) is not list or len(t) != 2 or type(t[0]) is not int or type(t[1]) is not int or t[1] <= 0:
        raise ValueError("not an amount")
    return _unfrac_t((t[0], t[1]))


def encode(pl: PlacementList | None):
    """A list as plain values (lists, strings, numbers)."""
    if pl is None:
        return None
    r = pl.rule
    rule = [_frac(r.min_public), r.measure, [r.window.size, r.window.min_public] if r.window else None,
            list(r.required_themes), r.warn_only,
            [[w.start, w.end, _frac(w.min_public)] for w in r.hours]]
    slots = [[s.id, s.order, s.kind, s.start.toordinal(), s.end.toordinal(), s.line, s.ref, s.advertiser,
              list(s.size_mm) if s.size_mm else None, _frac(s.area), _frac(s.seconds),
              list(s.hours) if s.hours else None] for s in pl.slots]
    return [pl.id, pl.name, pl.type, pl.location, pl.start.toordinal(), pl.end.toordinal(), rule, slots,
            [pl.source.file, pl.source.line, dict(pl.source.field_lines)], pl.format, pl.contact, pl.lat, pl.lon]


def _str(x) -> str:
    if type(x) is not str:
        raise ValueError("not a string")
    return x


def _opt_str(x) -> str | None:
    return None if x is None else _str(x)


def _int(x) -> int:
    if type(x) is not int:
        raise ValueError("not a whole number")
    return x


def _opt_float(x) -> float | None:
    if x is None:
        return None
    if type(x) not in (int, float) or not math.isfinite(x):
        raise ValueError("not a number")
    return float(x)


def decode(t) -> PlacementList | None:
    """The list :func:`encode` gave; ValueError (a cache miss) for anything of another shape."""
    if t is None:
        return None
    day = dt.date.fromordinal  # ValueError when out of range
    try:
        lid, name, typ, location, start, end, rule, slots, src, fmt, contact, lat, lon = t
        mp, measure, window, themes, warn_only, hours = rule
        hours = tuple(HourWindow(_int(a), _int(b), _unfrac(m)) for a, b, m in hours)
        if window is not None:
            ws, wm = window
            window = Window(_int(ws), _int(wm))
        if type(warn_only) is not bool or type(themes) is not list or type(slots) is not list:
            raise ValueError("wrong type")
        out_slots = []
        for s in slots:
            i, o, k, a, b, ln, ref, adv, size, area, sec, span = s
            if span is not None:
                span = (_int(span[0]), _int(span[1]))
            if not (type(i) is str and type(o) is int and type(k) is str and type(a) is int and type(b) is int
                    and type(ln) is int and (ref is None or type(ref) is str)
                    and (adv is None or type(adv) is str)):
                raise ValueError("not a slot")
            if size is not None:
                w, h = size
                size = (_int(w), _int(h))
            out_slots.append(Slot(i, o, k, day(a), day(b), ln, ref, adv, size,
                                  None if area is None else _unfrac(area), None if sec is None else _unfrac(sec),
                                  span))
        sfile, sline, flines = src
        if type(flines) is not dict:
            raise ValueError("wrong type")
        field_lines = {_str(k): _int(v) for k, v in flines.items()}
        min_public = _unfrac(mp)
        if min_public is None:
            raise ValueError("no share")
        return PlacementList(
            _str(lid), _str(name), _str(typ), _str(location), day(_int(start)), day(_int(end)),
            Rule(min_public, _str(measure), window, tuple(_str(x) for x in themes), warn_only, hours),
            tuple(out_slots), Source(_str(sfile), _int(sline), field_lines), _str(fmt), _str(contact),
            _opt_float(lat), _opt_float(lon),
        )
    except (TypeError, ValueError, OverflowError, ZeroDivisionError) as exc:  # wrong shape or length
        raise ValueError(f"not a cached placement list: {exc}") from None


FINDING_KEYS = {"rule": str, "severity": str, "message": str, "file": (str, type(None)),
                "line": (int, type(None)), "column": (int, type(None)), "field": (str, type(None)),
                "fix": str, "context": str}


def _finding(d) -> Finding:
    if type(d) is not dict or d.keys() != FINDING_KEYS.keys():
        raise ValueError("not a finding")
    for k, t in FINDING_KEYS.items():
        if not isinstance(d[k], t) or type(d[k]) is bool:
            raise ValueError("not a finding")
    return Finding(**{**d, "severity": Severity(d["severity"])})  # ValueError for an unknown severity


def _read_cache(root: Path) -> dict:
    """The entries of an earlier run: {file: [key, encoded list, findings]}, {} when it cannot be trusted."""
    try:
        body = unseal((root / CACHE_FILE).read_bytes(), CACHE_PURPOSE)
        cache = marshal.loads(body) if body is not None else None
    except (OSError, ValueError, EOFError, TypeError):  # missing, unreadable, another Python's marshal
        return {}
    if type(cache) is not dict or cache.get("code") != _code_key() or type(cache.get("entries")) is not dict:
        return {}
    return cache["entries"]


def _cached(entry, key: list) -> tuple[PlacementList | None, list[Finding]] | None:
    """A cache entry's list and findings, or None (a miss) unless it is well-formed and made for ``key``."""
    if type(entry) is not list or len(entry) != 3 or entry[0] != key or type(entry[2]) is not list:
        return None
    try:
        return decode(entry[1]), [_finding(f) for f in entry[2]]
    except ValueError:
        return None


def _write_cache(root: Path, cache: dict) -> None:
    path = root / CACHE_FILE
    try:
        sealed = seal(marshal.dumps(cache), CACHE_PURPOSE)
    except ValueError:  # not plain data: a bug, but the check goes on without the cache
        return
    if sealed is None:
        return  # no key to seal it with: check without a cache
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(sealed)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only folder still checks, just without the cache
    finally:
        tmp.unlink(missing_ok=True)


def load_placements(root: Path, raw_config: dict | None, findings: list[Finding],
                    use_cache: bool = True) -> tuple[PlacementList, ...]:
    defaults = read_defaults(raw_config, findings)
    lists: list[PlacementList] = []
    seen: dict[str, PlacementList] = {}
    files = list_files(root)
    entries = _read_cache(root) if use_cache and files else {}
    new_entries = {}
    missed = False
    for path in files:
        rel = path.relative_to(root).as_posix()
        data = read_source(path, rel, findings)
        if data is None:
            continue
        key = [hashlib.sha256(data).hexdigest(), repr(defaults)]
        hit = _cached(entries.get(rel), key)
        missed |= hit is None
        if hit is not None:
            new_entries[rel] = entries[rel]
            pl, found = hit
        else:
            found = []
            pl = load_list(path, root, defaults, found, data)
            new_entries[rel] = [key, encode(pl), [f.to_dict() for f in found]]
        findings.extend(found)
        if pl is None:
            continue
        if pl.id in seen:
            findings.append(error("placements.duplicate-list", f"list id '{pl.id}' is already used by "
                                  f"{seen[pl.id].source.file}", file=pl.source.file, line=pl.source.line_of("id"),
                                  field="id", fix="give each placement list its own id (or file name)"))
            continue
        seen[pl.id] = pl
        lists.append(pl)
    if use_cache and files and (missed or new_entries.keys() != entries.keys()):
        _write_cache(root, {"code": _code_key(), "entries": new_entries})
    return tuple(lists)
