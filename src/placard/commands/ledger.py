"""placard ledger: the inspection ledger (迎检台账) as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from .. import outdir
from ..findings import render_text
from ..i18n import _
from ..ledger import ledger_rows, patrols_path, sheet_path, summary_path, write_csv, write_xlsx
from ..placements.load import PLACEMENTS_DIR
from .common import add_date, add_dir, fail, load_or_fail


def add_parser(sub):
    p = sub.add_parser(
        "ledger",
        help=_("write the inspection ledger of every placement list (CSV or XLSX)"),
        description=_(
"Write the inspection ledger (迎检台账): one row per slot of every placement list, "
        "and per list its public-benefit share and pass/fail on --date (default: today)."),
    )
    add_dir(p)
    p.add_argument("--format", choices=("csv", "xlsx"), default=None,
                   help=_("file format (default: from --out's extension, else xlsx)"))
    add_date(p)
    p.add_argument("--out", metavar="FILE", default=None,
                   help=_("where to write (default: ledger-DATE.xlsx in the current folder)"))
    return p


def run(args) -> int:
    day = args.date or dt.date.today()
    loaded = load_or_fail(args.dir, day)
    if loaded is None:
        return 1
    bad = [f for f in loaded.findings if f.is_error and (f.file or "").startswith(PLACEMENTS_DIR)]
    if loaded.campaign is None or bad:
        print(render_text(bad or loaded.findings))
        return fail(_("the placement lists have errors; fix them first (the ledger must be complete)"))
    fmt = args.format
    if fmt is None:
        fmt = "csv" if args.out and args.out.lower().endswith(".csv") else "xlsx"
    out = Path(args.out) if args.out else Path(f"ledger-{day.isoformat()}.{fmt}")
    if not out.parent.is_dir():
        return fail(_("{folder}: no such folder").format(folder=out.parent))
    try:  # never over a source: mkdocs.yml, slogans/, posters/ ...
        for path in (out, summary_path(out), patrols_path(out)) if fmt == "csv" else (out,):
            outdir.check_file(loaded.campaign.root, path)
    except outdir.Refused as exc:
        return fail(str(exc))
    from ..review.state import public_view

    ledger = ledger_rows(public_view(loaded.campaign)[0], day)  # what is published, as the staff site's ledger
    tmp = out.with_name(f".placard-{out.name}")
    try:
        if fmt == "csv":
            written = write_csv(ledger, tmp)
            extra = ([patrols_path(out)] if ledger.patrols is not None else []) + [
                sheet_path(out, suffix) for _t, suffix, _h, _r in ledger.sheets]  # 巡查记录, 播放 …
            for dest in extra:
                outdir.check_file(loaded.campaign.root, dest)
            finals = [out, summary_path(out), *extra]
            for w, final in reversed(list(zip(written, finals, strict=True))):
                os.replace(w, final)
            written = finals
        else:
            cut: list[str] = []
            write_xlsx(ledger, tmp, cut)
            os.replace(tmp, out)
            written = [out]
            for note in cut:
                print(_("placard: warning: {out}: {note}").format(out=out, note=note), file=sys.stderr)
    except outdir.Refused as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc))
    finally:
        tmp.unlink(missing_ok=True)
        summary_path(tmp).unlink(missing_ok=True)
        patrols_path(tmp).unlink(missing_ok=True)
        for _t, suffix, _h, _r in ledger.sheets:
            sheet_path(tmp, suffix).unlink(missing_ok=True)
    fails = ledger.failing
    said = _("wrote {files}: {slots} slots in {lists} lists, as on {day} ({fails} failing)").format(
        files=", ".join(map(str, written)), slots=len(ledger.slots), lists=len(ledger.summary), day=day,
        fails=fails)
    if ledger.patrols is not None:
        said += _("; {n} patrol records").format(n=len(ledger.patrols))
    print(said, file=sys.stdout)
    return 0
