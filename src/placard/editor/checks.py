"""Checks a save before it is written: the campaign's loaders and checks on the text the clerk sent.

A slogan is checked the way ``placard serve`` checks an edited slogan (:class:`placard.live.campaign.
LiveCampaign`): the one file read again from the text, the campaign put together in memory, every check
run — fast on a campaign of thousands. A guide, an ad, a placement list or a patrol file is read from the
text by its own loader (what that file alone can get wrong); after it is written the campaign is loaded
again, so findings that involve other files are shown too.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..findings import Finding


def as_dict(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": str(f.severity),
        "file": f.file,
        "line": f.line,
        "field": f.field,
        "message": f.message,
        "fix": f.fix,
    }


class Checker:
    def __init__(self, root: Path):
        from ..live.campaign import LiveCampaign

        self.root = Path(root).resolve()
        self.live = LiveCampaign(self.root)
        self._lock = threading.RLock()
        self._loaded = False

    @property
    def docs_dir(self) -> str:
        base = self.live.base
        return base.docs_dir if base is not None else "docs"

    def _ensure(self) -> None:
        if not self._loaded:
            self.live.load()
            self._loaded = True

    def load(self) -> None:
        with self._lock:
            self.live.load()
            self._loaded = True

    def approved(self) -> list[dict]:
        """The approved slogans, ads and guides of the campaign as it is now (see ``config.APPROVED_FILE``)."""
        from .config import approved_items

        with self._lock:
            self._ensure()
            result = self.live.result
            campaign = result.campaign if result is not None else None
            return approved_items(campaign) if campaign is not None else []

    def _kind(self, rel: str) -> str:
        from ..live.campaign import is_slogan_file
        from ..patrols.load import PATROLS_DIR
        from ..placements.load import PLACEMENTS_DIR

        if is_slogan_file(self.root / rel, self.root):
            return "slogan"
        docs = self.docs_dir
        if rel.startswith(f"{docs}/guides/"):
            return "guide"
        if rel.startswith(f"{docs}/ads/"):
            return "ad"
        if rel.startswith(PLACEMENTS_DIR + "/"):
            return "placement"
        if rel.startswith(PATROLS_DIR + "/"):
            return "patrol"
        return "other"

    def trial(self, rel: str, text: str) -> list[dict]:
        """The findings the campaign would have with ``rel`` holding ``text`` (nothing is written)."""
        with self._lock:
            self._ensure()
            live = self.live
            base = live.base
            if base is None:  # mkdocs.yml itself is broken: its findings
                return [as_dict(f) for f in live.result.findings]
            kind = self._kind(rel)
            found: list[Finding] = []
            path = self.root / rel
            if kind == "slogan":
                from ..load import load_slogan

                known = (
                    {_key(f) for f in live.result.findings} if live.result is not None else set()
                )
                old = (live.slogans.get(rel, _MISSING), live.file_findings.get(rel, _MISSING))
                live.slogans[rel] = load_slogan(path, self.root, base.config, found, text=text)
                live.file_findings[rel] = found
                new = live.slogans[rel]
                try:
                    result = live._assemble()
                finally:
                    for table, value in zip((live.slogans, live.file_findings), old, strict=True):
                        if value is _MISSING:
                            table.pop(rel, None)
                        else:
                            table[rel] = value
                self._trial = (rel, new, found, result)
                # this file's findings, and those the change brings to other files (a list naming it, …)
                return [
                    as_dict(f) for f in result.findings if f.file == rel or _key(f) not in known
                ]
            docs = self.root / self.docs_dir
            if kind == "guide":
                from ..load import load_guide

                load_guide(path, self.root, docs, base.config, found, text=text)
            elif kind == "ad":
                from ..load import load_ad

                load_ad(path, self.root, docs, base.config, found, text=text)
            elif kind == "placement":
                from ..placements.load import parse_yaml_list, read_defaults

                defaults = read_defaults(base.config.raw.get("placements"), [])
                parse_yaml_list(text, rel, path.stem, defaults, found)
            elif kind == "patrol":
                from ..patrols.load import _Context, parse_yaml

                ctx = _Context(self.root, {pl.id: pl for pl in base.placements}, base.today)
                parse_yaml(text, rel, ctx, found)
            return [as_dict(f) for f in found]

    def saved(self, rel: str) -> list[dict]:
        """After ``rel`` was written (or deleted): bring the campaign up to date; the findings of ``rel`` and the
        ones the change brought to other files."""
        with self._lock:
            live = self.live
            known = {_key(f) for f in live.result.findings} if live.result is not None else set()
            trial = getattr(self, "_trial", None)
            self._trial = None
            if self._kind(rel) == "slogan" and live.base is not None:
                if trial is not None and trial[0] == rel and (self.root / rel).is_file():
                    live.slogans[rel], live.file_findings[rel], live.result = (
                        trial[1],
                        trial[2],
                        trial[3],
                    )
                else:
                    live.update([self.root / rel])
            else:
                live.load()
            self._loaded = True
            return [
                as_dict(f) for f in live.result.findings if f.file == rel or _key(f) not in known
            ]


_MISSING = object()


def _key(f: Finding) -> tuple:
    return (f.rule, f.file, f.line, f.field, f.message)
