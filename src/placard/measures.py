"""The measures a share rule counts in — count (slots), area (m²), airtime (seconds) — as one table.

Everything that depends on the measure (a slot's amount, the unit in a message, the Chinese name
in the ledger and on the site, how an amount is rounded and written) reads it from
:data:`MEASURES` instead of branching on the measure's name in each module. Adding a measure is
one row here.

Plain data; nothing here imports the campaign model (a slot is anything with the row's
``field`` attribute).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .i18n import N_, _, ngettext

#: An amount in each measure's unit, as a person reads it.
_AMOUNTS = {"area": N_("{value} m²"), "airtime": N_("{value} s")}


@dataclass(frozen=True)
class Measure:
    name: str  # as written in a rule: count | area | airtime
    unit: str  # in English messages
    name_zh: str  # 计量方式, in the ledger and on the site
    unit_zh: str
    field: str | None  # the slot attribute holding the amount (None: every slot counts 1)
    decimals: int  # how an amount is written (rounded up when it is a need)
    slot_key: str  # the slot key a list under this measure needs (for messages)
    slot_hint: str  # how to give it

    def value(self, slot: Any) -> Fraction:
        """How much of the list ``slot`` takes up (0 when it lacks the amount)."""
        if self.field is None:
            return Fraction(1)
        return getattr(slot, self.field) or Fraction(0)

    def amount(self, x: Fraction, up: bool = True) -> str:
        """An amount in this unit: ``3 slots``, ``2.5 m²``, ``12.5 s``."""
        if self.field is None:
            n = math.ceil(x) if up else x
            return ngettext("{n} slot", "{n} slots", int(n)).format(n=n)
        scale = 10 ** self.decimals
        v = math.ceil(x * scale) / scale if up else float(x)
        return _(_AMOUNTS[self.name]).format(value=f"{v:.{self.decimals}f}".rstrip("0").rstrip("."))

    def number(self, x: Fraction) -> int | float:
        """An amount as a spreadsheet number (whole slots; m² and seconds to 2 decimals)."""
        if self.field is None:
            return int(x)
        v = round(float(x), 2)
        return int(v) if v.is_integer() else v


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("count", "slots", "数量", "块", None, 0, "", ""),
    Measure("area", "m²", "面积", "平方米", "area", 2, "size", N_("give every slot 'size: 2000×1000' (mm) or 'area: 2.0' (m²)")),
    Measure("airtime", "s", "时长", "秒", "seconds", 1, "seconds", N_("give every slot 'seconds: 15'")),
)}


def measure(name: str) -> Measure:
    return MEASURES[name]
