"""The campaign content model: plain, immutable data.

The loader (:mod:`placard.load`) builds a :class:`Campaign` once; every output
(site pages, posters, ledger, checks) is a function of it. Nothing here knows
about MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .i18n import N_, _
from .measures import MEASURES as _MEASURE_TABLE

STATUSES = ("draft", "approved", "retired")
LANGUAGES = ("zh-Hans", "zh-Hant")  # the pages' language (extra.placard.language); see placard.i18n

#: Marks a preferred line break inside a slogan's ``text`` (removed for display).
BREAK_MARK = "|"


@dataclass(frozen=True)
class Source:
    """Where an item came from: a file relative to the campaign root and lines."""

    file: str
    line: int = 1
    field_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    #: Where the text of a field starts: ``{"title": (line, column, exact)}``; list items
    #: as ``"key_points[0]"``. ``exact`` when characters map 1:1 to the file (see yamlsrc).
    field_pos: Mapping[str, tuple[int, int, bool]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    def pos_of(self, name: str) -> tuple[int, int, bool] | None:
        return self.field_pos.get(name)


@dataclass(frozen=True)
class Approval:
    status: str
    approved_by: str | None = None
    approved_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def is_valid_on(self, day: dt.date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Valid on every day from ``start`` to ``end`` (inclusive)."""
        return self.is_valid_on(start) and self.is_valid_on(end)

    def is_published(self, day: dt.date) -> bool:
        return self.status == "approved" and self.is_valid_on(day)

    def is_visible(self, day: dt.date, preview: bool) -> bool:
        """Shown on the site: published, or (in preview) a draft."""
        if self.is_published(day):
            return True
        return preview and self.status == "draft"


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    colour: str
    cmyk: tuple[float, float, float, float] | None = None  # print values (0–100) the office chose
    line: int | None = None  # in mkdocs.yml


@dataclass(frozen=True)
class Lint:
    """Per-file rule switches from front matter ``lint: {ignore: [...], reason: ...}``."""

    ignore: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class Slogan:
    id: str
    text: str  # display text, break marks removed
    theme: str
    approval: Approval
    source: Source
    breaks: tuple[int, ...] = ()  # offsets in ``text`` where the author asked for a break
    gaps: tuple[tuple[int, int], ...] = ()  # (offset in text, source characters dropped there: marks, spaces)
    tags: tuple[str, ...] = ()
    notes: str = ""
    lint: Lint = Lint()
    kind: str = "slogan"
    grade: str = "普通"  # review grade (extra.placard.review.grades)

    @property
    def title(self) -> str:
        return self.text

    @property
    def lines_hint(self) -> tuple[str, ...]:
        """The text split at the author's break marks (one line if none)."""
        cuts = (0, *self.breaks, len(self.text))
        return tuple(self.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False))


@dataclass(frozen=True)
class Ad:
    id: str
    title: str
    theme: str
    artwork: Path  # absolute path of the image
    artwork_uri: str  # path of the image relative to docs/ (as MkDocs knows it)
    alt: str
    approval: Approval
    source: Source
    page_uri: str  # the ad's Markdown page relative to docs/
    credit: str = ""
    slogans: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    lint: Lint = Lint()
    kind: str = "ad"
    body_line: int = 1
    grade: str = "普通"


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    theme: str
    approval: Approval
    source: Source
    page_uri: str  # relative to docs/
    key_points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    body_line: int = 1
    lint: Lint = Lint()
    kind: str = "guide"
    grade: str = "普通"


Item = Slogan | Ad | Guide


@dataclass(frozen=True)
class CampaignConfig:
    name: str
    office: str
    themes: tuple[Theme, ...]
    site_url: str | None = None
    language: str = "zh-Hans"
    source: Source = Source("mkdocs.yml")
    #: The whole ``extra.placard`` mapping, for modules that read their own keys.
    raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def theme(self, theme_id: str) -> Theme | None:
        for t in self.themes:
            if t.id == theme_id:
                return t
        return None


@dataclass(frozen=True)
class Campaign:
    root: Path
    config: CampaignConfig
    today: dt.date
    slogans: tuple[Slogan, ...] = ()
    ads: tuple[Ad, ...] = ()
    guides: tuple[Guide, ...] = ()
    docs_dir: str = "docs"
    placements: tuple[PlacementList, ...] = ()
    patrols: Patrols | None = None  # posters/patrols/, when the campaign keeps any
    #: Hand-written pages in the docs folder (docs-relative, '/'-separated: .md, .html, .htm),
    #: for the check that no hand-written page takes the address of a generated one.
    pages: tuple[str, ...] = ()
    #: placard's markers in the hand-written section indexes: {"guides/index.md": {"<!-- placard:guides -->"}}.
    page_markers: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    reviews: Any = None  # placard.review.records.Reviews: sign-offs in reviews/ and the review settings

    def items(self) -> Iterator[Item]:
        yield from self.slogans
        yield from self.ads
        yield from self.guides

    def item(self, item_id: str) -> Item | None:
        return self._index().get(item_id)

    def _index(self) -> dict[str, Item]:
        cache = self.__dict__.get("_item_index")
        if cache is None:
            cache = {i.id: i for i in self.items()}
            object.__setattr__(self, "_item_index", cache)
        return cache

    def visible(self, items, preview: bool = False) -> list:
        """Items shown on the site at ``today`` (drafts too in preview)."""
        return [i for i in items if i.approval.is_visible(self.today, preview)]

    def published(self, items) -> list:
        return [i for i in items if i.approval.is_published(self.today)]


# --- placement lists (点位台账) -------------------------------------------------

PLACEMENT_TYPES = (
    "banner",
    "hoarding",
    "billboard",
    "led",
    "lightbox",
    "bus-shelter",
    "bulletin-board",
    "other",
)
MEASURES = tuple(_MEASURE_TABLE)
SLOT_KINDS = ("public", "commercial", "vacant")
_KIND_NAMES = {"public": N_("public"), "commercial": N_("commercial"), "vacant": N_("vacant")}


def kind_name(kind: str) -> str:
    """A slot's kind as a person reads it in the current language (公益/商业/空置 in Chinese)."""
    return _(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind


def kind_names(kinds=SLOT_KINDS) -> str:
    """The kinds a user may write, in the current language, for a message listing them."""
    return ", ".join(kind_name(k) for k in kinds)

#: The unit each measure is counted in (for messages and the ledger).
MEASURE_UNITS = {m.name: m.unit for m in _MEASURE_TABLE.values()}


@dataclass(frozen=True)
class Window:
    """Every ``size`` consecutive published slots (by order) hold ``min_public`` public ones."""

    size: int
    min_public: int


@dataclass(frozen=True)
class HourWindow:
    """A time of day (minutes after midnight, ``end`` exclusive) in which public airtime must be at
    least ``min_public`` of what plays: ``{from: "19:00", to: "21:00", min_public: 0.3}``."""

    start: int
    end: int
    min_public: Fraction

    @property
    def label(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}–{self.end // 60:02d}:{self.end % 60:02d}"


@dataclass(frozen=True)
class Rule:
    min_public: Fraction  # exact: 0.3 is 3/10
    measure: str = "count"
    window: Window | None = None
    required_themes: tuple[str, ...] = ()
    warn_only: bool = False
    hours: tuple[HourWindow, ...] = ()  # time-of-day windows (airtime lists)


@dataclass(frozen=True)
class Slot:
    id: str
    order: int
    kind: str  # public | commercial | vacant
    start: dt.date
    end: dt.date  # inclusive
    line: int  # line (YAML) or row (CSV/XLSX) in the list's file
    ref: str | None = None
    advertiser: str | None = None
    size_mm: tuple[int, int] | None = None  # width, height
    area: Fraction | None = None  # m²: given, or from size
    seconds: Fraction | None = None
    hours: tuple[int, int] | None = None  # plays only from..to (minutes after midnight); None: all day

    def value(self, measure: str) -> Fraction:
        """How much of the list this slot takes up in ``measure`` (0 if it lacks one)."""
        return _MEASURE_TABLE[measure].value(self)


@dataclass(frozen=True)
class PlacementList:
    id: str
    name: str
    type: str
    location: str
    start: dt.date
    end: dt.date  # inclusive
    rule: Rule
    slots: tuple[Slot, ...]
    source: Source
    format: str = "yml"  # yml | csv | xlsx
    contact: str = ""
    lat: float | None = None
    lon: float | None = None


# --- patrols (巡查记录) -----------------------------------------------------------

#: What a patrol saw. The four problems must be followed by ``fixed`` (已整改) in time.
PATROL_STATUSES = ("ok", "damaged", "dirty", "missing", "wrong", "fixed")
PATROL_PROBLEMS = ("damaged", "dirty", "missing", "wrong")


@dataclass(frozen=True)
class Photo:
    """A patrol photo as its EXIF tells (read without decoding the picture).

    ``problem`` is None for a readable JPEG with EXIF, else ``missing``, ``not-image``, ``too-large``
    (a header claiming more pixels than placard decodes) or ``no-exif``.
    """

    path: str  # relative to the campaign folder
    taken: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    problem: str | None = None


@dataclass(frozen=True)
class PatrolSettings:
    """``extra.placard.patrol`` (one list may override ``every_days`` and ``fix_within_days``)."""

    every_days: int = 7
    fix_within_days: int = 3
    strict: bool = False
    photo_days: int = 1  # a photo may be taken this many days before or after its record
    photo_metres: float = 500.0  # ... and this far from the list's lat/lon
    lists: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    def for_list(self, list_id: str) -> tuple[int, int]:
        """(every_days, fix_within_days) for one list."""
        return self.lists.get(list_id, (self.every_days, self.fix_within_days))


@dataclass(frozen=True)
class PatrolRecord:
    day: dt.date
    list_id: str
    slot: str | None  # None: the whole list
    inspector: str
    status: str  # one of PATROL_STATUSES
    photos: tuple[Photo, ...]
    note: str
    file: str
    line: int
    seen: str | None = None  # the item id the patrol saw (for wrong content)


@dataclass(frozen=True)
class Patrols:
    records: tuple[PatrolRecord, ...] = ()
    settings: PatrolSettings = PatrolSettings()
