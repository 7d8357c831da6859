"""placard fill LIST [--write]: propose (or apply) approved public items for vacant slots."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..files import clean_stale_temps, replace_atomically
from ..findings import render_text
from ..i18n import _
from ..placements.fill import WriteProblem, apply_csv, apply_xlsx, apply_yaml, plan, verify_list
from ..rules.ratio import failure_finding
from .common import add_date, fail, load_or_fail


def add_parser(sub):
    p = sub.add_parser(
        "fill",
        help="propose approved public items for a placement list's vacant slots",
        description="Find vacant slots in placement list LIST and propose approved public-benefit items "
        "for them until the list meets its share, window and theme rules on every day. "
        "Prints the change as a diff; --write applies it to the list's file (YAML, CSV or XLSX).",
    )
    p.add_argument("list", metavar="LIST", help="the list's id or its file (posters/placements/…)")
    p.add_argument("folder", nargs="?", metavar="DIR",
                   help=_("the campaign folder (default: here), as for the other commands"))
    p.add_argument("--dir", default=None, metavar="DIR", help="the campaign folder (default: here)")
    p.add_argument("--write", action="store_true", help="apply the proposal to the list's file")
    add_date(p)
    return p


def _find(campaign, name: str):
    stem = Path(name).stem
    for pl in campaign.placements:
        if pl.id == name or pl.source.file == name or Path(pl.source.file).name == name or pl.id == stem:
            return pl
    return None


def _folder(args) -> str | None:
    """The campaign folder from ``fill LIST DIR`` or the older ``fill LIST --dir DIR`` (None: both, differing)."""
    if args.folder and args.dir and Path(args.folder).resolve() != Path(args.dir).resolve():
        return None
    if (args.folder and (Path(args.list) / "mkdocs.yml").is_file()
            and not (Path(args.folder) / "mkdocs.yml").is_file()):  # fill DIR LIST: unambiguous, take it
        args.list, args.folder = args.folder, args.list
    return args.folder or args.dir or "."


def run(args) -> int:
    import sys

    folder = _folder(args)
    if folder is None:
        print(_("placard fill: error: DIR '{folder}' and --dir '{dir}' name two folders: give one").format(
            folder=args.folder, dir=args.dir), file=sys.stderr)
        return 2
    args.dir = folder
    loaded = load_or_fail(args.dir, args.date)
    if loaded is None:
        return 1
    campaign = loaded.campaign
    if campaign is None:
        print(render_text(loaded.findings))
        return 1
    pl = _find(campaign, args.list)
    if pl is None:
        stem = Path(args.list).stem
        mine = [f for f in loaded.findings if f.file and Path(f.file).stem == stem]
        if mine:
            print(render_text(mine))
            return fail(f"placement list '{args.list}' has errors; fix them first")
        known = ", ".join(p.id for p in campaign.placements) or "(none)"
        return fail(f"no placement list '{args.list}' in {args.dir}/posters/placements — lists: {known}")
    result = plan(campaign, pl)
    if result.before.ok:
        print(f"{pl.source.file}: list '{pl.id}' already meets its rules on every day; nothing to fill.")
        return 0
    path = campaign.root / pl.source.file
    raw_defaults = campaign.config.raw.get("placements")
    print(f"{pl.source.file}: list '{pl.id}' ({pl.name})")
    for ch in result.changes:
        s = ch.slot
        title = ch.item.title
        print(f"  slot {s.id} (order {s.order}, {s.start} to {s.end}): vacant → public "
              f"{ch.item.kind} {ch.item.id} 「{title}」 [{ch.item.theme}]")
    try:
        if pl.format == "yml":
            raw = path.read_bytes()
            old = raw.decode("utf-8")  # no newline translation: CRLF files stay CRLF
            new = apply_yaml(old, result.changes)
            diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        pl.source.file, pl.source.file + " (filled)")
            print("".join(diff), end="")
            data = new.encode("utf-8")
            verify_list(path, campaign.root, data, result.filled, raw_defaults)
        elif pl.format == "csv":
            raw = path.read_bytes()
            data = apply_csv(raw, result.changes)
            enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
            try:
                old, new = raw.decode(enc), data.decode(enc)
            except UnicodeDecodeError:
                old, new = raw.decode("gb18030"), data.decode("gb18030")
            diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        pl.source.file, pl.source.file + " (filled)")
            print("".join(diff), end="")
            verify_list(path, campaign.root, data, result.filled, raw_defaults)
        else:
            data = None
        if result.changes and args.write:
            clean_stale_temps([path.parent])
            if pl.format == "xlsx":
                lines: list[str] = []

                def write_xlsx(tmp: Path) -> None:
                    lines.extend(apply_xlsx(path, result.changes, tmp))
                    verify_list(path, campaign.root, tmp.read_bytes(), result.filled, raw_defaults)

                replace_atomically(path, write_xlsx)
                for line in lines:
                    print(f"  {line}")
            else:
                replace_atomically(path, lambda tmp: tmp.write_bytes(data))
            print(f"wrote {pl.source.file} ({len(result.changes)} slot(s) filled)")
    except (WriteProblem, UnicodeDecodeError) as exc:
        return fail(f"{pl.source.file}: {exc}")
    except OSError as exc:
        return fail(f"{pl.source.file}: cannot write the file ({exc.strerror or exc}); it was left as it was")
    if result.changes and not args.write:
        print(f"(not written: run 'placard fill {pl.id} --write' to apply {len(result.changes)} change(s))")
    if not result.after.ok:
        left = [failure_finding(result.filled, f) for f in result.after.failures if f.kind != "empty"]
        print("\nstill failing after filling every vacant slot that helps:")
        print(render_text(left))
        return 1
    if not result.changes:
        return 0
    print(f"with these changes list '{pl.id}' meets its rules on every day of {pl.start} to {pl.end}.")
    return 0
