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
from ..posters import qr as Q
from ..scans import MAX_LINE, LogProblem, ScanReport, read_log, scan_report
from ..tabular_out import csv_row
from .common import add_dir, fail, load_or_fail, parse_date

KIND_ZH = {"slogan": "标语", "ad": "公益广告", "guide": "文明指南", "": "未知"}
CODE_HEADERS = ("二维码", "短地址", "内容编号", "类型", "内容", "点位编号", "点位名称", "位置", "槽位",
                "扫码次数", "访客数", "失败次数", "首次扫码", "最近扫码", "状态")
STATUS_ZH = {"published": "已发布", "retired": "已下架", "expired": "已过期", "draft": "草稿", "": ""}


def add_parser(sub):
    p = sub.add_parser(
        "scans",
        help="count the scans of every printed QR code from the web server's access logs",
        description="Scan statistics (扫码统计): read the access logs of the server that hosts the site "
        "(nginx or Apache, 'combined' or 'common' format, .gz too) and count, per QR code, per item and per "
        "placement list (location), the scans in the period. Robots, link previewers, HEAD requests and "
        "redirects are not counted; codes whose page failed (404) are shown apart, and scans of retired or "
        "expired items' codes (they land on the \"updated\" page) are marked.",
    )
    add_dir(p)
    p.add_argument("--log", nargs="+", required=True, metavar="FILE", type=Path,
                   help="access log file(s), e.g. /var/log/nginx/access.log*")
    p.add_argument("--from", dest="start", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="count scans from this day on (the day in the log's own time zone)")
    p.add_argument("--to", dest="end", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="count scans up to and including this day")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text",
                   help="text (a readable report), csv (one row per code, opens in Excel/WPS) or json")
    p.add_argument("--out", metavar="FILE", default=None, help="write the report here instead of printing it")
    return p


def run(args) -> int:
    if args.start and args.end and args.start > args.end:
        return fail(f"--from {args.start} is after --to {args.end}: swap them")
    loaded = load_or_fail(args.dir)
    if loaded is None:
        return 1
    if loaded.campaign is None:
        print(render_text(loaded.findings), file=sys.stderr)
        return fail("the campaign could not be loaded; fix the errors above (placard check)")
    logs = []
    for path in args.log:
        try:
            log = read_log(path)
        except LogProblem as exc:
            return fail(str(exc))
        if log.skipped:
            long = (f"; {log.overlong} of them longer than {MAX_LINE // 1024} KiB, which no access log line is"
                    if log.overlong else "")
            print(f"placard: warning: {path}: {log.skipped} of {log.lines} lines are not in the access log "
                  f"format and were skipped (the first is line {log.first_skipped}{long})", file=sys.stderr)
        logs.append(log)
    report = scan_report(loaded.campaign, logs, args.start, args.end)
    site = loaded.campaign.config.site_url
    text = {"text": render_text_report, "csv": render_csv, "json": render_json}[args.format](report, site)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if not out.parent.is_dir():
        return fail(f"{out.parent}: no such folder (for --out {out})")
    try:  # never over a source: mkdocs.yml, slogans/, posters/ ...
        outdir.check_file(loaded.campaign.root, out)
    except outdir.Refused as exc:
        return fail(str(exc))
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"  # Excel and WPS read a BOM'd CSV right
    try:
        replace_atomically(out, lambda tmp: tmp.write_text(text, encoding=encoding, newline=""))
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror or exc}")
    print(f"wrote {out}: {report.scans} scans of {sum(1 for r in report.codes if r.scans)} codes")
    return 0


def _when(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else ""


def _code_fields(row, site: str | None) -> list:
    t = row.target
    return [
        row.code, Q.code_url(site, row.code) if site else f"/{Q.REDIRECT_DIR}/{row.code}/",
        t.item_id if t else "", KIND_ZH.get(t.kind, t.kind) if t else "未知", t.title if t else "（本活动没有这个二维码）",
        t.list_id if t else "", t.list_name if t else "", t.location if t else "", t.slot_id if t else "",
        row.scans, row.visitors, row.failed, _when(row.first), _when(row.last),
        STATUS_ZH.get(t.status, t.status) if t else "",
    ]


def render_csv(report: ScanReport, site: str | None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CODE_HEADERS)
    w.writerows(csv_row(_code_fields(r, site)) for r in report.codes)  # '=…' titles stay text in Excel
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
    period = f"{report.start or '…'} 至 {report.end or '…'}" if report.start or report.end else "日志中的全部日期"
    out = [f"扫码统计（{period}）：{report.scans} 次扫码，{report.visitors} 位访客"]
    if not report.codes:
        out.append("日志中没有本站二维码短地址（/Q/…/）的访问记录。")
    else:
        out.append("")
        out.append("按二维码：")
        rows = []
        for r in report.codes:
            t = r.target
            where = f"{t.list_name} · {t.location}" if t and t.list_id else ("（内容本身的二维码）" if t else "")
            title = (("（已下架）" if t.retired else "") + t.title) if t else "（本活动没有这个二维码）"
            rows.append([r.code, title, where, r.scans, r.visitors, r.failed,
                         _when(r.last)])
        out += _table(("二维码", "内容", "点位", "扫码", "访客", "失败", "最近扫码"), rows, (6, 30, 28, -6, -6, -6, 16))
    if report.items:
        out += ["", "按内容："]
        out += _table(("内容编号", "内容", "类型", "扫码", "访客"),
                      [[r.key, r.title, KIND_ZH.get(r.detail, r.detail), r.scans, r.visitors] for r in report.items],
                      (20, 30, 8, -6, -6))
    if report.lists:
        out += ["", "按点位："]
        out += _table(("点位编号", "点位名称", "位置", "扫码", "访客"),
                      [[r.key, r.title, r.detail, r.scans, r.visitors] for r in report.lists], (20, 24, 24, -6, -6))
    notes = []
    if report.failed:
        notes.append(f"{report.failed} 次扫码打开失败（服务器返回错误，如 404）：请检查这些二维码对应的页面是否已发布。")
    if report.retired:
        notes.append(f"{report.retired} 次扫码来自已下架或过期内容的二维码（扫码后看到“这条内容已更新”页面）："
                     "这些海报可以撤换了。")
    if report.unknown:
        notes.append(f"{report.unknown} 次扫码的二维码不属于本活动（可能是旧活动的海报）。")
    notes.append(f"共读取 {report.lines} 行日志；未计入：机器人、链接预览和 HEAD 请求 {report.robots} 次"
                 + (f"，无法识别的行 {report.skipped} 行" if report.skipped else "") + "。")
    out += ["", *notes]
    return "\n".join(out) + "\n"
