"""Screen play logs (``posters/playlogs/``): what LED screens really played, matched to the plan.

Every file in ``posters/playlogs/`` (any sub-folder) is a proof-of-play export (see
:mod:`.read` for the formats). Its rows are totalled by DuckDB per screen, item, day and
time-of-day bucket; then each screen is matched to a placement list and each item to a slot or
campaign item, and the totals become, per list, the public and total seconds played on every
day and in every ``rule.hours`` window (:class:`ListPlays`). The rules over them are in
:mod:`placard.rules.playlog`.

Matching (``posters/playlogs/map.yml`` is optional)::

    screens:                     # the screen's name in the log -> placement list id
      光明站大厅屏: metro-guangming-led
    files:                       # a file or item name in the log -> slot id, item id or "commercial"
      bank-30s.mp4: l01
      banmaxian_v2.mp4: ad-banmaxian

A screen named like a list's id or name needs no entry. An item matches by the map, then by
slot id, by item id (also a file named after it: ``ad-banmaxian.mp4``), by its QR code (an item's
or a slot's, as printed by placard), or by a commercial slot's advertiser. Rows that match
nothing are not counted; they are reported per file as a summary with counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path, PurePosixPath

from ..findings import Finding, Severity, error
from ..i18n import _
from ..model import Campaign, HourWindow, PlacementList
from .read import PlayLogProblem, aggregate, connect

PLAYLOGS_DIR = "posters/playlogs"
MAP_FILE = "map.yml"
SUFFIXES = (".csv", ".tsv", ".txt", ".log", ".xlsx")
MAX_NAMES = 5  # unmatched names listed per file; the rest are counted


@dataclass
class ListPlays:
    """What one list's screen played: seconds (public, total) per day and per (day, window)."""

    list: PlacementList
    days: dict[dt.date, tuple[Fraction, Fraction]] = field(default_factory=dict)
    windows: dict[tuple[dt.date, HourWindow], tuple[Fraction, Fraction]] = field(default_factory=dict)
    played: dict[dt.date, set[str]] = field(default_factory=dict)  # public item ids played each day
    files: set[str] = field(default_factory=set)

    @property
    def first(self) -> dt.date | None:
        return min(self.days) if self.days else None

    @property
    def last(self) -> dt.date | None:
        return max(self.days) if self.days else None


@dataclass
class PlayData:
    lists: dict[str, ListPlays] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False
    files: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.strict else Severity.WARNING


def settings(campaign: Campaign) -> tuple[bool, list[Finding]]:
    """``extra.placard.playlogs: {strict: true}``: play-log findings as errors (default: warnings)."""
    raw = campaign.config.raw.get("playlogs")
    if raw is None:
        return False, []
    line = campaign.config.source.line_of("playlogs") if hasattr(campaign.config.source, "line_of") else 1
    if not hasattr(raw, "get") or any(k != "strict" for k in raw) or not isinstance(raw.get("strict", False), bool):
        return False, [error("playlogs.settings", _("extra.placard.playlogs takes only 'strict: true' or "
                                                    "'strict: false'"), file="mkdocs.yml", line=line,
                             field="extra.placard.playlogs",
                             fix=_("write '{example}' to make play-log findings errors").format(
                                 example="playlogs: {strict: true}"))]
    return bool(raw.get("strict", False)), []


def log_files(root: Path) -> list[Path]:
    folder = root / PLAYLOGS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith((".", "~$")))


def read_map(root: Path, findings: list[Finding]) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """``map.yml``: (screens, files, line of each files entry)."""
    path = root / PLAYLOGS_DIR / MAP_FILE
    rel = f"{PLAYLOGS_DIR}/{MAP_FILE}"
    if not path.is_file():
        return {}, {}, {}
    from ..yamlsrc import YamlProblem, YMap, load

    try:
        doc = load(path.read_text(encoding="utf-8"))
    except (YamlProblem, UnicodeDecodeError, OSError) as exc:
        findings.append(error("playlogs.map", _("the map cannot be read: {problem}").format(
                                  problem=getattr(exc, "message", exc)), file=rel,
                              line=getattr(exc, "line", 1), fix=_("write it as 'screens:' and 'files:' blocks of "
                                                                  "'name: id' lines (see the manual: play logs)")))
        return {}, {}, {}
    out: list[dict[str, str]] = [{}, {}]
    lines: dict[str, int] = {}
    if doc is None:
        return {}, {}, {}
    if not isinstance(doc, dict) or any(k not in ("screens", "files") for k in doc):
        findings.append(error("playlogs.map", _("the map holds only 'screens:' and 'files:'"), file=rel, line=1,
                              fix=_("move other keys out of map.yml")))
        return {}, {}, {}
    for n, key in enumerate(("screens", "files")):
        block = doc.get(key)
        if block is None:
            continue
        at = doc.line_of(key) if isinstance(doc, YMap) else 1
        if not isinstance(block, dict):
            findings.append(error("playlogs.map", _("'{key}' must be 'name: id' lines").format(key=key), file=rel,
                                  line=at, field=key,
                                  fix=_("write e.g. '{key}:' then '{example}'").format(
                                      key=key, example="  光明站大厅屏: metro-guangming-led")))
            continue
        for name, target in block.items():
            ln = block.line_of(name) if isinstance(block, YMap) else at
            if not isinstance(target, str | int) or isinstance(target, bool):
                findings.append(error("playlogs.map", _("'{name}' maps to {target}, not an id").format(
                                          name=name, target=repr(target)), file=rel, line=ln,
                                      field=f"{key}.{name}", fix=_("write the list, slot or item id after the colon")))
                continue
            out[n][str(name).strip()] = str(target).strip()
            if key == "files":
                lines[str(name).strip()] = ln
    return out[0], out[1], lines


class Matcher:
    """Screen -> list, and (list, item name) -> ('public', item id) | ('commercial', slot or '')."""

    def __init__(self, campaign: Campaign, screens: dict[str, str], files: dict[str, str]):
        self.campaign = campaign
        self.by_id = {pl.id: pl for pl in campaign.placements}
        self.by_name = {pl.name: pl for pl in campaign.placements}
        self.screens = screens
        self.files = files
        self._codes = None

    def list_of(self, screen: str) -> PlacementList | None:
        target = self.screens.get(screen)
        if target is not None:
            return self.by_id.get(target)
        return self.by_id.get(screen) or self.by_name.get(screen)

    def codes(self):
        if self._codes is None:
            from ..scans import code_index

            self._codes = code_index(self.campaign)
        return self._codes

    def _target(self, pl: PlacementList, name: str) -> tuple[str, str] | None:
        if name == "commercial":
            return "commercial", ""
        for s in pl.slots:
            if s.id == name:
                return ("public", s.ref or "") if s.kind == "public" else ("commercial", s.id)
        if self.campaign.item(name) is not None:
            return "public", name
        return None

    def item_of(self, pl: PlacementList, name: str) -> tuple[str, str] | None:
        base = PurePosixPath(name.replace("\\", "/")).name
        stem = base.rsplit(".", 1)[0] if "." in base else base
        for key in dict.fromkeys((name, base)):
            if key in self.files:
                return self._target(pl, self.files[key])
        for key in dict.fromkeys((name, base, stem)):
            hit = self._target(pl, key)
            if hit is not None:
                return hit
            target = self.codes().get(key.upper())
            if target is not None:
                if getattr(target, "list_id", None) == pl.id and getattr(target, "slot_id", None):
                    hit = self._target(pl, target.slot_id)
                    if hit is not None:
                        return hit
                if target.item_id and self.campaign.item(target.item_id) is not None:
                    return "public", target.item_id
        for s in pl.slots:
            if s.kind == "commercial" and s.advertiser and s.advertiser in (name, stem):
                return "commercial", s.id
        return None


def _frac(d: Decimal) -> Fraction:
    return Fraction(d)


def load_plays(campaign: Campaign) -> PlayData:
    """Every play log of the campaign, matched and totalled (cached on the campaign object)."""
    cached = campaign.__dict__.get("_playlogs")
    if cached is not None:
        return cached
    data = _load(campaign)
    object.__setattr__(campaign, "_playlogs", data)
    return data


def boundaries(campaign: Campaign) -> list[int]:
    return sorted({m for pl in campaign.placements for w in pl.rule.hours for m in (w.start, w.end)} - {0, 1440})


def _load(campaign: Campaign) -> PlayData:
    root = campaign.root
    data = PlayData()
    files = log_files(root)
    if not files:
        return data
    data.strict, errs = settings(campaign)
    data.findings.extend(errs)
    screens, file_map, _lines_of_files = read_map(root, data.findings)
    match = Matcher(campaign, screens, file_map)
    for name, target in screens.items():
        if target not in match.by_id:
            data.findings.append(Finding("playlogs.map", data.severity, _(
                "screen '{name}' maps to '{target}', which is no placement list, so its plays are not counted").format(
                    name=name, target=target),
                                         file=f"{PLAYLOGS_DIR}/{MAP_FILE}", field=f"screens.{name}",
                                         fix=_("use the id of a list in posters/placements/: its 'id:' line, else its "
                                               "file name without the extension")))
    bounds = boundaries(campaign)
    edges = [0, *bounds, 1440]  # bucket b covers minutes edges[b] .. edges[b + 1]
    sev = data.severity
    sums: dict[str, dict] = {}
    con = connect()
    try:
        for path in files:
            rel = path.relative_to(root).as_posix()
            data.files.append(rel)
            try:
                totals = aggregate(path, bounds, con)
            except PlayLogProblem as p:
                data.findings.append(Finding("playlog.unreadable", sev, p.message, file=rel, line=p.line,
                                             fix=p.fix))
                continue
            data.rows += totals.total_rows
            _file_findings(data, rel, totals, sev)
            bad_screens: Counter[str] = Counter()
            bad_items: Counter[tuple[str, str]] = Counter()
            outside: Counter[str] = Counter()
            resolved: dict[tuple[str, str], tuple[str, str] | None] = {}
            for screen, item, day, b, seconds, n in totals.rows:
                pl = match.list_of(screen)
                if pl is None:
                    bad_screens[screen] += n
                    continue
                if not pl.start <= day <= pl.end:
                    outside[pl.id] += n
                    continue
                key = (pl.id, item)
                if key not in resolved:
                    resolved[key] = match.item_of(pl, item)
                hit = resolved[key]
                if hit is None:
                    bad_items[key] += n
                    continue
                kind, ref = hit
                acc = sums.setdefault(pl.id, {"days": defaultdict(lambda: [Decimal(0), Decimal(0)]),
                                              "buckets": defaultdict(lambda: [Decimal(0), Decimal(0)]),
                                              "played": defaultdict(set), "files": set()})
                acc["files"].add(rel)
                for k in (day, (day, b)):
                    slot = acc["days"][k] if k is day else acc["buckets"][k]
                    slot[1] += seconds
                    if kind == "public":
                        slot[0] += seconds
                if kind == "public" and ref:
                    acc["played"][day].add(ref)
            _match_findings(data, rel, bad_screens, bad_items, outside, sev)
    finally:
        con.close()
    for lid, acc in sums.items():
        pl = match.by_id[lid]
        lp = ListPlays(pl, files=acc["files"])
        lp.days = {d: (_frac(p), _frac(t)) for d, (p, t) in acc["days"].items()}
        lp.played = dict(acc["played"])
        for w in pl.rule.hours:
            inside = [b for b in range(len(edges) - 1) if w.start <= edges[b] and edges[b + 1] <= w.end]
            for d in lp.days:
                p = sum((acc["buckets"][(d, b)][0] for b in inside if (d, b) in acc["buckets"]), Decimal(0))
                t = sum((acc["buckets"][(d, b)][1] for b in inside if (d, b) in acc["buckets"]), Decimal(0))
                lp.windows[(d, w)] = (_frac(p), _frac(t))
        data.lists[lid] = lp
    return data


def _lines(lines: list[int]) -> str:
    return ", ".join(map(str, lines))


def _where(lines: list[int]) -> str:
    """Where the first bad rows are, for a message: their lines, or that they could not be told apart."""
    from ..i18n import _

    if lines:
        return _("first at line(s) {lines}").format(lines=_lines(lines))
    return _("their lines could not be found again when the file was read a second time")


def _file_findings(data: PlayData, rel: str, t, sev: Severity) -> None:
    from ..i18n import _

    if t.bad_time:
        data.findings.append(Finding(
            "playlog.bad-time", sev, _("{n} row(s) have a time that cannot be read ({where}); they are not "
                                       "counted").format(n=f"{t.bad_time:,}", where=_where(t.bad_lines)),
            file=rel, line=t.bad_lines[0] if t.bad_lines else None,
            fix=_("write times as 2026-10-01 19:00:05 (or 2026/10/01 19:00:05), as the signage system exports them")))
    if t.bad_seconds:
        data.findings.append(Finding(
            "playlog.bad-seconds", sev, _("{n} row(s) have a duration that is not a number of seconds ({where}); "
                                          "they are not counted").format(n=f"{t.bad_seconds:,}",
                                                                         where=_where(t.bad_lines)),
            file=rel, line=t.bad_lines[0] if t.bad_lines else None,
            fix=_("write the seconds played as a number, e.g. 15 (an end before the start gives a negative one)")))


def _names(c: Counter, label) -> str:
    top = c.most_common(MAX_NAMES)
    text = ", ".join(f"'{label(k)}' ({n:,})" for k, n in top)
    if len(c) > MAX_NAMES:
        text = _("{names} and {n} more").format(names=text, n=len(c) - MAX_NAMES)
    return text


def _match_findings(data: PlayData, rel: str, screens: Counter, items: Counter, outside: Counter,
                    sev: Severity) -> None:
    if screens:
        data.findings.append(Finding(
            "playlog.unmatched-screen", sev, _("{plays} play(s) on {n} screen(s) that match no placement list are "
                                               "not counted: {names}").format(
                plays=f"{sum(screens.values()):,}", n=len(screens), names=_names(screens, str)), file=rel,
            fix=_("map each screen to its list in {file} ('screens:' then 'name: list-id'), or name the screen "
                  "after the list's id").format(file=f"{PLAYLOGS_DIR}/{MAP_FILE}")))
    if items:
        data.findings.append(Finding(
            "playlog.unmatched-item", sev, _("{plays} play(s) of {n} item(s) that match no slot or campaign item are "
                                             "not counted: {names}").format(
                plays=f"{sum(items.values()):,}", n=len(items),
                names=_names(items, lambda k: _("{item} on {screen}").format(item=k[1], screen=k[0]))), file=rel,
            fix=_("map each file to a slot id, item id or 'commercial' in {file} ('files:' then 'name: id'), or "
                  "name the file after the item (ad-banmaxian.mp4)").format(file=f"{PLAYLOGS_DIR}/{MAP_FILE}")))
    if outside:
        data.findings.append(Finding(
            "playlog.outside-period", sev, _("{plays} play(s) fall outside their list's period and are not counted: "
                                             "{names}").format(plays=f"{sum(outside.values()):,}",
                                                               names=_names(outside, str)), file=rel,
            fix=_("check the export's dates, or widen the list's period")))
