"""Scan statistics: how often each printed QR code was scanned, read from the web server's access logs.

Every code on a poster is a short URL ``<site>/Q/<CODE>/`` (see :mod:`placard.posters.qr`): per
published item, or per placement slot (so scans can be counted per location). The site is static,
so the count comes from the access logs of the server that hosts it (nginx or Apache, ``combined``
or ``common`` format, plain or ``.gz``).

:func:`read_log` turns one log into hits (only requests for ``Q/<CODE>/``); :func:`code_index` maps
every code the campaign can have printed (items of any status, every slot of every placement list)
to what it stands for; :func:`scan_report` is a pure function of the two.

What counts as a scan: a ``GET`` of a code's page that the server answered (200, or 304 when the
phone had it cached), from a client that is not a robot or link previewer. A retired or expired
item's code keeps its page (it leads to the theme's "这条内容已更新" page), so its scans count
as scans of that item, marked as no longer published: a poster that should come down. A ``301`` (the address
typed without its final ``/``) is not counted, or one scan would count twice; ``404`` and other
errors are counted apart as *failed*: a printed code that fails needs attention. A ``404`` of a code
typed in another letter case (``/q/igq67m/``) is neither: the 404 page sends the phone on to the
printed address, which counts.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import _
from .model import Campaign
from .posters import qr as Q

# host ident user [time] "request" status bytes ["referer" "user agent"]
LOG_LINE = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?:\d+|-)'
    r'(?: "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
# the same shape, checked on every line as bytes (cheap); the full pattern runs only on code requests
LOG_SHAPE = re.compile(rb'\S+ \S+ \S+ \[[^\]]*\] "[^"]*" \d{3} ')
CODE_PATH = re.compile(
    rf"/{Q.REDIRECT_DIR}/(?P<code>[A-Za-z2-7]{{{Q.CODE_LEN}}})(?:/(?:index\.html)?)?$", re.IGNORECASE
)
ROBOT = re.compile(
    r"bot\b|bot/|spider|crawl|slurp|facebookexternalhit|preview|curl/|wget/|python-|python/|go-http|"
    r"java/|okhttp|headless|libwww|httpclient|monitor|uptime",
    re.IGNORECASE,
)
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                      "Nov", "Dec"), start=1)}
SCANNED = {200, 304}


class LogProblem(Exception):
    """A log file that cannot be read as an access log (message says which file and why)."""


@dataclass(frozen=True)
class Hit:
    code: str
    when: dt.datetime  # in the log's own time zone
    status: int
    visitor: tuple[str, str]  # (address, user agent)


@dataclass
class LogRead:
    path: Path
    hits: list[Hit] = field(default_factory=list)
    lines: int = 0
    skipped: int = 0  # lines not in the common/combined format
    first_skipped: int | None = None  # line number of the first of them
    robots: int = 0  # code requests from robots and link previewers, or HEAD requests
    overlong: int = 0  # lines longer than MAX_LINE (skipped, and counted in ``skipped`` too)

    def skip(self, number: int) -> None:
        self.skipped += 1
        if self.first_skipped is None:
            self.first_skipped = number


LOG_TIME = re.compile(r"^(\d{1,2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([-+])(\d{2})(\d{2})$")


def parse_time(text: str) -> dt.datetime:
    """'26/Nov/2026:09:30:00 +0800' -> an aware datetime (month names are always English in logs).

    ValueError for anything else (no zone, a month name in another language, 31 Feb, …).
    """
    m = LOG_TIME.match(text)
    if m is None or m[2] not in MONTHS:
        raise ValueError(f"not a log time: {text!r}")
    day, month, year, hh, mm, ss, sign, zh, zm = m.groups()
    offset = dt.timedelta(hours=int(zh), minutes=int(zm)) * (-1 if sign == "-" else 1)
    if offset >= dt.timedelta(days=1):
        raise ValueError(f"not a time zone: {text!r}")
    return dt.datetime(int(year), MONTHS[month], int(day), int(hh), int(mm), int(ss), tzinfo=dt.timezone(offset))


MAX_LINE = 64 * 1024  # bytes; a request line of an access log is far shorter


def _lines(fh, out: LogRead):
    """The file's lines, each read with a bound: a longer line (a 2 GiB line in a 2 MB .gz) is
    skipped in pieces and yields None, so memory stays at MAX_LINE whatever the file holds."""
    while True:
        raw = fh.readline(MAX_LINE)
        if not raw:
            return
        if len(raw) < MAX_LINE or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = fh.readline(MAX_LINE)
        out.overlong += 1
        yield None


def read_log(path: Path) -> LogRead:
    """Read one access log (``.gz`` too). Raises :class:`LogProblem` when it cannot be an access log."""
    out = LogRead(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            for number, raw in enumerate(_lines(fh, out), start=1):
                if raw is None:  # longer than MAX_LINE: no access log line is (skipped, counted)
                    out.lines += 1
                    out.skip(number)
                    continue
                if raw.isspace():
                    continue
                out.lines += 1
                if LOG_SHAPE.match(raw) is None:
                    out.skip(number)
                    continue
                if b"/Q/" not in raw and b"/q/" not in raw:
                    continue  # most of a log: pages, styles, images
                m = LOG_LINE.match(raw.decode("utf-8", "replace"))
                if m is None:
                    out.skip(number)
                    continue
                request = m["request"].split(" ")
                if len(request) < 2:
                    continue
                target = request[1].split("?", 1)[0].split("#", 1)[0]
                c = CODE_PATH.search(target)
                if c is None:
                    continue
                try:
                    when = parse_time(m["time"])
                except ValueError:  # another format (no time zone, …)
                    out.skip(number)
                    continue
                agent = m["agent"] or ""
                if request[0] != "GET" or ROBOT.search(agent):
                    out.robots += 1
                    continue
                status = int(m["status"])
                if status == 404 and not (c.group(0).startswith(f"/{Q.REDIRECT_DIR}/") and c["code"] == c["code"].upper()):
                    continue  # another spelling (/q/…, lower case): the 404 page sends it on to /Q/<CODE>/, counted there
                out.hits.append(Hit(c["code"].upper(), when, status, (m["ip"], agent)))
    except FileNotFoundError:
        raise LogProblem(_("{path}: no such file. Give the web server's access log (e.g. "
                           "/var/log/nginx/access.log; rotated .1 and .gz files too)").format(path=path)) from None
    except IsADirectoryError:
        raise LogProblem(_("{path}: is a folder. Give the access log files inside it (e.g. {example})").format(
            path=path, example=f"{path}/access.log*")) from None
    except (OSError, EOFError) as exc:  # no permission, a damaged .gz, ...
        raise LogProblem(_("{path}: cannot read it: {error}").format(
            path=path, error=getattr(exc, "strerror", None) or exc)) from None
    if out.lines and out.skipped == out.lines:
        raise LogProblem(
            _("{path}, line {line}: not an access log in the 'combined' or 'common' format ({example}). Give the "
              "log of the web server that hosts the site (nginx's access.log, Apache's access_log); set its "
              "format to 'combined'").format(path=path, line=out.first_skipped,
                                             example='host - - [time] "GET /path HTTP/1.1" status bytes ...')
        )
    return out


@dataclass(frozen=True)
class CodeTarget:
    """What a code stands for: an item's own code, or a placement slot's."""

    code: str
    item_id: str | None
    kind: str  # slogan | ad | guide (the item's), or '' when a slot's item is unknown
    title: str
    list_id: str = ""
    list_name: str = ""
    location: str = ""
    slot_id: str = ""
    status: str = ""  # published | retired | expired (approved, not valid today) | draft; '' when unknown

    @property
    def retired(self) -> bool:
        return self.status in ("retired", "expired")


def code_index(campaign: Campaign) -> dict[str, CodeTarget]:
    """Every code the campaign can have printed: items of any status (a retired poster may still
    hang somewhere) and every slot of every placement list."""
    out: dict[str, CodeTarget] = {}
    for item in campaign.items():
        code = Q.item_code(item.kind, item.id)
        out[code] = CodeTarget(code, item.id, item.kind, item.title, status=item_status(campaign, item))
    for pl in campaign.placements:
        for slot in pl.slots:
            if slot.kind != "public" or not slot.ref:
                continue
            code = Q.slot_code(pl.id, slot.id)
            item = campaign.item(slot.ref)
            out[code] = CodeTarget(code, slot.ref, item.kind if item else "", item.title if item else slot.ref,
                                   pl.id, pl.name, pl.location, slot.id,
                                   item_status(campaign, item) if item else "")
    return out


def item_status(campaign: Campaign, item) -> str:
    a = item.approval
    if a.is_published(campaign.today):
        return "published"
    if a.status == "approved":
        return "expired"
    return a.status


@dataclass(frozen=True)
class CodeRow:
    target: CodeTarget | None  # None: a code this campaign never had
    code: str
    scans: int
    visitors: int  # distinct (day, address, user agent)
    failed: int  # answered with an error (404: the code's page is missing)
    first: dt.datetime | None
    last: dt.datetime | None


@dataclass(frozen=True)
class TotalRow:
    key: str  # item id, or placement list id
    title: str
    detail: str  # item kind, or the list's location
    scans: int
    visitors: int


@dataclass(frozen=True)
class ScanReport:
    start: dt.date | None
    end: dt.date | None
    codes: list[CodeRow]  # most scanned first
    items: list[TotalRow]
    lists: list[TotalRow]
    scans: int
    visitors: int
    failed: int
    robots: int
    lines: int
    skipped: int
    unknown: int  # scans of codes this campaign never had
    retired: int = 0  # scans of codes of retired or expired items (they land on the "updated" page)


def scan_report(campaign: Campaign, logs: list[LogRead], start: dt.date | None = None,
                end: dt.date | None = None) -> ScanReport:
    index = code_index(campaign)
    scans: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    visitors: dict[str, set] = defaultdict(set)
    first: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime] = {}
    for log in logs:
        for hit in log.hits:
            day = hit.when.date()
            if (start and day < start) or (end and day > end):
                continue
            if hit.status in SCANNED:
                scans[hit.code] += 1
                visitors[hit.code].add((day, *hit.visitor))
                if hit.code not in first or hit.when < first[hit.code]:
                    first[hit.code] = hit.when
                if hit.code not in last or hit.when > last[hit.code]:
                    last[hit.code] = hit.when
            elif hit.status >= 400:
                failed[hit.code] += 1
    codes = [
        CodeRow(index.get(code), code, scans.get(code, 0), len(visitors.get(code, ())), failed.get(code, 0),
                first.get(code), last.get(code))
        for code in set(scans) | set(failed)
    ]
    codes.sort(key=lambda r: (-r.scans, -r.failed, r.code))
    items = _totals(codes, lambda t: (t.item_id, t.title, t.kind) if t.item_id else None, visitors)
    lists = _totals(codes, lambda t: (t.list_id, t.list_name, t.location) if t.list_id else None, visitors)
    every = set().union(*visitors.values()) if visitors else set()
    return ScanReport(
        start, end, codes, items, lists,
        scans=sum(scans.values()), visitors=len(every), failed=sum(failed.values()),
        robots=sum(log.robots for log in logs), lines=sum(log.lines for log in logs),
        skipped=sum(log.skipped for log in logs),
        unknown=sum(r.scans for r in codes if r.target is None),
        retired=sum(r.scans for r in codes if r.target is not None and r.target.retired),
    )


def _totals(codes: list[CodeRow], key, visitors: dict[str, set]) -> list[TotalRow]:
    scans: dict[tuple, int] = defaultdict(int)
    seen: dict[tuple, set] = defaultdict(set)
    for row in codes:
        k = key(row.target) if row.target else None
        if k is None or not row.scans:
            continue
        scans[k] += row.scans
        seen[k] |= visitors.get(row.code, set())
    rows = [TotalRow(k[0], k[1], k[2], n, len(seen[k])) for k, n in scans.items()]
    rows.sort(key=lambda r: (-r.scans, r.key))
    return rows
