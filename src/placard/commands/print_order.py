"""placard print-order: the print order (印刷清单) as XLSX or CSV, with a contact sheet per material."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..i18n import _, ngettext
from .common import add_date, add_dir, checked, fail


def add_parser(sub):
    p = sub.add_parser(
        "print-order",
        help=_("write the print order (印刷清单): what to print, on what, how many, for where"),
        description=_(
"Write the print order (印刷清单) of every printed poster — file, format, finished size, "
        "bleed, material, quantity (a set's quantity, one per placement slot) plus spares, the placement "
        "it goes to — as XLSX or CSV, and one contact sheet PDF per material beside it."),
    )
    add_dir(p)
    p.add_argument("--run", metavar="NAME", help=_("only this poster set (posters/NAME.yml, or placement-LIST)"))
    p.add_argument("--format", choices=("xlsx", "csv"), default=None,
                   help=_("file format (default: from -o's extension, else xlsx)"))
    p.add_argument("-o", "--out", metavar="FILE", default=None,
                   help=_("where to write (default: print-order[-RUN].xlsx in the current folder)"))
    p.add_argument("--jobs", type=int, default=0, metavar="N", help=_("processes to draw missing posters with"))
    add_date(p)
    return p


def run(args) -> int:
    from .. import outdir
    from ..posters.plan import make_plan
    from ..printorder import contact_sheets, order_rows, sheet_name, write_csv, write_xlsx

    result = checked(args.dir, args.date, _("no print order: fix the errors above first."))
    if result is None:
        return 1
    from ..review.state import public_view

    campaign, _held = public_view(result.campaign)  # reviewed versions only (an edit waits for its sign-offs)
    plan = make_plan(campaign)
    names = sorted(s.name for s in plan.sets)
    if args.run and args.run not in names:
        return fail(_("there is no poster set '{name}'; sets: {sets}").format(
            name=args.run, sets=", ".join(names) or _("(none: add posters/*.yml)")))
    fmt = args.format or ("csv" if args.out and args.out.lower().endswith(".csv") else "xlsx")
    out = Path(args.out) if args.out else Path(f"print-order{'-' + args.run if args.run else ''}.{fmt}")
    if not out.parent.is_dir():
        return fail(_("{folder}: no such folder").format(folder=out.parent))
    rows = order_rows(campaign, plan, args.run)
    if not rows:
        if args.run:
            return fail(_("nothing to print: poster set '{name}' has no printed posters (screens are not printed)")
                        .format(name=args.run))
        return fail(_("nothing to print: no poster set has printed posters (screens are not printed)"))
    try:  # never over a source: mkdocs.yml, slogans/, posters/ ...
        for path in [out, *(sheet_name(out, r.material or "未指定") for r in rows)]:
            outdir.check_file(campaign.root, path)
    except outdir.Refused as exc:
        return fail(str(exc))
    tmp = out.with_name(f".placard-{out.name}")
    try:
        if fmt == "csv":
            write_csv(rows, tmp, campaign.config.language)
        else:
            cut: list[str] = []
            write_xlsx(rows, tmp, out, campaign.config.language, cut)
            for note in cut:
                print(_("placard: warning: {out}: {note}").format(out=out, note=note), file=sys.stderr)
        os.replace(tmp, out)
        sheets = contact_sheets(campaign, plan, rows, out, args.jobs)
    except OSError as exc:
        return fail(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc))
    finally:
        tmp.unlink(missing_ok=True)
    copies = sum(r.quantity + r.spares for r in rows)
    print(ngettext("wrote {out}: {files} file(s), {copies} copy to print; {n} contact sheet(s): {sheets}",
                   "wrote {out}: {files} file(s), {copies} copies to print; {n} contact sheet(s): {sheets}", copies)
          .format(out=out, files=len(rows), copies=copies, n=len(sheets), sheets=", ".join(str(s) for s in sheets)))
    return 0
