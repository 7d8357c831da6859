"""Rule 4, length per use: a text printed in a format must fit that format.

The limit is the poster fitting itself (largest size that fits, never below the
format's smallest legible size), so there is one source of truth, not a second table.
"""

from __future__ import annotations

from ..findings import Finding
from ..i18n import N_
from ..model import Campaign
from .posters import plan_findings

RULES = {"length.format": N_("a text printed in a format does not fit it at the smallest legible size")}


def check(campaign: Campaign) -> list[Finding]:
    return [f for f in plan_findings(campaign) if f.rule.startswith("length.")]
