"""placard scans: scan statistics of the printed QR codes, from the web server's access logs."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

from .. import outdir
from ..files import replace_atomically
from ..findings import render_text
from ..i18n import N_, _, in_language
from ..posters import qr as Q
from ..scans import MAX_LINE, LogProblem, ScanReport, read_log, scan_report
from ..tabular_out import csv_row
from .common import add_dir, fail, load_or_fail, parse_date

#: Texts of the report (shown in placard's language: ``--lang``, PLACARD_LANG, default 简体中文).
KINDS = {"slogan": N_("slogan"), "ad": N_("public-benefit ad"), "guide": N_("civility guide"), "": N_("unknown")}
CODE_HEADERS = (N_("QR code"), N_("short address"), N_("item id"), N_("kind"), N_("item"), N_("placement id"),
                N_("placement name"), N_("location"), N_("slot"), N_("scan count"), N_("visitor count"),
                N_("failure count"),
                N_("first scan"), N_("last scan"), N_("status"))
STATUSES = {"published": N_("published"), "retired": N_("retired"), "expired": N_("expired"), "draft": N_("draft")}
NOT_OURS = N_("(this campaign has no such QR code)")


def _kind(kind: str, tr=_) -> str:
    return tr(KINDS[kind]) if kind in KINDS else kind


def _status(status: str, tr=_) -> str:
    return tr(STATUSES[status]) if status in STATUSES else status


def add_parser(sub):
    p = sub.add_parser(
        "scans",
        help=_("count the scans of every printed QR code from the web server's access logs"),
        description=_(
"Scan statistics (扫码统计): read the access logs of the server that hosts the site "
        "(nginx or Apache, 'combined' or 'common' format, .gz too) and count, per QR code, per item and per "
        "placement list (location), the scans in the period. Robots, link previewers, HEAD requests and "
        "redirects are not counted; codes whose page failed (404) are shown apart, and scans of retired or "
        "expired items' codes (they land on the \"updated\" page) are marked."),
    )
    add_dir(p)
    p.add_argument("--log", nargs="+", required=True, metavar="FILE", type=Path,
                   help=_("access log file(s), e.g. /var/log/nginx/access.log*"))
    p.add_argument("--from", dest="start", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help=_("count scans from this day on (the day in the log's own time zone)"))
    p.add_argument("--to", dest="end", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help=_("count scans up to and including this day"))
    p.add_argument("--format", choices=("text", "csv", "json"), default="text",
                   help=_("text (a readable report), csv (one row per code, opens in Excel/WPS) or json"))
    p.add_argument("--out", metavar="FILE", default=None, help=_("write the report here instead of printing it"))
    return p


def run(args) -> int:
    if args.start and args.end and args.start > args.end:
        return fail(_("--from {start} is after --to {end}: swap them").format(start=args.start, end=args.end))
    loaded = load_or_fail(args.dir)
    if loaded is None:
        return 1
    if loaded.campaign is None:
        print(render_text(loaded.findings), file=sys.stderr)
        return fail(_("the campaign could not be loaded; fix the errors above (placard check)"))
    logs = []
    for path in args.log:
        try:
            log = read_log(path)
        except LogProblem as exc:
            return fail(str(exc))
        if log.skipped:
            said = _("placard: warning: {path}: {skipped} of {lines} lines are not in the access log format and "
                     "were skipped (the first is line {first})").format(
                path=path, skipped=log.skipped, lines=log.lines, first=log.first_skipped)
            if log.overlong:
                said += _("; {n} of them longer than {kib} KiB, which no access log line is").format(
                    n=log.overlong, kib=MAX_LINE // 1024)
            print(said, file=sys.stderr)
        logs.append(log)
    report = scan_report(loaded.campaign, logs, args.start, args.end)
    site = loaded.campaign.config.site_url
    if args.format == "csv":
        text = render_csv(report, site, loaded.campaign.config.language)
    else:
        text = {"text": render_text_report, "json": render_json}[args.format](report, site)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if not out.parent.is_dir():
        return fail(_("{folder}: no such folder (for --out {out})").format(folder=out.parent, out=out))
    try:  # never over a source: mkdocs.yml, slogans/, posters/ ...
        outdir.check_file(loaded.campaign.root, out)
    except outdir.Refused as exc:
        return fail(str(exc))
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"  # Excel and WPS read a BOM'd CSV right
    try:
        replace_atomically(out, lambda tmp: tmp.write_text(text, encoding=encoding, newline=""))
    except OSError as exc:
        return fail(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc))
    print(_("wrote {out}: {scans} scans of {codes} codes").format(
        out=out, scans=report.scans, codes=sum(1 for r in report.codes if r.scans)))
    return 0


def _when(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else ""


def _code_fields(row, site: str | None, tr=_) -> list:
    t = row.target
    return [
        row.code, Q.code_url(site, row.code) if site else f"/{Q.REDIRECT_DIR}/{row.code}/",
        t.item_id if t else "", _kind(t.kind, tr) if t else tr(KINDS[""]), t.title if t else tr(NOT_OURS),
        t.list_id if t else "", t.list_name if t else "", t.location if t else "", t.slot_id if t else "",
        row.scans, row.visitors, row.failed, _when(row.first), _when(row.last),
        _status(t.status, tr) if t else "",
    ]


def render_csv(report: ScanReport, site: str | None, language: str | None = None) -> str:
    """One row per code, in the campaign's ``language`` (a spreadsheet for the office, like the ledger)."""

    def tr(msgid: str) -> str:
        return in_language(language, msgid)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([tr(h) for h in CODE_HEADERS])
    w.writerows(csv_row(_code_fields(r, site, tr)) for r in report.codes)  # '=…' titles stay text in Excel
    return buf.getvalue()


def render_json(report: ScanReport, site: str | None) -> str:
    def total(r):
        return {"id": r.key, "title": r.title, "detail": r.detail, "scans": r.scans, "visitors": r.visitors}

    data = {
        "from": report.start.isoformat() if report.start else None,
        "to": report.end.isoformat() if report.end else None,
        "scans": report.scans, "visitors": report.visitors, "failed": report.failed,
        "unknown_code_scans": report.unknown, "retired_code_scans": report.retired, "robots": report.robots,
        "lines": report.lines, "skipped_lines": report.skipped,
        "codes": [
            {
                "code": r.code, "url": Q.code_url(site, r.code) if site else None,
                "item": r.target.item_id if r.target else None, "kind": r.target.kind if r.target else None,
                "title": r.target.title if r.target else None,
                "status": (r.target.status or None) if r.target else None,
                "list": (r.target.list_id or None) if r.target else None,
                "location": (r.target.location or None) if r.target else None,
                "slot": (r.target.slot_id or None) if r.target else None,
                "scans": r.scans, "visitors": r.visitors, "failed": r.failed,
                "first": r.first.isoformat() if r.first else None, "last": r.last.isoformat() if r.last else None,
            }
            for r in report.codes
        ],
        "items": [total(r) for r in report.items],
        "lists": [total(r) for r in report.lists],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (a CJK character takes two), ending in '…' when cut."""
    if _width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        if used + _width(c) > width - 1:
            break
        out.append(c)
        used += _width(c)
    return "".join(out) + "…"


def _table(headers: tuple, rows: list[list], widths: tuple) -> list[str]:
    def line(cells):
        parts = []
        for cell, w in zip(cells, widths, strict=True):
            s = _cut(str(cell), abs(w))
            pad = " " * max(0, abs(w) - _width(s))
            parts.append(pad + s if w < 0 else s + pad)  # negative width: right-aligned (numbers)
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * abs(w) for w in widths]), *(line(r) for r in rows)]


def render_text_report(report: ScanReport, site: str | None) -> str:
    if report.start or report.end:
        period = _("{start} to {end}").format(start=report.start or "…", end=report.end or "…")
    else:
        period = _("every day in the logs")
    out = [_("Scan statistics ({period}): {scans} scans, {visitors} visitors").format(
        period=period, scans=report.scans, visitors=report.visitors)]
    if not report.codes:
        out.append(_("The logs hold no visit to this site's QR short addresses ({path}).").format(path="/Q/…/"))
    else:
        out.append("")
        out.append(_("By QR code:"))
        rows = []
        for r in report.codes:
            t = r.target
            where = f"{t.list_name} · {t.location}" if t and t.list_id else (_("(the item's own code)") if t else "")
            title = ((_("(retired) ") if t.retired else "") + t.title) if t else _(NOT_OURS)
            rows.append([r.code, title, where, r.scans, r.visitors, r.failed,
                         _when(r.last)])
        out += _table((_("QR code"), _("item"), _("placement"), _("scans"), _("visitors"), _("failed"),
                       _("last scan")), rows, (6, 30, 28, -6, -6, -6, 16))
    if report.items:
        out += ["", _("By item:")]
        out += _table((_("item id"), _("item"), _("kind"), _("scans"), _("visitors")),
                      [[r.key, r.title, _kind(r.detail), r.scans, r.visitors] for r in report.items],
                      (20, 30, 8, -6, -6))
    if report.lists:
        out += ["", _("By placement:")]
        out += _table((_("placement id"), _("placement name"), _("location"), _("scans"), _("visitors")),
                      [[r.key, r.title, r.detail, r.scans, r.visitors] for r in report.lists], (20, 24, 24, -6, -6))
    notes = []
    if report.failed:
        notes.append(_("{n} scans failed to open (the server answered with an error such as 404): check that "
                       "these codes' pages are published.").format(n=report.failed))
    if report.retired:
        notes.append(_("{n} scans came from codes of retired or expired items (the scan shows the \"updated\" "
                       "page): these posters can be replaced.").format(n=report.retired))
    if report.unknown:
        notes.append(_("{n} scans were of codes that are not this campaign's (perhaps an older campaign's "
                       "posters).").format(n=report.unknown))
    if report.skipped:
        notes.append(_("{lines} log lines read; not counted: {robots} robot, link-preview and HEAD requests, "
                       "{skipped} lines not understood.").format(lines=report.lines, robots=report.robots,
                                                                 skipped=report.skipped))
    else:
        notes.append(_("{lines} log lines read; not counted: {robots} robot, link-preview and HEAD requests.")
                     .format(lines=report.lines, robots=report.robots))
    out += ["", *notes]
    return "\n".join(out) + "\n"
