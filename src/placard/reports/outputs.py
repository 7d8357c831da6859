"""Where a report may be written: never over a source, never over a file placard did not make.

A binder PDF carries ``/Creator (placard binder)``, a work summary DOCX the core property
``identifier: placard-work-summary``, an evidence archive the ZIP comment ``placard evidence
archive``; an existing file without its mark is someone's own file and is left alone.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .. import outdir
from ..i18n import _

ARCHIVE_COMMENT = b"placard evidence archive"


class OutputRefused(Exception):
    pass


def _made_by_placard(path: Path, kind: str) -> bool:
    try:
        if kind == "pdf":
            with path.open("rb") as fh:
                data = fh.read()
            return (
                b"/Creator (placard binder)" in data or b"/Creator <" in data and b"placard" in data
            )
        with zipfile.ZipFile(path) as z:
            if kind == "zip":
                return z.comment == ARCHIVE_COMMENT
            core = z.read("docProps/core.xml")
            return b"placard-work-summary" in core
    except (OSError, zipfile.BadZipFile, KeyError):
        return False


def check_output(root: Path, path: Path, kind: str) -> Path:
    """The resolved path to write, or :class:`OutputRefused` with a message that says what to do."""
    if path.is_symlink():
        raise OutputRefused(
            _("{path}: is a link; write the report to a plain file name").format(path=path)
        )
    if not path.parent.is_dir():
        raise OutputRefused(
            _(
                "{path}: the folder {folder} does not exist; create it or choose another --out"
            ).format(path=path, folder=path.parent)
        )
    try:
        resolved = outdir.check_file(root, path)
    except outdir.Refused as exc:
        raise OutputRefused(str(exc)) from None
    if resolved.exists() and not _made_by_placard(resolved, kind):
        raise OutputRefused(
            _(
                "{path}: a file of that name exists and placard did not make it; choose another "
                "--out, or move that file away yourself"
            ).format(path=path)
        )
    return resolved
