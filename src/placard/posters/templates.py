"""Poster templates (layouts) as data: built-in ``data/templates.yml`` + ``posters/templates.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding, error
from ..i18n import N_, _
from ..schema import Field, read_fields
from ..yamlsrc import YamlProblem, YList, YMap, load
from .elements import KINDS as ELEMENT_KINDS
from .elements.text import DIRECTIONS, VAR_RE, VARIABLES  # noqa: F401  (VAR_RE, VARIABLES: kept importable)

TEMPLATES_FILE = "posters/templates.yml"
SHAPES = ("portrait", "landscape", "strip", "tall")
KINDS = ("slogan", "ad", "guide")
TYPES = ("rect", "text", "points", "image", "qr", "vertical")
WEIGHTS = ("Regular", "Medium", "Bold", "Black")
NAMED_COLOURS = ("theme", "theme-dark", "theme-light", "gold", "white", "ink", "grey")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")

TEMPLATE_FIELDS = (
    Field("title", "str"),
    Field("kinds", "strlist", required=True, help=N_("a list of: slogan, ad, guide")),
    Field("background", "str", default="white", help=N_("a colour")),
    Field("layouts", "map", required=True, help=N_("portrait:, landscape: and/or strip: element lists")),
)
ELEMENT_FIELDS = (
    Field("type", "enum", required=True, choices=TYPES),
    Field("box", "list", required=True, help=N_("[x, y, w, h] in fractions of the page, e.g. [0.1, 0.2, 0.8, 0.3]")),
    Field("fill", "str", help=N_("a colour")),
    Field("radius", "number", minimum=0, maximum=0.5),
    Field("text", "str", allow_empty=True),
    Field("colour", "str", help=N_("a colour")),
    Field("weight", "enum", choices=WEIGHTS, default="Bold"),
    Field("align", "enum", choices=("center", "left"), default="center"),
    Field("lines", "int", minimum=1, maximum=12, default=3),
    Field("min", "number", minimum=0.1, maximum=10, default=1.0),
    Field("main", "bool", default=False),
    Field("stack", "bool", default=False, help=N_("true to prefer more, shorter lines (narrow, tall boxes)")),
    Field("spaces", "bool", default=False, help=N_("true to set pause marks (，、；) as spaces, as banners do")),
    Field("direction", "enum", choices=DIRECTIONS,
          help=N_("horizontal (default), vertical (columns, right to left) or auto (vertical on pages at least "
               "2.5 times taller than wide)")),
    Field("accent", "str", help=N_("a colour")),
    Field("source", "enum", choices=("artwork", "logo")),
    Field("fit", "enum", choices=("cover", "contain"), default="cover"),
    Field("dark", "str", help=N_("a colour")),
    Field("light", "str", help=N_("a colour")),
)


@dataclass(frozen=True)
class Element:
    type: str
    box: tuple[float, float, float, float]
    opts: dict
    line: int


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    kinds: tuple[str, ...]
    background: str
    layouts: dict  # shape -> tuple[Element, ...]
    file: str
    line: int


def _colour_ok(value) -> bool:
    return isinstance(value, str) and (value in NAMED_COLOURS or bool(COLOUR_RE.match(value)))


def _read_element(raw, file: str, line: int, where: str, findings: list[Finding]) -> Element | None:
    if not isinstance(raw, YMap):
        findings.append(error("poster.template", _("{where}: each element must be a set of fields").format(where=where),
                              file=file, line=line, fix=_("write e.g. '- {example}'").format(
                                  example='{type: text, box: [0.1, 0.1, 0.8, 0.2], text: "{text}"}')))
        return None
    values, lines, errs = read_fields(raw, ELEMENT_FIELDS, file, _("a template element ({where})").format(where=where),
                                      "poster.template")
    if errs:
        findings.extend(errs)
        return None
    box = values["box"]
    bad = None
    if len(box) != 4 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box):
        bad = _("box must be four numbers [x, y, w, h]")
    else:
        x, y, w, h = (float(v) for v in box)
        if w <= 0 or h <= 0:
            bad = _("box {box} has a width or height that is not positive").format(box=list(box))
        elif x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001:
            bad = _("box {box} lies outside the page (x+w = {right}, y+h = {bottom}; all must stay within "
                    "0..1)").format(box=list(box), right=f"{x + w:g}", bottom=f"{y + h:g}")
    if bad:
        findings.append(error("poster.template", _("{where}: {problem}").format(where=where, problem=bad), file=file,
                              line=lines["box"], field="box",
                              fix=_("give box as [x, y, w, h], fractions of the page: x+w and y+h at most 1")))
        return None
    for key in ("fill", "colour", "accent", "dark", "light"):
        if values.get(key) is not None and not _colour_ok(values[key]):
            findings.append(error("poster.template", _("{where}: '{colour}' is not a colour").format(
                                      where=where, colour=values[key]),
                                  file=file, line=lines[key], field=key,
                                  fix=_("use '#rrggbb' (quoted) or one of: {values}").format(
                                      values=", ".join(NAMED_COLOURS))))
            return None
    if values.get("direction") and values["type"] not in ("text", "vertical"):
        findings.append(error("poster.template", _("{where}: 'direction' applies to text elements only").format(
                                  where=where),
                              file=file, line=lines["direction"], field="direction",
                              fix=_("remove 'direction' from this {type} element").format(type=values["type"])))
        return None
    if not ELEMENT_KINDS[values["type"]].validate(values, lines, where, file, line, findings):
        return None
    opts = {k: v for k, v in values.items() if k not in ("type", "box")}
    return Element(values["type"], tuple(float(v) for v in box), opts, line)


def _read(data, file: str, findings: list[Finding]) -> dict[str, Template]:
    out: dict[str, Template] = {}
    if not isinstance(data, YMap):
        findings.append(error("poster.template", _("the templates file must map template names to templates"),
                              file=file, line=1, fix=_("see the manual: posters and QR codes")))
        return out
    for name, spec in data.items():
        line = data.line_of(name)
        if not isinstance(spec, YMap):
            findings.append(error("poster.template", _("template '{name}' must be a set of fields").format(name=name),
                                  file=file, line=line, fix=_("give kinds, background and layouts")))
            continue
        values, lines, errs = read_fields(spec, TEMPLATE_FIELDS, file, _("template '{name}'").format(name=name),
                                          "poster.template")
        if errs:
            findings.extend(errs)
            continue
        ok = True
        for k in values["kinds"]:
            if k not in KINDS:
                ok = False
                findings.append(error("poster.template", _("template '{name}': unknown kind '{kind}'").format(
                                          name=name, kind=k), file=file,
                                      line=lines["kinds"], field="kinds", fix=_("use slogan, ad or guide")))
        if not _colour_ok(values["background"]):
            ok = False
            findings.append(error("poster.template", _("template '{name}': '{colour}' is not a colour").format(
                                      name=name, colour=values["background"]),
                                  file=file, line=lines["background"], field="background",
                                  fix=_("use '#rrggbb' (quoted) or one of: {values}").format(
                                      values=", ".join(NAMED_COLOURS))))
        layouts = {}
        raw_layouts = values["layouts"]
        for shape, elems in raw_layouts.items():
            sline = raw_layouts.line_of(shape) if isinstance(raw_layouts, YMap) else line
            if shape not in SHAPES:
                ok = False
                findings.append(error("poster.template", _("template '{name}': unknown layout '{layout}'").format(
                                          name=name, layout=shape), file=file,
                                      line=sline, field=f"layouts.{shape}",
                                      fix=_("use portrait, landscape, strip or tall")))
                continue
            if not isinstance(elems, list):
                ok = False
                findings.append(error("poster.template", _("template '{name}': layout '{layout}' must be a list of "
                                                           "elements").format(name=name, layout=shape),
                                      file=file, line=sline, field=f"layouts.{shape}",
                                      fix=_("start each element with '- '")))
                continue
            parsed = []
            for i, raw in enumerate(elems):
                eline = elems.line_of(i) if isinstance(elems, YList) else sline
                el = _read_element(raw, file, eline, _("template '{name}', {layout} element {n}").format(
                    name=name, layout=shape, n=i + 1), findings)
                if el is None:
                    ok = False
                else:
                    parsed.append(el)
            layouts[shape] = tuple(parsed)
        if ok:
            out[str(name)] = Template(str(name), values["title"] or str(name), tuple(values["kinds"]),
                                      values["background"], layouts, file, line)
    return out


def load_templates(root: Path) -> tuple[dict[str, Template], list[Finding]]:
    findings: list[Finding] = []
    text = resources.files("placard").joinpath("data/templates.yml").read_text(encoding="utf-8")
    templates = _read(load(text), "<built-in templates>", findings)
    path = root / TEMPLATES_FILE
    if path.is_file():
        try:
            data = load(path.read_text(encoding="utf-8"))
        except YamlProblem as p:
            findings.append(error("poster.template", _("cannot read the templates file: {problem}").format(
                                      problem=p.message),
                                  file=TEMPLATES_FILE, line=p.line, column=p.column,
                                  fix=_("fix the YAML so that each line is 'key: value'")))
            return templates, findings
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(error("poster.template", _("cannot read the templates file: {problem}").format(problem=exc),
                                  file=TEMPLATES_FILE, fix=_("save it as UTF-8 text")))
            return templates, findings
        templates.update(_read(data, TEMPLATES_FILE, findings))
    return templates, findings
