"""The 信息发布审核表: one form per item, as PDF (A4, to print, sign by hand and file) or XLSX.

Both outputs come from :func:`form_rows`, computed once over the model and the records: the item
as published (the approved version, else the current text marked 待审), its grade, each level's
reviewer, role, decision, comment and date, withdrawals and corrections with their reasons.

PDF: each page is drawn with Pillow in the CJK font placard already ships for posters
(:func:`placard.posters.fonts.find_font`: a CFF2 variable font, which ReportLab cannot embed) and
written by a small writer beside :mod:`placard.posters.pdf`, with an invisible text layer (a
ToUnicode-mapped font, as scanned-and-searchable PDFs have): the form prints as drawn and its text
can be searched, copied and read back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .content import projection

KIND_ZH = {"slogan": "标语", "guide": "文明指南", "ad": "公益广告"}
#: The form's words for the parts of the published version (a filed paper form is read in Chinese).
PART_ZH = {
    "title": "标题",
    "text": "内容",
    "key_points": "要点",
    "body": "正文",
    "alt": "图片说明",
    "credit": "署名",
    "artwork": "图片校验码",
    "valid_from": "发布起始",
    "valid_to": "发布截止",
}


def content_lines(p) -> list[str]:
    """The published version as the form prints it: one part a line (the body line by line)."""
    from .content import KEYS

    out = []
    for key in KEYS:
        if key == "kind" or key not in (p or {}):
            continue
        value = p[key]
        label = PART_ZH.get(key, key)
        if key == "body":
            lines = [line for line in str(value or "").splitlines() if line.strip()]
            out += [f"{label}："] + ["  " + line for line in lines] if lines else []
        elif key == "key_points":
            out += [f"{label}{i}：{v}" for i, v in enumerate(value or (), 1)]
        elif key in ("valid_from", "valid_to"):
            out.append(f"{label}：{value or '—'}")
        else:
            out.append(f"{label}：{value}")
    return out


@dataclass(frozen=True)
class Sign:
    level: str
    by: str
    role: str
    decision: str
    comment: str
    day: str


@dataclass(frozen=True)
class Form:
    item_id: str
    kind: str
    grade: str
    office: str
    status: str  # 已发布 / 待审 / 已撤稿
    content: list[str]  # the item as published, as lines
    artwork: Path | None
    hash: str
    signs: list[Sign]
    notes: list[tuple[str, str, str, str]]  # (撤稿/更正, by, reason, day)


def form_of(campaign, st) -> Form:
    item = st.item
    shown = st.approved_content if st.approved is not None else None
    if st.legacy:
        shown, h, status = projection(item), st.current, "已发布"
        a = item.approval
        signs = [
            Sign(
                level,
                a.approved_by or "",
                "",
                "通过",
                "approved_by/approved_on",
                a.approved_on.isoformat() if a.approved_on else "",
            )
            for level in st.needs
        ]
    else:
        h = st.approved.hash if st.approved is not None else st.current
        status = (
            "已撤稿"
            if st.withdrawn is not None
            else ("已发布" if st.approved is not None else "待审")
        )
        if shown is None:
            shown = projection(item)
        signs = []
        for level in st.needs:
            got = [
                r for r in st.records if r.hash == h and (r.level == level or r.action == "adopted")
            ]
            r = got[-1] if got else None
            signs.append(
                Sign(
                    level,
                    r.by if r else "",
                    r.role if r else "",
                    (r.decision or "通过") if r else "",
                    (r.comment if r else ""),
                    r.time.date().isoformat() if r else "",
                )
            )
    notes = [
        (
            {"withdraw": "撤稿", "correct": "更正"}[r.action],
            r.by,
            r.reason,
            r.time.date().isoformat(),
        )
        for r in st.records
        if r.action in ("withdraw", "correct")
    ]
    art = getattr(item, "artwork", None) if item.kind == "ad" else None
    return Form(
        item.id,
        KIND_ZH.get(item.kind, item.kind),
        st.grade,
        campaign.config.office,
        status,
        content_lines(shown),
        art,
        h,
        signs,
        notes,
    )


def write_form(campaign, states, out: Path) -> None:
    forms = [form_of(campaign, st) for st in states]
    if out.suffix.lower() == ".xlsx":
        _xlsx(forms, out)
    else:
        _pdf(campaign, forms, out)


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx(forms: list[Form], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..files import replace_atomically
    from ..tabular_out import xlsx_text

    wb = Workbook()
    for n, f in enumerate(forms):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = f.item_id[:31]
        rows = [
            ["信息发布审核表"],
            ["单位", f.office],
            ["编号", f.item_id],
            ["类型", f.kind],
            ["等级", f.grade],
            ["状态", f.status],
            ["内容校验码", f.hash],
            ["发布内容", "\n".join(f.content)],
            [],
            ["审核环节", "审核人", "职务", "审核意见", "意见说明", "日期", "签字"],
        ]
        rows += [[s.level, s.by, s.role, s.decision, s.comment, s.day, ""] for s in f.signs]
        if f.notes:
            rows += [[], ["撤稿/更正", "决定人", "理由", "日期"]]
            rows += [list(x) for x in f.notes]
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows():
            for c in row:
                xlsx_text(c)  # '=…' in a comment stays text, never a formula
                c.alignment = Alignment(wrap_text=True, vertical="top")
        ws["A1"].font = Font(bold=True, size=14)
        for col, width in zip("ABCDEFG", (12, 40, 12, 10, 30, 12, 16), strict=True):
            ws.column_dimensions[col].width = width
    replace_atomically(out, lambda tmp: wb.save(tmp))


# --- PDF ----------------------------------------------------------------------------------------

A4_MM = (210.0, 297.0)
DPI = 150


def _pdf(campaign, forms: list[Form], out: Path) -> None:
    from PIL import Image, ImageDraw

    from ..posters.fonts import find_font, pil_font
    from ..posters.pdf import PT_PER_MM, _num, _write, info_dict
    from ..posters.pngwrite import filtered_zlib

    font = find_font(
        (campaign.config.raw.get("posters") or {})
        if isinstance(campaign.config.raw.get("posters"), dict)
        else {},
        campaign.root,
    )
    px = lambda mm: int(round(mm / 25.4 * DPI))  # noqa: E731
    W, H = px(A4_MM[0]), px(A4_MM[1])
    pw, ph = A4_MM[0] * PT_PER_MM, A4_MM[1] * PT_PER_MM
    k = pw / W  # points per pixel
    pages = []  # (image, [(x_px, y_px, size_px, text)])
    for f in forms:
        im = Image.new("RGB", (W, H), "white")
        d = ImageDraw.Draw(im)
        texts: list[tuple[int, int, int, str]] = []

        def text(x, y, s, size, weight="Regular", d=d, texts=texts):
            d.text((x, y), s, fill="black", font=pil_font(font, size, weight))
            texts.append((x, y, size, s))

        def wrap(s: str, size: int, width: int) -> list[str]:
            out_lines, cur = [], ""
            fnt = pil_font(font, size)
            for ch in s:
                if fnt.getlength(cur + ch) > width:
                    out_lines.append(cur)
                    cur = ""
                cur += ch
            return [*out_lines, cur] if cur or not out_lines else out_lines

        m = px(18)
        y = px(16)
        text(W // 2 - px(32), y, "信息发布审核表", px(8), "Bold")
        y += px(14)
        small = px(3.6)
        for label, value in (
            ("单位", f.office),
            ("编号", f.item_id),
            ("类型", f.kind),
            ("等级", f.grade),
            ("状态", f.status),
            ("内容校验码", f.hash[:23] + "…"),
        ):
            text(m, y, f"{label}：{value}", small)
            y += px(6)
        y += px(2)
        text(m, y, "发布内容：", small, "Bold")
        y += px(6)
        for line in f.content:
            for piece in wrap(line, small, W - 2 * m - px(4)):
                if y > H - px(120):
                    break
                text(m + px(4), y, piece, small)
                y += px(5.5)
        if f.artwork is not None:
            try:
                art = Image.open(f.artwork).convert("RGB")
                art.thumbnail((px(60), px(45)))
                im.paste(art, (m + px(4), y + px(2)))
                y += art.height + px(6)
            except OSError:
                pass
        y += px(4)
        cols = (
            ("审核环节", 20),
            ("审核人", 24),
            ("职务", 20),
            ("意见", 14),
            ("意见说明", 46),
            ("日期", 24),
            ("签字", 26),
        )
        row_h = px(14)
        x0 = m
        d.line((m, y, W - m, y), fill="black", width=2)
        for label, wmm in cols:
            text(x0 + px(1.5), y + px(3), label, small, "Bold")
            x0 += px(wmm)
        y += row_h
        for s in f.signs:
            d.line((m, y, W - m, y), fill="black", width=1)
            x0 = m
            for value, (_label, wmm) in zip(
                (s.level, s.by, s.role, s.decision, s.comment, s.day, ""), cols, strict=True
            ):
                lines = wrap(value, small, px(wmm) - px(3))[:2]
                for i, piece in enumerate(lines):
                    if piece:
                        text(x0 + px(1.5), y + px(2) + i * px(5), piece, small)
                x0 += px(wmm)
            # the line for a handwritten signature
            d.line(
                (x0 - px(24), y + row_h - px(3), x0 - px(2), y + row_h - px(3)),
                fill="black",
                width=1,
            )
            y += row_h
        d.line((m, y, W - m, y), fill="black", width=2)
        y += px(6)
        for kind, by, reason, day in f.notes:
            text(m, y, f"{kind}：{day} {by} — {reason}", small)
            y += px(6)
        text(
            m,
            H - px(14),
            _("Printed by placard on {day}").format(day=dt.date.today().isoformat()),
            px(3),
        )
        pages.append((im, texts))

    # objects: 1 catalog, 2 pages, 3 font (Type0), 4 CIDFont, 5 descriptor, 6 ToUnicode, then per page 3
    objs: list[bytes] = [b"", b"", b"", b"", b"", b""]
    kids = []
    for im, texts in pages:
        raw = filtered_zlib(im)
        img_n = len(objs) + 1
        objs.append(
            (
                f"<< /Type /XObject /Subtype /Image /Width {im.width} /Height {im.height} "
                f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << "
                f"/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns {im.width} >> /Length {len(raw)} >>"
                "\nstream\n"
            ).encode()
            + raw
            + b"\nendstream"
        )
        ops = [f"q {_num(pw)} 0 0 {_num(ph)} 0 0 cm /Im0 Do Q", "BT 3 Tr"]
        for x, y, size, s in texts:
            hexed = "".join(f"{ord(c):04X}" for c in s if ord(c) <= 0xFFFF)
            base = y + size * 0.88  # the text's baseline in pixels from the top
            ops.append(
                f"/F1 {_num(size * k)} Tf 1 0 0 1 {_num(x * k)} {_num(ph - base * k)} Tm <{hexed}> Tj"
            )
        ops.append("ET")
        content = ("\n".join(ops) + "\n").encode()
        cont_n = len(objs) + 1
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_n = len(objs) + 1
        objs.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(pw)} {_num(ph)}] "
                f"/Resources << /XObject << /Im0 {img_n} 0 R >> /Font << /F1 3 0 R >> >> "
                f"/Contents {cont_n} 0 R >>"
            ).encode()
        )
        kids.append(f"{page_n} 0 R")
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    objs[2] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /PlacardText /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>"
    )
    objs[3] = (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /PlacardText /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>"
    )
    objs[4] = (
        b"<< /Type /FontDescriptor /FontName /PlacardText /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256)]
    blocks = []
    for i in range(0, 256, 100):
        chunk = ranges[i : i + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    objs[5] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    objs.append(info_dict({"title": "信息发布审核表"}).encode())
    _write(out, objs)
