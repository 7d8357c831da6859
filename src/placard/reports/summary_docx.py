"""The work summary draft (工作总结) as a Word document, every figure filled from the records.

Headings as offices write them (工作开展情况, 主要成效, 存在问题, 下步打算). Each figure says where it
comes from; the places for the office's own prose are marked (highlighted 【…】) and hold no
invented text. A period without records says so instead of showing zeros as achievements.
The figures are :mod:`placard.reports.figures` — the same definitions as the ledger's.
"""

from __future__ import annotations

from pathlib import Path

from .. import i18n
from ..i18n import P_ as _
from ..model import Campaign
from . import figures as F
from .binder import pct

IDENTIFIER = "placard-work-summary"


def _fmt_days(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:g}"


def write_summary(campaign: Campaign, figs: F.Figures, out: Path, made) -> None:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.shared import Pt

    i18n.set_page_language(campaign.config.language)  # a document in the campaign's language
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    props = doc.core_properties
    props.identifier = IDENTIFIER
    props.title = _("{name}: work summary (draft)").format(name=campaign.config.name)
    props.author = campaign.config.office
    props.comments = _(
        "Made by placard from the campaign's records; the marked places are for the office's own text."
    )

    def para(text: str, bold: bool = False):
        p = doc.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        return p

    def prose(hint: str):
        p = doc.add_paragraph()
        r = p.add_run(_("【To be written by the office: {hint}】").format(hint=hint))
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return p

    def source(text: str):
        p = doc.add_paragraph()
        r = p.add_run(_("Source: {where}").format(where=text))
        r.italic = True
        r.font.size = Pt(9)

    doc.add_heading(_("{name}: work summary (draft)").format(name=campaign.config.name), level=0)
    para(_("Office: {office}").format(office=campaign.config.office))
    para(
        _("Period: {start} to {end}; made on {made}").format(
            start=figs.start.isoformat(), end=figs.end.isoformat(), made=made.isoformat()
        )
    )

    in_period = figs.lists_in_period
    has_patrols = campaign.patrols is not None

    # 一、工作开展情况
    doc.add_heading(_("1. What was done"), level=1)
    if not in_period:
        para(
            _(
                "No placement list has days in this period: the records hold nothing to report for it."
            )
        )
    else:
        para(
            _(
                "{lists} placement lists were up in the period, with {slots} slots, {public} of them "
                "public-benefit."
            ).format(
                lists=len(in_period),
                slots=sum(len(f.pl.slots) for f in in_period),
                public=sum(
                    1
                    for f in in_period
                    for s in f.pl.slots
                    if s.kind == "public" and s.start <= figs.end and s.end >= figs.start
                ),
            )
        )
        source(_("the placement lists in posters/placements/ (the ledger's 台账 sheet)"))
        if has_patrols:
            para(
                _(
                    "Patrols: {done} done against {required} required by the patrol settings."
                ).format(done=figs.patrols_done, required=figs.patrols_required)
            )
            source(
                _(
                    "the patrol records in posters/patrols/ (distinct patrol days per list; the ledger's 巡查记录 sheet)"
                )
            )
        else:
            para(_("No patrol records are kept for this campaign (posters/patrols/ is empty)."))
    prose(_("meetings, campaigns and activities held in the period"))

    # 二、主要成效
    doc.add_heading(_("2. Results"), level=1)
    if in_period:
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        heads = (
            _("List"),
            _("Required public share"),
            _("Lowest share"),
            _("Median share"),
            _("Days below the rule"),
            _("Days counted"),
        )
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            cell.text = text
        for f in in_period:
            row = table.add_row().cells
            values = (
                f"{f.pl.name}（{f.pl.id}）",
                pct(f.pl.rule.min_public),
                pct(f.lowest),
                pct(f.median),
                str(len(f.below)),
                str(len(f.days)),
            )
            for cell, text in zip(row, values, strict=True):
                cell.text = text
        source(
            _(
                "each day's public-benefit share of each list, the same figure as the ledger's 当日公益占比"
            )
        )
        ok = [f for f in in_period if not f.below]
        para(
            _("{ok} of {lists} lists met their required share on every day of the period.").format(
                ok=len(ok), lists=len(in_period)
            )
        )
        if has_patrols:
            if figs.problems:
                para(
                    _(
                        "{found} problems were found on patrols; {fixed} were fixed, taking a median of {days} "
                        "days."
                    ).format(
                        found=figs.problems, fixed=figs.fixed, days=_fmt_days(figs.median_fix_days)
                    )
                )
            else:
                para(_("No problem was recorded on patrols in the period."))
            source(
                _(
                    "the patrol records: a problem opens with 破损/脏污/缺失/内容不符 and closes with 已整改"
                )
            )
    else:
        para(_("No figures: no placement list has days in this period."))
    prose(_("what changed for residents; notable work and examples"))

    # 三、存在问题
    doc.add_heading(_("3. Problems"), level=1)
    issues = 0
    for f in in_period:
        if f.below:
            issues += 1
            para(
                _(
                    "{list}: below its required share of {need} on {days} days (first {first}, last {last}; "
                    "lowest {lowest})."
                ).format(
                    list=f"{f.pl.name}（{f.pl.id}）",
                    need=pct(f.pl.rule.min_public),
                    days=len(f.below),
                    first=f.below[0].isoformat(),
                    last=f.below[-1].isoformat(),
                    lowest=pct(f.lowest),
                )
            )
    if has_patrols and in_period:
        if figs.overdue:
            issues += 1
            para(_("{n} problems were not fixed within the time allowed.").format(n=figs.overdue))
        if figs.open:
            issues += 1
            para(_("{n} problems were still open at the end of the period.").format(n=figs.open))
        short = [f for f in in_period if f.patrols_done < f.patrols_required]
        for f in short:
            issues += 1
            para(
                _("{list}: {done} patrols against {required} required.").format(
                    list=f"{f.pl.name}（{f.pl.id}）",
                    done=f.patrols_done,
                    required=f.patrols_required,
                )
            )
    if not issues:
        para(
            _(
                "The records show no day below the rule, no late fix and no missing patrol in the period."
            )
        )
    source(_("the same records as above"))
    prose(_("causes, and problems the records do not show"))

    # 四、下步打算
    doc.add_heading(_("4. Next steps"), level=1)
    prose(_("the plan for the next period"))

    doc.save(str(out))
