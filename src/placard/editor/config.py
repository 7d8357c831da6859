"""Decap CMS's configuration, made from placard's own field tables (never a hand-kept config.yml).

Every collection's fields come from the tables the loaders check with (:data:`placard.load.SLOGAN_FIELDS`,
:data:`placard.placements.load.LIST_FIELDS`, …): a field's kind picks the widget, ``required``,
``choices``, ``minimum``/``maximum`` and ``help`` become Decap's ``required``, select options, ``min``/``max``
and ``hint``. A field added to a table appears in the editor without a change here. Closed lists with
Chinese labels (性质 公益/商业/空置, 类型, 计量方式, 巡查状态) come from :mod:`placard.vocab`; the themes
from mkdocs.yml.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import i18n, vocab
from ..i18n import N_
from ..i18n import P_ as _  # the editor is a page: it speaks the campaign's language
from ..schema import Field

#: Field labels shown in the editor (a field not named here shows its own name).
LABELS = {
    "text": N_("Slogan text"),
    "id": N_("ID (file name)"),
    "theme": N_("Theme"),
    "status": N_("Status"),
    "approved_by": N_("Approved by"),
    "approved_on": N_("Approved on"),
    "valid_from": N_("Valid from"),
    "valid_to": N_("Valid until"),
    "tags": N_("Tags"),
    "lint": N_("Check settings"),
    "ignore": N_("Rules to skip"),
    "reason": N_("Reason"),
    "title": N_("Title"),
    "key_points": N_("Key points"),
    "artwork": N_("Artwork"),
    "alt": N_("Description for screen readers"),
    "credit": N_("Credit"),
    "slogans": N_("Slogans it carries"),
    "name": N_("Name"),
    "type": N_("Type"),
    "location": N_("Location"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "period": N_("Period"),
    "from": N_("From"),
    "to": N_("To"),
    "contact": N_("Contact"),
    "rule": N_("Share rule"),
    "min_public": N_("Minimum public-benefit share"),
    "measure": N_("Measure"),
    "window": N_("Window"),
    "size": N_("Size"),
    "required_themes": N_("Themes required every day"),
    "slots": N_("Slots"),
    "order": N_("Order"),
    "kind": N_("Kind"),
    "ref": N_("Content (approved item)"),
    "advertiser": N_("Advertiser"),
    "area": N_("Area (m²)"),
    "seconds": N_("Seconds per loop"),
    "hours": N_("Hours"),
    "date": N_("Patrol date"),
    "list": N_("Placement list"),
    "slot": N_("Slot"),
    "inspector": N_("Inspector"),
    "photos": N_("Photos"),
    "note": N_("Note"),
    "seen": N_("Item seen on the slot"),
    "records": N_("Patrol records"),
    "body": N_("Page text"),
}

#: Labels of the approval statuses (draft / approved / retired).
STATUS_LABELS = {
    "draft": N_("draft (not published)"),
    "approved": N_("approved (published)"),
    "retired": N_("retired (taken down)"),
}

#: Patterns the loaders check, by field name: (regular expression, message).
PATTERNS = {
    "id": (
        r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
        N_("letters, digits, '-' and '_' only, at most 64"),
    ),
    "colour": (r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", N_("a colour like #c0392b")),
}

#: The file the ``ref`` fields of placement-list slots pick from: not on disk, placard's API makes it from
#: the loaded campaign (every approved slogan, guide and ad: id, kind, title), so one field offers all three
#: kinds (Decap's relation widget names one collection; this one is a hidden, read-only files collection).
APPROVED_FILE = "placard-approved-items.json"
APPROVED_COLLECTION = "approved"

#: The kinds of items, as the clerk calls them (the same words as the staff pages).
KINDS = {"slogan": N_("Slogan"), "ad": N_("Public-benefit ad"), "guide": N_("Civility guide")}

DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "picker_utc": True,
}


def _closed_options(closed: vocab.Closed) -> list[dict]:
    """One option per value, labelled with the first Chinese label a template offers for it."""
    out: dict[str, str] = {}
    for label, value in closed.labels:
        out.setdefault(value, label)
    return [{"label": label, "value": value} for value, label in out.items()]


class Context:
    """What the fields need from the campaign: its themes (id, name) and the nested tables."""

    def __init__(self, themes: Sequence[tuple[str, str]]):
        self.themes = list(themes)


def _nested() -> dict[str, tuple[Field, ...]]:
    from ..patrols import load as patrols
    from ..placements import load as placements

    lint = (Field("ignore", "strlist", required=True), Field("reason", "str"))
    return {
        "period": placements.PERIOD_FIELDS,
        "rule": placements.RULE_FIELDS,
        "window": placements.WINDOW_FIELDS,
        "slots": placements.SLOT_FIELDS,
        "records": tuple(f for f in patrols.RECORD_FIELDS if f.name != "list"),
        "lint": lint,
    }


def _options_for(f: Field, ctx: Context, table: str) -> list[dict] | None:
    if f.name == "theme":
        return [{"label": f"{name}（{tid}）", "value": tid} for tid, name in ctx.themes]
    if f.kind != "enum":
        return None
    closed = {"placements": vocab.PLACEMENT_CLOSED, "patrols": vocab.PATROL_CLOSED}.get(table, {})
    if f.name in closed:
        return _closed_options(closed[f.name])
    if f.name == "status":
        return [{"label": _(STATUS_LABELS.get(c, str(c))), "value": c} for c in f.choices]
    return [{"label": str(c), "value": c} for c in f.choices]


def field_config(f: Field, ctx: Context, table: str, nested: dict | None = None) -> dict | None:
    """Decap's description of one field (None: a kind the forms do not offer; the file keeps the value)."""
    nested = _nested() if nested is None else nested
    out: dict[str, Any] = {
        "name": f.name,
        "label": _(LABELS[f.name]) if f.name in LABELS else f.name,
        "required": bool(f.required),
    }
    if f.help:
        out["hint"] = _(f.help)
    options = _options_for(f, ctx, table)
    if options is not None:
        out.update(widget="select", options=options)
    elif f.kind == "date":
        out.update(DATE)
    elif f.kind == "text":
        out["widget"] = "text"
    elif f.kind == "str":
        out["widget"] = "string"
    elif f.kind == "strlist":
        out["widget"] = "list"
        if f.name == "photos":
            out["field"] = {
                "name": "photo",
                "label": _(LABELS["photos"]),
                "widget": "image",
                "choose_url": False,
            }
    elif f.kind == "bool":
        out["widget"] = "boolean"
    elif f.kind in ("number", "int"):
        out.update(widget="number", value_type="int" if f.kind == "int" else "float")
        if f.minimum is not None:
            out["min"] = f.minimum
        if f.maximum is not None:
            out["max"] = f.maximum
    elif f.kind == "map" and f.name in nested:
        out.update(
            widget="object",
            collapsed=not f.required,
            fields=fields_config(nested[f.name], ctx, table, nested),
        )
    elif f.kind == "list" and f.name in nested:
        out.update(widget="list", fields=fields_config(nested[f.name], ctx, table, nested))
    else:
        return None
    if f.default is not None and f.kind not in ("map", "list") and not isinstance(f.default, tuple):
        out["default"] = f.default
    if f.name in PATTERNS and out.get("widget") == "string":
        regex, message = PATTERNS[f.name]
        out["pattern"] = [regex, _(message)]
    return out


def fields_config(
    fields: Sequence[Field], ctx: Context, table: str, nested: dict | None = None
) -> list[dict]:
    nested = _nested() if nested is None else nested
    return [c for f in fields if (c := field_config(f, ctx, table, nested)) is not None]


def approved_items(campaign) -> list[dict]:
    """The approved slogans, ads and guides a slot's ``ref`` may name, each with a label to pick it by."""
    out = []
    for item in campaign.items():
        if item.approval.status != "approved":
            continue
        title = item.title if len(item.title) <= 40 else item.title[:39] + "…"
        kind = _(KINDS[item.kind]) if item.kind in KINDS else item.kind
        out.append(
            {
                "id": item.id,
                "kind": item.kind,
                "title": item.title,
                "label": f"{kind} {item.id}　{title}",
            }
        )
    return out


def _campaign_settings(root: Path) -> tuple[list[tuple[str, str]], str]:
    """The themes (id, name) and the docs folder mkdocs.yml names."""
    from ..load import docs_dir_of, load_config

    cfg, mk = load_config(root, [])
    # the editor's texts, its answers and the findings it shows are in the campaign's language
    lang = i18n.set_page_language(cfg.language if cfg is not None else None)
    i18n.set_language(lang)
    return ([(t.id, t.name) for t in cfg.themes] if cfg is not None else []), docs_dir_of(root, mk)


def _tweak(fields: list[dict], name: str, **changes) -> None:
    for f in fields:
        if f["name"] == name:
            f.update(changes)


def decap_config(root: Path, api_url: str = "/api/v1") -> dict:
    """The whole configuration handed to ``CMS.init({config})``."""
    from ..load import (
        AD_FIELDS,
        ADS_DIR,
        GUIDE_FIELDS,
        GUIDES_DIR,
        SLOGAN_FIELDS,
        SLOGANS_DIR,
    )
    from ..patrols import load as patrols
    from ..placements import load as placements

    root = Path(root)
    themes, docs = _campaign_settings(root)
    ctx = Context(themes)
    body = {"name": "body", "label": _(LABELS["body"]), "widget": "markdown", "required": False}
    ref = {  # any approved slogan, guide or ad: the list in APPROVED_FILE
        "widget": "relation",
        "collection": APPROVED_COLLECTION,
        "file": "items",
        "value_field": "items.*.id",
        "search_fields": ["items.*.id", "items.*.title"],
        "display_fields": ["items.*.label"],
        "options_length": 50,
    }

    slogan = fields_config(SLOGAN_FIELDS, ctx, "slogans")
    _tweak(slogan, "id", required=True)  # the file's name: the form needs it to make one
    slogan.append({**body, "label": _("Notes (not published)")})
    guide = fields_config(GUIDE_FIELDS, ctx, "guides") + [body]
    _tweak(guide, "id", required=True)
    ad = fields_config(AD_FIELDS, ctx, "ads") + [body]
    _tweak(ad, "id", required=True)
    _tweak(ad, "artwork", widget="image", choose_url=False)
    lists = fields_config(placements.LIST_FIELDS, ctx, "placements")
    for f in lists:
        if f["name"] == "slots":
            _tweak(f["fields"], "ref", **ref)
    records = fields_config(patrols.FILE_FIELDS, ctx, "patrols")

    _tweak(lists, "id", required=True)

    def folder(name, label, path, fields, fmt, ext, **more):
        return {
            "name": name,
            "label": _(label),
            "folder": path,
            "create": True,
            "extension": ext,
            "format": fmt,
            "slug": "{{id}}",
            "identifier_field": "id",
            "fields": fields,
            **more,
        }

    collections = [
        folder(
            "slogans",
            N_("Slogans"),
            SLOGANS_DIR,
            slogan,
            "frontmatter",
            "md",
            summary="{{slug}}　{{text}}",
        ),
        folder("guides", N_("Civility guides"), f"{docs}/{GUIDES_DIR}", guide, "frontmatter", "md"),
        folder(
            "ads",
            N_("Public-benefit ads"),
            f"{docs}/{ADS_DIR}",
            ad,
            "frontmatter",
            "md",
            media_folder="",
            public_folder="",
        ),
        folder("placements", N_("Placement lists"), placements.PLACEMENTS_DIR, lists, "yml", "yml"),
        folder(
            "patrols",
            N_("Patrol records"),
            patrols.PATROLS_DIR,
            records,
            "yml",
            "yml",
            media_folder="/" + patrols.PHOTOS_DIR,
            public_folder="",
            identifier_field="list",
            slug="{{list}}-{{year}}{{month}}{{day}}",
        ),
        {
            "name": APPROVED_COLLECTION,
            "label": _("Approved items"),
            "hide": True,  # only the ref fields use it; the API refuses to write it
            "create": False,
            "format": "json",
            "editor": {"preview": False},
            "files": [
                {
                    "name": "items",
                    "label": _("Approved items"),
                    "file": APPROVED_FILE,
                    "fields": [
                        {
                            "name": "items",
                            "label": _("Approved items"),
                            "widget": "list",
                            "fields": [
                                {"name": "id", "label": _(LABELS["id"]), "widget": "string"},
                                {"name": "kind", "label": _(LABELS["type"]), "widget": "string"},
                                {"name": "title", "label": _(LABELS["title"]), "widget": "string"},
                                {"name": "label", "label": _(LABELS["name"]), "widget": "string"},
                            ],
                        }
                    ],
                }
            ],
        },
    ]
    return {
        "load_config_file": False,
        # placard's backend (registered by the admin page): Decap's proxy backend that lists a folder a page
        # at a time; with ``local_backend`` Decap would switch to its plain proxy backend
        "backend": {"name": "placard", "proxy_url": api_url, "branch": "main"},
        "locale": "zh_Hans",
        "media_folder": patrols.PHOTOS_DIR,
        "publish_mode": "simple",
        "show_preview_links": False,
        "search": False,
        "editor": {"preview": False},
        "collections": collections,
    }
