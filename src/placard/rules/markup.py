"""Page bodies MkDocs can render in bounded time.

Python-Markdown (which MkDocs renders pages with) takes time that grows with the square of the
links in one paragraph: ``"[a](" * 8000`` in a guide took 16 s to build, and a paragraph of
1,100 well-formed links 7 s. A guide or ad page whose body is absurdly long, or holds too many
links (``[``) in one paragraph or in all, is an error here, so ``build`` never starts on it.
The bounds are far above any page a person writes.
"""

from __future__ import annotations

from ..findings import Finding, error
from ..i18n import N_, _
from ..model import Campaign

RULES = {
    "markdown.too-long": N_("a page body longer than placard renders"),
    "markdown.too-many-links": N_(
        "a paragraph or a page with more links (or '[') than placard renders"
    ),
}

#: Characters in one page body.
MAX_BODY = 300_000
#: '[' in one paragraph (a heading, a list item, a table's row), and in one page.
MAX_LINKS_RUN = 100
MAX_LINKS_PAGE = 1_000


def body_too_long(body: str) -> bool:
    return len(body) > MAX_BODY


def _runs(body: str) -> list[tuple[int, int]]:
    """(first line index, count of '[') for each inline run of ``body`` (markdown-it-py's blocks)."""
    from markdown_it import MarkdownIt

    md = _runs.__dict__.setdefault("md", MarkdownIt("commonmark").enable("table"))
    out = []
    for tok in md.parse(body):
        if tok.type == "inline" and "[" in tok.content:
            out.append((tok.map[0] if tok.map else 0, tok.content.count("[")))
    return out


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    for item in (*campaign.guides, *campaign.ads):
        body = item.body or ""
        file, first = item.source.file, getattr(item, "body_line", 1)
        if body_too_long(body):
            out.append(
                error(
                    "markdown.too-long",
                    _(
                        "the page body holds {n} characters, more than the {limit} placard renders"
                    ).format(n=f"{len(body):,}", limit=f"{MAX_BODY:,}"),
                    file=file,
                    line=first,
                    fix=_("split the page into several pages"),
                )
            )
            continue
        if body.count("[") <= MAX_LINKS_RUN:
            continue
        runs = _runs(body)
        total = sum(n for _, n in runs)
        for line, n in runs:
            if n > MAX_LINKS_RUN:
                out.append(
                    error(
                        "markdown.too-many-links",
                        _(
                            "this paragraph holds {n} links or '[' marks, more than the {limit} placard renders in one "
                            "paragraph (rendering time grows with the square of their number)"
                        ).format(n=f"{n:,}", limit=MAX_LINKS_RUN),
                        file=file,
                        line=first + line,
                        fix=_("split the paragraph, or make the links a list (one link per item)"),
                    )
                )
        if total > MAX_LINKS_PAGE:
            out.append(
                error(
                    "markdown.too-many-links",
                    _(
                        "the page holds {n} links or '[' marks, more than the {limit} placard renders in one page"
                    ).format(n=f"{total:,}", limit=f"{MAX_LINKS_PAGE:,}"),
                    file=file,
                    line=first,
                    fix=_("split the page into several pages"),
                )
            )
    return out
