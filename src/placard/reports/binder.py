"""The inspection binder (迎检材料): an A4 PDF made from the records, section by section.

Cover; contents with page numbers; an overview of every list's figures; then per placement list:
where it is, its rule, the share per day against the required line (a chart), its slots and
items, the patrol history with before/after photo pairs captioned from the records and EXIF,
play-log compliance for screens; then the approvals, the scan figures and an appendix of every
source file with its SHA-256.

Made as HTML (Jinja, autoescaped: every value from the campaign is escaped) and typeset by
WeasyPrint (CSS paged media: page numbers, a contents page whose numbers come from
``target-counter``, Chinese line breaking by Pango), with the font placard ships cut to the
document's text (:mod:`placard.reports.pdffont`). WeasyPrint may load only files from the
binder's own temporary folder: nothing is fetched from another host.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import i18n
from ..i18n import P_
from ..model import Campaign, PatrolRecord, Photo, PlacementList
from ..patrols.state import campaign_patrols
from . import figures as F
from .pdffont import document_font, make_fonts

TEMPLATES = Path(__file__).with_name("templates")
#: Photos are printed at most this wide/high (mm) and scaled to 300 dpi at that size.
PHOTO_BOX_MM = (80.0, 60.0)
DPI = 300
PHOTO_FORMATS = ["JPEG", "PNG", "WEBP"]
GENERATOR = "placard binder"
#: Source folders listed in the appendix (dot-entries and outputs are left out).
SOURCE_PARTS = ("mkdocs.yml", "slogans", "docs", "posters", "reviews", "hooks")


@dataclass
class PrintedPhoto:
    path: str  # campaign-relative
    src: str | None  # file name in the work folder; None when unreadable
    width_mm: float = 0.0
    height_mm: float = 0.0
    caption: str = ""
    problem: str = ""  # why it could not be printed


@dataclass
class Section:
    anchor: str
    title: str
    level: int = 1


@dataclass
class BinderContext:
    campaign: Campaign
    figs: F.Figures
    made: dt.date
    scans: list = field(default_factory=list)
    scan_note: str = ""
    sources: list[tuple[str, int, str]] = field(default_factory=list)
    photos_unreadable: list[str] = field(default_factory=list)
    missing_glyphs: tuple[str, ...] = ()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def source_files(root: Path) -> list[Path]:
    """Every source file of the campaign (no outputs, no dot-entries, no links), sorted."""
    out: list[Path] = []
    for part in SOURCE_PARTS:
        p = root / part
        if p.is_symlink():
            continue
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d))
                )
                for name in sorted(filenames):
                    f = Path(dirpath) / name
                    if not name.startswith(".") and not f.is_symlink() and f.is_file():
                        out.append(f)
    return out


def print_photo(src: Path, work: Path, name: str) -> tuple[str, float, float] | str:
    """Scale a photo to at most 300 dpi in the photo box; returns (file, w_mm, h_mm) or the problem."""
    from PIL import Image, ImageOps

    box_px = (round(PHOTO_BOX_MM[0] / 25.4 * DPI), round(PHOTO_BOX_MM[1] / 25.4 * DPI))
    try:
        if src.is_symlink() or not src.is_file():
            return P_("the file is not there")
        with Image.open(src, formats=PHOTO_FORMATS) as im:
            if im.format == "JPEG":  # decode at 1/2, 1/4 … of the size when the photo is that much larger
                im.draft("RGB", (box_px[0] // 2, box_px[1] // 2))
            im.thumbnail(box_px, Image.Resampling.BICUBIC, reducing_gap=2.0)
            im = ImageOps.exif_transpose(im).convert("RGB")
            out = work / name
            im.save(out, "JPEG", quality=82)
            w, h = im.size
    except Exception as exc:  # noqa: BLE001 - any unreadable picture is listed, the binder is still made
        return P_("not a readable JPEG, PNG or WebP picture ({error})").format(
            error=type(exc).__name__
        )
    return out.name, w * 25.4 / DPI, h * 25.4 / DPI


def pct(x: Fraction | None) -> str:
    if x is None:
        return "—"
    from ..rules.ratio import pct as _pct

    return _pct(x)


def share_chart_svg(lf: F.ListFigures, width: int = 640, height: int = 200) -> str:
    """The share per day (a line) against the required share (a dashed line), as SVG."""
    days = lf.days
    pad_l, pad_r, pad_t, pad_b = 44, 10, 10, 28
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    req = float(lf.pl.rule.min_public)
    n = max(1, len(days) - 1)

    def x(i: int) -> float:
        return pad_l + w * i / n

    def y(v: float) -> float:
        return pad_t + h * (1 - v)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="P" font-size="11">'
    ]
    for v in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{pad_l - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{int(v * 100)}%</text>'
        )
    pts, run = [], []
    for i, d in enumerate(days):
        if d.share is None:
            if run:
                pts.append(run)
            run = []
            continue
        run.append(f"{x(i):.1f},{y(float(d.share)):.1f}")
    if run:
        pts.append(run)
    for r in pts:
        if len(r) == 1:
            cx, cy = r[0].split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="#1a5fb4"/>')
        else:
            parts.append(
                f'<polyline points="{" ".join(r)}" fill="none" stroke="#1a5fb4" stroke-width="1.5"/>'
            )
    for i, d in enumerate(days):
        if d.total and d.public < lf.pl.rule.min_public * d.total:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(float(d.share or 0)):.1f}" r="2.5" fill="#c01c28"/>'
            )
    parts.append(
        f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y(req):.1f}" y2="{y(req):.1f}" '
        'stroke="#c01c28" stroke-dasharray="5,3" stroke-width="1.2"/>'
    )
    if days:
        first, last = days[0].day.isoformat(), days[-1].day.isoformat()
        parts.append(f'<text x="{pad_l}" y="{height - 8}">{html.escape(first)}</text>')
        parts.append(
            f'<text x="{pad_l + w}" y="{height - 8}" text-anchor="end">{html.escape(last)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _caption(r: PatrolRecord, ph: Photo | None, pl: PlacementList, fixed: dt.date | None) -> str:
    from ..patrols.load import STATUS_ZH
    from ..patrols.photos import distance_m

    bits = []
    if ph is not None and ph.taken:
        bits.append(P_("taken {when}").format(when=ph.taken.strftime("%Y-%m-%d %H:%M")))
    else:
        bits.append(P_("recorded {day} (no time in the photo)").format(day=r.day.isoformat()))
    if ph is not None and ph.lat is not None and pl.lat is not None and pl.lon is not None:
        bits.append(
            P_("{metres} m from the list's position").format(
                metres=round(distance_m(ph.lat, ph.lon, pl.lat, pl.lon))
            )
        )
    bits.append(P_("inspector {name}").format(name=r.inspector))
    bits.append(STATUS_ZH.get(r.status, r.status))
    if r.note:
        bits.append(r.note)
    if fixed is not None:
        bits.append(P_("fixed on {day}").format(day=fixed.isoformat()))
    return P_("; ").join(bits)


def build_html(ctx: BinderContext, work: Path, lang: str) -> tuple[str, str]:
    """The binder as HTML (and all its text, for the font), photos and charts written into ``work``."""
    from ..ledger import KIND_ZH, TYPE_ZH, UNIT_ZH
    from ..patrols.load import STATUS_ZH
    from ..playlogs import load_plays
    from ..rules.playlog import day_shares as play_day_shares
    from ..rules.playlog import summary as play_summary

    campaign = ctx.campaign
    state = campaign_patrols(campaign) if campaign.patrols is not None else {}
    plays = load_plays(campaign)
    n_photo = 0
    lists = []
    for lf in ctx.figs.lists:
        pl = lf.pl
        lp = state.get(pl.id)
        records = [r for r in (lp.records if lp else ()) if ctx.figs.start <= r.day <= ctx.figs.end]
        pairs = []
        for p in lf.problems:
            shots = []
            for r, fixed in ((p.opened, None), (p.closed, None)):
                if r is None or (r is p.closed and r.day > ctx.figs.end):
                    shots.append(None)
                    continue
                ph = next(iter(r.photos), None)
                shot = PrintedPhoto(
                    ph.path if ph else "",
                    None,
                    caption=_caption(r, ph, pl, fixed if r is p.closed else None),
                )
                if ph is not None:
                    n_photo += 1
                    done = print_photo(campaign.root / ph.path, work, f"p{n_photo}.jpg")
                    if isinstance(done, str):
                        shot.problem = done
                        ctx.photos_unreadable.append(f"{ph.path}: {done}")
                    else:
                        shot.src, shot.width_mm, shot.height_mm = done
                else:
                    shot.problem = P_("no photo with this record")
                shots.append(shot)
            pairs.append((p, shots))
        chart = None
        if lf.days:
            chart = f"chart-{len(lists)}.svg"
            (work / chart).write_text(share_chart_svg(lf), encoding="utf-8")
        lplays = plays.lists.get(pl.id)
        play_rows = play_day_shares(lplays) if lplays is not None else []
        play_rows = [s for s in play_rows if ctx.figs.start <= s.day <= ctx.figs.end]
        lists.append(
            {
                "lf": lf,
                "pl": pl,
                "records": records,
                "pairs": pairs,
                "chart": chart,
                "type": TYPE_ZH.get(pl.type, pl.type),
                "unit": UNIT_ZH.get(pl.rule.measure, ""),
                "play": play_summary(lplays) if lplays is not None else None,
                "play_rows": play_rows,
            }
        )
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translation(lang), newstyle=True)
    items = sorted(campaign.items(), key=lambda i: (i.kind, i.id))
    out = env.get_template("binder.html").render(
        c=ctx,
        campaign=campaign,
        figs=ctx.figs,
        lists=lists,
        items=items,
        pct=pct,
        kind_zh=KIND_ZH,
        status_zh=STATUS_ZH,
        lang_tag=i18n.tag(lang),
        generator=GENERATOR,
    )
    return out, out


def _fetcher_for(work: Path):
    """WeasyPrint may read files of the work folder only (no network, nothing else on disk)."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    base = work.resolve()

    class WorkFolderOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                p = Path(unquote(urlparse(url).path)).resolve()
                if p.is_relative_to(base) and p.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused: {url}")

    return WorkFolderOnly(allowed_protocols=("file",))


def write_binder(
    campaign: Campaign,
    figs: F.Figures,
    out: Path,
    *,
    scans=None,
    scan_note: str = "",
    made: dt.date | None = None,
) -> BinderContext:
    """Typeset the binder into ``out`` (a file the caller checked); returns what went into it."""
    import logging

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    lang = i18n.set_page_language(campaign.config.language)
    ctx = BinderContext(campaign, figs, made or dt.date.today(), scans or [], scan_note)
    root = campaign.root
    ctx.sources = [
        (f.relative_to(root).as_posix(), f.stat().st_size, sha256_file(f))
        for f in source_files(root)
    ]
    with tempfile.TemporaryDirectory(prefix="placard-binder-") as tmp:
        work = Path(tmp)
        page, text = build_html(ctx, work, lang)
        fonts = make_fonts(
            _visible_text(text), work, document_font(campaign.root, _poster_config(campaign))
        )
        ctx.missing_glyphs = fonts.missing
        font_config = FontConfiguration()
        fetch = _fetcher_for(work)
        css = CSS(
            string=(TEMPLATES / "binder.css").read_text(encoding="utf-8"),
            base_url=str(work) + "/",
            font_config=font_config,
            url_fetcher=fetch,
        )
        (work / "binder.html").write_text(page, encoding="utf-8")
        HTML(
            filename=str(work / "binder.html"), base_url=str(work) + "/", url_fetcher=fetch
        ).write_pdf(str(out), stylesheets=[css], font_config=font_config)
    return ctx


def _poster_config(campaign: Campaign) -> dict:
    posters = campaign.config.raw.get("posters")
    return dict(posters) if isinstance(posters, dict) else {}


def _visible_text(page: str) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", page))
