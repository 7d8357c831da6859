"""Checks: pure functions ``Campaign -> list[Finding]``.

Each module holds one family of rules and exposes ``check(campaign)``. The
engine runs every check listed in :data:`CHECKS`; they never print or exit.
"""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Finding
from ..model import Campaign

Check = Callable[[Campaign], list[Finding]]

#: Every check the engine runs, in order. Add a new family by appending its ``check``.
CHECKS: list[Check] = []

#: Rule id -> one-line description, for ``lint`` switches (unknown ids get a warning).
#: Add your family's ``RULES`` here when you add its ``check``.
RULES: dict[str, str] = {}


def _register_content_checks() -> None:
    from . import (
        actions,
        approvals,
        canonical,
        contrast,
        glyphs,
        invisible,
        length,
        markup,
        names,
        pages,
        posters,
        printing,
        punctuation,
        ratio,
        script,
        typos,
    )

    for module in (ratio, markup, names, posters, length, glyphs, invisible, canonical, typos, punctuation, script, approvals, contrast,
                   actions, printing, pages):
        CHECKS.append(module.check)
        RULES.update(getattr(module, "RULES", {}))
    from . import sites  # the staff site's settings (staff_dir, scans)

    CHECKS.append(sites.check)
    RULES.update(sites.RULES)
    # patrol records against the plan (evidence: warnings unless patrol.strict)
    from . import patrol

    CHECKS.append(patrol.check)
    RULES.update(patrol.RULES)


_register_content_checks()


def _register_evidence_checks() -> None:
    """Time-of-day windows on the plan, and screen play logs (:mod:`placard.playlogs`)."""
    from . import example, hours, playlog

    for module in (hours, playlog, example):
        CHECKS.append(module.check)
        RULES.update(module.RULES)


_register_evidence_checks()


def _register_review_checks() -> None:
    """Sign-offs in reviews/ against the items and extra.placard.review (:mod:`placard.review`)."""
    from . import review

    CHECKS.append(review.check)
    RULES.update(review.RULES)


_register_review_checks()
