"""The loaded campaign kept in memory: an edit to a slogan file reloads that file only.

A full load reads every file (:func:`placard.load.load_campaign`). After that, a changed,
new or deleted slogan file is read again on its own, and the campaign is put together from
the slogans in memory: the same per-file reader, the same id and reference checks and every
check of :func:`placard.engine.run_checks` (fast: their matchers are cached), so a served
campaign has exactly the findings ``placard check`` would report. Anything else that changes
(mkdocs.yml, docs/, posters/) means a full load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..engine import CheckResult, run_checks
from ..findings import Finding
from ..links import link_findings
from ..load import (
    SLOGANS_DIR,
    _check_ad_links,
    _check_ids,
    _content_files,
    load_campaign,
    load_slogan,
)
from ..model import Campaign

#: Findings recomputed on every update (they depend on the set of slogans), never kept from the full load.
_RECOMPUTED = ("schema.duplicate-id", "ref.unknown")


def _under_slogans(rel: str) -> bool:
    return rel.startswith(SLOGANS_DIR + "/")


def is_slogan_file(path: Path, root: Path) -> bool:
    """A path :func:`placard.load._content_files` would read as a slogan (whether or not it exists now)."""
    try:
        rel = path.relative_to(root / SLOGANS_DIR)
    except ValueError:
        return False
    return (path.suffix == ".md" and path.name not in ("index.md", "README.md")
            and not any(part.startswith(".") for part in rel.parts))


class LiveCampaign:
    """A campaign folder loaded once and kept up to date file by file."""

    def __init__(self, root: Path, today: dt.date | None = None):
        self.root = Path(root).resolve()
        self.today = today
        self.base: Campaign | None = None
        self.static: list[Finding] = []  # findings of everything but the slogan files
        self.slogans: dict[str, object] = {}  # slogans/x.md -> its Slogan, or None if it has errors
        self.file_findings: dict[str, list[Finding]] = {}  # slogans/x.md -> its load findings
        self.result: CheckResult | None = None

    # ------------------------------------------------------------------ full load

    def load(self) -> CheckResult:
        """Read everything. Raises ``CampaignNotFound`` if the folder has no mkdocs.yml."""
        loaded = load_campaign(self.root, self.today)
        campaign = loaded.campaign
        findings = list(loaded.findings)
        self.base = campaign
        self.slogans, self.file_findings = {}, {}
        if campaign is None:
            self.static = findings
            self.result = CheckResult(None, findings)
            return self.result
        self.static = [f for f in findings if not _under_slogans(f.file or "") and f.rule not in _RECOMPUTED]
        for f in findings:
            if _under_slogans(f.file or "") and f.rule not in (*_RECOMPUTED, "load.symlink"):
                self.file_findings.setdefault(f.file, []).append(f)
        for s in campaign.slogans:
            self.slogans[s.source.file] = s
        for path in _content_files(self.root / SLOGANS_DIR):  # slogans left out as duplicates: read again
            rel = path.relative_to(self.root).as_posix()
            if rel not in self.slogans:
                self._read(rel)
        self.result = self._assemble()
        return self.result

    # ------------------------------------------------------------------ one file at a time

    def _read(self, rel: str) -> None:
        path = self.root / rel
        if not path.is_file():  # deleted (or renamed away, or not a file any more)
            self.slogans.pop(rel, None)
            self.file_findings.pop(rel, None)
            return
        found: list[Finding] = []
        self.slogans[rel] = load_slogan(path, self.root, self.base.config, found)
        self.file_findings[rel] = found

    def update(self, paths, rescan: bool = False) -> CheckResult:
        """Read the slogan files ``paths`` again (absolute; deleted ones drop out); ``rescan``: also look
        through the slogans folder for files that came or went with a folder (moved in or out)."""
        if self.base is None:
            return self.load()
        for path in paths:
            path = Path(path)
            if is_slogan_file(path, self.root):
                self._read(path.relative_to(self.root).as_posix())
        if rescan:
            present = {p.relative_to(self.root).as_posix() for p in _content_files(self.root / SLOGANS_DIR)}
            for rel in [r for r in self.slogans if r not in present]:
                self._read(rel)
            for rel in sorted(present - self.slogans.keys()):
                self._read(rel)
        self.result = self._assemble()
        return self.result

    def _assemble(self) -> CheckResult:
        base = self.base
        findings = list(self.static)
        findings += link_findings(self.root, [SLOGANS_DIR])
        order = sorted(self.slogans, key=lambda rel: rel.split("/"))  # the order the full load reads them in
        for rel in order:
            findings += self.file_findings.get(rel, [])
        slogans = [s for rel in order if (s := self.slogans[rel]) is not None]
        kept = _check_ids([*slogans, *base.ads, *base.guides], findings)
        kept_ids = {id(x) for x in kept}
        slogans = [s for s in slogans if id(s) in kept_ids]
        ads = [a for a in base.ads if id(a) in kept_ids]
        guides = [g for g in base.guides if id(g) in kept_ids]
        _check_ad_links(ads, {s.id for s in slogans}, findings)
        campaign = replace(base, slogans=tuple(slogans), ads=tuple(ads), guides=tuple(guides))
        findings += run_checks(campaign)
        return CheckResult(campaign, findings)
