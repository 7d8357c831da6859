"""placard binder: the inspection binder (迎检材料) as an A4 PDF, and the evidence archive (归档)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from ..files import replace_atomically
from ..findings import render_text
from ..i18n import _
from .common import add_date, add_dir, fail, load_or_fail, parse_date


def add_parser(sub):
    p = sub.add_parser(
        "binder",
        help=_("make the inspection binder (A4 PDF) and the evidence archive from the records"),
        description=_(
            "Make the inspection binder: a print-ready A4 PDF with a cover, contents, and per placement "
            "list the public-benefit share per day against the rule, its slots, the patrol history with "
            "before/after photos, play-log compliance; then approvals, scans and every source file's "
            "SHA-256. --archive also packs the binder, the ledger and every record and photo in its "
            "original bytes into a ZIP with a manifest."
        ),
    )
    add_dir(p)
    add_period(p)
    p.add_argument(
        "--out",
        metavar="FILE.pdf",
        default=None,
        help=_("where to write the binder (default: binder-FROM-TO.pdf here)"),
    )
    p.add_argument(
        "--archive",
        metavar="FILE.zip",
        default=None,
        help=_(
            "also write the evidence archive for filing (binder, ledger, records, photos, manifest)"
        ),
    )
    p.add_argument(
        "--scan-log",
        nargs="+",
        metavar="FILE",
        type=Path,
        default=None,
        help=_("web server access logs to count the scans of the printed codes from"),
    )
    return p


def add_period(p) -> None:
    add_date(p)
    p.add_argument(
        "--from",
        dest="start",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("first day of the period (default: the first day of the earliest placement list)"),
    )
    p.add_argument(
        "--to",
        dest="end",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("last day of the period (default: today, or the last list's last day)"),
    )


def load_period(args):
    """(campaign, start, end), or an exit code after printing why not."""
    from ..reports.figures import default_period

    if args.start and args.end and args.start > args.end:
        return fail(
            _("--from {start} is after --to {end}: swap them").format(
                start=args.start, end=args.end
            )
        )
    loaded = load_or_fail(args.dir, args.date or dt.date.today())
    if loaded is None:
        return 1
    if loaded.campaign is None:
        print(render_text(loaded.findings), file=sys.stderr)
        return fail(_("the campaign could not be loaded; fix the errors above (placard check)"))
    start, end = default_period(loaded.campaign)
    start, end = args.start or start, args.end or end
    if start > end:
        return fail(
            _("the period starts on {start}, after its end on {end}: give --from and --to").format(
                start=start, end=end
            )
        )
    return loaded.campaign, start, end


def _scan_rows(campaign, logs: list[Path], start, end) -> tuple[list, str]:
    from ..scans import LogProblem, read_log, scan_report

    read = []
    for path in logs:
        try:
            read.append(read_log(path))
        except LogProblem as exc:
            return [], str(exc)
    report = scan_report(campaign, read, start, end)
    rows = [
        (
            r.code,
            r.target.title if r.target else _("(a code this campaign never had)"),
            r.target.list_name if r.target else "",
            r.scans,
            r.visitors,
        )
        for r in report.codes
        if r.scans
    ]
    note = "" if rows else _("The access logs hold no scan in the period.")
    return rows, note


def run(args) -> int:
    from ..reports import figures as F
    from ..reports.binder import write_binder
    from ..reports.outputs import OutputRefused, check_output

    got = load_period(args)
    if isinstance(got, int):
        return got
    campaign, start, end = got
    out = (
        Path(args.out)
        if args.out
        else (None if args.archive else Path(f"binder-{start}-{end}.pdf"))
    )
    try:
        if out is not None:
            out = check_output(campaign.root, out, "pdf")
        archive = check_output(campaign.root, Path(args.archive), "zip") if args.archive else None
    except OutputRefused as exc:
        return fail(str(exc))
    scans, note = ([], "") if not args.scan_log else _scan_rows(campaign, args.scan_log, start, end)
    figs = F.period_figures(campaign, start, end)
    made = args.date or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="placard-binder-out-") as tmp:
        pdf = Path(tmp) / "binder.pdf"
        try:
            ctx = write_binder(campaign, figs, pdf, scans=scans, scan_note=note, made=made)
        except OSError as exc:
            return fail(_("cannot make the binder: {error}").format(error=exc.strerror or exc))
        try:
            if out is not None:
                replace_atomically(out, lambda t: t.write_bytes(pdf.read_bytes()))
            if archive is not None:
                from ..ledger import ledger_rows, write_xlsx
                from ..reports.archive import write_archive

                ledger = Path(tmp) / "ledger.xlsx"
                write_xlsx(ledger_rows(campaign, end), ledger)
                replace_atomically(
                    archive,
                    lambda t: write_archive(campaign.root, t, pdf, ledger, f"{start} — {end}"),
                )
        except OSError as exc:
            return fail(
                _("cannot write {path}: {error}").format(
                    path=out or archive, error=exc.strerror or exc
                )
            )
    for line in ctx.photos_unreadable:
        print(
            _("placard: warning: photo left out of the binder: {what}").format(what=line),
            file=sys.stderr,
        )
    if ctx.missing_glyphs:
        print(
            _(
                "placard: warning: the font lacks {chars}; they show as empty boxes in the binder"
            ).format(chars=" ".join(ctx.missing_glyphs)),
            file=sys.stderr,
        )
    written = [str(p) for p in (out, archive) if p is not None]
    print(
        _("wrote {files}: {lists} placement lists, period {start} to {end}").format(
            files=", ".join(written), lists=len(figs.lists), start=start, end=end
        )
    )
    return 0
