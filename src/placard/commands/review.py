"""placard review: what waits for which sign-off, an item's trail, sign-offs, withdrawals, corrections,
adopting today's approved_by/approved_on, and the 信息发布审核表 (PDF or XLSX)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..i18n import _
from .common import add_date, add_dir, fail, load_or_fail


def add_parser(sub):
    p = sub.add_parser(
        "review",
        help=_(
            "review sign-offs (三审): pending, show, approve, reject, withdraw, correct, adopt, form"
        ),
        description=_(
            "Sign-offs bound to the exact text residents see, kept in reviews/<item>.yml. An item is "
            "published only in a version every level its grade needs has approved."
        ),
    )
    rs = p.add_subparsers(dest="action", metavar="ACTION")
    rs.required = True

    def common(q):
        add_dir(q)
        add_date(q)

    what = _("list the items that wait for sign-offs, and for which levels")
    q = rs.add_parser("pending", help=what, description=what)
    q.add_argument("--level", metavar="L", help=_("only items that wait for this level"))
    common(q)
    what = _("an item's text, its trail and what changed since its last approval")
    q = rs.add_parser("show", help=what, description=what)
    q.add_argument("item", metavar="ITEM")
    common(q)
    signs = (
        ("approve", _("sign one level of the item's current version (通过)"), "level"),
        ("reject", _("return the item's current version at one level (退回)"), "level"),
        ("withdraw", _("take the item off the site (撤稿) with a reason"), "reason"),
        ("correct", _("record a correction (更正) of the published item with a reason"), "reason"),
    )
    for name, what, needs in signs:
        q = rs.add_parser(name, help=what, description=what)
        q.add_argument("item", metavar="ITEM")
        if needs == "level":
            q.add_argument("--level", required=True, metavar="L", help=_("the review level, e.g. 初审"))
            q.add_argument("--by", required=True, metavar="NAME", help=_("who signs"))
        else:
            q.add_argument("--reason", required=True, metavar="TEXT", help=_("why"))
            q.add_argument("--by", required=True, metavar="NAME", help=_("who decides"))
        q.add_argument("--role", default="", metavar="ROLE", help=_("the signer's post, e.g. 科长"))
        if needs == "level":
            q.add_argument("--comment", default="", metavar="TEXT", help=_("the reviewer's comment"))
        common(q)
    what = _("write review records for items approved with approved_by/approved_on")
    q = rs.add_parser("adopt", help=what, description=what)
    common(q)
    what = _("write the 信息发布审核表 of an item (or all) as PDF or XLSX")
    q = rs.add_parser("form", help=what, description=what)
    q.add_argument("item", nargs="?", metavar="ITEM")
    q.add_argument("--all", action="store_true", help=_("every item with review records"))
    q.add_argument("--out", required=True, metavar="FILE", help=_("FILE.pdf or FILE.xlsx"))
    q.add_argument(
        "--dir",
        dest="dir",
        default=".",
        metavar="DIR",
        help=_("the campaign folder (default: here)"),
    )
    add_date(q)
    return p


def _load(args):
    loaded = load_or_fail(args.dir, args.date)
    if loaded is None:
        return None
    if loaded.campaign is None:
        from ..findings import render_text

        print(render_text(loaded.findings), file=sys.stderr)
        fail(_("the campaign cannot be loaded; fix the problems above first"))
        return None
    if args.action in ("pending", "show", "form"):
        return loaded.campaign
    from ..rules import review

    bad = [
        f
        for f in [*loaded.findings, *review.check(loaded.campaign)]
        if f.is_error and f.rule.startswith("review.")
    ]
    if bad:
        from ..findings import render_text

        print(render_text(bad), file=sys.stderr)
        fail(_("the review records have problems; fix them before adding records"))
        return None
    return loaded.campaign


def _item(campaign, item_id: str):
    item = campaign.item(item_id)
    if item is None:
        ids = sorted(i.id for i in campaign.items())
        import difflib

        close = difflib.get_close_matches(item_id, ids, n=1)
        hint = _(" — did you mean '{id}'?").format(id=close[0]) if close else ""
        fail(_("no slogan, guide or ad has the id '{id}'{hint}").format(id=item_id, hint=hint))
    return item


def run(args) -> int:
    campaign = _load(args)
    if campaign is None:
        return 1
    return {
        "pending": _pending,
        "show": _show,
        "approve": _sign,
        "reject": _sign,
        "withdraw": _note,
        "correct": _note,
        "adopt": _adopt,
        "form": _form,
    }[args.action](campaign, args)


def _pending(campaign, args) -> int:
    from ..review.state import item_states, settings_of

    settings = settings_of(campaign)
    if args.level and args.level not in settings.levels:
        return fail(
            _("'{level}' is not a review level; the levels are: {levels}").format(
                level=args.level, levels=", ".join(settings.levels)
            )
        )
    rows = []
    for st in item_states(campaign).values():
        if st.legacy or st.current_approved or st.item.approval.status == "retired":
            continue
        if args.level and args.level not in st.missing:
            continue
        rows.append(st)
    if not rows:
        print(_("placard: nothing waits for review."))
        return 0
    print(_("Waiting for sign-offs ({count}):").format(count=len(rows)))
    for st in rows:
        print(
            f"  {st.item.id:<24} {st.grade:<4} "
            + _("needs: {levels}").format(levels=", ".join(st.missing))
            + f"  {st.item.source.file}  {st.item.title}"
        )
    return 0


def _show(campaign, args) -> int:
    from ..review.content import projection, projection_lines
    from ..review.state import item_states
    from ..rules.review import diff_lines

    item = _item(campaign, args.item)
    if item is None:
        return 1
    st = item_states(campaign)[item.id]
    print(f"{item.id}  ({item.source.file})  " + _("grade: {grade}").format(grade=st.grade))
    for line in projection_lines(projection(item)):
        print("  " + line)
    print(_("hash: {hash}").format(hash=st.current))
    if st.legacy:
        print(
            _("approved by {who} on {day} (approved_by/approved_on; no review records yet)").format(
                who=item.approval.approved_by, day=item.approval.approved_on
            )
        )
    elif st.current_approved:
        print(_("this version is approved: published."))
    else:
        print(_("waiting for: {levels}").format(levels=", ".join(st.missing) or "-"))
    print(_("Trail:") if st.records else _("Trail: (no records)"))
    for r in st.records:
        what = r.level or r.action
        print(
            f"  {r.time.isoformat()}  {what:<8} {r.decision or r.action:<8} {r.by} {r.role}  "
            f"{r.comment or r.reason}".rstrip()
        )
    if st.approved is not None and not st.current_approved:
        print(_("Changes since the approved version:"))
        for line in diff_lines(st.approved_content, projection(item)):
            print("  " + line)
    return 0


def _write(campaign, item_id: str, record: dict) -> int:
    from ..review.write import WriteRefused, append

    try:
        path = append(campaign.root, item_id, record)
    except WriteRefused as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(
            _("cannot write the review record: {problem}").format(problem=exc.strerror or exc)
        )
    print(_("placard: recorded in {path}").format(path=path.relative_to(campaign.root).as_posix()))
    return 0


def _sign(campaign, args) -> int:
    from ..review.content import projection, published_hash
    from ..review.state import item_states, settings_of
    from ..review.write import now

    item = _item(campaign, args.item)
    if item is None:
        return 1
    settings = settings_of(campaign)
    st = item_states(campaign)[item.id]
    if args.level not in settings.levels:
        return fail(
            _("'{level}' is not a review level; the levels are: {levels}").format(
                level=args.level, levels=", ".join(settings.levels)
            )
        )
    if args.level not in st.needs:
        return fail(
            _("grade {grade} does not need level '{level}'; it needs: {levels}").format(
                grade=st.grade, level=args.level, levels=", ".join(st.needs)
            )
        )
    by = args.by.strip()
    if not by:
        return fail(_("--by must name the person who signs"))
    decision = "通过" if args.action == "approve" else "退回"
    if decision == "通过" and settings.distinct_people:
        for level, r in st.signed.items():
            if r.by == by and level != args.level and r.action == "sign-off":
                return fail(
                    _(
                        "{who} already signed '{level}' of this version; another person signs '{this}' "
                        "(review.distinct_people)"
                    ).format(who=by, level=level, this=args.level)
                )
    if st.legacy:
        return fail(
            _(
                "'{id}' is approved with approved_by/approved_on only: run 'placard review adopt' first, "
                "so its trail starts with that approval"
            ).format(id=item.id)
        )
    record = {
        "action": "sign-off",
        "level": args.level,
        "by": by,
        "role": args.role.strip(),
        "decision": decision,
        "comment": args.comment.strip(),
        "time": now().isoformat(),
        "hash": published_hash(item),
        "content": projection(item),
    }
    return _write(campaign, item.id, record)


def _note(campaign, args) -> int:
    from ..review.content import projection, published_hash
    from ..review.write import now

    item = _item(campaign, args.item)
    if item is None:
        return 1
    if not args.reason.strip():
        return fail(_("--reason must say why"))
    if not args.by.strip():
        return fail(_("--by must name the person who signs"))
    record = {
        "action": args.action,
        "by": args.by.strip(),
        "role": args.role.strip(),
        "reason": args.reason.strip(),
        "time": now().isoformat(),
        "hash": published_hash(item),
        "content": projection(item),
    }
    return _write(campaign, item.id, record)


def _adopt(campaign, args) -> int:
    from ..review.content import projection
    from ..review.state import item_states
    from ..review.write import CHINA

    states = [st for st in item_states(campaign).values() if st.legacy]
    if not states:
        print(
            _("placard: no item is approved with approved_by/approved_on only; nothing to adopt.")
        )
        return 0
    for st in states:
        a = st.item.approval
        when = dt.datetime.combine(a.approved_on, dt.time(0, 0), CHINA)
        record = {
            "action": "adopted",
            "by": a.approved_by,
            "comment": _("adopted from approved_by/approved_on"),
            "time": when.isoformat(),
            "hash": st.current,
            "content": projection(st.item),
        }
        code = _write(campaign, st.item.id, record)
        if code:
            return code
    print(
        _(
            "placard: {count} items adopted; their trails start with their approved_by/approved_on."
        ).format(count=len(states))
    )
    return 0


def _form(campaign, args) -> int:
    from ..review.form import write_form
    from ..review.state import item_states

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        return fail(_("--out must end in .pdf or .xlsx, e.g. --out 审核表.pdf"))
    if bool(args.item) == bool(args.all):
        return fail(_("name one item, or give --all"))
    states = item_states(campaign)
    if args.all:
        chosen = [st for st in states.values() if st.records or st.legacy]
    else:
        item = _item(campaign, args.item)
        if item is None:
            return 1
        chosen = [states[item.id]]
    if not chosen:
        return fail(_("no item has review records yet"))
    if out.is_symlink() or out.is_dir():
        return fail(_("{out} is a link or a folder: name a new file").format(out=out))
    from .. import outdir

    try:  # never over a source: mkdocs.yml, slogans/, reviews/ ...
        outdir.check_file(campaign.root, out)
    except outdir.Refused as exc:
        return fail(str(exc))
    try:
        write_form(campaign, chosen, out)
    except OSError as exc:
        return fail(_("cannot write {out}: {problem}").format(out=out, problem=exc.strerror or exc))
    print(_("placard: wrote {out} ({count} items)").format(out=out, count=len(chosen)))
    return 0
