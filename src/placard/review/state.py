"""Where each item stands in review, and the campaign residents may see (:func:`public_view`).

Rules (DEVELOPMENT.md: Reviews):

* An item without review records is a *legacy* item: ``status: approved`` with approved_by/approved_on
  publishes it as it is now (one sign-off of the current text), with a ``review.legacy`` warning.
* An item with records is published only in a version whose hash carries an approving sign-off of every
  level its grade needs (or one ``adopted`` record). When the current text has them, it is published;
  when it does not (it was edited since), the last fully approved version stays published, restored from
  the record that approved it, and the edit waits for review; with none, nothing is published.
* A withdrawal (撤稿) takes the item off until its current version is signed again; ``status: retired``
  always takes it off. ``status: draft`` does not stop a fully signed item: the sign-offs are the approval.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import NamedTuple

from ..i18n import N_, in_language
from ..model import Approval, Campaign, Item
from .content import published_hash, restore
from .records import (
    DEFAULT_GRADE,
    E_ADOPTED,
    E_APPROVED,
    E_COUNT,
    E_ONE,
    Record,
    ReviewFile,
    ReviewFiles,
    Reviews,
    ReviewSettings,
)

_NO_SIGNS: Mapping = MappingProxyType({})


class _Trail(NamedTuple):
    """What the records say of an item (:func:`_trail`)."""

    signed: Mapping[str, Record]  # level -> the sign-off of the current version
    approved: Record | None  # the record that completed the last fully approved version
    approved_content: Mapping | None
    withdrawn: Record | None


class ItemState:
    """Where one item stands in review. The usual case (its trail approves one version only, the one the
    item has now) is answered from the trail's summary (its cache entry: :meth:`~.records.ReviewFiles.entry`);
    anything else from its records (:attr:`trail`)."""

    __slots__ = ("item", "grade", "needs", "known_hash", "_files", "usual", "_trail")

    def __init__(
        self,
        item: Item,
        grade: str,
        needs: tuple[str, ...],
        known_hash: str = "",
        files: ReviewFiles | None = None,
        usual: bool | None = None,
    ):
        self.item, self.grade, self.needs = item, grade, needs
        self.known_hash = known_hash  # published_hash of the item as it is now ("" until asked)
        self._files = files  # where its trail is, when it has records
        #: None: not the usual case; else whether the one version signed has every level it needs.
        self.usual = usual
        self._trail: _Trail | None = None

    @property
    def file(self) -> ReviewFile | None:
        """The item's trail (made from the cache when first asked), or None when it has no records."""
        return self._files[self.item.id] if self._files is not None else None

    @property
    def current(self) -> str:
        """The published hash of the item as it is now. Items without records are hashed only when a
        command asks (adopt, show, form): a check of a campaign without reviews hashes nothing."""
        if not self.known_hash:
            self.known_hash = published_hash(self.item)
        return self.known_hash

    @property
    def has_records(self) -> bool:
        return self._files is not None

    @property
    def records(self) -> tuple[Record, ...]:
        f = self.file
        return f.records if f is not None else ()

    @property
    def legacy(self) -> bool:
        return self._files is None and self.item.approval.status == "approved"

    @property
    def current_approved(self) -> bool:
        if self.usual is not None:
            return self.usual
        t = self.trail
        return t.approved is not None and t.approved.hash == self.current and t.withdrawn is None

    @property
    def missing(self) -> tuple[str, ...]:
        if self.current_approved:
            return ()
        if self.usual is not None:  # one version, short of levels (an adopted record has them all)
            e = self._files.entry(self.item.id)
            return (
                ()
                if e[E_ADOPTED]
                else tuple(lv for lv in self.needs if lv not in e[E_APPROVED])
            )
        return tuple(level for level in self.needs if level not in self.trail.signed)

    @property
    def trail(self) -> _Trail:
        if self._trail is None:
            self._trail = _trail(self.records, self.needs, self.current)
        return self._trail

    @property
    def signed(self) -> Mapping[str, Record]:
        return self.trail.signed

    @property
    def approved(self) -> Record | None:
        return self.trail.approved

    @property
    def approved_content(self) -> Mapping | None:
        return self.trail.approved_content

    @property
    def withdrawn(self) -> Record | None:
        return self.trail.withdrawn


def settings_of(campaign: Campaign) -> ReviewSettings:
    reviews = campaign.reviews
    return reviews.settings if isinstance(reviews, Reviews) else ReviewSettings()


def _trail(records: tuple[Record, ...], needs: tuple[str, ...], current: str) -> _Trail:
    if not records:
        return _Trail(_NO_SIGNS, None, None, None)
    signs: dict[str, dict[str, Record]] = {}
    contents: dict[str, Mapping] = {}
    approved: Record | None = None
    withdrawn: Record | None = None
    for r in records:
        if r.content is not None and r.hash:
            contents.setdefault(r.hash, r.content)
        if r.action == "withdraw":
            signs, approved, withdrawn = {}, None, r
            continue
        if r.action == "adopted":
            signs[r.hash] = dict.fromkeys(needs, r)
        elif r.action == "sign-off" and r.level in needs:
            got = signs.setdefault(r.hash, {})
            if r.decision == "通过":
                got[r.level] = r
            else:
                got.pop(r.level, None)
                if approved is not None and approved.hash == r.hash:
                    approved = None  # returned (退回) after it was approved
        else:
            continue
        if needs and all(level in signs.get(r.hash, {}) for level in needs):
            approved, withdrawn = r, None
    content = contents.get(approved.hash) if approved is not None else None
    return _Trail(MappingProxyType(dict(signs.get(current, {}))), approved, content, withdrawn)


def item_states(campaign: Campaign) -> dict[str, ItemState]:
    """Every item's :class:`ItemState`, by id (computed once per campaign). A city checks 20,000 items
    here at every check: the usual case (a trail that approves one version, signed by every level its
    grade needs or adopted) is decided from the trail's summary with a few lookups."""
    cache = campaign.__dict__.get("_review_states")
    if cache is not None:
        return cache
    reviews = campaign.reviews if isinstance(campaign.reviews, Reviews) else Reviews()
    settings = reviews.settings
    files = reviews.files
    entry_of = files.entry
    cache = {}
    needs_of: dict[str, tuple[str, ...]] = {}
    complete: dict[tuple, bool] = {}  # (levels approved, levels needed) -> approved
    make = ItemState
    phash = published_hash
    for item in campaign.items():
        grade = item.grade or DEFAULT_GRADE
        needs = needs_of.get(grade)
        if needs is None:
            needs = needs_of[grade] = settings.needs(grade) or settings.needs(DEFAULT_GRADE)
        e = entry_of(item.id)
        if e is None or not e[E_COUNT]:
            cache[item.id] = make(item, grade, needs)
            continue
        current = phash(item)
        usual = None
        if e[E_ONE] == current:  # the usual case: the trail approves this version only
            if not needs:
                usual = False
            elif e[E_ADOPTED]:
                usual = True
            else:
                approved = e[E_APPROVED]
                key = (approved, needs)
                usual = complete.get(key)
                if usual is None:
                    usual = complete[key] = all(level in approved for level in needs)
        cache[item.id] = make(item, grade, needs, current, files, usual)
    object.__setattr__(campaign, "_review_states", cache)
    return cache


def public_view(campaign: Campaign) -> tuple[Campaign, frozenset[str]]:
    """The campaign as it may be published, and the ids shown in an earlier (approved) version.

    Items with review records get the approval their sign-offs give: published in the approved
    version, or held back (status ``draft``: shown only in a preview, marked 草稿). Legacy items
    are left as they are."""
    states = item_states(campaign)
    restored: set[str] = set()

    def public(item: Item) -> Item:
        st = states[item.id]
        a = item.approval
        if not st.has_records or a.status == "retired":
            return item
        held = replace(item, approval=replace(a, status="draft"))
        if st.withdrawn is not None or st.approved is None:
            return held
        by, on = st.approved.by, st.approved.time.date()
        if st.current_approved:
            return replace(
                item, approval=replace(a, status="approved", approved_by=by, approved_on=on)
            )
        if st.approved_content is None:
            return held
        earlier = restore(item, st.approved_content, Approval("approved", by, on))
        if earlier is None:
            return held
        restored.add(item.id)
        return earlier

    if not any(st.has_records for st in states.values()):
        return campaign, frozenset()
    view = replace(
        campaign,
        slogans=tuple(public(i) for i in campaign.slogans),
        ads=tuple(public(i) for i in campaign.ads),
        guides=tuple(public(i) for i in campaign.guides),
    )
    object.__setattr__(
        view, "_review_states", states
    )  # trails and records stay those of the sources
    return view, frozenset(restored)


def approval_record(campaign: Campaign, item_id: str) -> str:
    """Which record approved the version of ``item_id`` that is published, for the ledger and staff pages:
    ``reviews/x.yml:17 复审 李四 2026-12-07``; a legacy item names its approved_by/approved_on; else 未审核."""
    st = item_states(campaign).get(item_id)
    if st is None:
        return ""
    if st.legacy:
        a = st.item.approval
        return f"{st.item.source.file}:{st.item.source.line_of('approved_by')} {a.approved_by} " + (
            a.approved_on.isoformat() if a.approved_on else ""
        )

    def tr(msgid: str) -> str:
        return in_language(campaign.config.language, msgid)

    r = st.approved
    if r is None or st.withdrawn is not None:
        return (
            tr(N_("not reviewed"))
            if st.withdrawn is None
            else tr(N_("{where} withdrawn")).format(
                where=f"{st.withdrawn.file}:{st.withdrawn.line}"
            )
        )
    level = r.level or tr(N_("every level"))
    return f"{r.file}:{r.line} {level} {r.by} {r.time.date().isoformat()}" + (
        "" if st.current_approved else tr(N_(" (the current text waits for review)"))
    )


def trail_rows(campaign: Campaign) -> list[dict]:
    """Each reviewed or legacy item's state and records, for the staff site's 审核记录 table."""

    def tr(msgid: str) -> str:
        return in_language(campaign.config.language, msgid)

    out = []
    for st in item_states(campaign).values():
        if not st.has_records and not st.legacy:
            continue
        levels = tr(N_(", ")).join(st.missing)
        if st.legacy:
            state = tr(N_("approved the old way (approved_by/approved_on)"))
        elif st.withdrawn is not None:
            state = tr(N_("withdrawn"))
        elif st.current_approved:
            state = tr(N_("published"))
        elif st.approved is not None:
            state = tr(
                N_("edited, waits for {levels} (the last approved version stays published)")
            ).format(levels=levels)
        else:
            state = tr(N_("waits for {levels}")).format(levels=levels)
        records = [
            {
                "time": r.time.isoformat(),
                "level": r.level
                or {
                    "adopted": tr(N_("every level")),
                    "withdraw": tr(N_("withdrawal")),
                    "correct": tr(N_("correction")),
                }.get(r.action, r.action),
                "decision": r.decision or "",
                "by": r.by,
                "role": r.role,
                "note": r.comment or r.reason,
                "where": f"{r.file}:{r.line}",
            }
            for r in st.records
        ]
        out.append(
            {
                "id": st.item.id,
                "kind": st.item.kind,
                "title": st.item.title,
                "grade": st.grade,
                "state": state,
                "record": approval_record(campaign, st.item.id),
                "records": records,
            }
        )
    return out
