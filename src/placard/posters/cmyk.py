"""CMYK print files: the poster converted with a CMYK ICC profile and written as PDF/X-4.

Pure Python on Pillow's ImageCms (Little CMS), so a fresh machine needs no Ghostscript: the RGB
poster is converted with the campaign's CMYK profile (relative colorimetric), then every pixel of
exactly a colour with set print values is given them — black text 0/0/0/100, a theme colour
its ``cmyk:`` — so the campaign's red prints as the red the office chose and text sits on the
black plate alone. The profile's grey-component replacement keeps anti-aliased text edges on
black too. The PDF has an output intent (GTS_PDFX) that embeds the profile, TrimBox and BleedBox,
crop marks in black only, Info and XMP metadata with the Chinese title.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import zlib
from pathlib import Path

from PIL import Image, ImageCms

from .pdf import PT_PER_MM, _num, _write, crop_marks, info_dict


@functools.lru_cache(maxsize=4)
def _transform(icc_path: str, sha: str):
    prof = ImageCms.ImageCmsProfile(icc_path)
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), prof, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def to_cmyk(im: Image.Image, pr: dict) -> Image.Image:
    """``im`` (RGB) in CMYK: through the profile, then the exact print values of mapped colours."""
    out = ImageCms.applyTransform(im, _transform(pr["icc"], pr["icc_sha"]))
    if not pr.get("cmyk"):
        return out
    colours = im.getcolors(1 << 16)  # None: more colours than that (artwork): look for each
    present = None if colours is None else {c for _, c in colours}
    for colour, values in pr["cmyk"]:
        rgb = _hex(colour)
        if present is not None and rgb not in present:
            continue
        out.paste(tuple(round(x * 2.55) for x in values), mask=_exactly(im, rgb))
    return out


def _exactly(im: Image.Image, rgb: tuple[int, int, int]) -> Image.Image:
    """A mask (L) of the pixels of exactly ``rgb``: 255 there, 0 elsewhere (two passes in C)."""
    lut = [255 if v == want else 0 for want in rgb for v in range(256)]
    # each channel 255 where it matches; their sum less 510 is 255 only where all three match
    return im.point(lut).convert("L", (1, 1, 1, -510))


def _flate_png(im: Image.Image) -> tuple[bytes, bool]:
    """Zlib data of ``im`` with PNG row predictors (True), encoded in Pillow's C code; plain
    zlib (False) where this Pillow's encoder cannot be reached."""
    try:
        enc = Image._getencoder(im.mode, "zip", (im.mode,), (False, 6, zlib.Z_RLE, b""))
        enc.setimage(im.im, (0, 0) + im.size)
        chunks = []
        while True:
            _, status, data = enc.encode(1 << 20)
            chunks.append(data)
            if status:
                break
        if status < 0:
            raise OSError(status)
        return b"".join(chunks), True
    except (AttributeError, TypeError, OSError, ValueError):
        return zlib.compress(im.tobytes(), 6), False


def _image_obj(im: Image.Image) -> bytes:
    data, predicted = _flate_png(im)
    parms = (f" /DecodeParms << /Predictor 15 /Colors 4 /BitsPerComponent 8 /Columns {im.width} >>"
             if predicted else "")
    return (f"<< /Type /XObject /Subtype /Image /Width {im.width} /Height {im.height} /ColorSpace /DeviceCMYK "
            f"/BitsPerComponent 8 /Filter /FlateDecode{parms} /Length {len(data)} >>\nstream\n").encode() \
        + data + b"\nendstream"


@functools.lru_cache(maxsize=4)
def _icc_stream(path: str, sha: str) -> bytes:
    return zlib.compress(Path(path).read_bytes(), 6)


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def _xmp(meta: dict, doc_id: str, iso: str) -> bytes:
    title, author, subject = (_xml(str(meta.get(k) or "")) for k in ("title", "author", "subject"))
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <xmp:CreatorTool>placard</xmp:CreatorTool>
   <pdf:Producer>placard</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def _when() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def write_pdfx(path: Path, trim: Image.Image, strips: list[tuple[tuple[int, int], Image.Image]],
               page_mm: tuple[float, float], bleed_mm: float, bleed_px: int, pr: dict) -> None:
    """A one-page PDF/X-4: the poster (RGB ``trim`` and bleed ``strips``) in CMYK, at physical size."""
    pw, ph = page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM
    b = bleed_mm * PT_PER_MM
    W, H = trim.size
    cw, ch = W + 2 * bleed_px, H + 2 * bleed_px
    sx, sy = pw / cw, ph / ch
    placed = [(f"q {_num(W * sx)} 0 0 {_num(H * sy)} {_num(bleed_px * sx)} {_num(bleed_px * sy)} cm /Im0 Do Q",
               _image_obj(to_cmyk(trim, pr)))]
    for (x, y), im in strips:
        placed.append((f"q {_num(im.width * sx)} 0 0 {_num(im.height * sy)} {_num(x * sx)} "
                       f"{_num((ch - y - im.height) * sy)} cm /Im{len(placed)} Do Q", _image_obj(to_cmyk(im, pr))))
    draw = [op for op, _ in placed[1:]] + [placed[0][0]]
    marks = crop_marks(pw, ph, b).replace(" 1 G", " 0 0 0 0 K").replace(" 0 G", " 0 0 0 1 K")
    content = ("\n".join(draw) + "\n" + marks + "\n").encode()
    meta = dict(pr.get("meta") or {})
    when = _when()
    stamp = when.strftime("D:%Y%m%d%H%M%SZ")
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = hashlib.md5(content + repr(sorted(meta.items())).encode(), usedforsecurity=False).hexdigest()
    doc_id = f"{doc[:8]}-{doc[8:12]}-{doc[12:16]}-{doc[16:20]}-{doc[20:32]}"
    icc_z = _icc_stream(pr["icc"], pr["icc_sha"])
    n_img = len(placed)
    first_img = 7
    xobjects = " ".join(f"/Im{i} {first_img + i} 0 R" for i in range(n_img))
    xmp = _xmp(meta, doc_id, iso)
    condition = pr.get("icc_name") or "CMYK"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFX "
        + f"/OutputConditionIdentifier (Custom) /OutputCondition {_lit(condition)} /Info {_lit(condition)} "
          "/RegistryName (http://www.color.org) /DestOutputProfile 6 0 R >>] >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
         f"/BleedBox [0 0 {_num(pw)} {_num(ph)}] "
         f"/TrimBox [{_num(b)} {_num(b)} {_num(pw - b)} {_num(ph - b)}] "
         f"/Resources << /XObject << {xobjects} >> >> /Contents 4 0 R >>").encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream",
        b"<< /N 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(icc_z) + icc_z + b"\nendstream",
        *[obj for _, obj in placed],
        info_dict({**meta, "CreationDate": stamp, "ModDate": stamp,
                   "extra": ("/Creator (placard)", "/Trapped /False", "/GTS_PDFXVersion (PDF/X-4)")}).encode(),
    ]
    _write(path, objs, version="1.6", trailer_extra=f" /ID [<{doc}> <{doc}>]")


def _lit(text: str) -> str:
    from .pdf import pdf_string

    return pdf_string(text)
