"""placard's own PNG writer (posters/pngwrite.py): every picture reads back pixel for pixel.

The writer deflates only the rows that differ from the row above and joins pre-made pieces for
rows that repeat it, with the checksum of the skipped rows added by arithmetic: any slip there is
an unreadable or wrong PNG, so the tests read every file back with Pillow (which checks the
Adler-32 and CRC) and, for the PDF images, with pypdf's FlateDecode and PNG predictors.
"""

from __future__ import annotations

import io
import random
import zlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from placard.posters.pngwrite import filtered_zlib, png_bytes

MODES = ("L", "RGB", "RGBA")


def read_back(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def poster_like(mode: str, w: int, h: int, seed: int, noise: bool) -> Image.Image:
    """Flat bands and boxes (rows repeating the row above, in runs of every length), text-like
    specks, and optionally noise (no two rows alike)."""
    rnd = random.Random(seed)
    colour = (lambda: rnd.randrange(256)) if mode == "L" else (lambda: tuple(rnd.randrange(256) for _ in mode))
    im = Image.new(mode, (w, h), colour())
    d = ImageDraw.Draw(im)
    for _ in range(rnd.randrange(6)):
        x0, y0 = rnd.randrange(w), rnd.randrange(h)
        d.rectangle((x0, y0, x0 + rnd.randrange(w), y0 + rnd.randrange(h)), fill=colour())
    for _ in range(rnd.randrange(4)):
        d.point((rnd.randrange(w), rnd.randrange(h)), fill=colour())
    if noise:
        im = Image.frombytes(mode, (w, h), rnd.randbytes(w * h * len(mode)))
    return im


@settings(max_examples=150, deadline=None)
@given(mode=st.sampled_from(MODES), w=st.integers(1, 37), h=st.integers(1, 700), seed=st.integers(0, 10**6),
       noise=st.booleans())
@example(mode="RGB", w=1, h=1, seed=0, noise=False)  # one pixel: only the first row
@example(mode="RGB", w=3, h=700, seed=0, noise=False)  # 699 repeated rows: every piece size, twice the largest
@example(mode="L", w=7, h=2, seed=5, noise=True)
def test_png_reads_back_pixel_for_pixel(mode, w, h, seed, noise):
    im = poster_like(mode, w, h, seed, noise)
    back = read_back(png_bytes(im))
    assert back.mode == mode and back.size == (w, h)
    assert back.tobytes() == im.tobytes()


def test_a_blank_poster_of_runs_longer_than_every_piece_reads_back():
    im = Image.new("RGB", (1001, 1400), "#c0392b")  # odd width, 1,399 rows repeating row 0
    ImageDraw.Draw(im).rectangle((10, 700, 990, 705), fill="white")
    data = png_bytes(im)
    assert read_back(data).tobytes() == im.tobytes()
    assert len(data) < 20_000  # the repeated rows are a few bytes each


def test_dpi_is_written_as_pillow_writes_it():
    im = Image.new("RGB", (5, 5), "white")
    ours, theirs = io.BytesIO(png_bytes(im, 300)), io.BytesIO()
    im.save(theirs, format="PNG", dpi=(300, 300))
    assert read_back(ours.getvalue()).info["dpi"] == read_back(theirs.getvalue()).info["dpi"]


def test_a_corrupted_stream_is_caught_by_the_checksum():
    """The Adler-32 placard computes for the skipped rows is the one zlib checks."""
    im = Image.new("L", (16, 600), 7)
    ImageDraw.Draw(im).line((0, 300, 15, 300), fill=200)
    data = filtered_zlib(im)
    zlib.decompress(data)  # a valid stream, checksum included
    bad = data[:-4] + bytes([data[-4] ^ 1]) + data[-3:]
    with pytest.raises(zlib.error):
        zlib.decompress(bad)


@pytest.mark.parametrize("w", [1, 2, 35, 1003])
def test_cmyk_rows_decode_with_pdf_png_predictors(w):
    """The CMYK PDF/X image: FlateDecode with /Predictor 15 /Colors 4 gives back the ink values."""
    from conftest import need_module

    pypdf = need_module("pypdf")
    from pypdf.filters import FlateDecode
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    rnd = random.Random(w)
    im = Image.new("CMYK", (w, 300), (0, 242, 230, 26))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 100, w, 180), fill=(0, 0, 0, 255))
    for _ in range(40):
        d.point((rnd.randrange(w), rnd.randrange(300)), fill=(rnd.randrange(256), 0, rnd.randrange(256), 9))
    parms = DictionaryObject({NameObject("/Predictor"): NumberObject(15), NameObject("/Colors"): NumberObject(4),
                              NameObject("/BitsPerComponent"): NumberObject(8), NameObject("/Columns"): NumberObject(w)})
    for level in (1, 4):
        assert FlateDecode.decode(filtered_zlib(im, level), parms) == im.tobytes(), (pypdf.__version__, level)
