"""Ids and tags that become parts of file names and addresses are short enough to be written.

A slot id names its poster files (``posters/placement-<list>/<slot>.png``), a tag its page
(``tags/<tag>/``), a theme id its pages (``slogans/<theme>/``, ``updated/<theme>/``). A file
name holds at most 255 bytes (85 Chinese characters), so a 90-character tag or a 300-character
slot id passed ``check`` and failed the build. Each is bounded here well below that, so what
``check`` accepts, ``build`` can write.
"""

from __future__ import annotations

from ..findings import Finding, error
from ..i18n import N_, _
from ..model import Campaign

RULES = {"name.too-long": N_("an id or tag too long to be part of a file name or address")}

#: Bytes (UTF-8) of an id or tag: room for a prefix and a suffix within a file name's 255.
MAX_BYTES = 120


def _too_long(value: str) -> bool:
    return len(value.encode("utf-8", "surrogatepass")) > MAX_BYTES


def _finding(what: str, value: str, file: str, line: int | None, field: str) -> Finding:
    shown = value if len(value) <= 30 else value[:30] + "…"
    return error(
        "name.too-long",
        _(
            "{what} '{value}' ({n} characters) is too long to be part of a file name or a page address"
        ).format(what=what, value=shown, n=len(value)),
        file=file,
        line=line,
        field=field,
        fix=_("shorten it to at most 40 Chinese characters or 120 letters and digits"),
    )


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    cfg = campaign.config
    for t in cfg.themes:
        if _too_long(t.id):
            out.append(_finding(_("the theme id"), t.id, cfg.source.file, t.line, "id"))
    for item in campaign.items():
        if _too_long(item.id):
            out.append(
                _finding(_("the id"), item.id, item.source.file, item.source.line_of("id"), "id")
            )
        for tag in item.tags:
            if _too_long(tag):
                out.append(
                    _finding(
                        _("the tag"), tag, item.source.file, item.source.line_of("tags"), "tags"
                    )
                )
    for pl in campaign.placements or ():
        if _too_long(pl.id):
            out.append(_finding(_("the list id"), pl.id, pl.source.file, pl.source.line, "id"))
        for s in pl.slots:
            if _too_long(s.id):
                out.append(_finding(_("the slot id"), s.id, pl.source.file, s.line, "slot"))
    return out
