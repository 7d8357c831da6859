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
from .i18n import N_
from .images import FORMATS_TEXT, check_image, resolve_inside
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
    Field("actions", "list", help=N_("this theme's actions (see README: actions)")),
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
    Field("placements", "map", help=N_("placement rules (see README: placements)")),
    Field("patrol", "map", help=N_("patrol rules: {every_days: 7, fix_within_days: 3, strict: false} (see README: Patrols)")),
    Field("posters", "map", help=N_("poster settings (see README: posters)")),
    Field("lint", "map", help=N_("content check settings (see README: checks)")),
    Field("staff_dir", "str", help=N_("the staff site's folder, beside the public site (default: staff)")),
    Field("scans", "map", help=N_("scan report in the staff site: {logs: [access log paths or globs]}")),
    Field("playlogs", "map", help=N_("screen play logs: {strict: true} makes their findings errors (see README)")),
    Field("actions", "list", help=N_("what a resident can do next: [{kind, label, href or tel}] (see README)")),
    Field("icp", "str", help=N_("the site's ICP filing number, e.g. 粤ICP备12345678号")),
    Field("example", "bool", help=N_("true only in placard's example campaign (a campaign of your own leaves it out)")),
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
                f"the file is not UTF-8 text (byte {exc.start} cannot be read)",
                file=rel,
                fix="save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
            )
        )
    except OSError as exc:
        findings.append(error("load.io", f"cannot read the file: {exc.strerror}", file=rel))
    return None


def _yaml_finding(p: YamlProblem, rel: str, what: str) -> Finding:
    return error(
        "load.yaml",
        f"{what}: {p.message}",
        file=rel,
        line=p.line,
        column=p.column,
        fix="fix the YAML so that each line is 'key: value'; quote texts that contain ': ' or start with a symbol",
    )


def _theme_cmyk(value, line: int | None):
    """A theme's ``cmyk: [c, m, y, k]`` (each 0–100) as a tuple, None when absent, else a finding."""
    if value is None:
        return None
    ok = (isinstance(value, list) and len(value) == 4
          and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value))
    if ok:
        return tuple(float(v) for v in value)
    return error("config.bad-value", f"cmyk {_show(value)} is not four ink values from 0 to 100",
                 file=CONFIG_FILE, line=line, field="extra.placard.themes.cmyk",
                 fix="write the print values the office chose for this colour, in percent, e.g. "
                     "cmyk: [0, 95, 90, 10] (cyan, magenta, yellow, black; each 0–100)")


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value)


def load_config(root: Path, findings: list[Finding]) -> tuple[CampaignConfig | None, YMap | None]:
    path = root / CONFIG_FILE
    if not path.is_file():
        raise CampaignNotFound(
            f"{root}: no {CONFIG_FILE} here — is this a campaign folder? "
            "Create one with 'placard init DIR'."
        )
    text = _read_text(path, CONFIG_FILE, findings)
    if text is None:
        return None, None
    try:
        mk = load(text)
    except YamlProblem as p:
        findings.append(_yaml_finding(p, CONFIG_FILE, "mkdocs.yml cannot be read"))
        return None, None
    if not isinstance(mk, YMap):
        findings.append(error("config.missing", "mkdocs.yml must be a mapping", file=CONFIG_FILE, line=1))
        return None, None
    extra = mk.get("extra")
    block = extra.get("placard") if isinstance(extra, YMap) else None
    if not isinstance(block, YMap):
        line = extra.line_of("placard") if isinstance(extra, YMap) else mk.line_of("extra")
        findings.append(
            error(
                "config.missing",
                "mkdocs.yml has no 'extra: placard:' block with the campaign settings",
                file=CONFIG_FILE,
                line=line,
                field="extra.placard",
                fix="add 'extra:' → 'placard:' with name, office and themes (see README: campaign config)",
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
                    "each theme must be a mapping with id, name and colour",
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes",
                    fix="write themes as '- {id: traffic, name: 文明交通, colour: \"#1e88e5\"}'",
                )
            )
            continue
        tv, _, terrs = read_fields(as_ymap(t, line), THEME_FIELDS, CONFIG_FILE, "a theme", "config")
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
                    f"'{tv['colour']}' is not a colour",
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes.colour",
                    fix="write the colour as '#rrggbb' in quotes, e.g. \"#c0392b\"",
                )
            )
            continue
        if any(x.id == tv["id"] for x in themes):
            findings.append(
                error(
                    "config.duplicate-id",
                    f"theme '{tv['id']}' is declared twice",
                    file=CONFIG_FILE,
                    line=line,
                    field="extra.placard.themes.id",
                    fix="give each theme its own id",
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
    why = f" (it has {len(value)} characters)" if len(value) > ID_MAX else ""
    rule = f"letters, digits, '-' and '_', at most {ID_MAX} characters"
    if from_file_name:
        return error(
            "schema.bad-id",
            f"the file name {shown!r} cannot be used as an id{why}",
            file=rel,
            line=line,
            field=field,
            fix=f"rename the file using only {rule} (e.g. traffic-01.md); the id names its web address and QR code",
        )
    return error(
        "schema.bad-id",
        f"{shown!r} cannot be used as an id{why}",
        file=rel,
        line=line,
        field=field,
        fix=f"use only {rule} (e.g. traffic-01); ids appear in web addresses and QR codes",
    )


def _check_site_url(url: str | None, line: int, field: str) -> Finding | None:
    """QR codes point at ``site_url``: it must be an http(s) address with a host."""
    if url is None:
        return None
    problem = None
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        parts, problem = None, "is not a web address"
    if problem is None:
        if any(not c.isprintable() or c.isspace() for c in url.strip()):
            problem = "contains spaces or invisible characters"
        elif parts.scheme.lower() not in ("http", "https"):
            problem = (f"starts with '{parts.scheme}:', not http:// or https://" if parts.scheme
                       else "has no 'https://' in front")
        elif not parts.hostname:
            problem = "has no host name after '//'"
    if problem is None:
        return None
    return error(
        "config.bad-value",
        f"site_url '{url}' {problem}: QR codes would not lead to the site",
        file=CONFIG_FILE,
        line=line,
        field=field,
        fix="write the site's full public address, e.g. 'site_url: https://wm.example.gov.cn/'",
    )


def _approval(values: dict, lines: dict, rel: str, findings: list[Finding]) -> Approval | None:
    ok = True
    status = values["status"]
    if status == "approved":
        for name, what in (("approved_by", "who approved it"), ("approved_on", "the date of approval")):
            if values[name] is None:
                ok = False
                findings.append(
                    error(
                        "approval.missing",
                        f"status is 'approved' but '{name}' is missing",
                        file=rel,
                        line=lines[name] if name in lines else lines["status"],
                        field=name,
                        fix=f"add '{name}:' with {what}, or set 'status: draft' until it is approved",
                    )
                )
    vf, vt = values["valid_from"], values["valid_to"]
    if vf and vt and vt < vf:
        ok = False
        findings.append(
            error(
                "schema.date-order",
                f"valid_to ({vt.isoformat()}) is before valid_from ({vf.isoformat()})",
                file=rel,
                line=lines["valid_to"],
                field="valid_to",
                fix="make valid_to the same day as valid_from or later",
            )
        )
    if status is None:
        return None
    return Approval(status, values["approved_by"], values["approved_on"], vf, vt) if ok else None


def _lint(values: dict, lines: dict, rel: str, findings: list[Finding]) -> Lint:
    raw = values.get("lint")
    if not raw:
        return Lint()
    vals, _, errs = read_fields(
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
        allowed = ", ".join(t.id for t in cfg.themes) or "(none declared)"
        findings.append(
            error(
                "schema.unknown-theme",
                f"theme '{theme}' is not one of the campaign's themes",
                file=rel,
                line=lines["theme"],
                field="theme",
                fix=f"use one of: {allowed} — or declare it under extra.placard.themes in mkdocs.yml",
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
        findings.append(_yaml_finding(p, rel, f"the front matter of this {what} cannot be read"))
        return rel, None


def _item_id(values: dict, lines: dict, path: Path, rel: str, findings: list[Finding]) -> str | None:
    item_id = values["id"] or path.stem
    if not ID_RE.match(item_id):
        findings.append(_bad_id(rel, lines["id"], item_id, from_file_name=not values["id"]))
        return None
    if any(not c.isprintable() for c in rel):  # a page's address is its file name, whatever its id
        findings.append(error(
            "schema.bad-file-name",
            f"the file name {path.name!r} contains a line break or another invisible character",
            file=rel, line=1,
            fix="rename the file using letters, digits, '-' and '_' (e.g. traffic-01.md)",
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
                    f"'{where}' has {len(text)} characters; the limit is {TEXT_MAX}",
                    file=rel, line=lines[name], field=name,
                    fix=f"shorten it to at most {TEXT_MAX} characters (put longer texts in the page body)",
                ))
    return bad


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
    approval = _approval(values, lines, rel, findings)
    lint = _lint(values, lines, rel, findings)
    ok = len(findings) == before and bool(item_id and theme_ok and approval)
    return _ItemFields(values, lines, item_id, approval, lint, ok)


def load_slogan(path: Path, root: Path, cfg: CampaignConfig, findings: list[Finding],
                text: str | None = None) -> Slogan | None:
    rel, doc = _read_doc(path, root, findings, "slogan", text)
    if doc is None:
        return None
    if not doc.has_front_matter:
        findings.append(
            error(
                "schema.missing",
                "a slogan file needs front matter between '---' lines with text, theme and status",
                file=rel,
                line=1,
                fix="start the file with '---', then 'text: …', 'theme: …', 'status: draft', then '---'",
            )
        )
        return None
    f = _item_fields(doc, SLOGAN_FIELDS, "a slogan", path, rel, cfg, findings)
    if _too_long(f.values, f.lines, rel, ("text",), findings) or not f.ok:
        return None
    values, lines = f.values, f.lines
    raw_text = values["text"]
    text, breaks, gaps = _split_breaks(raw_text)
    if not text:
        findings.append(
            error("schema.missing", "'text' is empty", file=rel, line=lines["text"], field="text",
                  fix="write the slogan after 'text:'")
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
    rel, doc = _read_doc(path, root, findings, "guide", text)
    if doc is None:
        return None
    f = _item_fields(doc, GUIDE_FIELDS, "a civility guide", path, rel, cfg, findings)
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
    )


def load_ad(path: Path, root: Path, docs: Path, cfg: CampaignConfig, findings: list[Finding],
            text: str | None = None) -> Ad | None:
    rel, doc = _read_doc(path, root, findings, "public-benefit ad", text)
    if doc is None:
        return None
    before = len(findings)
    f = _item_fields(doc, AD_FIELDS, "a public-benefit ad", path, rel, cfg, findings)
    values, lines = f.values, f.lines
    _too_long(values, lines, rel, ("title",), findings)
    artwork = None
    if values["artwork"]:
        artwork, problem = resolve_inside(path.parent / values["artwork"], docs, "the docs folder")
        if problem is None:
            problem = check_image(artwork)
        if problem:
            findings.append(
                error(
                    "ad.artwork",
                    f"artwork '{values['artwork']}': {problem}",
                    file=rel,
                    line=lines["artwork"],
                    field="artwork",
                    fix=f"put a {FORMATS_TEXT} image next to the page and give its file name",
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
                    f"id '{item.id}' is already used by {first.source.file}",
                    file=item.source.file,
                    line=item.source.line_of("id"),
                    field="id",
                    fix="give each slogan, ad and guide its own id (ids name web pages and QR codes)",
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
                        f"slogan '{sid}' does not exist",
                        file=ad.source.file,
                        line=ad.source.line_of("slogans"),
                        field="slogans",
                        fix="use the id of a slogan in slogans/ (its file name without .md)",
                    )
                )


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
    )
    return LoadResult(campaign, findings)
