"""Every text placard shows a person comes from the message catalogues here.

Catalogues are gettext files: ``placard/locale/<lang>/LC_MESSAGES/placard.po`` (kept in the
repository, edited by people) and the ``.mo`` compiled from it with Babel (shipped beside it).
The message ids are the English texts, so English is the catalogue-less fallback: a message
missing from a catalogue shows in English at run time, and the catalogue test fails in CI.

Use in code::

    from placard.i18n import _, N_, ngettext

    _("list '{id}' carries {share} public-benefit ads").format(id=..., share=...)
    RULES = {"ratio.share": N_("a placement list carries too few public-benefit ads")}
    ...  _(RULES[rule])   # translate where it is shown, not at import

Rules for message texts (so the catalogues stay translatable):
- one whole sentence per message, with named ``{placeholders}`` filled by ``str.format`` after
  translation; never glue translated pieces into a sentence;
- rule ids, file names, field names and values from the user's files stay outside the text;
- ``_()`` runs when the text is shown (the language is chosen by then); module-level texts
  are marked with ``N_()`` and translated at use.

Two languages are in play. What placard says in the terminal (help, messages, findings, serve's
overlay) follows ``--lang``, else ``PLACARD_LANG``, else ``zh_Hans``: ``_()``. What it writes into a
campaign's pages, posters and spreadsheets follows the campaign's ``extra.placard.language``
(zh-Hans or zh-Hant): ``P_()`` in code (set once per build with :func:`set_page_language`),
``_()`` / ``{% trans %}`` in placard's Jinja templates (:func:`install_pages`), or
``in_language(campaign.config.language, ...)`` where the campaign is at hand (ledger, print order). ``python -m placard.i18n`` extracts, updates,
compiles and checks the catalogues (see DEVELOPMENT.md).
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "placard"
LOCALE_DIR = Path(__file__).parent / "locale"

#: Languages placard speaks: catalogue name -> (names a user may write, BCP 47 tag for pages).
LANGUAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "zh_Hans": (("zh_hans", "zh-hans", "zh", "zh_cn", "zh-cn"), "zh-Hans"),
    "zh_Hant": (("zh_hant", "zh-hant", "zh_tw", "zh-tw", "zh_hk", "zh-hk"), "zh-Hant"),
    "en": (("en", "en_us", "en-us", "en_gb", "en-gb"), "en"),
}
DEFAULT = "zh_Hans"

_current = DEFAULT
_translations: dict[str, _gettext.NullTranslations] = {}


def normalise(name: str | None) -> str | None:
    """The catalogue name for a language a user wrote (``zh-Hant``, ``zh_TW``, ``EN``), or None."""
    if not name:
        return None
    key = name.strip().lower()
    for lang, (names, _tag) in LANGUAGES.items():
        if key in names:
            return lang
    return None


def tag(lang: str | None = None) -> str:
    """The BCP 47 tag (``zh-Hans``) of ``lang`` (default: the current language)."""
    return LANGUAGES[lang or _current][1]


def translation(lang: str | None = None) -> _gettext.NullTranslations:
    lang = lang or _current
    t = _translations.get(lang)
    if t is None:
        # English too has a catalogue: its texts are the ids, except where the English wording differs
        # (e.g. a Chinese example value in a Chinese help text)
        t = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _translations[lang] = t
    return t


def set_language(lang: str | None) -> str:
    """Make ``lang`` (any name :func:`normalise` takes; None: the environment or the default) current."""
    global _current
    chosen = normalise(lang) if lang else normalise(os.environ.get("PLACARD_LANG")) or DEFAULT
    if chosen is None:
        raise ValueError(lang)
    _current = chosen
    return chosen


def current() -> str:
    return _current


def _(message: str) -> str:
    """``message`` (an English text) in the current language."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for the catalogues without translating it (module-level constants)."""
    return message


# -- the pages' language: the campaign's ``language:``, not the terminal's ----------------------
_page = DEFAULT


def set_page_language(lang: str | None) -> str:
    """Make ``lang`` (a campaign's ``language:``, e.g. ``zh-Hant``) the language :func:`P_` writes
    pages, posters and spreadsheets in; once per build (``mkdocs_hooks.on_config``, the commands)."""
    global _page
    _page = normalise(lang) or DEFAULT
    return _page


def page_language() -> str:
    return _page


def P_(message: str) -> str:
    """``message`` in the pages' language (see :func:`set_page_language`)."""
    return translation(_page).gettext(message)


def page_ngettext(singular: str, plural: str, n: int) -> str:
    return translation(_page).ngettext(singular, plural, n)


def install_pages(env) -> None:
    """Give a Jinja environment ``_()`` / ``ngettext()`` / ``{% trans %}`` in the pages' language,
    looked up when a template renders (so one compiled template serves every build)."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(P_, page_ngettext, newstyle=True)


def in_language(lang: str | None, message: str) -> str:
    """``message`` in ``lang`` (a page's language), whatever the current language is."""
    return translation(normalise(lang) or _current).gettext(message)


# The environment's choice holds from import on (the CLI's --lang overrides it).
if os.environ.get("PLACARD_LANG") and normalise(os.environ["PLACARD_LANG"]):
    _current = normalise(os.environ["PLACARD_LANG"]) or DEFAULT
