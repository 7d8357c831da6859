"""placard check: load and validate everything, report findings."""

from __future__ import annotations

import sys

from ..findings import has_errors, render_json, render_text
from ..i18n import _
from .common import add_date, add_dir, add_trust, run_check, trusted


def add_parser(sub):
    p = sub.add_parser(
        "check",
        help=_("validate the campaign and report problems"),
        description=_(
"Load and validate every slogan, guide, ad and list; exit 0 when clean, "
        "1 with a report when not."),
    )
    add_dir(p)
    add_date(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help=_("report format"))
    p.add_argument(
        "--warn-only",
        action="store_true",
        help=_("report placement share, window and theme failures as warnings (while drafting)"),
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help=_("apply the safe punctuation fixes in place and print them as a diff, then check again"),
    )
    add_trust(p)
    p.add_argument(
        "--report",
        choices=("approvals",),
        help=_("instead of the findings, list what waits for approval and what expires within 30 days"),
    )
    return p


def run(args) -> int:
    from ..heap import few_full_collections

    with few_full_collections():  # a one-off run, as placard build: its objects live to the end (heap.py)
        return _run(args)


def _run(args) -> int:
    result = run_check(args.dir, args.date)
    if result is None:
        return 1
    if getattr(args, "report", None) == "approvals" and result.campaign is not None:
        from ..rules.approvals import render_report

        print(render_report(result.campaign, args.format))
        return 0
    if getattr(args, "fix", False) and result.campaign is not None:
        from ..files import clean_stale_temps
        from ..fix import apply_fixes, fix_folders, plan_fixes, render_diff

        clean_stale_temps(fix_folders(result.campaign))  # a killed earlier run's temporary files
        fixes = plan_fixes(result.campaign)
        apply_fixes(result.campaign.root, fixes)
        print(render_diff(fixes), file=sys.stderr if args.format == "json" else sys.stdout)
        if any(fx.changed for fx in fixes):
            result = run_check(args.dir, args.date)
            if result is None:
                return 1
        if result.campaign is not None:
            from ..fix import left_after_fix

            for line in left_after_fix(result.campaign, result.findings):
                print(line, file=sys.stderr if args.format == "json" else sys.stdout)
        if args.format == "text":
            print()
    findings = trusted(args, result.findings)
    if args.warn_only:
        from ..rules.ratio import soften

        findings = soften(findings)
    if args.format == "json":
        print(render_json(findings))
    else:
        print(render_text(findings))
    return 1 if has_errors(findings) or result.campaign is None else 0
