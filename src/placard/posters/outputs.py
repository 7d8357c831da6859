"""The files a poster can have: one list that the plan, the cache, the gallery and the print order read.

A poster's print profile (:mod:`placard.posters.profiles`) decides which print file it gets:
``rgb`` an RGB print PDF, ``cmyk-pdfx`` a PDF/X-4 in CMYK, ``large-format`` an LZW TIFF with its
physical size in the resolution tags, ``large-format-jpeg`` the same page as a JPEG. Screens get no print file. Every poster has a preview and a
PNG, unless its set says ``png: false`` (a print run that wants only print files: no PNG is drawn,
cached, placed or linked); share cards (:mod:`placard.posters.share`) are PNGs of the ``share`` format.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputKind:
    key: str  # key in Job.files
    suffix: str  # appended to the job's stem in the output folder
    entry: str  # file name inside the job's cache entry
    label: str  # for people: gallery links, print order
    print_file: bool = False  # what a print shop gets


PNG = OutputKind("png", ".png", "poster.png", "PNG")
PREVIEW = OutputKind("preview", ".preview.jpg", "preview.jpg", "预览")
PDF = OutputKind("pdf", ".pdf", "poster.pdf", "印刷 PDF（RGB）", True)
CMYK_PDF = OutputKind("pdfx", ".pdf", "poster.pdf", "印刷 PDF/X-4（CMYK）", True)
TIFF = OutputKind("tiff", ".tif", "poster.tif", "大幅面 TIFF（LZW）", True)
JPEG = OutputKind("jpeg", ".print.jpg", "print.jpg", "大幅面 JPEG", True)
SHARE = OutputKind("share", ".png", "poster.png", "分享卡片")

#: Every kind, in the order they are listed.
KINDS = (PNG, PREVIEW, PDF, CMYK_PDF, TIFF, JPEG, SHARE)
#: The print file of each print profile.
PRINT_KIND = {"rgb": PDF, "cmyk-pdfx": CMYK_PDF, "large-format": TIFF, "large-format-jpeg": JPEG}
#: Every name a cache entry can hold (the cache's seal covers each).
ENTRY_NAMES = tuple(dict.fromkeys(k.entry for k in KINDS))


def profile_of(spec: dict) -> str:
    return (spec.get("print") or {}).get("profile", "rgb")


def kinds_for(spec: dict) -> tuple[OutputKind, ...]:
    """The files a job with this spec has."""
    if spec["screen"]:
        return (PNG, PREVIEW)
    if spec.get("png") is False:
        return (PREVIEW, PRINT_KIND[profile_of(spec)])
    return (PNG, PREVIEW, PRINT_KIND[profile_of(spec)])


def print_kind(spec: dict) -> OutputKind | None:
    """The file a print shop gets (None for screens)."""
    return None if spec["screen"] else PRINT_KIND[profile_of(spec)]
