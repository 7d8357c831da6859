"""Catalogue upkeep with Babel: ``python -m placard.i18n_tools extract|update|compile|check``.

- ``extract``: every ``_()``, ``N_()``, ``ngettext()`` text in placard's Python and Jinja
  templates into ``locale/placard.pot``;
- ``update``: merge the template into each language's ``placard.po`` (new texts arrive
  untranslated; the English catalogue copies each id);
- ``compile``: each ``.po`` into the ``.mo`` placard reads at run time;
- ``todo LANG``: the texts still to translate, as JSON ``{id: ""}`` (plurals: ``[one, other]``);
- ``fill LANG FILE.json``: put the translations of such a JSON file into ``LANG``'s catalogue
  (and recompile); ``fill zh_Hant --from-hans`` drafts the Traditional texts still missing with
  OpenCC ``s2twp`` from the Simplified ones (a draft to read, not the last word);
- ``check``: exit 1, naming each, when a text has no translation, a translation is fuzzy, a
  translation's ``{placeholders}`` differ from its id's, or a ``.mo`` is older than its ``.po``.

Babel is a development tool here (``pip install -e '.[test]'``); placard itself reads the
``.mo`` files with the standard library's gettext.
"""

from __future__ import annotations

import io
import re
import string
import sys
from pathlib import Path

from .i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE = Path(__file__).parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {
    "_": None,
    "N_": None,
    "P_": None,
    "gettext": None,  # Jinja's {% trans %} blocks
    "ngettext": (1, 2),
    "page_ngettext": (1, 2),
    "in_language": (2,),
}
METHODS = [
    ("**/locale/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/overrides/**.html", "jinja2"),
]
# Babel's Jinja extractor is Jinja's own (jinja2.ext.babel_extract), with the i18n extension on.
OPTIONS = {
    "**/templates/**.html": {"extensions": "jinja2.ext.i18n"},
    "**/overrides/**.html": {"extensions": "jinja2.ext.i18n"},
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract():
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="placard", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write_po(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    path.write_bytes(buf.getvalue())


def _read_po(path: Path, lang: str):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=_babel_locale(lang))


def _babel_locale(lang: str) -> str:
    return {"zh_Hans": "zh_Hans_CN", "zh_Hant": "zh_Hant_TW", "en": "en"}[lang]


def cmd_extract() -> int:
    _write_po(POT, extract())
    print(f"{POT}: {len(extract())} texts")
    return 0


def cmd_update() -> int:
    from babel.messages.catalog import Catalog

    template = extract()
    _write_po(POT, template)
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = _read_po(path, lang) if path.exists() else Catalog(locale=_babel_locale(lang))
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            for msg in catalog:
                if msg.id and not msg.string:
                    msg.string = msg.id
        _write_po(path, catalog)
        missing = sum(1 for m in catalog if m.id and not _complete(m))
        print(f"{path.relative_to(PACKAGE)}: {len(catalog)} texts, {missing} to translate")
    return 0


def cmd_compile() -> int:
    from babel.messages.mofile import write_mo

    for lang in LANGUAGES:
        catalog = _read_po(po_path(lang), lang)
        with mo_path(lang).open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    return 0


def _complete(msg) -> bool:
    if msg.fuzzy:
        return False
    if isinstance(msg.string, tuple | list):
        return all(msg.string)
    return bool(msg.string)


_FIELD = string.Formatter()


def fields(text: str) -> set[str]:
    """The ``{placeholder}`` names in a text (``{{`` escapes left out)."""
    try:
        return {name for _lit, name, _spec, _conv in _FIELD.parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def problems() -> list[str]:
    """Every reason the catalogues are not ready to ship, one line each (empty: ready)."""
    out: list[str] = []
    template = extract()
    ids = {m.id for m in template if m.id}
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            out.append(f"{path}: missing (python -m placard.i18n_tools update)")
            continue
        catalog = _read_po(path, lang)
        have = {m.id: m for m in catalog if m.id}
        for mid in sorted(ids, key=str):
            msg = have.get(mid)
            shown = mid if isinstance(mid, str) else mid[0]
            if msg is None:
                out.append(f"{lang}: not in the catalogue: {shown!r}")
            elif not _complete(msg):
                out.append(f"{lang}: not translated: {shown!r}")
            else:
                sources = mid if isinstance(mid, tuple | list) else (mid,)
                targets = msg.string if isinstance(msg.string, tuple | list) else (msg.string,)
                want = set().union(*(fields(s) for s in sources))
                for t in targets:
                    if fields(t) != want:
                        out.append(f"{lang}: placeholders differ in {shown!r}: {t!r}")
        mo = mo_path(lang)
        if (
            not mo.exists()
            or mo.stat().st_mtime_ns < path.stat().st_mtime_ns
            and not _mo_matches(lang)
        ):
            out.append(f"{mo}: older than its .po (python -m placard.i18n_tools compile)")
        elif not _mo_matches(lang):
            out.append(f"{mo}: does not match its .po (python -m placard.i18n_tools compile)")
    return out


def _mo_matches(lang: str) -> bool:
    import gettext

    mo = mo_path(lang)
    if not mo.exists():
        return False
    with mo.open("rb") as fh:
        t = gettext.GNUTranslations(fh)
    catalog = _read_po(po_path(lang), lang)
    for msg in catalog:
        if not msg.id or not _complete(msg):
            continue
        if isinstance(msg.id, tuple | list):
            if t.ngettext(msg.id[0], msg.id[1], 1) != msg.string[0]:
                return False
        elif t.gettext(msg.id) != msg.string:
            return False
    return True


_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def cmd_check() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


def cmd_todo(lang: str) -> int:
    import json

    catalog = _read_po(po_path(lang), lang)
    todo = {}
    for m in catalog:
        if m.id and not _complete(m):
            if isinstance(m.id, tuple | list):
                todo[m.id[0]] = ["", ""]
            else:
                todo[m.id] = ""
    print(json.dumps(todo, ensure_ascii=False, indent=1))
    return 0


def cmd_fill(lang: str, source: str) -> int:
    import json

    catalog = _read_po(po_path(lang), lang)
    if source == "--from-hans":
        import opencc

        conv = opencc.OpenCC("s2twp")
        hans = {
            m.id: m.string for m in _read_po(po_path("zh_Hans"), "zh_Hans") if m.id and _complete(m)
        }
        given = {}
        for m in catalog:
            if m.id and not _complete(m) and m.id in hans:
                s = hans[m.id]
                given[m.id if isinstance(m.id, str) else m.id[0]] = (
                    [conv.convert(x) for x in s] if isinstance(s, tuple | list) else conv.convert(s)
                )
    else:
        given = json.loads(Path(source).read_text(encoding="utf-8"))
    n = 0
    for m in catalog:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        if key in given and given[key]:
            value = given[key]
            m.string = tuple(value) if isinstance(value, list) else value
            m.flags.discard("fuzzy")
            n += 1
    _write_po(po_path(lang), catalog)
    cmd_compile()
    print(f"{lang}: {n} translation(s) set")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {
        "extract": cmd_extract,
        "update": cmd_update,
        "compile": cmd_compile,
        "check": cmd_check,
    }
    if len(argv) == 2 and argv[0] == "todo" and argv[1] in LANGUAGES:
        return cmd_todo(argv[1])
    if len(argv) == 3 and argv[0] == "fill" and argv[1] in LANGUAGES:
        return cmd_fill(argv[1], argv[2])
    if len(argv) != 1 or argv[0] not in commands:
        print(
            "usage: python -m placard.i18n_tools extract|update|compile|check|todo LANG|fill LANG FILE.json",
            file=sys.stderr,
        )
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    raise SystemExit(main())
