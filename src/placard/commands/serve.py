"""placard serve: live preview that rebuilds on edits to slogans, pages and lists."""

from __future__ import annotations

from pathlib import Path

from .common import add_dir, fail


def add_parser(sub):
    p = sub.add_parser(
        "serve",
        help="live preview in the browser, rebuilt on every edit",
        description="Serve the campaign's public site (or with --staff its staff site) on "
        "http://127.0.0.1:8000/ and rebuild when slogans, docs, posters or mkdocs.yml change. "
        "Drafts are shown (marked 草稿) unless --published.",
    )
    add_dir(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    p.add_argument("--published", action="store_true", help="show only published content")
    p.add_argument(
        "--posters", action="store_true", help="also render posters on every rebuild (slow; off by default)"
    )
    p.add_argument("--staff", action="store_true",
                   help="serve the staff site (placement lists, posters, ledger, approvals) instead of the public one")
    return p


def run(args) -> int:
    import os

    from mkdocs.commands.serve import serve

    root = Path(args.dir).resolve()
    if not (root / "mkdocs.yml").is_file():
        return fail(f"{root}: no mkdocs.yml here — is this a campaign folder?")
    os.environ["PLACARD_PREVIEW"] = "0" if args.published else "1"
    os.environ["PLACARD_NO_POSTERS"] = "0" if args.posters else "1"
    os.environ["PLACARD_AUDIENCE"] = "staff" if args.staff else "public"
    watch = [str(root / d) for d in ("slogans", "posters") if (root / d).is_dir()]
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr, watch=watch, livereload=True)
    except (Abort, MkDocsException) as exc:
        return fail(str(exc))
    return 0
