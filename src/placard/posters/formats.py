"""Poster formats: built-in data merged with the campaign's ``posters/formats.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..findings import Finding, error
from ..i18n import N_, _
from ..schema import Field, read_fields
from ..yamlsrc import YamlProblem, YMap, load
from . import profiles as PR

FORMATS_FILE = "posters/formats.yml"
MM_PER_INCH = 25.4
#: Minimum character height per metre of reading distance (about 1:250).
LEGIBLE_MM_PER_M = 4.0

FORMAT_FIELDS = (
    Field("title", "str"),
    Field("unit", "enum", choices=("mm", "px"), default="mm"),
    Field("width", "number", minimum=1, help=N_("a positive number (mm, or px for screens)")),
    Field("height", "number", minimum=1, help=N_("a positive number (mm, or px for screens)")),
    Field("dpi", "number", minimum=30, maximum=1200, help=N_("a print resolution between 30 and 1200")),
    Field("bleed_mm", "number", minimum=0, maximum=20),
    Field("safe_mm", "number", minimum=0),
    Field("distance_m", "number", minimum=0.1, help=N_("the reading distance in metres, e.g. 2")),
    Field("scan_distance_m", "number", minimum=0.1, help=N_("the scanning distance in metres, e.g. 0.6")),
    Field("scan_angle_deg", "number", minimum=0, maximum=75,
          help=N_("how far off square residents look at the code, in degrees (0-75), e.g. 30 for a banner above a road")),
    Field("code", "bool", default=True, help=N_("true, or false for a format that carries no QR code")),
    Field("pitch_mm", "number", minimum=0.01, help=N_("the size of one screen pixel in mm, e.g. 2.5")),
    Field("min_text_mm", "number", minimum=0.5, help=N_("the smallest character height in mm")),
    Field("profile", "enum", choices=PR.PROFILES, help=PR.PROFILES_HELP),
)


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    unit: str  # "mm" (paper) or "px" (screen)
    width: float
    height: float
    dpi: float
    bleed_mm: float
    safe_mm: float
    distance_m: float
    scan_distance_m: float
    pitch_mm: float
    min_text_mm: float
    file: str = "<built-in>"
    line: int = 1
    scan_angle_deg: float = 0.0
    code: bool = True  # False: the format carries no QR code (its layouts leave it out)
    lines: tuple = ()  # (field, line) of the fields the format's own entry gives, for findings
    profile: str = "rgb"  # print profile (posters/profiles.py); a poster set may name another

    @property
    def is_screen(self) -> bool:
        return self.unit == "px"

    def px(self, mm: float) -> float:
        """Millimetres on the printed/shown poster -> pixels of its image."""
        if self.is_screen:
            return mm / self.pitch_mm
        return mm * self.dpi / MM_PER_INCH

    def mm(self, px: float) -> float:
        if self.is_screen:
            return px * self.pitch_mm
        return px * MM_PER_INCH / self.dpi

    @property
    def width_mm(self) -> float:
        return self.width * self.pitch_mm if self.is_screen else self.width

    @property
    def height_mm(self) -> float:
        return self.height * self.pitch_mm if self.is_screen else self.height

    @property
    def size_px(self) -> tuple[int, int]:
        if self.is_screen:
            return int(self.width), int(self.height)
        return round(self.px(self.width)), round(self.px(self.height))

    @property
    def bleed_px(self) -> int:
        return 0 if self.is_screen else round(self.px(self.bleed_mm))

    @property
    def shape(self) -> str:
        """portrait, landscape, strip (banners) or tall (lamp-pole banners): which layout applies."""
        ratio = self.width / self.height
        if ratio >= 2.5:
            return "strip"
        if ratio <= 0.5:
            return "tall"
        return "landscape" if ratio > 1.05 else "portrait"

    @property
    def label(self) -> str:
        w, h = (int(self.width), int(self.height))
        unit = "px" if self.is_screen else ""
        return f"{self.name} {w}×{h}{unit}"


def _defaults(name: str, values: dict) -> dict:
    screen = values.get("unit") == "px"
    out = dict(values)
    out.setdefault("title", name)
    out["dpi"] = out.get("dpi") or (96 if screen else 300)
    if out.get("bleed_mm") is None:
        out["bleed_mm"] = 0 if screen else 3
    if out.get("pitch_mm") is None:
        out["pitch_mm"] = 1.0
    if out.get("distance_m") is None:
        out["distance_m"] = 2.0
    if out.get("scan_distance_m") is None:
        out["scan_distance_m"] = min(out["distance_m"], 1.0)
    if out.get("scan_angle_deg") is None:
        out["scan_angle_deg"] = 0.0
    if out.get("code") is None:
        out["code"] = True
    if out.get("min_text_mm") is None:
        out["min_text_mm"] = out["distance_m"] * LEGIBLE_MM_PER_M
    if out.get("safe_mm") is None:
        short = min(out["width"], out["height"]) * (out["pitch_mm"] if screen else 1)
        out["safe_mm"] = round(short * 0.05, 1)
    return out


def _read(data, file: str, base: dict[str, dict], findings: list[Finding]) -> dict[str, Format]:
    out: dict[str, Format] = {}
    if data is None:
        return out
    if not isinstance(data, YMap):
        findings.append(
            error("poster.format", _("the formats file must map format names to their fields"),
                  file=file, line=1, fix=_("write one format per line, e.g. '{example}'").format(
                      example="A3: {width: 297, height: 420}"))
        )
        return out
    for name, spec in data.items():
        line = data.line_of(name)
        if not isinstance(spec, YMap):
            findings.append(
                error("poster.format", _("format '{name}' must be a set of fields").format(name=name),
                      file=file, line=line, field=str(name),
                      fix=_("write e.g. '{example}'").format(example="A3: {width: 297, height: 420, dpi: 300}"))
            )
            continue
        values, _lines, errs = read_fields(spec, FORMAT_FIELDS, file, _("format '{name}'").format(name=name),
                                           "poster.format")
        if errs:
            findings.extend(errs)
            continue
        merged = dict(base.get(str(name), {}))
        merged.update({k: v for k, v in values.items() if k in spec})
        for key in ("width", "height"):
            if merged.get(key) is None:
                findings.append(
                    error("poster.format", _("format '{name}' has no '{key}'").format(name=name, key=key), file=file,
                          line=line, field=f"{name}.{key}", fix=_("add '{key}:' with a positive size").format(key=key))
                )
        if merged.get("width") is None or merged.get("height") is None:
            continue
        full = _defaults(str(name), merged)
        base[str(name)] = merged
        out[str(name)] = Format(
            name=str(name), title=str(full["title"]), unit=full.get("unit") or "mm",
            width=float(full["width"]), height=float(full["height"]), dpi=float(full["dpi"]),
            bleed_mm=float(full["bleed_mm"]), safe_mm=float(full["safe_mm"]),
            distance_m=float(full["distance_m"]), scan_distance_m=float(full["scan_distance_m"]),
            pitch_mm=float(full["pitch_mm"]), min_text_mm=float(full["min_text_mm"]),
            file=file, line=line, scan_angle_deg=float(full["scan_angle_deg"]), code=bool(full["code"]), profile=full.get("profile") or "rgb",
            lines=tuple((k, spec.line_of(k)) for k in spec),
        )
        f = out[str(name)]
        if 2 * f.safe_mm >= min(f.width_mm, f.height_mm):
            findings.append(
                error("poster.format", _("format '{name}': the safe margin {mm} mm leaves no room").format(
                          name=name, mm=f"{f.safe_mm:g}"),
                      file=file, line=line, field=f"{name}.safe_mm",
                      fix=_("make safe_mm smaller than a third of the shorter side"))
            )
            del out[str(name)]
            continue
        w, h = f.size_px
        if w * h > 200_000_000:
            findings.append(
                error("poster.format", _("format '{name}' is {w}×{h} pixels at {dpi} dpi, too large to render").format(
                          name=name, w=w, h=h, dpi=f"{f.dpi:g}"),
                      file=file, line=line, field=f"{name}.dpi",
                      fix=_("lower the dpi (large formats are printed at 72-150 dpi)"))
            )
            del out[str(name)]
    return out


def builtin_formats() -> dict[str, Format]:
    text = resources.files("placard").joinpath("data/formats.yml").read_text(encoding="utf-8")
    findings: list[Finding] = []
    out = _read(load(text), "<built-in formats>", {}, findings)
    assert not findings, findings
    return out


def load_formats(root: Path) -> tuple[dict[str, Format], list[Finding]]:
    """Built-in formats, then the campaign's ``posters/formats.yml`` over them."""
    findings: list[Finding] = []
    text = resources.files("placard").joinpath("data/formats.yml").read_text(encoding="utf-8")
    base: dict[str, dict] = {}
    formats = _read(load(text), "<built-in formats>", base, findings)
    path = root / FORMATS_FILE
    if path.is_file():
        try:
            data = load(path.read_text(encoding="utf-8"))
        except YamlProblem as p:
            findings.append(error("poster.format", _("cannot read the formats file: {problem}").format(problem=p.message),
                                  file=FORMATS_FILE, line=p.line, column=p.column,
                                  fix=_("fix the YAML: one '{example}' per format").format(
                                      example="NAME: {width: …, height: …}")))
            return formats, findings
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(error("poster.format", _("cannot read the formats file: {problem}").format(problem=exc),
                                  file=FORMATS_FILE, fix=_("save it as UTF-8 text")))
            return formats, findings
        formats.update(_read(data, FORMATS_FILE, base, findings))
    return formats, findings
