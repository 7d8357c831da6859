"""placard build: check, then build the site (and posters) atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from ..build import BuildFailed, OutputRefused, build_site, check_out
from .common import add_date, add_dir, checked, fail


def add_parser(sub):
    p = sub.add_parser(
        "build",
        help="check the campaign, then build the website and posters",
        description="Check the campaign; if it is clean, build the website (MkDocs + Material) and "
        "posters into the output folder. A failed build leaves the previous output untouched. "
        "The output folder is replaced as a whole (entries starting with '.' are kept); placard "
        "refuses a folder it did not make, a source folder and the campaign folder.",
    )
    add_dir(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: site_dir of mkdocs.yml, 'site')")
    p.add_argument("--clean", action="store_true",
                   help="replace the output folder even though it has no .placard-site marker "
                        "(a site from another tool, or an older placard)")
    p.add_argument("--preview", action="store_true", help="also show drafts, each marked 草稿")
    p.add_argument("--no-posters", action="store_true", help="build the website only")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    add_date(p)
    return p


def run(args) -> int:
    out = Path(args.out) if args.out else None
    root = Path(args.dir).resolve()
    if (root / "mkdocs.yml").is_file():  # before the checks: a refused folder is known at once
        try:
            check_out(root, out, clean=args.clean)
        except OutputRefused as exc:
            return fail(str(exc))
    result = checked(args.dir, args.date, "build stopped; the previous output was left as it was.")
    if result is None:
        return 1
    try:
        report = build_site(
            Path(args.dir),
            out,
            preview=args.preview,
            posters=not args.no_posters,
            today=args.date,
            result=result,
            verbose=args.verbose,
            clean=args.clean,
        )
    except OutputRefused as exc:
        return fail(str(exc))
    except BuildFailed as exc:
        print(f"placard: build failed: {exc}\nThe previous output was left as it was.", file=sys.stderr)
        return 1
    print(f"placard: built {report.site_dir} in {report.seconds:.1f} s")
    return 0
