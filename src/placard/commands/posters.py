"""placard posters: render poster sets (PNG, print PDF, preview, contact sheets) and verify codes."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..i18n import _, ngettext
from .common import add_date, add_dir, checked, fail


def add_parser(sub):
    p = sub.add_parser(
        "posters",
        help=_("render the poster sets in posters/*.yml into the staff site folder"),
        description=_(
"Check the campaign, then render every poster of the sets in posters/*.yml "
        "(PNG at the format's dpi, print PDF with 3 mm bleed and crop marks, a preview, and one "
        "contact sheet per set) into STAFF/posters/ (the staff site). Unchanged posters come from the cache."),
    )
    add_dir(p)
    p.add_argument("--set", action="append", metavar="NAME", help=_("only this set (file name without .yml); repeatable"))
    p.add_argument("--format", metavar="F", help=_("only posters in this format (e.g. A3)"))
    p.add_argument("--verify", action="store_true",
                   help=_(
"decode every QR code at full size and in 20 simulated phone photos from its format's "
                        "scanning distance (rate per format; below 95%% is an error), and check that it leads "
                        "to a page of the built public site"))
    p.add_argument("--jobs", type=int, default=0, metavar="N", help=_("processes to render with (default: one per CPU this process may use, at most 8)"))
    p.add_argument("--out", metavar="DIR",
                   help=_("where the posters go (default: the staff site, extra.placard.staff_dir or 'staff')"))
    p.add_argument("--site", metavar="DIR",
                   help=_("the built public site --verify follows the codes into (default: site_dir of mkdocs.yml)"))
    p.add_argument("--clean", action="store_true",
                   help=_(
"write into --out even though it has no .placard-site marker (a placard output "
                        "from an older version)"))
    add_date(p)
    return p


def run(args) -> int:
    from .. import outdir
    from ..build import default_out
    from ..posters.build import build_posters
    from ..posters.plan import make_plan
    from ..sites import staff_out

    if args.jobs < 0:
        print(_("placard posters: error: --jobs must be 0 (one per usable CPU) or more"), file=sys.stderr)
        return 2
    result = checked(args.dir, args.date, _("posters not rendered: fix the errors above first."))
    if result is None:
        return 1
    from ..review.state import public_view

    campaign, _held = public_view(result.campaign)  # reviewed versions only (an edit waits for its sign-offs)
    plan = make_plan(campaign)
    names = {s.name for s in plan.sets}
    for name in args.set or ():
        if name not in names:
            return fail(_("there is no poster set '{name}'; sets: {sets}").format(
                name=name, sets=", ".join(sorted(names)) or _("(none: add posters/*.yml)")))
    if args.format and args.format not in plan.formats and args.format not in {j.format for j in plan.jobs}:
        return fail(_("unknown format '{name}'; formats: {formats}").format(name=args.format, formats=", ".join(plan.formats)))
    root = Path(args.dir).resolve()
    public = Path(args.site).resolve() if args.site else default_out(root)
    try:  # posters go into OUT/posters/: the same rules as the site's output folder
        out = outdir.check(root, Path(args.out) if args.out else staff_out(root, campaign.config.raw),
                           clean=args.clean, replace=False)
        outdir.mark(out)
    except outdir.Refused as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(_("cannot write the output folder: {problem}").format(problem=exc))

    def wanted(job) -> bool:
        return (not args.set or job.set in args.set) and (not args.format or job.format == args.format)

    jobs = [j for j in plan.jobs if wanted(j)]
    if not jobs:
        print(_("placard: no posters to render (no set matches, or the sets select no published item)."))
        return 0
    private = sorted({j.set for j in jobs if j.set not in plan.public_sets})
    if private and (out == public or public in out.parents):
        return fail(_("{out} is the public site, and the poster sets {sets} are for staff only "
                      "(extra.placard.posters.public_sets lists the public ones): leave out --out (the staff site) "
                      "or choose another folder").format(out=out, sets=", ".join(private[:5])))
    filtered = bool(args.set or args.format)  # a full run (no filter) also prunes the cache
    report = build_posters(campaign, plan, out, workers=args.jobs, sets=wanted if filtered else None)
    for job, problem in report.failed:
        print(_("placard: error: {message}").format(message=f"{job.out}: {problem}"), file=sys.stderr)
    print(f"placard: {report.summary()} → {out / 'posters'}")
    print(ngettext("placard: {n} contact sheet: {names}", "placard: {n} contact sheets: {names}", len(report.sheets))
          .format(n=len(report.sheets), names=", ".join(report.sheets)))
    if report.failed:
        return 1
    if args.verify:
        return _verify(campaign, plan, jobs, out, public, args.jobs)
    return 0


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two); negative: right-aligned."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, abs(width) - used)
    return fill + text if width < 0 else text + fill


def _verify(campaign, plan, jobs, out: Path, site: Path, workers: int) -> int:
    """Decode the posters in ``out`` at full size and in simulated phone photos from where residents
    stand (rate per format; below 95 % is an error); each code must lead to a page of the public site ``site``."""
    from ..cpus import worker_count
    from ..findings import error
    from ..posters.build import die_with_parent
    from ..posters.render import write_trim_png
    from ..posters.scanview import MIN_RATE, code_box
    from ..posters.verify import resolve, verify_one

    t0 = time.perf_counter()
    site_url = campaign.config.site_url
    no_code = sorted({j.format for j in jobs if code_box(j.spec) is None})
    jobs = [j for j in jobs if code_box(j.spec) is not None]
    if no_code:
        print(_("placard: format(s) {formats} carry no code (code: false): nothing to scan").format(formats=", ".join(no_code)))
    if not jobs:
        return 0
    tasks = []
    drawn = Path(tempfile.mkdtemp(prefix="placard-verify-"))  # pictures of print-only posters, for the scan
    try:
        for job in jobs:
            b = code_box(job.spec)
            if "png" in job.files:
                picture = out / job.files["png"]
            else:  # png: false: no PNG was made; the scan reads the same drawing, made here and removed after
                picture = drawn / f"{job.key}.png"
                if not picture.exists():
                    write_trim_png(job.spec, picture)
            tasks.append((str(picture), job.url, job.px_per_mm, job.scan_distance_m, (b.x, b.y, b.side),
                          job.scan_angle_deg))
        workers = worker_count(workers)
        if workers == 1:
            results = [verify_one(*t) for t in tasks]
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                results = list(pool.map(verify_one, *zip(*tasks, strict=True)))
    finally:
        shutil.rmtree(drawn, ignore_errors=True)
    n_full = n_far = n_res = 0
    bad = []
    rates: dict[str, list] = {}  # format -> [reads, photos, posters, posters below, distance, angle]
    for job, (full, far, problem, reads, taken) in zip(jobs, results, strict=True):
        n_full += full
        n_far += far
        r = rates.setdefault(job.format, [0, 0, 0, 0, job.scan_distance_m, job.scan_angle_deg])
        r[0] += reads
        r[1] += taken
        r[2] += 1
        r[3] += not far
        unresolved = resolve(job.url, site_url, site)
        n_res += unresolved is None
        if problem or unresolved:
            shown = job.files.get("png") or next(iter(job.files.values()))
            bad.append(f"  {shown}: " + "; ".join(p for p in (problem, unresolved) if p))
    n = len(jobs)
    print(_("placard: verified {n} code(s) in {seconds} s: {full}/{n} read at full size, {far}/{n} from the "
            "scanning distance, {res}/{n} lead to a page of the built site").format(
        n=n, seconds=f"{time.perf_counter() - t0:.1f}", full=n_full, far=n_far, res=n_res))
    print(_("placard: scan rate per format (simulated phone photos from where residents stand):"))
    heads = [_("format"), _("from"), _("angle"), _("posters"), _("photos read"), _("rate")]
    print("  " + " ".join(pad(h, w) for h, w in zip(heads, (22, -6, -5, -7, -12, -6), strict=True)))
    below = []
    for name, (reads, taken, posters, low, dist, angle) in sorted(rates.items()):
        rate = reads / taken if taken else 0.0
        print(f"  {name:<22} {dist:>5g}m {angle:>4g}° {posters:>7} {f'{reads}/{taken}':>12} {rate:>6.0%}")
        if rate < MIN_RATE or low:
            fmt = plan.formats.get(name)
            below.append(error(
                "poster.scan-rate",
                _("format '{name}': its codes read in {reads} of {taken} simulated phone photos from {dist} m "
                  "({rate}; {low} of {posters} poster(s) below {min})").format(
                    name=name, reads=reads, taken=taken, dist=f"{dist:g}", rate=f"{rate:.0%}", low=low,
                    posters=posters, min=f"{MIN_RATE:.0%}"),
                file=fmt.file if fmt else None, line=dict(fmt.lines).get("scan_distance_m", fmt.line) if fmt else None,
                field=f"{name}.scan_distance_m",
                fix=_("give the code a bigger box in the template, or use a larger format; if residents stand "
                      "closer, lower scan_distance_m in posters/formats.yml")))
    for f in below:
        print(f.render(), file=sys.stderr)
    if bad:
        print(_("placard: error: these codes failed:") + "\n" + "\n".join(bad), file=sys.stderr)
        if n_res < n:
            print(_("placard: build the site first ('placard build') so the codes' pages exist."), file=sys.stderr)
        return 1
    return 1 if below else 0
