"""placard template: a spreadsheet template (XLSX) to fill in Excel or WPS."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from .common import fail


def add_parser(sub):
    p = sub.add_parser(
        "template",
        help=_(
            "write a spreadsheet template (XLSX) for placement lists, patrol records or play logs"
        ),
        description=_(
            "Write an Excel/WPS workbook with the Chinese header row placard reads, an example row, "
            "drop-down lists on the columns that take fixed values, and date-formatted cells. "
            "Run inside a campaign (or give --dir) to offer its placement lists and items."
        ),
    )
    p.add_argument(
        "kind",
        choices=("placements", "patrols", "playlogs"),
        metavar="KIND",
        help=_("placements, patrols or playlogs"),
    )
    p.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help=_("the campaign folder whose lists and items the template offers (default: here)"),
    )
    p.add_argument(
        "--out",
        metavar="FILE.xlsx",
        help=_("the workbook to write (default: KIND-template.xlsx here); never over a file"),
    )
    p.add_argument(
        "--dir",
        default=None,
        metavar="DIR",
        help=_("the campaign folder whose lists and items the template offers (default: here)"),
    )
    return p


def _from_campaign(folder: str) -> tuple[tuple[str, ...], str | None]:
    """The campaign's placement list ids and its first published slogan (nothing when it is not a campaign)."""
    root = Path(folder)
    if not (root / "mkdocs.yml").is_file():
        return (), None
    from ..load import CampaignNotFound, load_campaign

    try:
        loaded = load_campaign(root)
    except CampaignNotFound:
        return (), None
    c = loaded.campaign
    if c is None:
        return (), None
    items = c.published(list(c.items()))
    return tuple(pl.id for pl in c.placements), items[0].id if items else None


def run(args) -> int:
    from ..xlsx_templates import write_template

    out = Path(args.out or f"{args.kind}-template.xlsx")
    if out.suffix.lower() != ".xlsx":
        return fail(
            _("{out}: a template is an Excel workbook: give a file name ending in .xlsx").format(
                out=out
            )
        )
    if out.exists() or out.is_symlink():
        return fail(
            _(
                "{out} exists already: placard writes a template only as a new file; "
                "give another --out"
            ).format(out=out)
        )
    if not out.parent.is_dir():
        return fail(
            _("{folder} is not a folder: create it first, or give another --out").format(
                folder=out.parent
            )
        )
    if args.folder and args.dir and Path(args.folder).resolve() != Path(args.dir).resolve():
        return fail(
            _("DIR '{folder}' and --dir '{dir}' name two folders: give one").format(
                folder=args.folder, dir=args.dir
            )
        )
    lists, item = _from_campaign(args.folder or args.dir or ".")
    tmp = out.with_name(f".placard-{out.name}")
    try:
        write_template(args.kind, tmp, lists=lists, item=item or "civility-01")
        if out.exists():
            return fail(_("{out} exists already: give another --out").format(out=out))
        tmp.rename(out)
    except OSError as exc:
        return fail(_("cannot write {out}: {reason}").format(out=out, reason=exc.strerror or exc))
    finally:
        tmp.unlink(missing_ok=True)
    print(
        _(
            "wrote {out}: fill it in Excel or WPS (the first sheet; the example row is shaded), "
            "save it as .xlsx and put it in {folder}"
        ).format(
            out=out,
            folder={
                "placements": "posters/placements/",
                "patrols": "posters/patrols/",
                "playlogs": "posters/playlogs/",
            }[args.kind],
        )
    )
    return 0
