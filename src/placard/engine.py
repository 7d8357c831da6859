"""Load a campaign and run every check on it: the one entry point for CLI and hooks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import lint
from .findings import Finding, has_errors
from .load import load_campaign
from .model import Campaign
from .rules import CHECKS, RULES


@dataclass(frozen=True)
class CheckResult:
    campaign: Campaign | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.campaign is not None and not has_errors(self.findings)


def run_checks(campaign: Campaign) -> list[Finding]:
    """Every check in :data:`CHECKS`, then the campaign's and files' ``lint`` switches."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(campaign))
    return lint.apply(campaign, findings, RULES)


def check_campaign(root: Path | str, today: dt.date | None = None) -> CheckResult:
    """Load ``root`` and run all checks. Raises ``CampaignNotFound`` for a non-campaign folder."""
    loaded = load_campaign(root, today)
    findings = list(loaded.findings)
    if loaded.campaign is not None:
        findings.extend(run_checks(loaded.campaign))
    return CheckResult(loaded.campaign, findings)
