"""``placard check --fix``: apply the safe punctuation fixes in place, as a diff.

Invisible characters (zero width, soft hyphen, bidi controls: :data:`placard.text.INVISIBLE`)
are removed from the same text first.

Only published text is touched: a slogan's ``text``; a guide's ``title`` and
``key_points``; an ad's ``title`` and ``alt``; the prose of guide and ad pages;
a placement list's ``name`` and ``location`` (in YAML, CSV and XLSX lists; a
spreadsheet keeps its other columns, encoding, separator and sheets).
Page prose is found by :mod:`placard.prose` (markdown-it-py), the same finder
the checks use: front-matter keys, code (spans, fenced and indented blocks),
HTML blocks and tags, URLs and link targets are never changed, and neither are
sentences without Chinese characters. Each file is read back before it
replaces the original (:func:`apply_fixes`) and left alone if it would not load
as intended. A
front-matter value is changed only when it sits on one line exactly as it
reads; the front matter is parsed again after the change, and the file is
left alone if anything but the intended values would differ. Running the fix
twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .files import replace_atomically
from .i18n import _
from .lint import lint_config, rule_matches
from .model import Campaign
from .prose import markdown_prose_lines
from .rules.punctuation import RULES as PUNCT_RULES
from .rules.punctuation import fix_text
from .text import without_invisible
from .yamlsrc import YamlProblem, load, split_front_matter

#: Front-matter keys that hold published text, per kind of item.
TEXT_KEYS = {"slogan": ("text",), "guide": ("title", "key_points"), "ad": ("title", "alt")}
FIXES_BODY = {"slogan": False, "guide": True, "ad": True}


@dataclass
class FileFix:
    file: str  # relative to the campaign root
    before: str  # the text (for a workbook: its changed cells, one per line)
    after: str
    notes: list[str] = field(default_factory=list)
    write: Callable[[Path], object] | None = None  # writes the new file when it is not UTF-8 text
    #: Raises :class:`Refused` when the written bytes would not load as intended.
    verify: Callable[[bytes], None] | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.file}", tofile=f"b/{self.file}",
        ))


def _skip_rules(campaign: Campaign, item) -> tuple[str, ...]:
    """Punctuation rules switched off for this item (campaign ``disable`` or file ``ignore``)."""
    cfg = lint_config(campaign)
    ignored = tuple(getattr(getattr(item, "lint", None), "ignore", ()) or ())
    rules = (*PUNCT_RULES, "text.invisible")
    return tuple(r for r in rules if rule_matches(r, cfg.disable) or rule_matches(r, ignored))


def _fix(text: str, skip: tuple[str, ...]) -> str:
    """``text`` without invisible characters (U+200B, soft hyphen, bidi controls), punctuation fixed."""
    if "text.invisible" not in skip:
        text = without_invisible(text)
    return fix_text(text, skip=skip)


def _split(text: str) -> tuple[list[str], int | None]:
    """Lines (with their endings) and the index of the closing ``---`` line (or None)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return lines, None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return lines, i
    return lines, None


def _scalar_edits(node: yaml.Node, fm_lines: list[str], skip, edits: list) -> None:
    """Collect (line index, start col, end col, new text) for one scalar node."""
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        return
    s, e = node.start_mark, node.end_mark
    if s.line != e.line:
        return
    line = fm_lines[s.line].rstrip("\r\n")
    a, b = s.column, e.column
    if node.style in ("'", '"'):
        a, b = a + 1, b - 1
    raw = line[a:b]
    if raw != node.value:  # escapes or folding: positions do not map 1:1, leave it alone
        return
    new = _fix(raw, skip)
    if new != raw:
        edits.append((s.line, a, b, new))


def _fix_front_matter(fm_text: str, keys: tuple[str, ...], skip, notes: list[str]) -> str:
    try:
        root = yaml.compose(fm_text, Loader=yaml.SafeLoader)
        before = load(fm_text)
    except (yaml.YAMLError, YamlProblem, RecursionError):
        return fm_text
    if not isinstance(root, yaml.MappingNode) or not isinstance(before, dict):
        return fm_text
    fm_lines = fm_text.splitlines(keepends=True)
    edits: list = []
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value not in keys:
            continue
        if isinstance(value_node, yaml.SequenceNode):
            for child in value_node.value:
                _scalar_edits(child, fm_lines, skip, edits)
        else:
            _scalar_edits(value_node, fm_lines, skip, edits)
    if not edits:
        return fm_text
    for li, a, b, new in sorted(edits, key=lambda x: (x[0], -x[1])):
        line = fm_lines[li]
        fm_lines[li] = line[:a] + new + line[b:]
    after_text = "".join(fm_lines)
    try:
        after = load(after_text)
    except YamlProblem:
        notes.append(_("front matter left alone: the fixed values would not read back the same"))
        return fm_text
    if not isinstance(after, dict) or not _same_but_fixed(before, after, keys, skip):
        notes.append(_("front matter left alone: the fixed values would not read back the same"))
        return fm_text
    return after_text


def _same_but_fixed(before, after, keys, skip) -> bool:
    if set(before) != set(after):
        return False
    for k, v in before.items():
        w = after[k]
        if k not in keys:
            if v != w:
                return False
        elif isinstance(v, str):
            if w not in (v, _fix(v, skip)):
                return False
        elif isinstance(v, list):
            if not isinstance(w, list) or len(v) != len(w):
                return False
            for x, y in zip(v, w, strict=True):
                if y != x and not (isinstance(x, str) and y == _fix(x, skip)):
                    return False
        elif v != w:
            return False
    return True


def _fix_body(body: str, skip) -> str:
    raw_lines = body.split("\n")
    for i, line, spans in markdown_prose_lines(body):
        if not spans:
            continue
        pieces, pos = [], 0
        for a, b in spans:
            pieces.append(line[pos:a])
            pieces.append(_fix(line[a:b], skip))
            pos = b
        pieces.append(line[pos:])
        new = "".join(pieces)
        if new != line:
            raw_lines[i] = new + ("\r" if raw_lines[i].endswith("\r") else "")
    return "\n".join(raw_lines)


def fix_file_text(text: str, kind: str, skip: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The fixed content of one item file, and notes about what was left alone."""
    notes: list[str] = []
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    lines, close = _split(text)
    if close is None:
        head, fm, body = "", "", text
        if lines and lines[0].rstrip("\r\n") == "---":
            return bom + text, ["front matter is not closed: nothing fixed"]
    else:
        head, fm = lines[0], "".join(lines[1:close])
        body_lines = lines[close:]
        body = "".join(body_lines[1:])
        head_close = body_lines[0]
    new_fm = _fix_front_matter(fm, TEXT_KEYS.get(kind, ()), skip, notes) if fm else fm
    new_body = _fix_body(body, skip) if FIXES_BODY.get(kind) else body
    if close is None:
        return bom + new_body, notes
    return bom + head + new_fm + head_close + new_body, notes


def plan_fixes(campaign: Campaign) -> list[FileFix]:
    """What ``--fix`` would change, file by file (nothing is written)."""
    out: list[FileFix] = []
    for item in campaign.items():
        path = campaign.root / item.source.file
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                before = fh.read()
        except (OSError, UnicodeDecodeError):
            continue
        skip = _skip_rules(campaign, item)
        after, notes = fix_file_text(before, item.kind, skip)
        if after != before or notes:
            out.append(FileFix(item.source.file, before, after, notes,
                               verify=_item_verifier(before, after, item.kind, skip)))
    for pl in getattr(campaign, "placements", ()) or ():
        fx = _placement_fix(campaign, pl)
        if fx is not None and (fx.changed or fx.notes):
            fx.verify = _placement_verifier(campaign, pl, _skip_rules(campaign, pl))
            out.append(fx)
    return out


# --- placement lists: name and location ---------------------------------------

PLACEMENT_KEYS = ("name", "location")


def _placement_fix(campaign: Campaign, pl) -> FileFix | None:
    rel = pl.source.file
    path = campaign.root / rel
    skip = _skip_rules(campaign, pl)
    try:
        if pl.format == "csv":
            return _csv_fix(rel, path.read_bytes(), skip)
        if pl.format == "xlsx":
            return _xlsx_fix(rel, path, skip)
        with open(path, encoding="utf-8", newline="") as fh:
            before = fh.read()
    except Exception:  # noqa: BLE001 - unreadable (a broken workbook raises many types): the loader reports it
        return None
    notes: list[str] = []
    bom = "\ufeff" if before.startswith("\ufeff") else ""
    after = bom + _fix_front_matter(before[len(bom):], PLACEMENT_KEYS, skip, notes)
    return FileFix(rel, before, after, notes)


def _text_columns(header: list) -> list[int]:
    from .placements.fill import _columns

    cols = _columns(header)
    return [cols[k] for k in PLACEMENT_KEYS if k in cols]


def _csv_fix(rel: str, data: bytes, skip) -> FileFix | None:
    import csv
    import io

    from .placements.load import read_csv

    table = read_csv(data)
    if table is None:
        return None
    text = data.decode("utf-8-sig" if table.encoding == "utf-8" else table.encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), table.dialect))
    if not rows:
        return None
    changed = False
    for r in rows[1:]:
        for c in _text_columns(rows[0]):
            if c < len(r) and r[c]:
                new = _fix(r[c], skip)
                changed |= new != r[c]
                r[c] = new
    if not changed:
        return FileFix(rel, text, text)
    newline = "\r\n" if "\r\n" in text else "\n"
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=table.dialect.delimiter, quotechar=table.dialect.quotechar or '"',
               lineterminator=newline).writerows(rows)
    after = buf.getvalue()
    encoded = after.encode(table.encoding)
    raw = (b"\xef\xbb\xbf" + encoded) if table.bom else encoded
    return FileFix(rel, text, after, write=lambda tmp: tmp.write_bytes(raw))


def _xlsx_fix(rel: str, path: Path, skip) -> FileFix | None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    before, after = [], []
    for row in ws.iter_rows(min_row=2):
        for c in _text_columns(header):
            if c >= len(row) or not isinstance(row[c].value, str):
                continue
            cell = row[c]
            new = _fix(cell.value, skip)
            if new != cell.value:
                before.append(f"{cell.coordinate} {header[c]}: {cell.value}\n")
                after.append(f"{cell.coordinate} {header[c]}: {new}\n")
                cell.value = new
    if not after:
        return FileFix(rel, "", "")

    return FileFix(rel, "".join(before), "".join(after), write=wb.save)


class Refused(Exception):
    """The fixed file would not load as intended: it is not written."""


def fix_folders(campaign: Campaign) -> set[Path]:
    """The folders ``--fix`` may write into (where a killed run may have left a temporary file)."""
    files = [i.source.file for i in campaign.items()]
    files += [pl.source.file for pl in getattr(campaign, "placements", ()) or ()]
    return {(campaign.root / f).parent for f in files}


def apply_fixes(root: Path, fixes: list[FileFix]) -> None:
    """Write the changed files, each atomically (a temporary file renamed over it).

    Each written file is read back before it replaces the user's file; one that does
    not load as intended is not written (its fix becomes a note and leaves the diff).
    """
    for fx in fixes:
        if not fx.changed:
            continue

        def write(tmp: Path, fx: FileFix = fx) -> None:
            if fx.write is not None:
                fx.write(tmp)
            else:
                tmp.write_text(fx.after, encoding="utf-8", newline="")
                if tmp.read_bytes() != fx.after.encode("utf-8"):
                    raise Refused(_("the written file does not read back the same"))
            if fx.verify is not None:
                fx.verify(tmp.read_bytes())

        try:
            replace_atomically(Path(root) / fx.file, write)
        except Refused as exc:
            fx.notes.append(_("left as it was: {reason}").format(reason=exc))
            fx.after = fx.before


def _skeleton(body: str) -> list:
    """What of a page body is not prose, as the Markdown parser reads it (code, HTML, link targets).

    The body is read as :mod:`placard.prose` reads it: the lines that open and close an element
    with a ``markdown`` attribute (``<div markdown>``) and admonition heads are kept as they are
    (an admonition's title, which is prose, left out), and what lies between them is parsed as
    Markdown, so a fix inside ``<div markdown>`` is prose like any other.
    """
    from markdown_it import MarkdownIt

    from .prose import _virtual

    md = _skeleton.__dict__.setdefault("md", MarkdownIt("commonmark").enable("table"))
    lines = [raw.rstrip("\r") for raw in body.split("\n")]
    vlines, _shift, titles = _virtual(lines)
    out: list = []
    for i, (line, vline) in enumerate(zip(lines, vlines, strict=True)):
        if line.strip() and not vline:
            a, b = titles.get(i, (0, 0))
            out.append(("markup", line[:a] + line[b:]))
    for tok in md.parse("\n".join(vlines)):
        for t in [tok, *(tok.children or [])]:
            if t.type in ("code_inline", "fence", "code_block", "html_block", "html_inline"):
                out.append((t.type, t.content))
            elif t.type in ("link_open", "image"):
                out.append((t.type, t.attrGet("href") or t.attrGet("src"), t.attrGet("title")))
    return out


def _item_verifier(before: str, after: str, kind: str, skip) -> Callable[[bytes], None]:
    """Checks a written item file: front matter as intended, code, HTML and link targets as before."""

    def verify(data: bytes) -> None:
        try:
            text = data.decode("utf-8")
            old, new = split_front_matter(before), split_front_matter(text)
        except (UnicodeDecodeError, YamlProblem) as exc:
            raise Refused(_("the fixed file would not load ({error})").format(error=exc)) from None
        if text != after:
            raise Refused(_("the written file does not read back the same"))
        if not _same_but_fixed(dict(old.meta), dict(new.meta), TEXT_KEYS.get(kind, ()), skip):
            raise Refused(_("the front matter would not read back as intended"))
        if _skeleton(old.body) != _skeleton(new.body):
            raise Refused(_("code, HTML or a link target of the page would change"))

    return verify


def _placement_verifier(campaign: Campaign, pl, skip) -> Callable[[bytes], None]:
    from dataclasses import replace

    from .placements.fill import WriteProblem, verify_list

    intended = replace(pl, name=_fix(pl.name, skip) if pl.name else pl.name,
                       location=_fix(pl.location, skip) if pl.location else pl.location)

    def verify(data: bytes) -> None:
        try:
            verify_list(campaign.root / pl.source.file, campaign.root, data, intended,
                        campaign.config.raw.get("placements"))
        except WriteProblem as exc:
            raise Refused(str(exc)) from None

    return verify


def render_diff(fixes: list[FileFix]) -> str:
    parts = [fx.diff() for fx in fixes if fx.changed]
    notes = [f"placard: {fx.file}: {n}" for fx in fixes for n in fx.notes]
    n = sum(fx.changed for fx in fixes)
    summary = _("placard: fixed {n} file(s).").format(n=n) if n else _("placard: nothing to fix.")
    return "".join(parts) + ("\n".join(notes) + "\n" if notes else "") + summary


def left_after_fix(campaign: Campaign, findings) -> list[str]:
    """Why ``--fix`` left each punctuation warning it left, and how many others it does not touch.

    A punctuation issue stays when it has no safe mechanical fix (the right mark depends on the
    meaning), when the quotation style is a choice, when its rule is switched off for --fix, or when
    the text sits where --fix cannot rewrite it exactly (a value with escapes or over several lines).
    """
    from .i18n import _, ngettext
    from .rules.punctuation import issues
    from .text import segments

    punct = [f for f in findings if f.rule in PUNCT_RULES and not f.is_error]
    others = [f for f in findings if f.rule not in PUNCT_RULES and not f.is_error]
    if not punct and not others:
        return []
    unsafe: set[tuple[str | None, int | None, int | None, str]] = set()
    if punct:
        for seg in segments(campaign):
            for iss in issues(seg.text):
                if iss.replacement is None and not iss.silent:
                    line, column = seg.locate(iss.start)
                    unsafe.add((seg.file, line, column, iss.rule))
    out = []
    for f in punct:
        if f.rule == "punct.quotes":
            why = _("which quotation marks to keep (“” or 「」) is your choice")
        elif (f.file, f.line, f.column, f.rule) in unsafe:
            why = _("no safe automatic fix: the right mark depends on what the text means")
        else:
            why = _(
                "--fix rewrites only text it can change exactly (one-line values without escapes, "
                "page prose); this one is written otherwise"
            )
        out.append(
            _("placard: left {where} [{rule}]: {why}; {fix}").format(
                where=f.location(), rule=f.rule, why=why, fix=f.fix
            )
        )
    if others:
        out.append(
            ngettext(
                "placard: --fix changes punctuation only; {n} other warning is for you to look at",
                "placard: --fix changes punctuation only; {n} other warnings are for you to look at",
                len(others),
            ).format(n=len(others))
        )
    return out
