"""Campaign folder -> :class:`~placard.model.Campaign`, collecting problems as findings.

The loader reads every file once. A file with errors is reported and left out
of the model, so checks and outputs never see half-valid data (and a build with
load errors stops anyway).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from .findings import Finding, error
from .i18n import N_, _
from .images import check_image, resolve_inside
from .links import link_findings
from .model import (
    BREAK_MARK,
    LANGUAGES,
    STATUSES,
    Ad,
    Approval,
    Campaign,
    CampaignConfig,
    Guide,
    Lint,
    Slogan,
    Source,
    Theme,
)
from .review.records import DEFAULT_GRADE
from .schema import Field, as_ymap, read_fields
from .yamlsrc import YamlProblem, YList, YMap, load, split_front_matter

CONFIG_FILE = "mkdocs.yml"
SLOGANS_DIR = "slogans"
GUIDES_DIR = "guides"  # under docs/
ADS_DIR = "ads"  # under docs/

#: Ids name web pages, files and QR codes: letters, digits, '-' and '_', at most 64 characters
#: (``\Z``, not ``$``: a trailing newline is not allowed either).
ID_MAX = 64
ID_RE = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{ID_MAX - 1}}}\Z")
#: The longest text placard lays out on a poster (a slogan, a title, a key point).
TEXT_MAX = 500
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")

_APPROVAL_FIELDS = (
    Field("status", "enum", required=True, choices=STATUSES),
    Field("approved_by", "str"),
    Field("approved_on", "date"),
    Field("valid_from", "date"),
    Field("valid_to", "date"),
)
_COMMON = (
    Field("id", "str", help=N_("letters, digits, '-' and '_' (used in URLs and QR codes)")),
    Field("theme", "str", required=True, help=N_("the id of one of the campaign's themes")),
    *_APPROVAL_FIELDS,
    Field("tags", "strlist"),
    Field("lint", "map", help=N_("{ignore: [rule-id, ...], reason: \"why\"}")),
    Field("grade", "str", help=N_("the review grade: 普通 (default), 重要 or 敏感 (extra.placard.review.grades)")),
)

SLOGAN_FIELDS = (
    Field(
        "text",
        "str",
        required=True,
        help=N_("the slogan text; put '|' where a poster line should break"),
    ),
    *_COMMON,
)
GUIDE_FIELDS = (
    Field("title", "str", required=True),
    *_COMMON,
    Field("key_points", "strlist", help=N_("a short list of texts (used on posters)")),
)
AD_FIELDS = (
    Field("title", "str", required=True),
    *_COMMON,
    Field("artwork", "str", required=True, help=N_("the path of the artwork image, next to the page")),
    Field("alt", "str", required=True, help=N_("what a screen reader says for the artwork")),
    Field("credit", "str"),
    Field("slogans", "strlist", help=N_("ids of slogans this ad carries")),
)

THEME_FIELDS = (
    Field("id", "str", required=True, help=N_("letters, digits, '-' and '_'")),
    Field("name", "str", required=True),
    Field("colour", "str", required=True, help=N_("a colour like '#c0392b'")),
    Field("actions", "list", help=N_("this theme's actions (see the manual: actions)")),
    Field("cmyk", "list", help=N_("the colour's print values [c, m, y, k], each 0–100, e.g. [0, 95, 90, 10]")),
)

#: Keys of ``extra.placard`` in mkdocs.yml. Each capability reads its own block.
CONFIG_FIELDS = (
    Field("name", "str", required=True, help=N_("the campaign's name")),
    Field("office", "str", required=True, help=N_("the issuing office")),
    Field("site_url", "str", help=N_("the public address of the site, e.g. https://wm.example.gov.cn/")),
    Field("language", "enum", choices=LANGUAGES, default="zh-Hans"),
    Field("themes", "list", required=True, help=N_("a list of {id, name, colour}")),
    Field("search_terms", "strlist", help=N_("extra words Chinese search must keep whole")),
    Field("placements", "map", help=N_("placement rules (see the manual: placement lists)")),
    Field("patrol", "map", help=N_("patrol rules: {every_days: 7, fix_within_days: 3, strict: false} (see the manual: patrols)")),
    Field("posters", "map", help=N_("poster settings (see the manual: posters)")),
    Field("lint", "map", help=N_("content check settings (see the manual: content checks)")),
    Field("staff_dir", "str", help=N_("the staff site's folder, beside the public site (default: staff)")),
    Field("scans", "map", help=N_("scan report in the staff site: {logs: [access log paths or globs]}")),
    Field("playlogs", "map", help=N_("screen play logs: {strict: true} makes their findings errors (see the manual: play logs)")),
    Field("actions", "list", help=N_("what a resident can do next: [{kind, label, href or tel}] (see the manual: actions)")),
    Field("icp", "str", help=N_("the site's ICP filing number, e.g. 粤ICP备12345678号")),
    Field("example", "bool", help=N_("true only in placard's example campaign (a campaign of your own leaves it out)")),
    Field("review", "map", help=N_("review levels and grades: {levels: [初审, 复审, 终审], grades: {普通: [初审, 复审]}, "
                                   "distinct_people: true} (see the manual: reviews)")),
)


@dataclass(frozen=True)
class LoadResult:
    campaign: Campaign | None
    findings: list[Finding]


class CampaignNotFound(Exception):
    """The folder has no mkdocs.yml: a usage error, not a content finding."""


def _read_text(path: Path, rel: str, findings: list[Finding]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        findings.append(
            error(
                "load.encoding",
                _("the file is not UTF-8 text (byte {byte} cannot be read)").format(byte=exc.start),
                file=rel,
                fix=_("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
            )
        )
    except OSError as exc:
        findings.append(error("load.io", _("cannot read the file: {error}").format(error=exc.strerror), file=rel))
    return None


def _yaml_finding(p: YamlProblem, rel: str, what: str) -> Finding:
    return error(
        "load.yaml",
        _("{what}: {problem}").format(what=_(what), problem=p.message),
        file=rel,
        line=p.line,
        column=p.column,
        fix=_("fix the YAML so that each line is 'key: value'; quote texts that contain ': ' or start with a symbol"),
    )


def _theme_cmyk(value, line: int | None):
    """A theme's ``cmyk: [c, m, y, k]`` (each 0–100) as a tuple, None when absent, else a finding."""
    if value is None:
        return None
    ok = (isinstance(value, list) and len(value) == 4
          and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value))
    if ok:
        return tuple(float(v) for v in value)
    return error("config.bad-value", _("cmyk {value} is not four ink values from 0 to 100").format(value=_show(value)),
                 file=CONFIG_FILE, line=line, field="extra.placard.themes.cmyk",
                 fix=_("write the print values the office chose for this colour, in percent, e.g. "
                       "cmyk: [0, 95, 90, 10] (cyan, magenta, yellow, black; each 0–100)"))


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value)


def load_config(root: Path, findings: list[Finding]) -> tuple[CampaignConfig | None, YMap | None]:
    path = root / CONFIG_FILE
    if not path.is_file():
        raise CampaignNotFound(
            _("{folder}: no {config} here — is this a campaign folder? Create one with 'placard init "
              "DIR'.").format(folder=root, config=CONFIG_FILE)
        )
    text = _read_text(path, CONFIG_FILE, findings)
    if text is None:
        return None, None
    try:
        mk = load(text)
    except YamlProblem as p:
        findings.append(_yaml_finding(p, CONFIG_FILE, N_("mkdocs.yml cannot be read")))
        return None, None
    if not isinstance(mk, YMap):
        findings.append(error("config.missing", _("mkdocs.yml must be a mapping"), file=CONFIG_FILE, line=1,
                              fix=_("write mkdocs.yml as 'key: value' lines (site_name, extra: placard: …)")))
        return None, None
    from .trust import code_findings, path_findings

    findings.extend(code_findings(root, text, mk))  # read, never run: MkDocs would run them
    places = path_findings(root, mk)
    findings.extend(places)
    if any(f.field == "docs_dir" for f in places):
        return None, mk  # never read pages from outside the campaign
    extra = mk.get("extra")
    block = extra.get("placard") if isinstance(extra, YMap) else None
    if not isinstance(block, YMap):
        line = extra.line_of("placard") if isinstance(extra, YMap) else mk.line_of("extra")
        findings.append(
            error(
                "config.missing",
                _("mkdocs.yml has no 'extra: placard:' block with the campaign settings"),
                file=CONFIG_FILE,
                line=line,
                field="extra.placard",
                fix=_("add 'extra:' → 'placard:' with name, office and themes (see the manual: campaign settings)"),
            )
        )
        return None, mk
    values, lines, errs = read_fields(block, CONFIG_FIELDS, CONFIG_FILE, "extra.placard", "config")
    findings.extend(_prefix_fields(errs, "extra.placard."))
    themes: list[Theme] = []
    raw_themes = values.get("themes") or []
    for i, t in enumerate(raw_themes):
        line = raw_themes.line_of(i) if isinstance(raw_themes, YList) else lines["themes"]
        if not isinstance(t, dict):
            findings.append(
                error(
                    "config.bad-value",
                    _("each theme must be a mapping with id, name and colour"),
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes",
                    fix=_("write themes as '- {example}'").format(
                        example='{id: traffic, name: 文明交通, colour: "#1e88e5"}'),
                )
            )
            continue
        tv, _lines, terrs = read_fields(as_ymap(t, line), THEME_FIELDS, CONFIG_FILE, N_("a theme"), "config")
        findings.extend(_prefix_fields(terrs, "extra.placard.themes."))
        if terrs:
            continue
        if not ID_RE.match(tv["id"]):
            findings.append(_bad_id(CONFIG_FILE, line, tv["id"], "extra.placard.themes.id"))
            continue
        if not COLOUR_RE.match(tv["colour"]):
            findings.append(
                error(
                    "config.bad-value",
                    _("'{colour}' is not a colour").format(colour=tv["colour"]),
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes.colour",
                    fix=_("write the colour as '#rrggbb' in quotes, e.g. \"#c0392b\""),
                )
            )
            continue
        if any(x.id == tv["id"] for x in themes):
            findings.append(
                error(
                    "config.duplicate-id",
                    _("theme '{id}' is declared twice").format(id=tv["id"]),
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes.id",
                    fix=_("give each theme its own id"),
                )
            )
            continue
        cmyk = _theme_cmyk(tv.get("cmyk"), line)
        if isinstance(cmyk, Finding):
            findings.append(cmyk)
            continue
        themes.append(Theme(tv["id"], tv["name"], tv["colour"], cmyk=cmyk, line=line))
    site_url = values.get("site_url") or (mk.get("site_url") if isinstance(mk.get("site_url"), str) else None)
    if values.get("site_url"):
        bad_url = _check_site_url(site_url, lines["site_url"], "extra.placard.site_url")
    else:
        bad_url = _check_site_url(site_url, mk.line_of("site_url"), "site_url")
    if bad_url is not None:
        findings.append(bad_url)
    if errs or values.get("name") is None or bad_url is not None:
        return None, mk
    cfg = CampaignConfig(
        name=values["name"],
        office=values["office"],
        themes=tuple(themes),
        site_url=site_url,
        language=values["language"],
        source=Source(CONFIG_FILE, block.line, MappingProxyType(lines)),
        raw=MappingProxyType(dict(block)),
    )
    return cfg, mk


def _prefix_fields(findings: list[Finding], prefix: str) -> list[Finding]:
    from dataclasses import replace

    return [replace(f, field=prefix + f.field) if f.field else f for f in findings]


def _bad_id(rel: str, line: int, value: str, field: str = "id", from_file_name: bool = False) -> Finding:
    shown = value if len(value) <= 80 else value[:77] + "..."
    n = len(value)
    if from_file_name:
        if n > ID_MAX:
            msg = _("the file name {name} cannot be used as an id (it has {n} characters)")
        else:
            msg = _("the file name {name} cannot be used as an id")
        return error(
            "schema.bad-id",
            msg.format(name=repr(shown), n=n),
            file=rel,
            line=line,
            field=field,
            fix=_("write an 'id:' line using only letters, digits, '-' and '_', at most {max} characters (e.g. "
                  "'id: traffic-01'), or rename the file so; the id names its web address and QR code").format(
                max=ID_MAX),
        )
    if n > ID_MAX:
        msg = _("{name} cannot be used as an id (it has {n} characters)")
    else:
        msg = _("{name} cannot be used as an id")
    return error(
        "schema.bad-id",
        msg.format(name=repr(shown), n=n),
        file=rel,
        line=line,
        field=field,
        fix=_("use only letters, digits, '-' and '_', at most {max} characters (e.g. traffic-01); ids appear in "
              "web addresses and QR codes").format(max=ID_MAX),
    )


_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")


def _valid_host(host: str) -> bool:
    """A DNS name (Chinese names through IDNA), an IPv4 address or an IPv6 address."""
    import ipaddress

    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return 0 < len(ascii_host) <= 253 and all(_LABEL.match(x) for x in labels) and not labels[-1].isdigit()


def _check_site_url(url: str | None, line: int, field: str) -> Finding | None:
    """QR codes point at ``site_url``: it must be an http(s) address with a host."""
    if url is None:
        return None
    problem = None
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        parts, problem = None, N_("site_url '{url}' is not a web address: QR codes would not lead to the site")
    if problem is None:
        if any(not c.isprintable() or c.isspace() for c in url.strip()):
            problem = N_("site_url '{url}' contains spaces or invisible characters: QR codes would not lead to the site")
        elif parts.scheme.lower() not in ("http", "https"):
            problem = (N_("site_url '{url}' starts with '{scheme}:', not http:// or https://: QR codes would not "
                          "lead to the site") if parts.scheme
                       else N_("site_url '{url}' has no 'https://' in front: QR codes would not lead to the site"))
        elif not parts.hostname:
            problem = N_("site_url '{url}' has no host name after '//': QR codes would not lead to the site")
        elif "@" in parts.netloc:
            problem = N_("site_url '{url}' holds a user name or password before '@', which every QR code would print")
        elif any(c in url for c in "<>\"'`{}\\|^"):
            problem = N_("site_url '{url}' holds markup, quotes or a backslash: QR codes would not lead to the site")
        elif not _valid_host(parts.hostname):
            problem = N_("site_url '{url}' has '{host}' as its host, which is not a host name: QR codes would not "
                         "lead to the site")
    if problem is None:
        return None
    return error(
        "config.bad-value",
        _(problem).format(url=url, scheme=parts.scheme if parts else "",
                          host=parts.hostname if parts else ""),
        file=CONFIG_FILE,
        line=line,
        field=field,
        fix=_("write the site's full public address, e.g. 'site_url: https://wm.example.gov.cn/'"),
    )


def _approval(values: dict, lines: dict, rel: str, findings: list[Finding],
              given: frozenset[str] = frozenset(), reviewed=False) -> Approval | None:
    """The item's approval; ``given``: the keys its front matter holds (written but unreadable: not 'missing').
    An item with review records (reviews/<id>.yml) needs no approved_by/approved_on: its sign-offs say who
    approved it (placard.review). ``reviewed``: whether it has them, or a function that tells (asked only when
    an approved item lacks one of the two fields: a city's 20,000 items ask nothing)."""
    ok = True
    status = values["status"]
    if (
        status == "approved"
        and (values["approved_by"] is None or values["approved_on"] is None)
        and not (reviewed() if callable(reviewed) else reviewed)
    ):
        for name, what in (("approved_by", N_("who approved it")), ("approved_on", N_("the date of approval"))):
            if values[name] is None:
                ok = False
                findings.append(
                    error(
                        "approval.missing",
                        (_("status is 'approved' but '{name}' is not a valid date").format(name=name)
                         if name in given and name == "approved_on" else
                         _("status is 'approved' but '{name}' is not a valid value").format(name=name)
                         if name in given else _("status is 'approved' but '{name}' is missing").format(name=name)),
                        file=rel,
                        line=lines[name] if name in lines else lines["status"],
                        field=name,
                        fix=_("add '{name}:' with {what}, or set 'status: draft' until it is approved").format(
                            name=name, what=_(what)),
                    )
                )
    vf, vt = values["valid_from"], values["valid_to"]
    if vf and vt and vt < vf:
        ok = False
        findings.append(
            error(
                "schema.date-order",
                _("valid_to ({end}) is before valid_from ({start})").format(end=vt.isoformat(), start=vf.isoformat()),
                file=rel,
                line=lines["valid_to"],
                field="valid_to",
                fix=_("make valid_to the same day as valid_from or later"),
            )
        )
    if status is None:
        return None
    return Approval(status, values["approved_by"], values["approved_on"], vf, vt) if ok else None


def _lint(values: dict, lines: dict, rel: str, findings: list[Finding]) -> Lint:
    raw = values.get("lint")
    if not raw:
        return Lint()
    vals, _lines, errs = read_fields(
        as_ymap(raw, lines["lint"]),
        (Field("ignore", "strlist", required=True), Field("reason", "str")),
        rel,
        "lint",
        "schema",
    )
    findings.extend(_prefix_fields(errs, "lint."))
    return Lint(tuple(vals["ignore"] or ()), vals["reason"])


def _theme_ok(values: dict, lines: dict, rel: str, cfg: CampaignConfig, findings: list[Finding]) -> bool:
    theme = values["theme"]
    if theme is None:
        return False
    if cfg.theme(theme) is None:
        allowed = ", ".join(t.id for t in cfg.themes) or _("(none declared)")
        findings.append(
            error(
                "schema.unknown-theme",
                _("theme '{theme}' is not one of the campaign's themes").format(theme=theme),
                file=rel,
                line=lines["theme"],
                field="theme",
                fix=_("use one of: {values} — or declare it under extra.placard.themes in mkdocs.yml").format(
                    values=allowed),
            )
        )
        return False
    return True


def _positions(meta: YMap) -> MappingProxyType:
    """Field text positions (for findings with columns): scalars and list items.

    The schema strips the spaces around a text, so a position points at its first
    character that is not a space (a quoted value may start with spaces).
    """
    def at_text(pos, value):
        line, col, exact = pos
        if exact and isinstance(value, str):
            col += len(value) - len(value.lstrip())
        return line, col, exact

    out = {}
    for key, value in meta.items():
        pos = meta.pos_of(key) if isinstance(meta, YMap) else None
        if pos:
            out[str(key)] = at_text(pos, value)
        elif isinstance(value, YList):
            for i in range(len(value)):
                if p := value.pos_of(i):
                    out[f"{key}[{i}]"] = at_text(p, value[i])
    return MappingProxyType(out)


def _read_doc(path: Path, root: Path, findings: list[Finding], what: str, text: str | None = None):
    """``text``: the file's content as it would be (the editor checks a save before writing it)."""
    rel = path.relative_to(root).as_posix()
    if text is None:
        text = _read_text(path, rel, findings)
    if text is None:
        return rel, None
    try:
        return rel, split_front_matter(text)
    except YamlProblem as p:
        findings.append(_yaml_finding(p, rel, what))
        return rel, None


def _item_id(values: dict, lines: dict, path: Path, rel: str, findings: list[Finding]) -> str | None:
    item_id = values["id"] or path.stem
    if not ID_RE.match(item_id):
        findings.append(_bad_id(rel, lines["id"], item_id, from_file_name=not values["id"]))
        return None
    if any(not c.isprintable() for c in rel):  # a page's address is its file name, whatever its id
        findings.append(error(
            "schema.bad-file-name",
            _("the file name {name} contains a line break or another invisible character").format(name=repr(path.name)),
            file=rel, line=1,
            fix=_("rename the file using letters, digits, '-' and '_' (e.g. traffic-01.md)"),
        ))
        return None
    return item_id


def _too_long(values: dict, lines: dict, rel: str, names: tuple[str, ...], findings: list[Finding]) -> bool:
    """Texts that go on posters: over :data:`TEXT_MAX` characters is an error (no poster holds it)."""
    bad = False
    for name in names:
        value = values.get(name)
        for i, text in enumerate([value] if isinstance(value, str) else (value or ())):
            if len(text) > TEXT_MAX:
                bad = True
                where = name if isinstance(value, str) else f"{name}[{i}]"
                findings.append(error(
                    "schema.too-long",
                    _("'{field}' has {n} characters; the limit is {max}").format(field=where, n=len(text), max=TEXT_MAX),
                    file=rel, line=lines[name], field=name,
                    fix=_("shorten it to at most {max} characters (put longer texts in the page body)").format(
                        max=TEXT_MAX),
                ))
    return bad


#: Campaign folder -> the file names of its reviews/ as the last load listed them, or the item ids they name
#: (made from the names when first asked).
_REVIEWED: dict[str, frozenset[str] | tuple[str, ...]] = {}
#: Campaign folder -> its reviews/ as :func:`_has_reviews` scanned it during a load (names, stat keys), for
#: load_reviews to use rather than scan again.
_SCANNED: dict[str, tuple[list, list]] = {}


def _has_reviews(path: Path, rel: str, item_id: str | None) -> bool:
    """Whether ``reviews/<item_id>.yml`` exists in the item's campaign (the folder listed once per load)."""
    if not item_id:
        return False
    full = str(path)
    key = full[: len(full) - len(rel)].rstrip("/\\") if full.endswith(rel) else str(
        path.parents[len(Path(rel).parts) - 1])
    names = _REVIEWED.get(key)
    if not isinstance(names, frozenset):
        if names is None:
            from .review.records import _scan

            scanned = _SCANNED[key] = _scan(Path(key))
            names = scanned[0]
        names = _REVIEWED[key] = frozenset(name.rsplit(".", 1)[0] for name in names)
    return item_id in names


@dataclass
class _ItemFields:
    """What every content item's front matter gives: checked values, their lines, id, approval, lint."""

    values: dict
    lines: dict
    item_id: str | None
    approval: Approval | None
    lint: Lint
    ok: bool  # no finding was added and id, theme and approval are sound


def _item_fields(doc, fields, what: str, path: Path, rel: str, cfg: CampaignConfig,
                 findings: list[Finding]) -> _ItemFields:
    before = len(findings)
    values, lines, errs = read_fields(doc.meta, fields, rel, what)
    findings.extend(errs)
    item_id = _item_id(values, lines, path, rel, findings)
    theme_ok = _theme_ok(values, lines, rel, cfg, findings)
    given = frozenset(k for k, v in doc.meta.items() if isinstance(k, str) and v not in (None, ""))
    approval = _approval(values, lines, rel, findings, given, reviewed=lambda: _has_reviews(path, rel, item_id))
    lint = _lint(values, lines, rel, findings)
    ok = len(findings) == before and bool(item_id and theme_ok and approval)
    return _ItemFields(values, lines, item_id, approval, lint, ok)


def load_slogan(path: Path, root: Path, cfg: CampaignConfig, findings: list[Finding],
                text: str | None = None) -> Slogan | None:
    rel, doc = _read_doc(path, root, findings, N_("the front matter of this slogan cannot be read"), text)
    if doc is None:
        return None
    if not doc.has_front_matter:
        findings.append(
            error(
                "schema.missing",
                _("a slogan file needs front matter between '---' lines with text, theme and status"),
                file=rel,
                line=1,
                fix=_("start the file with '---', then 'text: …', 'theme: …', 'status: draft', then '---'"),
            )
        )
        return None
    f = _item_fields(doc, SLOGAN_FIELDS, N_("a slogan"), path, rel, cfg, findings)
    if _too_long(f.values, f.lines, rel, ("text",), findings) or not f.ok:
        return None
    values, lines = f.values, f.lines
    raw_text = values["text"]
    text, breaks, gaps = _split_breaks(raw_text)
    if not text:
        findings.append(
            error("schema.missing", _("'{name}' is empty").format(name="text"), file=rel, line=lines["text"],
                  field="text", fix=_("write the slogan after 'text:'"))
        )
        return None
    return Slogan(
        id=f.item_id,
        text=text,
        theme=values["theme"],
        approval=f.approval,
        source=Source(rel, 1, MappingProxyType(lines), _positions(doc.meta)),
        breaks=breaks,
        gaps=gaps,
        tags=values["tags"] or (),
        notes=doc.body.strip(),
        lint=f.lint,
        grade=values["grade"] or DEFAULT_GRADE,
    )


def _split_breaks(raw: str) -> tuple[str, tuple[int, ...], tuple[tuple[int, int], ...]]:
    """'文明出行 | 安全你我' -> ('文明出行安全你我', (4,), ((4, 3),)); newlines count as break marks too.

    The third part says where the source had characters the text lacks (break marks
    and the spaces around them): ``(offset in text, how many)``, so findings can point
    at the right column of the file.
    """
    raw = raw.replace("\r\n", "\n").replace("\n", BREAK_MARK)
    text, breaks, gaps, dropped = "", [], [], 0
    for i, piece in enumerate(raw.split(BREAK_MARK)):
        dropped += 1 if i else 0  # the mark itself
        core = piece.strip()
        if not core:
            dropped += len(piece)
            continue
        lead = len(piece) - len(piece.lstrip())
        dropped += lead
        if text:
            breaks.append(len(text))
        if dropped:
            gaps.append((len(text), dropped))
        text += core
        dropped = len(piece) - lead - len(core)  # trailing spaces, counted with what follows
    return text, tuple(breaks), tuple(gaps)


def load_guide(path: Path, root: Path, docs: Path, cfg: CampaignConfig, findings: list[Finding],
               text: str | None = None) -> Guide | None:
    rel, doc = _read_doc(path, root, findings, N_("the front matter of this guide cannot be read"), text)
    if doc is None:
        return None
    f = _item_fields(doc, GUIDE_FIELDS, N_("a civility guide"), path, rel, cfg, findings)
    if _too_long(f.values, f.lines, rel, ("title", "key_points"), findings) or not f.ok:
        return None
    values, lines = f.values, f.lines
    return Guide(
        id=f.item_id,
        title=values["title"],
        theme=values["theme"],
        approval=f.approval,
        source=Source(rel, 1, MappingProxyType(lines), _positions(doc.meta)),
        page_uri=path.relative_to(docs).as_posix(),
        key_points=values["key_points"] or (),
        tags=values["tags"] or (),
        body=doc.body,
        body_line=doc.body_line,
        lint=f.lint,
        grade=values["grade"] or DEFAULT_GRADE,
    )


def load_ad(path: Path, root: Path, docs: Path, cfg: CampaignConfig, findings: list[Finding],
            text: str | None = None) -> Ad | None:
    rel, doc = _read_doc(path, root, findings, N_("the front matter of this public-benefit ad cannot be read"), text)
    if doc is None:
        return None
    before = len(findings)
    f = _item_fields(doc, AD_FIELDS, N_("a public-benefit ad"), path, rel, cfg, findings)
    values, lines = f.values, f.lines
    _too_long(values, lines, rel, ("title",), findings)
    artwork = None
    if values["artwork"]:
        artwork, problem = resolve_inside(path.parent / values["artwork"], docs, N_("the docs folder"))
        if problem is None:
            problem = check_image(artwork)
        if problem:
            findings.append(
                error(
                    "ad.artwork",
                    _("artwork '{path}': {problem}").format(path=values["artwork"], problem=problem),
                    file=rel,
                    line=lines["artwork"],
                    field="artwork",
                    fix=_("put a PNG, JPEG or WebP image next to the page and give its file name"),
                )
            )
    if not f.ok or len(findings) > before or artwork is None:
        return None
    return Ad(
        id=f.item_id,
        title=values["title"],
        theme=values["theme"],
        artwork=artwork,
        artwork_uri=artwork.relative_to(docs.resolve()).as_posix(),
        alt=values["alt"],
        approval=f.approval,
        source=Source(rel, 1, MappingProxyType(lines), _positions(doc.meta)),
        page_uri=path.relative_to(docs).as_posix(),
        credit=values["credit"] or "",
        slogans=values["slogans"] or (),
        tags=values["tags"] or (),
        body=doc.body,
        body_line=doc.body_line,
        lint=f.lint,
        grade=values["grade"] or DEFAULT_GRADE,
    )


def _content_files(folder: Path) -> list[Path]:
    """The ``*.md`` files under ``folder`` but ``index.md`` and ``README.md``, in path order.

    As ``folder.rglob("*.md")`` finds them (into sub-folders, not into links to folders), read from
    each folder's listing: rglob, then a ``stat`` and Path sorting for each file, took 0.2 s at
    20,000 slogans. A folder or a named pipe called x.md is not content (reading a pipe would hang);
    dot-files and dot-folders (editor and placard temporaries) are never content."""
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, ...], str]] = []

    def walk(path: str, parts: tuple[str, ...]) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, (*parts, name))
                elif name.endswith(".md") and name not in ("index.md", "README.md") and entry.is_file():
                    found.append(((*parts, name), entry.path))
            except OSError:
                continue

    walk(str(folder), ())
    found.sort()
    return [Path(p) for _, p in found]


def _check_ids(items, findings: list[Finding]) -> list:
    seen: dict[str, object] = {}
    kept = []
    for item in items:
        first = seen.get(item.id)
        if first is not None:
            findings.append(
                error(
                    "schema.duplicate-id",
                    _("id '{id}' is already used by {file}").format(id=item.id, file=first.source.file),
                    file=item.source.file,
                    line=item.source.line_of("id"),
                    field="id",
                    fix=_("give each slogan, ad and guide its own id (its 'id:' line, else its file name without "
                          ".md; ids name web pages and QR codes)"),
                )
            )
            continue
        seen[item.id] = item
        kept.append(item)
    return kept


def _check_ad_links(ads, slogan_ids: set[str], findings: list[Finding]) -> None:
    for ad in ads:
        for sid in ad.slogans:
            if sid not in slogan_ids:
                findings.append(
                    error(
                        "ref.unknown",
                        _("slogan '{id}' does not exist").format(id=sid),
                        file=ad.source.file,
                        line=ad.source.line_of("slogans"),
                        field="slogans",
                        fix=_("use the id of a slogan in slogans/: its 'id:' line, else its file name without .md"),
                    )
                )


PAGE_SUFFIXES = (".md", ".html", ".htm")
MAX_PAGES = 200_000


def docs_pages(docs: Path) -> tuple[str, ...]:
    """The pages in ``docs`` (docs-relative, '/'-separated) as MkDocs finds them: dot-names left out,
    links to folders not followed. Bounded: a folder of more than :data:`MAX_PAGES` entries is cut short
    (the build would take hours anyway)."""
    if not docs.is_dir():
        return ()
    out: list[str] = []
    seen = 0
    for folder, dirs, files in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        seen += len(dirs) + len(files)
        if seen > MAX_PAGES:
            break
        rel = Path(folder).relative_to(docs).as_posix()
        for name in files:
            if not name.startswith(".") and name.lower().endswith(PAGE_SUFFIXES):
                out.append(name if rel == "." else f"{rel}/{name}")
    return tuple(sorted(out))


_MARKER_RE = re.compile(rb"<!-- placard:[a-z-]+ -->")


def index_markers(docs: Path, pages: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """placard's markers (``<!-- placard:guides -->``) in the hand-written section indexes (``x/index.md``)."""
    out: dict[str, frozenset[str]] = {}
    for page in pages:
        if page.count("/") == 1 and page.endswith("/index.md"):
            try:
                with open(docs / page, "rb") as fh:
                    data = fh.read(1_000_000)
            except OSError:
                continue
            out[page] = frozenset(m.decode() for m in _MARKER_RE.findall(data))
    return out


def docs_dir_of(root: Path, mk: YMap | None) -> str:
    d = mk.get("docs_dir") if isinstance(mk, YMap) else None
    return d if isinstance(d, str) and d else "docs"


def load_campaign(root: Path | str, today: dt.date | None = None) -> LoadResult:
    """Load the campaign in ``root``. Raises :class:`CampaignNotFound` if there is none."""
    root = Path(root).resolve()
    today = today or dt.date.today()
    findings: list[Finding] = []
    cfg, mk = load_config(root, findings)
    if cfg is None:
        return LoadResult(None, findings)
    from .review.records import load_reviews

    at = len(findings)  # where the findings of reviews/ go: read after the items, so the items load on a heap
    # without the review cache (measured: bench/bench_review.py)
    _REVIEWED.pop(str(root), None)
    _SCANNED.pop(str(root), None)
    docs_name = docs_dir_of(root, mk)
    docs = root / docs_name
    findings.extend(link_findings(root, dict.fromkeys((docs_name, SLOGANS_DIR, "posters"))))
    slogans = [s for p in _content_files(root / SLOGANS_DIR) if (s := load_slogan(p, root, cfg, findings))]
    guides = [g for p in _content_files(docs / GUIDES_DIR) if (g := load_guide(p, root, docs, cfg, findings))]
    ads = [a for p in _content_files(docs / ADS_DIR) if (a := load_ad(p, root, docs, cfg, findings))]
    kept = _check_ids([*slogans, *ads, *guides], findings)
    kept_ids = {id(x) for x in kept}
    slogans = [s for s in slogans if id(s) in kept_ids]
    ads = [a for a in ads if id(a) in kept_ids]
    guides = [g for g in guides if id(g) in kept_ids]
    _check_ad_links(ads, {s.id for s in slogans}, findings)
    review_findings: list[Finding] = []
    reviews = load_reviews(root, cfg.raw.get("review"), cfg.source.line_of("review"), review_findings,
                           scanned=_SCANNED.pop(str(root), None))
    findings[at:at] = review_findings
    _REVIEWED[str(root)] = reviews.names  # the ids are made from them when an item asks (_has_reviews)
    from .placements.load import load_placements

    placements = load_placements(root, cfg.raw.get("placements"), findings)
    from .patrols.load import load_patrols

    patrols = load_patrols(root, cfg.raw.get("patrol"), placements, today, findings)
    campaign = Campaign(
        root=root,
        config=cfg,
        today=today,
        slogans=tuple(slogans),
        ads=tuple(ads),
        guides=tuple(guides),
        docs_dir=docs_name,
        placements=placements,
        patrols=patrols,
        pages=(pages := docs_pages(docs)),
        page_markers=MappingProxyType(index_markers(docs, pages)),
        reviews=reviews,
    )
    return LoadResult(campaign, findings)
