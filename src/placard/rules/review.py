"""Review records against the items and the settings (三审: levels, grades, sign-offs).

What is published follows :mod:`placard.review.state`; this check says what a clerk must know:
an edit that waits for review (``review.changed``, with the diff), a trail edited by hand
(``review.tampered``), sign-offs that cannot count, and items still approved the old way.
"""

from __future__ import annotations

import datetime as dt
import difflib

from ..findings import Finding, error, warning
from ..i18n import N_, _, ngettext
from ..model import Campaign
from ..review.content import projection, projection_lines
from ..review.records import E_BROKEN, E_LATEST, E_LEVELS, E_SAME, Reviews
from ..review.state import item_states, settings_of

RULES = {
    "review.changed": N_(
        "an item was edited after its sign-offs; the last approved version stays published"
    ),
    "review.tampered": N_("a review record was edited, removed or reordered by hand"),
    "review.unknown-item": N_("review records for an item the campaign does not have"),
    "review.unknown-level": N_("a sign-off for a level the review settings do not name"),
    "review.level-not-needed": N_("a sign-off for a level the item's grade does not need"),
    "review.same-person": N_("one person signed two levels of the same version"),
    "review.future": N_("a review record dated in the future"),
    "review.grade": N_("an item's grade is not one of the review settings' grades"),
    "review.legacy": N_("an item approved with approved_by/approved_on only (no review records)"),
    "review.malformed": N_("a review record that cannot be read"),
}

#: How far a record's time may lie ahead of this machine's clock (clocks of two offices differ).
CLOCK_SLACK = dt.timedelta(minutes=10)


def diff_lines(old, new) -> list[str]:
    """A unified diff (approved → now) of two projections, as a clerk reads it."""
    return list(
        difflib.unified_diff(
            projection_lines(old),
            projection_lines(new),
            fromfile=_("approved"),
            tofile=_("now"),
            lineterm="",
            n=1,
        )
    )


def _tamper(rf) -> Finding | None:
    if rf.broken is None:
        return None
    i, kind = rf.broken
    r = rf.records[i]
    if kind == "prev":
        return error(
            "review.tampered",
            _(
                "record {n} does not follow the record before it (a record was removed, added or moved)"
            ).format(n=i + 1),
            file=rf.file,
            line=r.line_of("prev"),
            field="prev",
            fix=_(
                "restore reviews/{item}.yml from version control; records are only added, "
                "with 'placard review'"
            ).format(item=rf.item),
        )
    return error(
        "review.tampered",
        _("record {n} was changed after it was written (its seal does not match)").format(n=i + 1),
        file=rf.file,
        line=r.line,
        field="seal",
        fix=_(
            "restore reviews/{item}.yml from version control; to change a decision, "
            "add a new sign-off with 'placard review'"
        ).format(item=rf.item),
    )


def _grade(st, settings) -> Finding:
    src = st.item.source
    return error(
        "review.grade",
        _("grade '{grade}' is not one of: {grades}").format(
            grade=st.grade,
            grades=_(", ").join(_("'{value}'").format(value=g) for g in settings.grades),
        ),
        file=src.file,
        line=src.line_of("grade"),
        field="grade",
        fix=_("write one of the grades in extra.placard.review.grades"),
    )


def check(campaign: Campaign) -> list[Finding]:
    out: list[Finding] = []
    settings = settings_of(campaign)
    reviews = campaign.reviews if isinstance(campaign.reviews, Reviews) else Reviews()
    states = item_states(campaign)
    now = dt.datetime.now(dt.UTC)
    # records dated up to here are surely not in the future (a second short of the exact test below)
    now_ts = (now + CLOCK_SLACK).timestamp() - 1
    can_count: dict[tuple, bool] = {}  # (levels signed, levels needed) -> every sign-off can count
    files = reviews.files
    for item_id, e in files.entries():  # each file's summary; its records are read only when needed
        st = states.get(item_id)
        if st is None:
            rf = files[item_id]
            out.append(  # records of a deleted item publish nothing: a warning, not a stop
                warning(
                    "review.unknown-item",
                    _(
                        "these review records are for '{item}', which is not a slogan, guide or ad of the "
                        "campaign"
                    ).format(item=item_id),
                    file=rf.file,
                    line=rf.item_line,
                    field="item",
                    fix=_(
                        "remove the file if the item was deleted on purpose, or restore the item"
                    ),
                )
            )
            continue
        if e[E_BROKEN] is not None:
            out.append(_tamper(files[item_id]))
        levels = e[E_LEVELS]
        if e[E_LATEST] < now_ts and not (settings.distinct_people and e[E_SAME]):
            counts = not levels or can_count.get((levels, st.needs))  # (adopted: no levels)
            if counts is None:
                counts = can_count[levels, st.needs] = all(
                    level in settings.levels and level in st.needs for level in levels
                )
            if counts:
                continue  # nothing below can be found in this trail (its summary says so)
        rf = files[item_id]
        who: dict[tuple[str, str], str] = {}  # (hash, person) -> level
        for r in rf.records:
            if r.time - CLOCK_SLACK > now:
                out.append(
                    error(
                        "review.future",
                        _("this record is dated {time}, which is in the future").format(
                            time=r.time.isoformat()
                        ),
                        file=rf.file,
                        line=r.line_of("time"),
                        field="time",
                        fix=_(
                            "check the computer's clock and date; a sign-off is dated when it is made"
                        ),
                    )
                )
            if r.action != "sign-off":
                continue
            if r.level not in settings.levels:
                out.append(
                    error(
                        "review.unknown-level",
                        _("'{level}' is not a review level").format(level=r.level),
                        file=rf.file,
                        line=r.line_of("level"),
                        field="level",
                        fix=_("use one of: {levels} (extra.placard.review.levels)").format(
                            levels=", ".join(settings.levels)
                        ),
                    )
                )
                continue
            if r.level not in st.needs:
                out.append(
                    warning(
                        "review.level-not-needed",
                        _(
                            "grade {grade} does not need level '{level}': this sign-off does not count"
                        ).format(grade=st.grade, level=r.level),
                        file=rf.file,
                        line=r.line_of("level"),
                        field="level",
                        fix=_(
                            "sign the levels grade {grade} needs: {levels}; or raise the item's "
                            "grade"
                        ).format(grade=st.grade, levels=", ".join(st.needs)),
                    )
                )
                continue
            if settings.distinct_people and r.decision == "通过":
                first = who.setdefault((r.hash, r.by), r.level)
                if first != r.level:
                    out.append(
                        error(
                            "review.same-person",
                            _(
                                "{who} signed both '{first}' and '{level}' of the same version"
                            ).format(who=r.by, first=first, level=r.level),
                            file=rf.file,
                            line=r.line_of("by"),
                            field="by",
                            fix=_(
                                "each level is signed by a different person (review.distinct_people); "
                                "have another reviewer sign '{level}'"
                            ).format(level=r.level),
                        )
                    )
    legacy = []
    for st in states.values():
        if st.usual:  # signed as it is now (the usual case): only its grade may be wrong
            if settings.configured and st.grade not in settings.grades:
                out.append(_grade(st, settings))
            continue
        item = st.item
        if settings.configured and st.grade not in settings.grades:
            out.append(_grade(st, settings))
        if st.legacy:
            legacy.append(st)
        if (
            st.has_records
            # (an item signed in one version only, short of levels, was not edited)
            and st.usual is None
            and item.approval.status != "retired"
            and not st.current_approved
            and st.withdrawn is None
            and st.approved is not None
        ):
            lines = diff_lines(st.approved_content, projection(item))
            out.append(
                warning(
                    "review.changed",
                    _(
                        "edited since its sign-offs; the version approved on {day} stays published until "
                        "{levels} sign this one"
                    ).format(
                        day=st.approved.time.date().isoformat(),
                        levels=_(", ").join(_("'{value}'").format(value=lv) for lv in st.missing),
                    ),
                    file=item.source.file,
                    line=item.source.line,
                    context="\n    | ".join(lines),
                    fix=_(
                        "have the changes reviewed: `placard review show {item}`, then `placard review "
                        "approve {item} --level … --by …`"
                    ).format(item=item.id),
                )
            )
    if legacy:  # one warning for the campaign: a clerk runs one command for all of them
        first = legacy[0].item.source
        out.append(
            warning(
                "review.legacy",
                ngettext(
                    "{count} item is approved with approved_by/approved_on only (no review records, "
                    "e.g. {file}): it is read as one sign-off of its text as it is now",
                    "{count} items are approved with approved_by/approved_on only (no review records, "
                    "e.g. {file}): each is read as one sign-off of its text as it is now",
                    len(legacy),
                ).format(count=len(legacy), file=first.file),
                # the whole campaign's note (no one file): a migration step, not a fault
                fix=_(
                    "run 'placard review adopt' to write their review records in reviews/; from then "
                    "on an edit waits for its sign-offs"
                ),
            )
        )
    return out
