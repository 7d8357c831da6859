"""Generated pages are never replaced silently.

A hand-written page in docs/ at the address of a page placard generates (a ``docs/s/<slogan>.md``
where the slogan's QR codes lead, a theme page, an index, the 404 page, an ``updated/`` page) is an
error naming both; so is an id whose generated page would take another generated page's address
(a theme with ``id: index`` in place of the slogans index). The guides, ads and slogans indexes
may be hand-written when they carry the section's marker (``<!-- placard:guides -->``), which
placard fills.
"""

from __future__ import annotations

from ..findings import Finding, error
from ..i18n import N_, _
from ..model import Campaign

RULES = {
    "site.page-clash": N_("a hand-written page takes the address of a page placard generates"),
    "site.id-clash": N_("two generated pages would have the same address"),
}


def check(campaign: Campaign) -> list[Finding]:
    from ..site.claims import MARKED, dest, generated

    out: list[Finding] = []
    pages = generated(campaign)
    taken: dict[str, tuple[str, str, str | None, int | None]] = {}
    for page in pages:
        uri, what, file, line = page
        first = taken.setdefault(dest(uri), page)
        if first is not page:
            out.append(
                error(
                    "site.id-clash",
                    _("{what} would have the address '{uri}', which is already {other}").format(
                        what=what, uri=uri, other=first[1]
                    ),
                    file=file or campaign.config.source.file,
                    line=line,
                    fix=_("choose another id (not 'index', and not the id of another page)"),
                )
            )
    docs = campaign.docs_dir.rstrip("/")
    for page in campaign.pages:
        hit = taken.get(dest(page))
        if hit is None:
            continue
        uri, what, file, line = hit
        marker = MARKED.get(page)
        if marker and marker in campaign.page_markers.get(page, ()):
            continue
        made = f" ({file}{f':{line}' if line else ''})" if file else ""
        hint = _("keep placard's page: rename or move {page}").format(page=f"{docs}/{page}")
        if marker:
            hint = _(
                "put {marker} in {page} where placard should list the section, or rename it"
            ).format(marker=marker, page=f"{docs}/{page}")
        out.append(
            error(
                "site.page-clash",
                _(
                    "the hand-written page {page} has the address of {what}{made}, which placard generates: one "
                    "would silently replace the other"
                ).format(page=f"{docs}/{page}", what=what, made=made),
                file=f"{docs}/{page}",
                line=1,
                fix=hint,
            )
        )
    return out
