"""Campaign -> poster jobs: every decision made before drawing, and every problem as a finding.

A :class:`Job` is plain JSON-able data (canvas size, drawing operations with pixel
coordinates, fonts, QR data): the renderer draws it without looking at the campaign,
and its hash is the cache key. Problems that can be known before drawing (unknown
format or template, text that cannot fit, missing glyphs, a code too small for its
distance, no site_url) are findings, so ``placard check`` and ``mkdocs build`` stop early.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import marshal
from dataclasses import dataclass, field
from pathlib import Path

from ..cachesafe import code_key_of, read_sealed, write_sealed
from ..findings import Finding, error, warning
from ..i18n import N_, _, in_language
from ..load import ID_MAX, ID_RE
from ..model import Campaign
from ..schema import Field, read_fields
from ..yamlsrc import YamlProblem, YMap, load
from . import fonts as F
from . import profiles as PR
from . import qr as Q
from .coderoom import code_elements, unscannable_sets
from .elements import KINDS, Page
from .elements.base import GOLD, GREY, INK, WHITE, colour  # noqa: F401  (importable from here as before)
from .elements.text import FIXED_TEXTS
from .elements.vertical import measure as vertical_measure
from .formats import Format, load_formats
from .outputs import kinds_for
from .templates import Template, load_templates
from .typeset import DoesNotFit, fit

SETS_DIR = "posters"
NOT_SETS = {"formats.yml", "templates.yml"}
OUT_DIR = "posters"  # under the built site
#: The code that writes print files (CMYK PDF/X, large-format TIFF) and decides print profiles.
PRINT_CODE = ("posters/cmyk.py", "posters/tiff.py", "posters/outputs.py", "posters/profiles.py")
#: The code that decides what a poster looks like: these modules and every placard module they
#: import (:func:`placard.cachesafe.code_modules`: ``images.py``, which decodes the artwork, too).
#: Its hash is in every spec (so in every poster's cache key): a poster is never taken from the
#: cache after this code changed.
RENDER_CODE = ("posters/render.py", "posters/pdf.py", "posters/typeset.py", "posters/qr.py", "posters/fonts.py",
               "posters/plan.py", "posters/templates.py", "posters/formats.py", "posters/elements/__init__.py",
               "posters/elements/base.py", "posters/elements/rect.py", "posters/elements/image.py",
               "posters/elements/qrcode.py", "posters/elements/text.py", "posters/elements/points.py",
               "posters/elements/vertical.py", "posters/coderoom.py", "posters/pngwrite.py") + PRINT_CODE


def render_version() -> str:
    """A hash of :data:`RENDER_CODE` (cached: placard's files do not change while it runs)."""
    return code_key_of(*RENDER_CODE)[:16]

CONFIG_FIELDS = (
    Field("font", "str", help=N_("the path of a .ttf/.otf/.ttc font file with Simplified Chinese")),
    Field("font_index", "int", minimum=0, default=0, help=N_("which font of a .ttc collection")),
    Field("system_fonts", "bool", default=True, help=N_("true to look for a Chinese font with fontconfig")),
    Field("qr_error", "enum", choices=("L", "M", "Q", "H"), default="M"),
    Field("logo", "str", help=N_("the path of a logo image (PNG), relative to the campaign folder")),
    Field("public_sets", "strlist", default=(),
          help=N_("poster sets (names of posters/*.yml) whose print files the public site offers, e.g. [traffic-a3]")),
    Field("icc", "str", help=N_("the path of the print shop's CMYK ICC profile (.icc), inside the campaign folder")),
    Field("materials", "strlist", help=N_("the print materials the print order may name, e.g. [PP 背胶, 写真, 喷绘布]")),
    Field("spares", "int", minimum=0, default=0, help=N_("spare copies of every print file, a whole number ≥ 0")),
)
SET_FIELDS = (
    Field("title", "str"),
    Field("format", "str", required=True, help=N_("the name of a format, e.g. A3")),
    Field("template", "str", required=True, help=N_("the name of a template, e.g. slogan")),
    Field("kind", "enum", required=True, choices=("slogan", "ad", "guide")),
    Field("themes", "strlist", help=N_("theme ids to include (default: all)")),
    Field("tags", "strlist", help=N_("only items with one of these tags")),
    Field("items", "strlist", help=N_("item ids to include (default: every published item of the kind)")),
    Field("profile", "enum", choices=PR.PROFILES, help=PR.PROFILES_HELP),
    Field("material", "str", help=N_("what it is printed on (the print order), e.g. PP 背胶")),
    Field("quantity", "int", minimum=1, default=1, help=N_("copies of each poster, a whole number ≥ 1")),
    Field("spares", "int", minimum=0, help=N_("spare copies of each poster, a whole number ≥ 0")),
    Field("png", "bool", default=True,
          help=N_("true, or false for a print run that wants only its print files (no PNG is drawn)")),
)

PREVIEW_PX = 640


@dataclass(frozen=True)
class Entry:
    """One poster of a set: an item, the code its QR carries, where it goes, how it looks."""

    item: object
    code: str
    stem: str  # site-relative path without extension
    format: Format
    template: Template
    slot: tuple[str, str] | None = None  # (placement list id, slot id)


@dataclass(frozen=True)
class PosterSet:
    name: str
    title: str
    file: str
    format: Format
    template: Template
    items: tuple  # model items
    entries: tuple = ()  # Entry, when the set is not "every item in one format" (placement lists)
    profile: str | None = None  # print profile named by the set (else the format's)
    material: str | None = None
    quantity: int = 1
    spares: int | None = None  # None: extra.placard.posters.spares
    lines: tuple = ()  # (field, line) of the set file
    png: bool = True  # False: print files and previews only (``png: false``, posters/outputs.py)

    def all_entries(self) -> tuple:
        if self.entries:
            return self.entries
        return tuple(Entry(i, code_for(i), f"{OUT_DIR}/{self.name}/{i.id}", self.format, self.template)
                     for i in self.items)


def spec_key(spec: dict) -> str:
    """A poster's cache key: the hash of everything its renderer draws."""
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class Job:
    set: str
    item_id: str
    kind: str
    title: str
    format: str
    url: str | None
    code: str | None
    out: str  # site-relative stem, e.g. posters/traffic-a3/traffic-01
    spec: dict  # what the renderer draws (JSON-able)
    key: str = ""
    slot: tuple[str, str] | None = None
    px_per_mm: float = 0.0  # of the PNG (for reading the code back as a phone would)
    scan_distance_m: float = 0.0
    scan_angle_deg: float = 0.0

    def __post_init__(self):
        if not self.key:
            self.key = spec_key(self.spec)

    @property
    def files(self) -> dict[str, str]:
        """Site-relative path of each of its files, by kind (see :mod:`placard.posters.outputs`)."""
        return {k.key: self.out + k.suffix for k in kinds_for(self.spec)}


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sets: list[PosterSet] = field(default_factory=list)
    formats: dict = field(default_factory=dict)
    templates: dict = field(default_factory=dict)
    font: F.FontRef | None = None
    codes: dict = field(default_factory=dict)  # code -> (item, url, slot or None)
    public_sets: tuple[str, ...] = ()  # sets whose files the public site offers (extra.placard.posters.public_sets)
    printing: PR.PrintContext | None = None  # print profiles, CMYK profile, materials
    language: str = "zh-Hans"  # the campaign's: the contact sheets' words


# ---------------------------------------------------------------- helpers


_file_hashes: dict[tuple, str] = {}


def file_hash(path: Path) -> str:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _file_hashes:
        _file_hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    return _file_hashes[key]


def item_text(item) -> str:
    return item.text if item.kind == "slogan" else item.title


def item_page(item) -> str:
    """Docs-relative Markdown page of an item (slogan pages are generated at s/<id>.md)."""
    if item.kind == "slogan":
        return f"s/{item.id}.md"
    return item.page_uri


def month(campaign: Campaign) -> str:
    return in_language(campaign.config.language, "{year}-{month:02}").format(
        year=campaign.today.year, month=campaign.today.month)


def poster_texts(campaign: Campaign, item) -> list[tuple[str, str, str]]:
    """(text, field, file) for everything of an item that can appear on a poster."""
    out = [(item_text(item), "text" if item.kind == "slogan" else "title", item.source.file)]
    for p in getattr(item, "key_points", ()):
        out.append((p, "key_points", item.source.file))
    return out


# ---------------------------------------------------------------- loading sets


def _config(campaign: Campaign, findings: list[Finding]) -> dict:
    raw = campaign.config.raw.get("posters") or {}
    if not isinstance(raw, YMap):
        return {f.name: f.default for f in CONFIG_FIELDS}
    values, lines, errs = read_fields(raw, CONFIG_FIELDS, "mkdocs.yml", "extra.placard.posters", "poster.config")
    findings.extend(errs)
    values["public_sets_line"] = lines["public_sets"]
    values["icc_line"] = lines["icc"]
    values["materials_line"] = lines["materials"]
    return values


def _public_sets(campaign: Campaign, cfg: dict, findings: list[Finding]) -> tuple[str, ...]:
    """The names in ``public_sets`` that are poster sets (posters/*.yml); each other name is a finding."""
    known = [p.stem for p in set_files(campaign.root)]
    out = []
    for name in cfg.get("public_sets") or ():
        if name in known:
            out.append(name)
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        if name.startswith("placement-"):
            msg = _("public_sets names '{name}', which is not a poster set: placement lists' posters are for staff "
                    "only")
        else:
            msg = _("public_sets names '{name}', which is not a poster set: there is no posters/{name}.yml")
        fix = _("use names of poster sets (posters/*.yml without .yml): {names}").format(
            names=", ".join(known) or _("(none yet)"))
        if close:
            fix = _("did you mean '{close}'? {fix}").format(close=close[0], fix=fix)
        # a warning: the name publishes nothing (nothing leaks), but volunteers miss the posters meant for them
        findings.append(warning("poster.config", msg.format(name=name),
                              file="mkdocs.yml", line=cfg.get("public_sets_line"),
                              field="extra.placard.posters.public_sets", fix=fix))
    return tuple(out)


def set_files(root: Path) -> list[Path]:
    d = root / SETS_DIR
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.yml") if p.name not in NOT_SETS)


def _unknown(what: str, name: str, known, file: str, line: int, fld: str) -> Finding:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    if what == "format":
        msg, fix = _("unknown format '{name}'"), _("Known formats: {names}")
    else:
        msg, fix = _("unknown template '{name}'"), _("Known templates: {names}")
    fix = fix.format(names=", ".join(sorted(known)))
    if close:
        fix = _("did you mean '{close}'? {fix}").format(close=close[0], fix=fix)
    return error(f"poster.unknown-{what}", msg.format(name=name), file=file, line=line, field=fld, fix=fix)


_NO_ITEM = {
    "slogan": N_("slogan '{id}' does not exist"),
    "ad": N_("public-benefit ad '{id}' does not exist"),
    "guide": N_("civility guide '{id}' does not exist"),
}
_ITEM_ID_HINT = {
    "slogan": N_("use the id of a slogan in slogans/: its 'id:' line, else its file name without .md"),
    "ad": N_("use the id of a public-benefit ad in docs/ads/: its 'id:' line, else its file name without .md"),
    "guide": N_("use the id of a civility guide in docs/guides/: its 'id:' line, else its file name without .md"),
}


def _empty_set(kind: str, values: dict, lines: dict, rel: str) -> Finding:
    """A set whose filter matches no published item: it makes no poster (a warning naming the filter)."""
    from ..findings import warning
    from ..i18n import _

    used = [k for k in ("items", "themes", "tags") if values[k]]
    flt = "; ".join(f"{k}: [{', '.join(values[k])}]" for k in used) or f"kind: {kind}"
    what = {"slogan": _("approved slogan"), "ad": _("approved public-benefit ad"),
            "guide": _("approved civility guide")}[kind]
    return warning("poster.set-empty",
                   _("the set makes no poster: no {what} matches its filter ({filter})").format(what=what, filter=flt),
                   file=rel, line=lines[used[0]] if used else lines.get("kind", 1), field=used[0] if used else "kind",
                   fix=_("change the filter to ids, themes or tags your items have, approve an item it names, "
                         "or delete the set"))


def load_sets(campaign: Campaign, formats, templates, findings: list[Finding]) -> list[PosterSet]:
    out = []
    for path in set_files(campaign.root):
        rel = path.relative_to(campaign.root).as_posix()
        if not ID_RE.match(path.stem):  # the set's name names its folder of posters and its place in the gallery
            findings.append(error("poster.set", _("the file name {name} cannot name a poster set").format(
                                      name=repr(path.name)), file=rel,
                                  fix=_("rename the file using only letters, digits, '-' and '_', at most {max} "
                                        "characters (e.g. traffic-a3.yml)").format(max=ID_MAX)))
            continue
        try:
            data = load(path.read_text(encoding="utf-8"))
        except YamlProblem as p:
            findings.append(error("poster.set", _("the poster set cannot be read: {problem}").format(problem=p.message),
                                  file=rel, line=p.line, column=p.column,
                                  fix=_("fix the YAML so that each line is 'key: value'")))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(error("poster.set", _("the poster set cannot be read: {problem}").format(problem=exc),
                                  file=rel, fix=_("save the file as UTF-8 text")))
            continue
        if not isinstance(data, YMap):
            findings.append(error("poster.set", _("a poster set must be a set of 'key: value' lines"), file=rel, line=1,
                                  fix=_("write format:, template: and kind: (see the manual: posters and QR codes)")))
            continue
        values, lines, errs = read_fields(data, SET_FIELDS, rel, N_("a poster set"), "poster.set")
        findings.extend(errs)
        if errs:
            continue
        fmt = formats.get(values["format"])
        tpl = templates.get(values["template"])
        ok = True
        if fmt is None:
            ok = False
            findings.append(_unknown("format", values["format"], formats, rel, lines["format"], "format"))
        if tpl is None:
            ok = False
            findings.append(_unknown("template", values["template"], templates, rel, lines["template"], "template"))
        if not ok:
            continue
        kind = values["kind"]
        if kind not in tpl.kinds:
            findings.append(error("poster.set", _("template '{name}' cannot show items of kind '{kind}'").format(
                                      name=tpl.name, kind=kind), file=rel,
                                  line=lines["template"], field="template",
                                  fix=_("use a template for '{kind}': {names}").format(kind=kind, names=", ".join(
                                      n for n, t in templates.items() if kind in t.kinds))))
            continue
        if fmt.shape not in tpl.layouts:
            findings.append(error("poster.set", _("template '{name}' has no {shape} layout for {format}").format(
                                      name=tpl.name, shape=fmt.shape, format=fmt.label),
                                  file=rel, line=lines["template"], field="template",
                                  fix=_("use another template, or add a '{shape}:' layout to it").format(
                                      shape=fmt.shape)))
            continue
        if values["png"] is False and fmt.is_screen:
            findings.append(error("poster.set", _("png: false leaves the screen format {format} with no picture: a "
                                                  "screen poster is its PNG").format(format=fmt.label),
                                  file=rel, line=lines["png"], field="png",
                                  fix=_("remove 'png: false', or use a paper format for a print-only run")))
            continue
        pool = {"slogan": campaign.slogans, "ad": campaign.ads, "guide": campaign.guides}[kind]
        chosen = campaign.published(pool)
        if values["items"]:
            ids = {i.id for i in pool}
            for iid in values["items"]:
                if iid not in ids:
                    findings.append(error("poster.set", _(_NO_ITEM[kind]).format(id=iid), file=rel,
                                          line=lines["items"], field="items", fix=_(_ITEM_ID_HINT[kind])))
            chosen = [i for i in chosen if i.id in values["items"]]
        if values["themes"]:
            for th in values["themes"]:
                if campaign.config.theme(th) is None:
                    findings.append(error("poster.set", _("theme '{theme}' is not one of the campaign's themes").format(
                                              theme=th),
                                          file=rel, line=lines["themes"], field="themes",
                                          fix=_("use one of: {values}").format(
                                              values=", ".join(t.id for t in campaign.config.themes))))
            chosen = [i for i in chosen if i.theme in values["themes"]]
        if values["tags"]:
            chosen = [i for i in chosen if set(i.tags) & set(values["tags"])]
        if not chosen and not any(f.file == rel and f.is_error for f in findings):
            findings.append(_empty_set(kind, values, lines, rel))
        out.append(PosterSet(path.stem, values["title"] or path.stem, rel, fmt, tpl, tuple(chosen),
                             profile=values["profile"], material=values["material"],
                             quantity=values["quantity"] or 1, spares=values["spares"],
                             lines=tuple((k, v) for k, v in lines.items() if v),
                             png=values["png"] is not False))
    return out


# ---------------------------------------------------------------- layout


class _Ctx:
    def __init__(self, campaign: Campaign, font: F.FontRef, cfg: dict, findings: list[Finding]):
        self.campaign, self.font, self.cfg, self.findings = campaign, font, cfg, findings
        self.reported: set = set()
        self._fits: dict[tuple, object] = {}

    def once(self, key, finding: Finding) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.findings.append(finding)

    def fit(self, text: str, box_w: float, box_h: float, weight: str, min_size: float, **kw):
        """:func:`typeset.fit` with this run's font, remembered: the posters of one item on many
        slots of a placement list differ only in their QR code, not in how the text breaks."""
        key = (text, box_w, box_h, weight, min_size, tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v)
                                                                 for k, v in kw.items())))
        hit = self._fits.get(key)
        if hit is None:
            # measure="vertical": lines are columns, measured down (see elements/vertical.py)
            width = (vertical_measure(self.font, weight) if kw.pop("measure", None) == "vertical"
                     else lambda s: F.text_width(self.font, weight, s))
            try:
                hit = fit(text, box_w, box_h, width, min_size, **kw)
            except DoesNotFit as exc:
                hit = exc
            self._fits[key] = hit
        if isinstance(hit, DoesNotFit):
            raise hit
        return hit


def _vars(campaign: Campaign, item) -> dict[str, str]:
    th = campaign.config.theme(item.theme)
    return {
        "text": item_text(item),
        "campaign": campaign.config.name,
        "office": campaign.config.office,
        "theme": th.name if th else "",
        "date": month(campaign),
        **{key: in_language(campaign.config.language, text) for key, text in FIXED_TEXTS.items()},
    }


def layout(ctx: _Ctx, pset: PosterSet, item, url: str | None, symbol: Q.Symbol | None,
           fmt: Format | None = None, tpl: Template | None = None) -> dict | None:
    """The drawing spec of one poster, or None (with findings) if it cannot be made.

    Each element of the template's layout for the format's shape is laid out by its kind
    (:mod:`placard.posters.elements`); one that cannot be made (with findings) spoils the poster.
    """
    fmt, tpl, campaign = fmt or pset.format, tpl or pset.template, ctx.campaign
    th = campaign.config.theme(item.theme)
    theme = th.colour if th else "#c0392b"
    if len(theme) == 4:
        theme = "#" + "".join(x * 2 for x in theme[1:])
    page = Page(ctx, pset, item, fmt, tpl, theme, _vars(campaign, item), symbol)
    ops: list[dict] = []
    ok = True
    for el in code_elements(tpl.layouts[fmt.shape], fmt, symbol.modules if symbol else None):
        made = KINDS[el.type].layout(el, page)
        if made is None:
            ok = False
        else:
            ops.extend(made)
    if not ok:
        return None
    return {
        "v": render_version(), "canvas": [page.cw, page.ch], "trim": [page.W, page.H], "bleed": page.b,
        "screen": fmt.is_screen,
        "page_mm": [fmt.width_mm + 2 * (0 if fmt.is_screen else fmt.bleed_mm),
                    fmt.height_mm + 2 * (0 if fmt.is_screen else fmt.bleed_mm)],
        "bleed_mm": 0 if fmt.is_screen else fmt.bleed_mm,
        "background": colour(tpl.background, theme),
        "font": [ctx.font.path, ctx.font.index, ctx.font.stamp, [list(f) for f in ctx.font.faces]],
        "ops": ops,
    }


# ---------------------------------------------------------------- the plan


def _glyph_findings(campaign: Campaign, font: F.FontRef, findings: list[Finding]) -> None:
    """Rule 5: every character of published text that can be printed exists in the poster font."""
    for item in campaign.items():
        if item.approval.status == "retired":
            continue
        for text, fld, file in poster_texts(campaign, item):
            for ch in F.missing_glyphs(text, font):
                findings.append(error(
                    "glyph.missing",
                    _("{kind} '{id}': the character {char} is not in the poster font {font}; it would print as an "
                      "empty box").format(kind=item.kind, id=item.id, char=F.describe_char(ch), font=font.label),
                    file=file, line=item.source.line_of(fld), field=fld, context=text,
                    fix=_("replace the character (a typo, or a rare variant?), or set extra.placard.posters.font "
                          "to a font that has it")))
    cfg = campaign.config
    for text, fld in ((cfg.name, "extra.placard.name"), (cfg.office, "extra.placard.office")):
        for ch in F.missing_glyphs(text, font):
            findings.append(error(
                "glyph.missing", _("the character {char} is not in the poster font {font}").format(
                    char=F.describe_char(ch), font=font.label),
                file="mkdocs.yml", line=cfg.source.line_of(fld.rsplit(".", 1)[1]), field=fld, context=text,
                fix=_("replace the character, or set extra.placard.posters.font to a font that has it")))


def code_for(item) -> str:
    return Q.item_code(item.kind, item.id)


def make_plan(campaign: Campaign) -> Plan:
    """Everything about the campaign's posters, memoised on the (immutable) campaign."""
    cached = campaign.__dict__.get("_poster_plan")
    if cached is not None:
        return cached
    plan = Plan(language=campaign.config.language)
    findings = plan.findings
    cfg = _config(campaign, findings)
    plan.formats, ferrs = load_formats(campaign.root)
    findings.extend(ferrs)
    plan.templates, terrs = load_templates(campaign.root)
    findings.extend(terrs)
    try:
        plan.font = F.find_font(cfg, campaign.root)
    except F.FontProblem as exc:
        findings.append(error("poster.font", str(exc), file="mkdocs.yml", field="extra.placard.posters.font",
                              fix=_("give the path of a font file with Simplified Chinese, or remove the setting")))
        object.__setattr__(campaign, "_poster_plan", plan)
        return plan
    _glyph_findings(campaign, plan.font, findings)
    plan.sets = load_sets(campaign, plan.formats, plan.templates, findings)
    plan.public_sets = _public_sets(campaign, cfg, findings)
    site_url = campaign.config.site_url
    # one stable code per published item, even those on no poster (staff print codes elsewhere)
    for item in campaign.published(list(campaign.items())):
        code = code_for(item)
        if code in plan.codes:
            other = plan.codes[code][0]
            findings.append(error("poster.code-clash", _("'{first}' and '{second}' get the same QR code {code}").format(
                                      first=item.id, second=other.id, code=code),
                                  file=item.source.file, line=item.source.line_of("id"), field="id",
                                  fix=_("rename one of the two items (change its 'id:' line, or its file name when "
                                        "it has none)")))
            continue
        plan.codes[code] = (item, Q.code_url(site_url, code) if site_url else None, None)
    plan.sets += placement_sets(campaign, plan, findings)
    if plan.sets and not site_url:
        findings.append(error("poster.site-url", _("posters carry QR codes, but the campaign has no site_url"),
                              file="mkdocs.yml", line=1, field="site_url",
                              fix=_("add 'site_url: https://…/' (the public address of the site) to mkdocs.yml")))
    ctx = _Ctx(campaign, plan.font, cfg, findings)
    ec = cfg.get("qr_error") or "M"
    if site_url:  # a format that cannot carry a scannable code: one finding, and none of its posters laid out
        plan.sets = unscannable_sets(plan.sets, Q.make_symbol(Q.code_url(site_url, "A" * Q.CODE_LEN), ec), findings,
                                      campaign.root)
    symbols: dict[str, Q.Symbol] = {}
    bad_glyph_items = {(f.file, f.line) for f in findings if f.rule == "glyph.missing"}
    cache = LayoutCache(campaign.root / CACHE_DIR / "layouts.bin")
    set_sigs: dict[tuple[int, int], str] = {}  # repr of a (format, template) pair, once per pair
    common = [render_version(), campaign.config.name, campaign.config.office, month(campaign),
              [(t.id, t.name, t.colour) for t in campaign.config.themes], plan.font.stamp, plan.font.path,
              plan.font.index, ec, cfg.get("logo"),
              file_hash(campaign.root / cfg["logo"]) if cfg.get("logo") and (campaign.root / cfg["logo"]).is_file()
              else None]
    common_sig = _digest(json.dumps(common, ensure_ascii=False, default=str))  # once, not once per poster
    plan.printing = PR.plan_print(campaign, cfg, plan.sets, findings)
    meta = {"author": campaign.config.office, "subject": campaign.config.name}
    for pset in plan.sets:
        for entry in pset.all_entries():
            item = entry.item
            if any((item.source.file, item.source.line_of(f)) in bad_glyph_items
                   for f in ("text", "title", "key_points")):
                continue
            url = plan.codes.get(entry.code, (None, None, None))[1]
            if not url:
                continue
            pair = (id(entry.format), id(entry.template))
            sig = set_sigs.get(pair) or set_sigs.setdefault(pair, _digest(repr((entry.format, entry.template))))
            profile = plan.printing.profile_of(pset, entry.format)
            key = _layout_key(common_sig, sig + plan.printing.sig(profile) + ("" if pset.png else "|no-png"), item, url)
            hit = cache.get(key)
            if hit is None:
                sym = symbols.get(url) or symbols.setdefault(url, Q.make_symbol(url, ec))
                spec = layout(ctx, pset, item, url, sym, entry.format, entry.template)
                if spec is None:
                    continue
                if not spec["screen"]:  # what its print file needs (posters/profiles.py)
                    spec = {**spec, "print": PR.spec_print(profile, plan.printing.icc, plan.printing.cmyk, spec,
                                                           {**meta, "title": item_text(item)})}
                    if not pset.png:  # a print-only run: no PNG drawn, none in the cache or the gallery
                        spec["png"] = False
                job_key = spec_key(spec)
                cache.put(key, spec, job_key)
            else:
                spec, job_key = hit
            plan.jobs.append(Job(pset.name, item.id, item.kind, item_text(item), entry.format.name, url, entry.code,
                                 entry.stem, spec, key=job_key, slot=entry.slot, px_per_mm=entry.format.px(1.0),
                                 scan_distance_m=entry.format.scan_distance_m,
                                 scan_angle_deg=entry.format.scan_angle_deg))
    cache.save()
    object.__setattr__(campaign, "_poster_plan", plan)
    return plan


CACHE_DIR = ".cache/placard/posters"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _layout_key(common_sig: str, set_sig: str, item, url: str) -> str:
    """Everything that shapes one poster's layout (not its pixels: those are the job key)."""
    art = None
    if item.kind == "ad":
        art = file_hash(Path(item.artwork)) if Path(item.artwork).is_file() else "missing"
    sig = [common_sig, set_sig, item.kind, item.id, item.theme, item_text(item), list(getattr(item, "breaks", ())),
           list(getattr(item, "key_points", ())), art, url]
    return hashlib.sha256(json.dumps(sig, ensure_ascii=False, default=str).encode()).hexdigest()[:32]


class LayoutCache:
    """Laid-out specs of earlier runs, so a rebuild lays out only what changed.

    Each entry holds a spec and its job key (the hash of the spec), so a reused layout
    is neither laid out nor hashed again. Kept with ``marshal`` (the specs are plain
    data; it reads and writes several times faster than JSON, which matters when one
    changed slogan is all a rebuild has to do), sealed with this user's key
    (:mod:`placard.cachesafe`): a file that came with the campaign, or was edited, is not read,
    and an entry of the wrong shape or made by other drawing code is a miss. Only successful layouts are stored:
    anything with a problem is laid out (and reported) again on every run. Entries not
    used in a run are dropped.
    """

    TAG = "placard-layouts-3"

    def __init__(self, path: Path):
        self.path, self.used, self.dirty = path, {}, False
        self.old = {}
        try:
            body = read_sealed(path, self.TAG)  # None: not written by this user's placard (or a link)
            if body is not None:
                tag, old = marshal.loads(body)
                self.old = old if tag == self.TAG and isinstance(old, dict) else {}
        except (OSError, ValueError, EOFError, TypeError):  # missing, damaged, another Python's marshal
            self.old = {}

    def get(self, key: str) -> tuple[dict, str] | None:
        entry = self.old.get(key)
        if not (type(entry) is tuple and len(entry) == 2 and type(entry[0]) is dict and type(entry[1]) is str
                and entry[0].get("v") == render_version()):
            return None  # a miss: laid out again
        self.used[key] = entry
        return entry

    def put(self, key: str, spec: dict, job_key: str) -> None:
        self.used[key] = (spec, job_key)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty and len(self.used) == len(self.old):
            return
        try:
            write_sealed(self.path, marshal.dumps((self.TAG, self.used)), self.TAG)
        except ValueError:
            pass  # not plain data (a bug): no cache; a read-only campaign folder only loses the speed-up


# ---------------------------------------------------------------- placement lists

#: The format a placement list's posters get, by list type (data: placement_formats.yml).
def _placement_formats() -> dict[str, str]:
    from importlib import resources

    text = resources.files("placard").joinpath("data/placement_formats.yml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in load(text).items()}


#: Template per item kind for placement posters (the slogan template can show every kind).
SLOT_TEMPLATES = {"slogan": "slogan", "ad": "ad", "guide": "guide"}


def placement_sets(campaign: Campaign, plan: Plan, findings: list[Finding]) -> list[PosterSet]:
    """A poster for every public slot of every placement list, carrying that slot's own code."""
    lists = getattr(campaign, "placements", ()) or ()
    if not lists:
        return []
    from dataclasses import replace

    by_type = _placement_formats()
    site_url = campaign.config.site_url
    out = []
    for pl in lists:
        base = plan.formats.get(by_type.get(pl.type, by_type.get("other", "A3")))
        if base is None:
            continue
        entries = []
        for slot in pl.slots:
            if slot.kind != "public" or not slot.ref:
                continue
            item = campaign.item(slot.ref)
            if item is None or item.approval.status != "approved":
                continue  # the placement checks report unknown, draft and retired refs
            fmt = base
            if slot.size_mm and not base.is_screen:
                w, h = slot.size_mm
                fmt = replace(base, name=f"{base.name}-{w}x{h}", title=f"{base.title} {w}×{h}", width=float(w),
                              height=float(h))
            tpl = plan.templates.get(SLOT_TEMPLATES.get(item.kind, "slogan"))
            tall = fmt.shape == "tall"  # lamp-pole banners: big text and a code, nothing else
            if tall or tpl is None or fmt.shape not in tpl.layouts or item.kind not in tpl.kinds:
                tpl = plan.templates.get("slogan")
            if tpl is None or fmt.shape not in tpl.layouts:
                continue
            code = Q.slot_code(pl.id, slot.id)
            if code in plan.codes:
                findings.append(error("poster.code-clash", _("slot '{slot}' gets the same QR code {code} as another "
                                                             "slot or item").format(slot=slot.id, code=code),
                                      file=pl.source.file, line=slot.line, field="id",
                                      fix=_("rename the slot")))
                continue
            plan.codes[code] = (item, Q.code_url(site_url, code) if site_url else None, (pl.id, slot.id))
            entries.append(Entry(item, code, f"{OUT_DIR}/placement-{pl.id}/{slot.id}", fmt, tpl, (pl.id, slot.id)))
        if entries:
            out.append(PosterSet(f"placement-{pl.id}", pl.name, pl.source.file, base, entries[0].template,
                                 tuple(e.item for e in entries), tuple(entries)))
    return out
