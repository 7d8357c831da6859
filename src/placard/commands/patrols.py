"""placard patrols match: propose patrol records for phone photos that no record names yet."""

from __future__ import annotations

import datetime as dt
import os

from ..findings import render_text
from ..i18n import _
from ..model import PATROL_STATUSES
from ..patrols.load import PATROLS_DIR, STATUS_ALIASES
from ..patrols.match import propose, records_yaml
from ..patrols.photos import PHOTOS_DIR, photo_files, read_photo
from .common import add_date, add_dir, fail, load_or_fail, parse_date


def add_parser(sub):
    p = sub.add_parser(
        "patrols",
        help=_("patrol records: match phone photos to placement lists by their GPS"),
        description=_(
"Patrol records (巡查记录) live in posters/patrols/. 'placard patrols match' reads the EXIF "
        "date and GPS of every photo under posters/patrols/photos/ that no record names, and proposes a record "
        "for the nearest placement list (with lat/lon) whose period holds the photo's date."),
    )
    psub = p.add_subparsers(dest="action", metavar="ACTION")
    psub.required = True
    m = psub.add_parser("match", help=_("propose records for unrecorded photos (write them with --write)"))
    add_dir(m)
    add_date(m)
    m.add_argument("--write", action="store_true",
                   help=_("write the proposals to posters/patrols/matched-DATE.yml (a new file, never over one)"))
    m.add_argument("--inspector", default="待填写", help=_("who patrolled, for the written records (default: 待填写)"))
    m.add_argument("--status", default="完好", help=_("the written records' status (default: 完好, ok)"))
    a = psub.add_parser(
        "add",
        help=_("add one patrol record (no YAML to write): list, slot, status, note, photos, date"),
        description=_(
            "Add one patrol record to the file that keeps the list's records (else a new "
            "posters/patrols/LIST.yml), in the words the records already use (完好 or ok). "
            "A photo outside posters/patrols/photos/ is copied in."
        ),
    )
    add_dir(a)
    a.add_argument("--list", required=True, metavar="LIST", help=_("the placement list's id (its file name)"))
    a.add_argument("--slot", metavar="SLOT", help=_("the slot's id, e.g. p04 (leave it out for the whole list)"))
    a.add_argument(
        "--status", required=True, metavar="STATUS", help=_("完好, 破损, 脏污, 缺失, 内容不符 or 已整改")
    )
    a.add_argument("--inspector", metavar="NAME", help=_("who patrolled (default: the file's inspector)"))
    a.add_argument("--note", default="", metavar="TEXT", help=_("what was seen or done"))
    a.add_argument("--photo", action="append", default=[], metavar="FILE", help=_("a photo (repeat for more)"))
    a.add_argument("--date", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help=_("the day of the patrol (default: today)"))
    return p


def run(args) -> int:
    if args.action == "add":
        return run_add(args)
    day = args.date or dt.date.today()
    loaded = load_or_fail(args.dir, day)
    if loaded is None:
        return 1
    campaign = loaded.campaign
    if campaign is None:
        print(render_text(loaded.findings))
        return fail(_("the campaign cannot be loaded; fix the errors above first"))
    status = STATUS_ALIASES.get(args.status, args.status)
    if status not in PATROL_STATUSES:
        return fail(_("'{status}' is not a patrol status: use {statuses}").format(
            status=args.status, statuses="完好, 破损, 脏污, 缺失, 内容不符, 已整改"))
    from ..patrols.add import campaign_vocabulary, word

    status = word(status, campaign_vocabulary(campaign.root))  # the words the campaign's records use
    named = {ph.path for r in (campaign.patrols.records if campaign.patrols else ()) for ph in r.photos}
    root = campaign.root
    photos = [read_photo(p, p.relative_to(root).as_posix()) for p in photo_files(root)]
    photos = [ph for ph in photos if ph.path not in named]
    if not photos:
        print(_("every photo under {folder} is named by a record: nothing to match").format(folder=f"{PHOTOS_DIR}/"))
        return 0
    settings = campaign.patrols.settings if campaign.patrols else None
    proposals = propose(campaign, photos, settings.photo_metres if settings else 500.0)
    for p in proposals:
        if p.list_id:
            print(_("{photo}: {day} at '{list}' ({metres} m)").format(
                photo=p.name, day=p.day, list=p.list_id, metres=f"{p.metres:.0f}"))
        else:
            print(_("{photo}: not matched ({reason})").format(photo=p.name, reason=p.reason))
    matched = [p for p in proposals if p.list_id]
    print(_("{n} of {total} unrecorded photos matched a list").format(n=len(matched), total=len(proposals)))
    if not args.write:
        if matched:
            print(_("run again with --write to add these records to {folder}").format(folder="posters/patrols/"))
        return 0
    if not matched:
        return 0
    folder = root / PATROLS_DIR
    out, n = folder / f"matched-{day.isoformat()}.yml", 1
    while out.exists():  # never over a file: matched-DATE-2.yml, -3 …
        n += 1
        out = folder / f"matched-{day.isoformat()}-{n}.yml"
    tmp = out.with_name(f".placard-{out.name}")
    try:
        tmp.write_text(records_yaml(matched, args.inspector, status), encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        return fail(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc))
    finally:
        tmp.unlink(missing_ok=True)
    print(_("wrote {file}: {n} records (check status and inspector)").format(
        file=out.relative_to(root).as_posix(), n=len(matched)))
    return 0


def _photo(root, written: str, day) -> tuple[str | None, str | None]:
    """(the record's photo name, a problem): a file under the photo folder, or one copied into it."""
    import shutil
    from pathlib import Path

    folder = root / PHOTOS_DIR
    inside = folder / written
    if (
        not Path(written).is_absolute()
        and ".." not in Path(written).parts
        and inside.is_file()
        and not inside.is_symlink()
    ):
        return Path(written).as_posix(), None
    src = Path(written)
    if not src.is_file():
        return None, _("photo '{photo}' is neither a file nor one under {folder}/").format(
            photo=written, folder=PHOTOS_DIR
        )
    dest = folder / f"{day:%Y-%m}" / src.name
    if dest.exists() or dest.is_symlink():
        if dest.is_file() and not dest.is_symlink() and dest.read_bytes() == src.read_bytes():
            return dest.relative_to(folder).as_posix(), None
        return None, _("{dest} exists already with other content: rename the photo").format(
            dest=dest.relative_to(root).as_posix()
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest.relative_to(folder).as_posix(), None


ZH_OR_EN = __import__("re").compile(r"status\s*:|完好|破损|脏污|缺失|内容不符|已整改")


def run_add(args) -> int:
    from ..files import replace_atomically
    from ..patrols.add import (
        appended,
        campaign_vocabulary,
        record_line,
        target_file,
        vocabulary,
        word,
    )
    from ..patrols.load import parse_yaml
    from ..vocab import STATUS

    day = args.date or dt.date.today()
    loaded = load_or_fail(args.dir)
    if loaded is None:
        return 1
    campaign = loaded.campaign
    if campaign is None:
        print(render_text(loaded.findings))
        return fail(_("the campaign cannot be loaded; fix the errors above first"))
    status = STATUS.value(args.status)
    if status is None:
        return fail(_("'{status}' is not a patrol status: use {allowed}").format(
            status=args.status, allowed="、".join(STATUS.offered())))
    lists = {pl.id: pl for pl in campaign.placements}
    pl = lists.get(args.list)
    if pl is None:
        return fail(_("'{list}' is not a placement list; lists: {known}").format(
            list=args.list, known=", ".join(sorted(lists)) or "-"))
    if args.slot and args.slot not in {s.id for s in pl.slots}:
        return fail(_("list '{list}' has no slot '{slot}'; its slots: {known}").format(
            list=pl.id, slot=args.slot, known=", ".join(s.id for s in pl.slots)))
    if not pl.start <= day <= pl.end:
        return fail(_("{day} is outside list '{list}''s period {start} to {end}").format(
            day=day, list=pl.id, start=pl.start, end=pl.end))
    if day > dt.date.today():
        return fail(_("{day} has not come yet: a patrol record is written after the patrol").format(day=day))
    root = campaign.root
    (root / PATROLS_DIR).mkdir(parents=True, exist_ok=True)
    try:
        path, text, doc = target_file(root, pl.id)
    except (OSError, UnicodeDecodeError) as exc:
        return fail(_("cannot read the records file: {reason}").format(reason=exc))
    except Exception:  # a broken YAML file of the list's own name
        return fail(_("posters/patrols/{list}.yml cannot be read: fix it first (placard check)").format(list=pl.id))
    if path.is_symlink():
        return fail(_("{file} is a symbolic link: placard does not write through links").format(file=path))
    inspector = (args.inspector or "").strip()
    if not inspector and isinstance(doc, dict):
        inspector = str(doc.get("inspector") or "").strip()
    if not inspector:
        return fail(_("say who patrolled: --inspector NAME"))
    photos = []
    for p in args.photo:
        name, problem = _photo(root, p, day)
        if problem:
            return fail(problem)
        photos.append(name)
    vocab = vocabulary([text]) if text and (ZH_OR_EN.search(text)) else campaign_vocabulary(root)
    same_list = isinstance(doc, dict) and doc.get("list") == pl.id
    line = record_line(day, word(status, vocab), inspector, list_id=None if same_list else pl.id,
                       slot=args.slot, note=args.note.strip(), photos=photos)
    new = appended(text, doc, line, pl.id, inspector)
    rel = path.relative_to(root).as_posix()
    from ..patrols.load import _Context

    def count(t: str | None) -> tuple[int, list]:
        if t is None:
            return 0, []
        found: list = []
        recs = parse_yaml(t, rel, _Context(root, lists, max(day, campaign.today)), found)
        return len(recs), [f for f in found if f.is_error]

    old_n, _old = count(text)
    new_n, errs = count(new)
    if new_n != old_n + 1 or len(errs) > len(_old):
        return fail(_("{file}: the record could not be added safely (the file's layout is unusual); "
                      "add it by hand: - {line}").format(file=rel, line=line))
    replace_atomically(path, lambda tmp: tmp.write_text(new, encoding="utf-8"))
    print(_("added to {file}: - {line}").format(file=rel, line=line))
    return 0
