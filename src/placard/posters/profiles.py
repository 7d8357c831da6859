"""Print profiles: what kind of print file a poster set gets, with which CMYK profile and values.

``rgb`` (an RGB print PDF, as for office printers), ``cmyk-pdfx`` (PDF/X-4 in CMYK with an output
intent, for print shops: :mod:`placard.posters.cmyk`), ``large-format`` (LZW TIFF at the
format's dpi for wide-format inkjet, 喷绘/写真: :mod:`placard.posters.tiff`) or ``large-format-jpeg``
(the same page as a JPEG, for shops that take JPEG only). A format
(``profile:`` in formats.yml) or a poster set (``profile:`` in posters/<set>.yml, which wins)
names it. Every problem (unknown profile, an ICC file that is missing or not a CMYK output
profile, a material not in the list, a theme colour that the press cannot print) is a finding.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
from importlib import resources
from pathlib import Path

from ..findings import Finding, error, warning
from ..i18n import N_, _
from ..yamlsrc import load

PROFILES = ("rgb", "cmyk-pdfx", "large-format", "large-format-jpeg")
PROFILES_HELP = N_("the print file: rgb (RGB PDF), cmyk-pdfx (CMYK PDF/X-4), large-format (TIFF) or "
                    "large-format-jpeg (JPEG)")
GENERIC_ICC = "data/placard-generic-cmyk.icc"
BLACK_K = (0, 0, 0, 100)
#: Colours that print as black ink alone (templates' ``ink`` and pure black).
BLACKS = ("#222222", "#000000")
#: A theme colour whose round trip through the CMYK profile moves it more than this (CIE ΔE*ab)
#: is outside what the press prints: ``print.gamut`` asks for the office's CMYK values.
GAMUT_DE = 5.0


def generic_icc() -> Path:
    return Path(str(resources.files("placard").joinpath(GENERIC_ICC)))


@functools.lru_cache(maxsize=1)
def print_data() -> dict:
    return load(resources.files("placard").joinpath("data/print.yml").read_text(encoding="utf-8"))


def default_materials() -> tuple[str, ...]:
    return tuple(str(m) for m in print_data()["materials"])


def format_material(fmt_name: str) -> str | None:
    base = fmt_name.split("-")[0] if fmt_name not in print_data()["by_format"] else fmt_name
    by = print_data()["by_format"]
    return by.get(fmt_name) or by.get(base)


@functools.lru_cache(maxsize=8)
def icc_info(path: str, sha: str) -> tuple[tuple[str, dict] | None, str]:
    """(problem or None, description) of an ICC profile file; ``sha`` keys the memo.

    A problem is a message id (``N_``) and its values, translated where it is shown."""
    from PIL import ImageCms

    try:
        prof = ImageCms.ImageCmsProfile(path)
    except (OSError, ImageCms.PyCMSError, ValueError) as exc:
        return (N_("it is not an ICC profile ({error})"), {"error": str(exc)}), ""
    space = (prof.profile.xcolor_space or "").strip()
    desc = (ImageCms.getProfileDescription(prof) or "").strip() or Path(path).stem
    if space != "CMYK":
        return (N_("it is a {space} profile ({name}), not a CMYK one"), {"space": space or "non-CMYK", "name": desc}), desc
    try:
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), prof, "RGB", "CMYK",
                                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    except ImageCms.PyCMSError as exc:
        return (N_("colours cannot be converted into it ({error}): it is not an output (printer) profile"),
                {"error": str(exc)}), desc
    return None, desc


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:24]


def resolve_icc(cfg: dict, root: Path, findings: list[Finding]) -> tuple[str, str, str] | None:
    """(path, sha, description) of the CMYK profile to print with: ``icc`` of the poster settings,
    else placard's generic coated profile. None (and a finding) when the named file cannot be used."""
    name = cfg.get("icc")
    if not name:
        path = generic_icc()
    else:
        path = (root / name).resolve()
        fix = _("give the path (inside the campaign folder) of the CMYK ICC profile the print shop uses, "
                "e.g. 'icc: posters/FOGRA39.icc', or remove 'icc:' to use placard's generic coated profile")
        if not path.is_file():
            findings.append(error("print.icc", _("the ICC profile '{name}' does not exist").format(name=name),
                                  file="mkdocs.yml",
                                  line=cfg.get("icc_line"), field="extra.placard.posters.icc", fix=fix))
            return None
        if root.resolve() not in path.parents:
            findings.append(error("print.icc", _("the ICC profile '{name}' is outside the campaign folder").format(
                                      name=name),
                                  file="mkdocs.yml", line=cfg.get("icc_line"), field="extra.placard.posters.icc",
                                  fix=fix))
            return None
    sha = file_sha(path)
    problem, desc = icc_info(str(path), sha)
    if problem:
        findings.append(error("print.icc", _("the ICC profile '{name}' cannot be used: {problem}").format(
                                  name=name, problem=_(problem[0]).format(**problem[1])),
                              file="mkdocs.yml", line=cfg.get("icc_line"), field="extra.placard.posters.icc",
                              fix=_("use a CMYK output profile (.icc/.icm) from the print shop, e.g. 'FOGRA39' or "
                                    "'Japan Color 2001 Coated'")))
        return None
    return str(path), sha, desc


def cmyk_map(themes) -> dict[str, list[float]]:
    """Colours that print as given CMYK values: black text as 100 % K, themes with ``cmyk:``."""
    out = {b: list(BLACK_K) for b in BLACKS}
    for t in themes:
        if getattr(t, "cmyk", None):
            out[t.colour.lower()] = [float(v) for v in t.cmyk]
    return out


def _transforms(icc_path: str):
    from PIL import ImageCms

    srgb, lab = ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB", 5000)
    prof = ImageCms.ImageCmsProfile(icc_path)
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    return (ImageCms.buildTransform(srgb, prof, "RGB", "CMYK", renderingIntent=intent),
            ImageCms.buildTransform(prof, lab, "CMYK", "LAB", renderingIntent=intent),
            ImageCms.buildTransform(srgb, lab, "RGB", "LAB", renderingIntent=intent))


def round_trip_de(colours: list[str], icc_path: str) -> list[tuple[float, tuple[int, int, int, int]]]:
    """For each '#rrggbb': (ΔE*ab of sRGB → CMYK → Lab against sRGB → Lab, the CMYK in %)."""
    from PIL import Image, ImageCms

    to_cmyk, cmyk_lab, rgb_lab = _transforms(icc_path)
    im = Image.new("RGB", (len(colours), 1))
    im.putdata([tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours])
    cmyk = ImageCms.applyTransform(im, to_cmyk)
    got, want = ImageCms.applyTransform(cmyk, cmyk_lab), ImageCms.applyTransform(im, rgb_lab)

    def lab(p):
        return p[0] * 100 / 255, p[1] - 128, p[2] - 128

    out = []
    for x in range(len(colours)):
        a, b = lab(got.getpixel((x, 0))), lab(want.getpixel((x, 0)))
        de = sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5
        out.append((de, tuple(round(v / 2.55) for v in cmyk.getpixel((x, 0)))))
    return out


def gamut_findings(config, icc: tuple[str, str, str], findings: list[Finding]) -> None:
    """``print.gamut``: a theme colour with no ``cmyk:`` that the CMYK profile cannot print."""
    # a colour not written as #rrggbb (#2e7) is contrast.format's finding; it is not measured here
    themes = [t for t in config.themes if not getattr(t, "cmyk", None) and len(t.colour) == 7]
    if not themes:
        return
    for t, (de, cmyk) in zip(themes, round_trip_de([t.colour.lower() for t in themes], icc[0]), strict=True):
        if de > GAMUT_DE:
            findings.append(warning(
                "print.gamut",
                _("theme '{id}' colour {colour} is outside what the press prints ({profile}): it would print as "
                  "{cmyk}, ΔE {de} away").format(id=t.id, colour=t.colour, profile=icc[2],
                                                 cmyk=f"C{cmyk[0]} M{cmyk[1]} Y{cmyk[2]} K{cmyk[3]}", de=f"{de:.1f}"),
                file="mkdocs.yml", line=getattr(t, "line", None) or config.source.line_of("themes"),
                field="extra.placard.themes.cmyk",
                fix=_("give the theme the CMYK values the office chose, e.g. cmyk: [{values}] (0–100 each), or pick "
                      "a colour the press can print").format(values=", ".join(map(str, cmyk)))))


def unknown_material(name: str, known, file: str, line: int | None, fld: str = "material") -> Finding:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.4)
    fix = _("use one of: {values} — or add it to extra.placard.posters.materials in mkdocs.yml").format(
        values=", ".join(f"'{k}'" for k in known))
    if close:
        fix = _("did you mean '{close}'? {fix}").format(close=close[0], fix=fix)
    return error("print.material", _("the material '{name}' is not in the list of materials").format(name=name),
                 file=file, line=line, field=fld, fix=fix)


def spec_print(profile: str, icc: tuple[str, str, str] | None, cmyk: dict[str, list[float]], spec: dict,
               meta: dict) -> dict:
    """What a spec carries for its print file (part of its cache key)."""
    out: dict = {"profile": profile, "meta": meta}
    if profile == "cmyk-pdfx" and icc:
        used = _spec_colours(spec)
        out.update(icc=icc[0], icc_sha=icc[1], icc_name=icc[2],
                   cmyk=sorted([c, v] for c, v in cmyk.items() if c in used))
    return out


def _spec_colours(spec: dict) -> set[str]:
    used = {str(spec.get("background", "")).lower()}
    for op in spec["ops"]:
        for k in ("fill", "colour", "dark", "light", "accent"):
            if isinstance(op.get(k), str):
                used.add(op[k].lower())
    return used


class PrintContext:
    """The print settings of one plan: the CMYK profile, the colours with set values, the materials."""

    def __init__(self, icc, cmyk: dict, materials: tuple[str, ...], spares: int):
        self.icc, self.cmyk, self.materials, self.spares = icc, cmyk, materials, spares
        self._sigs: dict[str, str] = {}

    def profile_of(self, pset, fmt) -> str:
        profile = pset.profile or fmt.profile
        return "rgb" if profile == "cmyk-pdfx" and not self.icc else profile

    def sig(self, profile: str) -> str:
        """What a poster's print file depends on besides its layout (part of the layout cache key)."""
        if profile not in self._sigs:
            parts = [profile]
            if profile == "cmyk-pdfx":
                parts += [self.icc[1], sorted(self.cmyk.items())]
            self._sigs[profile] = repr(parts)
        return self._sigs[profile]

    def material(self, pset, fmt) -> str:
        if pset.material:
            return pset.material
        name = format_material(fmt.name)
        if name is None and "-" in fmt.name:  # a placement slot's own size: A3-1200x1800
            name = format_material(fmt.name.rsplit("-", 1)[0])
        return name if name in self.materials else ""

    def spares_of(self, pset) -> int:
        return self.spares if pset.spares is None else pset.spares


def jpeg_size(pset, findings: list[Finding]) -> None:
    """``print.jpeg-size``: a JPEG holds at most 65,535 pixels a side; the format's page at its dpi may need more."""
    from .tiff import JPEG_MAX_PX

    fmt = pset.format
    w, h = (round(fmt.px(side + 2 * fmt.bleed_mm)) for side in (fmt.width, fmt.height))
    if max(w, h) <= JPEG_MAX_PX:
        return
    longest = max(fmt.width, fmt.height) + 2 * fmt.bleed_mm
    dpi = int(JPEG_MAX_PX / (longest / 25.4))
    by_set = pset.profile is not None
    findings.append(error(
        "print.jpeg-size",
        _("format '{name}' at {dpi} dpi makes a page of {w} × {h} pixels, but a JPEG holds at most {max} pixels a "
          "side").format(name=fmt.name, dpi=f"{fmt.dpi:g}", w=w, h=h, max=f"{JPEG_MAX_PX:,}"),
        file=pset.file if by_set else fmt.file,
        line=dict(pset.lines).get("profile") if by_set else dict(fmt.lines).get("profile", fmt.line),
        field="profile",
        fix=_("use profile: large-format (a TIFF has no such limit), or give the format dpi: {dpi} or "
              "less").format(dpi=dpi)))


def plan_print(campaign, cfg: dict, sets, findings: list[Finding]) -> PrintContext:
    """Check the print settings of the poster sets and return what the plan needs to print them."""
    used = {s.profile or s.format.profile for s in sets}
    icc = None
    if "cmyk-pdfx" in used or cfg.get("icc"):
        icc = resolve_icc(cfg, campaign.root, findings)
    cmyk = cmyk_map(campaign.config.themes)
    if icc and "cmyk-pdfx" in used:
        gamut_findings(campaign.config, icc, findings)
    materials = tuple(cfg.get("materials") or ()) or default_materials()
    for s in sets:
        if s.material and s.material not in materials:
            findings.append(unknown_material(s.material, materials, s.file, dict(s.lines).get("material")))
        if (s.profile or s.format.profile) == "large-format-jpeg" and not s.format.is_screen:
            jpeg_size(s, findings)
    return PrintContext(icc, cmyk, materials, int(cfg.get("spares") or 0))
