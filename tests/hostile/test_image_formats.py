"""Only PNG, JPEG and WebP are opened, within Pillow's pixel limit (issue 20, items 8 and 9).

Before this fix an EPS file saved as a patrol photo was handed to Ghostscript by the ledger's and
the staff site's photo thumbnails (a PostScript loop hangs them for ever), and a photo whose header
claims 60000×60000 pixels stopped ``placard check`` and ``placard patrols match`` with Pillow's
DecompressionBombError traceback.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import pytest
from conftest import copy_example
from PIL import EpsImagePlugin

from placard.cli import main
from placard.load import load_campaign
from placard.site.patrols import write_thumbs
from placard.site.registry import STAFF, SiteOptions

#: A photo a patrol record names (posters/patrols/fenghuang-hoarding.yml).
RECORDED = "posters/patrols/photos/2026-10/IMG_20261007_141000.jpg"
EPS = (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
       b"{ } loop\nshowpage\n%%EOF\n")


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A JPEG up to its frame header (SOF0) that claims ``width`` × ``height``."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof


@pytest.fixture(autouse=True)
def english(monkeypatch) -> None:
    monkeypatch.setenv("PLACARD_LANG", "en")  # the messages below are the English msgids


@pytest.fixture
def ghostscript(monkeypatch) -> list[str]:
    """Every call that would start Ghostscript (none is installed here: the call is recorded)."""
    calls: list[str] = []

    def record(*args, **kwargs):
        calls.append(repr(args)[:80])
        raise OSError("Ghostscript would run here")

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", record)
    return calls


def test_an_eps_saved_as_a_patrol_photo_is_never_decoded(tmp_path: Path, ghostscript, capsys):
    root = copy_example(tmp_path / "campaign")
    photos = sorted((root / "posters/patrols/photos").rglob("*.jpg"))
    assert root / RECORDED in photos
    for photo in photos:  # every patrol photo: the ledger and the staff pages show the last ones
        photo.write_bytes(EPS)
    (root / "posters/patrols/photos/inbox").mkdir(exist_ok=True)
    (root / "posters/patrols/photos/inbox/scan.png").write_bytes(EPS)

    main(["check", str(root)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "IMG_20261007_141000.jpg' is not an image placard can read" in out.out + out.err

    assert main(["ledger", str(root), "--format", "xlsx", "--out", str(tmp_path / "ledger.xlsx")]) == 0
    assert main(["patrols", "match", str(root)]) == 0
    out = capsys.readouterr().out
    assert "inbox/scan.png: not matched (not an image placard can read)" in out

    campaign = load_campaign(root).campaign
    write_thumbs(campaign, SiteOptions(audience=STAFF, today=dt.date(2026, 11, 26)), tmp_path / "staff")
    assert ghostscript == []


@pytest.mark.parametrize("bomb", [png_claiming(60000, 60000), jpeg_claiming(60000, 60000)], ids=["png", "jpeg"])
def test_a_photo_claiming_60000_by_60000_pixels_is_a_finding(tmp_path: Path, bomb: bytes, capsys):
    root = copy_example(tmp_path / "campaign")
    (root / RECORDED).write_bytes(bomb)
    (root / "posters/patrols/photos/inbox").mkdir(exist_ok=True)
    (root / "posters/patrols/photos/inbox/huge.png").write_bytes(bomb)

    main(["check", str(root)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text and "DecompressionBomb" not in text
    assert ("photo 'posters/patrols/photos/2026-10/IMG_20261007_141000.jpg' claims a picture larger than "
            "placard opens (over 89 million pixels") in text
    assert "posters/patrols/fenghuang-hoarding.yml:5" in text  # the record that names it

    assert main(["patrols", "match", str(root)]) == 0
    out = capsys.readouterr()
    assert "inbox/huge.png: not matched (larger than placard opens" in out.out
    assert main(["ledger", str(root), "--format", "xlsx", "--out", str(tmp_path / "ledger.xlsx")]) == 0
