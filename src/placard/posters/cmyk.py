"""CMYK print files: the poster drawn in CMYK ink values and written as PDF/X-4.

Pure Python on Pillow and its ImageCms (Little CMS), so a fresh machine needs no Ghostscript. The
poster is drawn again with every element's colour replaced by ink values: a colour with set print
values gets them (black text and codes 0/0/0/100, a theme colour its ``cmyk:``), any other colour
and the artwork go through the campaign's CMYK profile (relative colorimetric). So the campaign's
red prints as the red the office chose, text and codes sit on the black plate alone, and
anti-aliased edges blend the inks of the two colours they join, as a RIP would. The PDF has an
output intent (GTS_PDFX) that embeds the profile, TrimBox and BleedBox, crop marks in black only,
and Info and XMP metadata with the Chinese title.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import zlib
from pathlib import Path

from PIL import Image, ImageCms, ImageColor

from .pdf import PT_PER_MM, _num, _write, crop_marks, info_dict
from .pngwrite import filtered_zlib

PDFX_LEVEL = 1


@functools.lru_cache(maxsize=4)
def _transform(icc_path: str, sha: str):
    prof = ImageCms.ImageCmsProfile(icc_path)
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), prof, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def to_cmyk(im: Image.Image, pr: dict) -> Image.Image:
    """An RGB picture (artwork) in CMYK, through the profile."""
    return ImageCms.applyTransform(im.convert("RGB"), _transform(pr["icc"], pr["icc_sha"]))


def ink_values(colours: list[str], pr: dict) -> dict[str, tuple[int, int, int, int]]:
    """Each '#rrggbb' as CMYK (0–255): its set print values, else through the profile."""
    fixed = {c.lower(): tuple(round(v * 2.55) for v in vals) for c, vals in pr.get("cmyk") or ()}
    todo = sorted({c for c in colours if c.lower() not in fixed})
    out = {c: fixed[c.lower()] for c in colours if c.lower() in fixed}
    if todo:
        strip = Image.new("RGB", (len(todo), 1))
        strip.putdata([ImageColor.getrgb(c)[:3] for c in todo])
        conv = to_cmyk(strip, pr)
        out.update({c: conv.getpixel((x, 0)) for x, c in enumerate(todo)})
    return out


def _is_colour(v) -> bool:
    return isinstance(v, str) and v.startswith("#") and len(v) in (4, 7)


def cmyk_spec(spec: dict, pr: dict) -> dict:
    """The spec drawn in CMYK: every colour of every element replaced by its ink values, so a theme
    colour prints exactly as the office chose, black text and codes as black ink alone, and the
    anti-aliased edges blend inks, as a RIP would."""
    colours = [spec["background"]] + [v for op in spec["ops"] for v in op.values() if _is_colour(v)]
    ink = ink_values(colours, pr)
    ops = [{k: ink[v] if _is_colour(v) else v for k, v in op.items()} for op in spec["ops"]]
    return {**spec, "mode": "CMYK", "background": ink[spec["background"]], "ops": ops}


def _image_obj(im: Image.Image) -> bytes:
    # PNG's row filters (PDF /Predictor 15): rows that repeat the row above cost almost nothing; zlib
    # level 1 for the rest: a print file has no size target, a third of the PNG level's time for a
    # file about a third larger (still smaller than the TIFF-predictor file this replaced)
    data = filtered_zlib(im, PDFX_LEVEL)
    return (f"<< /Type /XObject /Subtype /Image /Width {im.width} /Height {im.height} /ColorSpace /DeviceCMYK "
            f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 4 /BitsPerComponent 8 "
            f"/Columns {im.width} >> /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream"


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


def write_pdfx(path: Path, spec: dict, pr: dict) -> None:
    """A one-page PDF/X-4 of ``spec``, drawn in CMYK, at physical size (trim and bleed)."""
    from .render import bleed_strips, draw

    page_mm, bleed_mm, bleed_px = tuple(spec["page_mm"]), spec["bleed_mm"], spec["bleed"]
    pw, ph = page_mm[0] * PT_PER_MM, page_mm[1] * PT_PER_MM
    b = bleed_mm * PT_PER_MM
    W, H = spec["trim"]
    cw, ch = W + 2 * bleed_px, H + 2 * bleed_px
    sx, sy = pw / cw, ph / ch
    cs, art = cmyk_spec(spec, pr), {}

    def convert(im):
        return to_cmyk(im, pr)

    trim = draw(cs, (bleed_px, bleed_px, bleed_px + W, bleed_px + H), art, convert=convert)
    placed = [(f"q {_num(W * sx)} 0 0 {_num(H * sy)} {_num(bleed_px * sx)} {_num(bleed_px * sy)} cm /Im0 Do Q",
               _image_obj(trim))]
    del trim
    for (x, y), im in bleed_strips(cs, art, convert):
        placed.append((f"q {_num(im.width * sx)} 0 0 {_num(im.height * sy)} {_num(x * sx)} "
                       f"{_num((ch - y - im.height) * sy)} cm /Im{len(placed)} Do Q", _image_obj(im)))
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
