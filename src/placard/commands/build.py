"""placard build: check, then build the public site and the staff site (and posters) atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from ..build import BuildFailed, OutputRefused, build_site, check_out
from .common import add_date, add_dir, checked, fail


def add_parser(sub):
    p = sub.add_parser(
        "build",
        help="check the campaign, then build the public website, the staff website and posters",
        description="Check the campaign; if it is clean, build the public website (MkDocs + Material) into "
        "the output folder, then the staff website (placement lists, print files, ledger, approvals; "
        "内部资料) beside it. A failed build leaves the previous output untouched. "
        "Each output folder is replaced as a whole (entries starting with '.' are kept); placard "
        "refuses a folder it did not make, a source folder and the campaign folder.",
    )
    add_dir(p)
    p.add_argument("--out", metavar="DIR", help="the public site's folder (default: site_dir of mkdocs.yml, 'site')")
    p.add_argument("--staff-out", metavar="DIR",
                   help="the staff site's folder (default: extra.placard.staff_dir of mkdocs.yml, 'staff')")
    p.add_argument("--no-staff", action="store_true", help="build the public site only")
    p.add_argument("--clean", action="store_true",
                   help="replace the output folders even though they have no .placard-site marker "
                        "(a site from another tool, or an older placard)")
    p.add_argument("--preview", action="store_true", help="also show drafts, each marked 草稿")
    p.add_argument("--no-posters", action="store_true", help="build the websites without poster files")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    add_date(p)
    return p


def run(args) -> int:
    from ..sites import apart_problem, staff_out

    if args.no_staff and args.staff_out:
        print("placard build: error: --no-staff and --staff-out contradict each other: give one", file=sys.stderr)
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
    result = checked(args.dir, args.date, "build stopped; the previous output was left as it was.")
    if result is None:
        return 1
    out = check_out(root, given_out, clean=args.clean)
    staff = None
    if not args.no_staff:
        staff = Path(args.staff_out).resolve() if args.staff_out else staff_out(root, result.campaign.config.raw)
        problem = apart_problem(out, staff, root, result.campaign.docs_dir)
        if problem:
            where = "--staff-out" if args.staff_out else "extra.placard.staff_dir in mkdocs.yml"
            print(f"placard: error: {problem}. Choose another folder ({where}); nothing was built.", file=sys.stderr)
            return 1
        try:
            check_out(root, staff, clean=args.clean)
        except OutputRefused as exc:
            return fail(str(exc))
    common = dict(preview=args.preview, posters=not args.no_posters, today=args.date, result=result,
                  verbose=args.verbose, clean=args.clean)
    try:
        report = build_site(root, out, audience="public", **common)
    except OutputRefused as exc:
        return fail(str(exc))
    except BuildFailed as exc:
        print(f"placard: build failed: {exc}\nThe previous output was left as it was.", file=sys.stderr)
        return 1
    print(f"placard: built the public site {report.site_dir} in {report.seconds:.1f} s")
    if staff is None:
        return 0
    try:
        report = build_site(root, staff, audience="staff", **common)
    except OutputRefused as exc:
        return fail(str(exc))
    except BuildFailed as exc:
        print(f"placard: the staff site's build failed: {exc}\nThe public site is built; the previous staff "
              "site was left as it was.", file=sys.stderr)
        return 1
    print(f"placard: built the staff site {report.site_dir} in {report.seconds:.1f} s (内部资料: host it "
          "internally, see README)")
    return 0
