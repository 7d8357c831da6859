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

from . import glyphs, length, posters, ratio  # noqa: E402

CHECKS += [ratio.check, posters.check, length.check, glyphs.check]
