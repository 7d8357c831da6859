"""Adding records to ``reviews/<item-id>.yml``: sealed, chained, written atomically, read back.

Records are only ever appended. The file is written beside itself and renamed over (never through
a symlink: a linked reviews/ folder or file is refused), then read again; a file that does not read
back as the records meant is restored and the command fails.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..files import replace_atomically
from ..findings import Finding
from ..i18n import _
from .records import RECORD_KEYS, REVIEWS_DIR, dump, read_file, record_fields, seal_of

#: The zone of times made from a date alone (approved_on, adopted): China Standard Time.
CHINA = dt.timezone(dt.timedelta(hours=8))


class WriteRefused(Exception):
    """The records cannot be written (a message for the clerk)."""


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def append(root: Path, item_id: str, new: dict) -> Path:
    """Append one record (the fields of :data:`~.records.RECORD_KEYS`) to the item's file."""
    folder = root / REVIEWS_DIR
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise WriteRefused(
            _(
                "{folder} is a link or not a folder: placard writes review records only into a "
                "real folder"
            ).format(folder=folder)
        )
    path = folder / f"{item_id}.yml"
    if path.is_symlink():
        raise WriteRefused(
            _("{path} is a link: placard does not write through links").format(path=path)
        )
    rel = f"{REVIEWS_DIR}/{item_id}.yml"
    old: list[dict] = []
    if path.exists():
        found: list[Finding] = []
        rf = read_file(path, rel, found)
        if rf is None:
            raise WriteRefused(
                _("{path} cannot be read ({problem}): fix it before adding records").format(
                    path=path, problem=found[0].message if found else "?"
                )
            )
        prev = ""
        for r in rf.records:
            fields = record_fields(r)
            if r.prev != prev or seal_of(fields, r.prev) != r.seal:
                raise WriteRefused(
                    _(
                        "{path} was edited by hand (record at line {line}): restore it from version "
                        "control before adding records"
                    ).format(path=path, line=r.line)
                )
            old.append({**fields, "prev": r.prev, "seal": r.seal})
            prev = r.seal

    def clean(
        key: str, value
    ):  # short fields are read back without their outer spaces: seal them so
        if isinstance(value, str) and key not in ("comment", "reason"):
            value = value.strip()
        return value or None

    record = {
        "item": item_id,
        **{
            k: clean(k, new.get(k))
            for k in RECORD_KEYS
        },
    }
    record["prev"] = old[-1]["seal"] if old else ""
    record["seal"] = seal_of(record, record["prev"])
    records = [*old, record]
    text = dump(item_id, records)
    folder.mkdir(exist_ok=True)
    before = path.read_bytes() if path.exists() else None
    replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    back: list[Finding] = []
    rf = read_file(path, rel, back)
    if (
        rf is None
        or [r.seal for r in rf.records] != [r["seal"] for r in records]
        or any(seal_of(record_fields(r), r.prev) != r.seal for r in rf.records)
    ):
        if before is None:
            path.unlink(missing_ok=True)
        else:
            replace_atomically(path, lambda tmp: tmp.write_bytes(before))
        raise WriteRefused(
            _(
                "the records written to {path} did not read back as written; the file was left as "
                "it was"
            ).format(path=path)
        )
    return path
