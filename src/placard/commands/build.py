"""placard build: check, then build the public site and the staff site (and posters) atomically."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import outdir
from ..build import BuildFailed, OutputRefused, build_site, check_out, swap_all
from ..i18n import _
from .common import add_date, add_dir, add_trust, fail, load_or_fail, trusted


def add_parser(sub):
    p = sub.add_parser(
        "build",
        help=_("check the campaign, then build the public website, the staff website and posters"),
        description=_(
"Check the campaign; if it is clean, build the public website (MkDocs + Material) into "
        "the output folder, then the staff website (placement lists, print files, ledger, approvals; "
        "内部资料) beside it. A failed build leaves the previous output untouched. "
        "Each output folder is replaced as a whole (entries starting with '.' are kept); placard "
        "refuses a folder it did not make, a source folder and the campaign folder."),
    )
    add_dir(p)
    p.add_argument("--out", metavar="DIR", help=_("the public site's folder (default: site_dir of mkdocs.yml, 'site')"))
    p.add_argument("--staff-out", metavar="DIR",
                   help=_("the staff site's folder (default: extra.placard.staff_dir of mkdocs.yml, 'staff')"))
    p.add_argument("--no-staff", action="store_true", help=_("build the public site only"))
    p.add_argument("--clean", action="store_true",
                   help=_(
"replace the output folders even though they have no .placard-site marker "
                        "(a site from another tool, or an older placard)"))
    p.add_argument("--preview", action="store_true", help=_("also show drafts, each marked 草稿"))
    p.add_argument("--no-posters", action="store_true", help=_("build the websites without poster files"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("show MkDocs' progress messages"))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=_(
                       "the closing summary (where the time went: load, checks, pages, posters, search) as a "
                       "table, or as JSON on stdout (messages and findings then go to stderr)"))
    p.add_argument("--no-progress", action="store_true", help=_("no progress bars (they show on a terminal only)"))
    add_trust(p)
    add_date(p)
    return p


def _checked(args, timings, out) -> object | None:
    """Load and check with each part timed; the findings are printed as ``checked`` prints them."""
    from ..engine import CheckResult, run_checks
    from ..findings import has_errors, render_text

    with timings.phase("load"):
        loaded = load_or_fail(args.dir, args.date)
    if loaded is None:
        return None
    findings = list(loaded.findings)
    if loaded.campaign is not None:
        with timings.phase("checks"):
            findings.extend(run_checks(loaded.campaign))
    findings = trusted(args, findings)
    result = CheckResult(loaded.campaign, findings)
    if findings:
        print(render_text(findings), file=sys.stderr if has_errors(findings) else out)
    if not result.ok:
        print(_("placard: build stopped; the previous output was left as it was."), file=sys.stderr)
        return None
    return result


def run(args) -> int:
    from ..heap import few_full_collections

    with few_full_collections():  # a build keeps its objects to the end: full collections find nothing
        return _run(args)


def _run(args) -> int:
    from ..sites import apart_problem, staff_out

    if args.no_staff and args.staff_out:
        print(_("placard build: error: --no-staff and --staff-out contradict each other: give one"), file=sys.stderr)
        return 2
    root = Path(args.dir).resolve()
    given_out = Path(args.out) if args.out else None
    if (root / "mkdocs.yml").is_file():  # before the checks: a refused folder is known at once
        try:
            check_out(root, given_out, clean=args.clean)
            if args.staff_out:
                check_out(root, Path(args.staff_out), clean=args.clean)
        except OutputRefused as exc:
            return fail(str(exc))
    from ..timing import Timings

    timings = Timings()
    as_json = args.format == "json"
    say = sys.stderr if as_json else sys.stdout  # with --format json, stdout holds the JSON alone
    result = _checked(args, timings, say)
    if result is None:
        return 1
    out = check_out(root, given_out, clean=args.clean)
    staff = None
    if not args.no_staff:
        staff = Path(args.staff_out).resolve() if args.staff_out else staff_out(root, result.campaign.config.raw)
        problem = apart_problem(out, staff, root, result.campaign.docs_dir)
        if problem:
            where = "--staff-out" if args.staff_out else _("extra.placard.staff_dir in mkdocs.yml")
            print(_("placard: error: {problem}. Choose another folder ({where}); nothing was built.")
                  .format(problem=problem, where=where), file=sys.stderr)
            return 1
        try:
            check_out(root, staff, clean=args.clean)
        except OutputRefused as exc:
            return fail(str(exc))
    common = dict(preview=args.preview, posters=not args.no_posters, today=args.date, result=result,
                  verbose=args.verbose, clean=args.clean, timings=timings,
                  progress=False if args.no_progress else None)
    sites: list[dict] = []

    def summary(code: int) -> int:
        if as_json:
            print(json.dumps({"ok": code == 0, "sites": sites, **timings.as_dict()}, ensure_ascii=False))
        else:
            print("\n" + _("placard: where the time went") + "\n" + timings.table())
        return code

    try:  # both sites are built first, then swapped in together: a failure leaves both previous sites
        report = build_site(root, out, audience="public", swap=False, **common)
    except OutputRefused as exc:
        return fail(str(exc))
    except BuildFailed as exc:
        print(_("placard: build failed: {problem}\nThe previous output was left as it was.").format(problem=exc),
              file=sys.stderr)
        return 1
    pending = [(report.pending, report.site_dir)]
    reports = [("public", report)]
    if staff is not None:
        try:
            staff_report = build_site(root, staff, audience="staff", swap=False, **common)
        except (OutputRefused, BuildFailed) as exc:
            outdir.remove_tree(report.pending)
            print(_("placard: the staff site's build failed: {error}\nNeither site was replaced: the previous "
                    "public and staff sites were left as they were.").format(error=exc), file=sys.stderr)
            return summary(1)
        pending.append((staff_report.pending, staff_report.site_dir))
        reports.append(("staff", staff_report))
    try:
        swap_all(pending)
    except BuildFailed as exc:
        print(_("placard: build failed: {error}\nThe previous sites were left as they were.").format(error=exc),
              file=sys.stderr)
        return summary(1)
    for site, rep in reports:
        if site == "public":
            print(_("placard: built the public site {dir} in {seconds} s").format(
                dir=rep.site_dir, seconds=f"{rep.seconds:.1f}"), file=say)
        else:
            print(_("placard: built the staff site {dir} in {seconds} s (内部资料: host it internally, see the "
                    "manual, 发布网站)").format(dir=rep.site_dir, seconds=f"{rep.seconds:.1f}"), file=say)
        sites.append({"site": site, "dir": str(rep.site_dir), "seconds": round(rep.seconds, 3)})
    return summary(0)
