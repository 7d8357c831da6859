"""placard summary: the work summary draft (工作总结) as a Word document, figures from the records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..files import replace_atomically
from ..i18n import _
from .binder import add_period, load_period
from .common import add_dir, fail


def add_parser(sub):
    p = sub.add_parser(
        "summary",
        help=_("write the work summary draft (DOCX) with every figure filled from the records"),
        description=_(
            "Write the work summary draft as a Word document (opens in WPS and Word) with the usual "
            "headings; every figure comes from the placement lists and patrol records of the period and "
            "says where it comes from; marked places are left for the office's own text."
        ),
    )
    add_dir(p)
    add_period(p)
    p.add_argument(
        "--out",
        metavar="FILE.docx",
        default=None,
        help=_("where to write (default: summary-FROM-TO.docx here)"),
    )
    return p


def run(args) -> int:
    from ..reports import figures as F
    from ..reports.outputs import OutputRefused, check_output
    from ..reports.summary_docx import write_summary

    got = load_period(args)
    if isinstance(got, int):
        return got
    campaign, start, end = got
    try:
        out = check_output(campaign.root, Path(args.out or f"summary-{start}-{end}.docx"), "docx")
    except OutputRefused as exc:
        return fail(str(exc))
    figs = F.period_figures(campaign, start, end)
    try:
        replace_atomically(
            out, lambda t: write_summary(campaign, figs, t, args.date or dt.date.today())
        )
    except OSError as exc:
        return fail(_("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc))
    print(
        _("wrote {path}: {lists} placement lists, period {start} to {end}").format(
            path=out, lists=len(figs.lists_in_period), start=start, end=end
        )
    )
    return 0
