"""Text of placard's example campaign (光明区) left in a campaign of one's own.

The example says so in its settings (``extra.placard.example: true``); any other campaign that
still carries the example's district, office or site address gets a warning per file, with the
line, so the clerk finds the page that still speaks of 光明区.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, warning
from ..i18n import N_, _
from ..model import Campaign

RULES = {
    "example.leftover": N_(
        "text of placard's example campaign (光明区) is left in a campaign of your own"
    )
}

#: What only the example says: its district, its office, its site's address.
EXAMPLE_TEXTS = ("光明区", "光明街道", "凤凰社区", "志愿光明", "光明人", "guangming.example")
TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".csv", ".txt", ".html")
FOLDERS = ("docs", "posters")
MAX_BYTES = 2_000_000


def _hit(text: str) -> tuple[int, str] | None:
    for no, line in enumerate(text.splitlines(), start=1):
        for needle in EXAMPLE_TEXTS:
            if needle in line:
                return no, needle
    return None


def _files(root: Path, docs_dir: str) -> list[Path]:
    out = [root / "mkdocs.yml"]
    for folder in (docs_dir, *FOLDERS[1:]):
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            out.extend(
                sorted(
                    p
                    for p in base.rglob("*")
                    if p.suffix.lower() in TEXT_SUFFIXES
                    and "photos" not in p.relative_to(base).parts[:2]
                    and p.is_file()
                )
            )
    return out


def check(campaign: Campaign) -> list[Finding]:
    if campaign.config.raw.get("example") is True:
        return []
    root = campaign.root
    findings = []

    def report(rel: str, line: int, needle: str) -> None:
        findings.append(
            warning(
                "example.leftover",
                _("'{text}' is the example campaign's; this campaign is not the example").format(
                    text=needle
                ),
                file=rel,
                line=line,
                fix=_(
                    "write your own district, office or address here, or delete what came from the example"
                ),
            )
        )

    for item in campaign.slogans:  # slogans are in the model already: no need to read them again
        hit = _hit(item.text)
        if hit:
            report(item.source.file, item.source.line_of("text"), hit[1])
    for path in _files(root, campaign.docs_dir):
        try:
            if path.stat().st_size > MAX_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        hit = _hit(text)
        if hit:
            report(path.relative_to(root).as_posix(), *hit)
    return findings
