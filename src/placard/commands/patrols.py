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
from .common import add_date, add_dir, fail, load_or_fail


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
    return p


def run(args) -> int:
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
