"""placard check: load and validate everything, report findings."""

from __future__ import annotations

from ..findings import has_errors, render_json, render_text
from .common import add_date, add_dir, run_check


def add_parser(sub):
    p = sub.add_parser(
        "check",
        help="validate the campaign and report problems",
        description="Load and validate every slogan, guide, ad and list; exit 0 when clean, "
        "1 with a report when not.",
    )
    add_dir(p)
    add_date(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    p.add_argument(
        "--warn-only",
        action="store_true",
        help="report placement share, window and theme failures as warnings (while drafting)",
    )
    return p


def run(args) -> int:
    result = run_check(args.dir, args.date)
    if result is None:
        return 1
    findings = result.findings
    if args.warn_only:
        from ..rules.ratio import soften

        findings = soften(findings)
    if args.format == "json":
        print(render_json(findings))
    else:
        print(render_text(findings))
    return 1 if has_errors(findings) or result.campaign is None else 0
