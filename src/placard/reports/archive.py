"""The evidence package for filing (归档): the binder, the ledger, every record and photo in its
original bytes, a manifest with the SHA-256 of each file, and a short Chinese README."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ..i18n import P_
from .binder import sha256_file, source_files
from .outputs import ARCHIVE_COMMENT


def write_archive(root: Path, out: Path, binder_pdf: Path, ledger_xlsx: Path, period: str) -> int:
    """Write the ZIP to ``out`` (a temporary the caller renames); returns the number of files in it."""
    entries: list[tuple[str, Path]] = [("binder.pdf", binder_pdf), ("ledger.xlsx", ledger_xlsx)]
    entries += [(f"sources/{p.relative_to(root).as_posix()}", p) for p in source_files(root)]
    manifest = io.StringIO()
    w = csv.writer(manifest, lineterminator="\r\n")
    w.writerow(("file", "bytes", "sha256"))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        for name, path in entries:
            # photos are already compressed: stored as they are
            kind = (
                zipfile.ZIP_STORED
                if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")
                else zipfile.ZIP_DEFLATED
            )
            z.write(path, name, compress_type=kind)
            w.writerow((name, path.stat().st_size, sha256_file(path)))
        z.writestr("manifest.csv", "\ufeff" + manifest.getvalue())
        z.writestr(
            "README.txt",
            P_(
                "Evidence package made by placard for the period {period}.\r\n\r\n"
                "binder.pdf: the inspection binder (print on A4).\r\n"
                "ledger.xlsx: the inspection ledger on the last day of the period.\r\n"
                "sources/: every placement list, patrol record, photo, play log and content file of the "
                "campaign, in its original bytes.\r\n"
                "manifest.csv: each file's size and SHA-256; check one with: sha256sum FILE (Linux) or "
                "certutil -hashfile FILE SHA256 (Windows).\r\n"
            )
            .format(period=period)
            .encode("utf-8"),
        )
        z.comment = ARCHIVE_COMMENT
    return len(entries) + 2
