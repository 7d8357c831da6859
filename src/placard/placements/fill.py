"""Propose approved public items for vacant slots until a list meets its rules every day.

:func:`plan` is pure (a list and the campaign in, changes out); :func:`apply_yaml`,
:func:`apply_csv` and :func:`apply_xlsx` write the changes back into the list's
own file, keeping everything else in it (comments, other columns, formatting).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..i18n import _
from ..model import Campaign, Item, PlacementList, Slot
from .load import HEADERS, KIND_ALIASES, ZH_HEADER, header_key, read_csv
from .share import Report, evaluate


@dataclass(frozen=True)
class Change:
    slot: Slot
    item: Item


@dataclass(frozen=True)
class Plan:
    list: PlacementList
    changes: tuple[Change, ...]
    before: Report
    after: Report

    @property
    def filled(self) -> PlacementList:
        return self.after.list


def _overlaps(a: Slot, b: Slot) -> bool:
    return a.start <= b.end and b.start <= a.end


def _theme_of(campaign: Campaign):
    def theme_of(ref: str) -> str | None:
        item = campaign.item(ref)
        return item.theme if item else None

    return theme_of


def _score(slot: Slot, report: Report, pl: PlacementList) -> int:
    """How many failing days filling ``slot`` could help with."""
    orders = {s.id: s.order for s in pl.slots}
    score = 0
    for f in report.failures:
        if f.kind == "empty":
            continue
        days = (min(f.end, slot.end) - max(f.start, slot.start)).days + 1
        if days <= 0:
            continue
        if f.kind == "window":
            lo, hi = min(orders[i] for i in f.slots), max(orders[i] for i in f.slots)
            if not lo <= slot.order <= hi:
                continue
        score += days
    return score


def _candidates(campaign: Campaign, slot: Slot) -> list[Item]:
    """Approved items valid for the slot's whole period (so the fill never creates a ref error)."""
    return [i for i in campaign.items() if i.approval.status == "approved" and i.approval.covers(slot.start, slot.end)]


def _choose(campaign: Campaign, pl: PlacementList, slot: Slot, report: Report) -> Item | None:
    items = _candidates(campaign, slot)
    if not items:
        return None
    span = pl.rule.window.size if pl.rule.window else 3
    near = {s.ref for s in pl.slots if s.ref and s.id != slot.id and abs(s.order - slot.order) < span
            and _overlaps(s, slot)}
    used_anywhere: dict[str, int] = {}
    theme_use: dict[str, int] = {}
    for s in pl.slots:
        if s.kind == "public" and s.ref and _overlaps(s, slot):
            used_anywhere[s.ref] = used_anywhere.get(s.ref, 0) + 1
            item = campaign.item(s.ref)
            if item:
                theme_use[item.theme] = theme_use.get(item.theme, 0) + 1
    missing = []
    for f in report.failures:
        if f.kind == "theme" and f.start <= slot.end and slot.start <= f.end:
            missing.extend(f.themes)
    pool = [i for i in items if i.id not in near] or items

    def key(i: Item):
        return (
            0 if i.theme in missing else 1,
            used_anywhere.get(i.id, 0),
            theme_use.get(i.theme, 0),
            {"ad": 0, "slogan": 1, "guide": 2}.get(i.kind, 3),
            i.id,
        )

    return min(pool, key=key)


def plan(campaign: Campaign, pl: PlacementList) -> Plan:
    theme_of = _theme_of(campaign)
    before = evaluate(pl, theme_of)
    current, report = pl, before
    changes: list[Change] = []
    while not report.ok:
        vacant = [s for s in current.slots if s.kind == "vacant"]
        scored = [(sc, s) for s in vacant if (sc := _score(s, report, current)) > 0]
        if not scored:
            break
        scored.sort(key=lambda t: (-t[0], t[1].order, t[1].id))
        chosen = None
        for _points, slot in scored:
            item = _choose(campaign, current, slot, report)
            if item is not None:
                chosen = (slot, item)
                break
        if chosen is None:
            break
        slot, item = chosen
        new = replace(slot, kind="public", ref=item.id)
        current = replace(current, slots=tuple(new if s is slot else s for s in current.slots))
        changes.append(Change(new, item))
        report = evaluate(current, theme_of)
    return Plan(pl, tuple(changes), before, report)


# ------------------------------------------------------------------ writing back


class WriteProblem(Exception):
    """The file changed shape since it was loaded (or cannot be edited safely)."""


def _slot_nodes(text: str) -> dict[str, yaml.MappingNode]:
    """Slot id -> its mapping node (with exact positions) in the list's YAML text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise WriteProblem(_("the file cannot be read as YAML any more ({error})").format(
            error=exc.__class__.__name__)) from None
    if not isinstance(root, yaml.MappingNode):
        raise WriteProblem(_("the file has no 'slots' list"))
    slots = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "slots"), None)
    if not isinstance(slots, yaml.SequenceNode):
        raise WriteProblem(_("the file has no 'slots' list"))
    out: dict[str, yaml.MappingNode] = {}
    for node in slots.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                out.setdefault(v.value.strip(), node)
    return out


def _entry(node: yaml.MappingNode, key: str):
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def apply_yaml(text: str, changes: tuple[Change, ...]) -> str:
    """``text`` with each change's slot set to ``kind: public`` and its ``ref`` added.

    The edit is made where the YAML parser says the values are, so comments, quotes,
    flow (``{id: p03, kind: vacant}  # 待补``) and block style, and line endings stay as
    they were. Callers check the result with :func:`verify_list` before writing it.
    """
    nodes = _slot_nodes(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``text``
    for ch in changes:
        node = nodes.get(ch.slot.id)
        kind = _entry(node, "kind") if node is not None else None
        if node is None or kind is None:
            raise WriteProblem(_("slot '{slot}' is not in the file any more").format(slot=ch.slot.id))
        key, value = kind
        s, e = value.start_mark.index, value.end_mark.index
        if not isinstance(value, yaml.ScalarNode) or value.value != "vacant" \
                or text[s:e].strip("'\"") != "vacant":
            line = value.start_mark.line + 1
            raise WriteProblem(_("slot '{slot}' (line {line}) is not 'kind: vacant' as written; edit it by "
                                 "hand").format(slot=ch.slot.id, line=line))
        edits.append((s, e, "public"))
        ref = _entry(node, "ref")
        if ref is not None:
            rv = ref[1]
            rs, re_ = rv.start_mark.index, rv.end_mark.index
            if not isinstance(rv, yaml.ScalarNode) or rv.value not in ("", "null", "~"):
                raise WriteProblem(_("slot '{slot}' already has a 'ref'; edit it by hand").format(slot=ch.slot.id))
            pad = " " if rs == 0 or text[rs - 1] == ":" else ""
            edits.append((rs, re_, pad + ch.item.id))
        elif node.flow_style:
            edits.append((e, e, f", ref: {ch.item.id}"))
        else:
            eol_at = text.find("\n", e)
            if eol_at < 0:
                at, eol = len(text), ("\r\n" if "\r\n" in text else "\n")
                prefix = eol
            else:
                at, eol, prefix = eol_at + 1, ("\r\n" if text[eol_at - 1 : eol_at] == "\r" else "\n"), ""
            if text[e:at].strip() and not text[e:at].strip().startswith("#"):
                raise WriteProblem(_("slot '{slot}': unexpected text after 'kind: vacant' on line {line}; edit it "
                                     "by hand").format(slot=ch.slot.id, line=value.start_mark.line + 1))
            indent = " " * key.start_mark.column
            edits.append((at, at, f"{prefix}{indent}ref: {ch.item.id}{eol}"))
    out = text
    for start, end, new in sorted(edits, key=lambda t: (t[0], t[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out


def verify_list(path: Path, root: Path, data: bytes, intended: PlacementList,
                raw_defaults: dict | None = None) -> None:
    """Refuse (:class:`WriteProblem`) a written list that does not load to ``intended``.

    ``data`` is read with placard's own placement loader (with the campaign's list
    defaults, ``extra.placard.placements``); its slots, rule, name, type, location
    and period must be exactly the intended ones.
    """
    from ..findings import Severity
    from .load import load_list, read_defaults

    findings: list = []
    defaults = read_defaults(raw_defaults, [])
    got = load_list(Path(path), Path(root), defaults, findings, data)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    rel = intended.source.file if intended.source else Path(path).name
    if got is None or errors:
        first = errors[0].message if errors else "it cannot be read"
        raise WriteProblem(_("the edited list would not load ({problem}); {file} was left as it was").format(
            problem=first, file=rel))

    def plain(pl: PlacementList):
        return ([replace(s, line=0) for s in pl.slots], pl.rule, pl.name, pl.type, pl.location,
                pl.start, pl.end)

    if plain(got) != plain(intended):
        raise WriteProblem(_("the edited list would not read back as intended; {file} was left as it was (please "
                             "report this, with the file)").format(file=rel))


def _columns(header: list) -> dict[str, int]:
    aliases = {header_key(k): v for k, v in HEADERS.items()}
    out = {}
    for i, h in enumerate(header):
        f = aliases.get(header_key(h)) if h is not None else None
        if f and f not in out:
            out[f] = i
    return out


def _kind_word(old: str | None) -> str:
    return "公益" if old and old.strip() in KIND_ALIASES else "public"


def _ref_header(header: list) -> str:
    chinese = any(re.search(r"[\u4e00-\u9fff]", str(h or "")) for h in header)
    return ZH_HEADER["ref"] if chinese else "ref"


def apply_csv(data: bytes, changes: tuple[Change, ...]) -> bytes:
    table = read_csv(data)
    text = data.decode("utf-8-sig" if table.encoding == "utf-8" else table.encoding)
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), table.dialect))
    header = rows[0]
    cols = _columns(header)
    if "ref" not in cols:
        header.append(_ref_header(header))
        cols["ref"] = len(header) - 1
    by_id = {}
    for r in rows[1:]:
        if len(r) > cols["id"] and r[cols["id"]].strip():
            by_id[r[cols["id"]].strip()] = r
    for ch in changes:
        r = by_id.get(ch.slot.id)
        if r is None:
            raise WriteProblem(_("slot '{slot}' is not in the file any more").format(slot=ch.slot.id))
        while len(r) < len(header):
            r.append("")
        r[cols["kind"]] = _kind_word(r[cols["kind"]])
        r[cols["ref"]] = ch.item.id
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=table.dialect.delimiter, quotechar=table.dialect.quotechar or '"',
                        lineterminator=newline)
    writer.writerows(rows)
    encoded = out.getvalue().encode(table.encoding)
    return (b"\xef\xbb\xbf" + encoded) if table.bom else encoded


def apply_xlsx(path: Path, changes: tuple[Change, ...], out: Path) -> list[str]:
    """Edit the first sheet in place (other columns, sheets and formatting kept); return readable change lines."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    cols = _columns(header)
    if "ref" not in cols:
        col = len(header) + 1
        ws.cell(row=1, column=col, value=_ref_header(header))
        cols["ref"] = col - 1
    by_id = {}
    for row in ws.iter_rows(min_row=2):
        v = row[cols["id"]].value if len(row) > cols["id"] else None
        if v is not None and str(v).strip():
            by_id[str(v).strip()] = row[0].row
    lines = []
    for ch in changes:
        r = by_id.get(ch.slot.id)
        if r is None:
            raise WriteProblem(_("slot '{slot}' is not in the workbook any more").format(slot=ch.slot.id))
        kind_cell = ws.cell(row=r, column=cols["kind"] + 1)
        old = kind_cell.value
        kind_cell.value = _kind_word(str(old) if old is not None else None)
        ws.cell(row=r, column=cols["ref"] + 1, value=ch.item.id)
        lines.append(f"row {r}: {header[cols['kind']]} {old} → {kind_cell.value}, "
                     f"{ws.cell(row=1, column=cols['ref'] + 1).value} → {ch.item.id}")
    wb.save(out)
    return lines
