"""What a resident can do next: the campaign's actions, and the ICP filing number.

``extra.placard.actions`` in mkdocs.yml lists them (report a problem, call the hotline,
sign up as a volunteer, make a pledge); a theme may have its own under ``themes[].actions``.
A theme's action of a kind the campaign also has replaces the campaign's; its other
actions are added after the campaign's. Every landing page (slogan, guide, ad) shows the
actions of its theme right after the item, on a phone's first screen. Each leads where a
resident acts: ``tel:``, an ``https://`` platform, ``sms:``, ``mailto:``, or a page of the
site that itself offers a link, a number or a form (else ``action.dead-end``).

Pure functions of the campaign config: :func:`problems` returns findings (the check in
:mod:`placard.rules.actions` reports them), :func:`actions_for` the actions of a theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .findings import Finding, error, warning
from .i18n import N_, _
from .model import Campaign
from .schema import Field, read_fields
from .yamlsrc import YList, YMap

CONFIG = "mkdocs.yml"

#: kind -> what it is (for messages and the README)
KINDS = {
    "report": N_("report a civility problem (snap and send)"),
    "hotline": N_("a hotline to call"),
    "volunteer": N_("sign up as a volunteer"),
    "pledge": N_("make a civility pledge"),
    "link": N_("another link"),
}
ACTION_FIELDS = (
    Field("kind", "enum", required=True, choices=tuple(KINDS)),
    Field("label", "str", required=True, help=N_("the text of the button, e.g. '随手拍 文明问题'")),
    Field("href", "str", help=N_("a web address (https://…), an sms: or mailto: link, or a page of the site (actions.md#volunteer)")),
    Field("tel", "str", help=N_("a telephone number, e.g. \"12345\" or \"0755-12345678\"")),
)
TEL = re.compile(r"^\+?[0-9][0-9 ()\-]*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
ALLOWED_SCHEMES = ("https:", "mailto:", "sms:")
#: Links that run code or carry a whole document: never a button on a resident's page.
REFUSED_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "blob:")
MARKUP = re.compile(r"[<>&\"'`\n\r]|\{\{|\{%")
LABEL_MARKUP = re.compile(r"<[A-Za-z/!]|&#?\w+;|\{\{|\{%")
SMS = re.compile(r"^sms:(\+?[0-9][0-9\-]*)(\?body=[^?#]*)?$", re.I)
MAILTO = re.compile(r"^mailto:[^@?#/]+@[^@?#/]+\.[^@?#/]+(\?[^#]*)?$", re.I)


@dataclass(frozen=True)
class Action:
    kind: str
    label: str
    href: str | None = None  # absolute URL, or a docs-relative page path (actions.md#x)
    tel: str | None = None  # as written
    line: int = 1

    @property
    def dial(self) -> str | None:
        """The ``tel:`` form: digits (and a leading +) only."""
        if not self.tel:
            return None
        return ("+" if self.tel.strip().startswith("+") else "") + re.sub(r"\D", "", self.tel)

    @property
    def internal(self) -> bool:
        return bool(self.href) and SCHEME.match(self.href) is None


def _theme_blocks(campaign: Campaign) -> list[tuple[str | None, object, int, str]]:
    """(theme id or None, raw actions value, line, field name) of the campaign and each theme."""
    raw = campaign.config.raw
    out: list[tuple[str | None, object, int, str]] = []
    if raw.get("actions") is not None:
        line = raw.line_of("actions") if isinstance(raw, YMap) else campaign.config.source.line_of("actions")
        out.append((None, raw["actions"], line, "extra.placard.actions"))
    themes = raw.get("themes")
    if isinstance(themes, list):
        for i, t in enumerate(themes):
            if isinstance(t, dict) and t.get("actions") is not None and isinstance(t.get("id"), str):
                line = t.line_of("actions") if isinstance(t, YMap) else (
                    themes.line_of(i) if isinstance(themes, YList) else 1)
                out.append((t["id"], t["actions"], line, "extra.placard.themes.actions"))
    return out


def _parse(campaign: Campaign, value, line: int, fld: str, findings: list[Finding],
           pages: bool = False) -> list[Action]:
    """The valid actions of one ``actions`` list; problems go to ``findings``. ``pages``: also read
    the pages of the site the actions lead to (a page offering nothing to do is a dead end)."""
    if not isinstance(value, list):
        findings.append(error("actions.bad", _("actions must be a list"), file=CONFIG, line=line, field=fld,
                              fix=_("write actions as a list: '- {example}'").format(
                                  example='{kind: hotline, label: 创城热线, tel: "12345"}')))
        return []
    out = []
    for i, a in enumerate(value):
        aline = value.line_of(i) if isinstance(value, YList) else line
        if not isinstance(a, YMap):
            findings.append(error("actions.bad", _("each action must be a mapping with kind, label and href or tel"),
                                  file=CONFIG, line=aline, field=fld,
                                  fix=_("write '- {example}'").format(
                                      example="{kind: report, label: 随手拍 文明问题, href: https://…}")))
            continue
        values, lines, errs = read_fields(a, ACTION_FIELDS, CONFIG, N_("an action"), "actions")
        for f in errs:
            if f.rule == "actions.bad-value" and f.field == "kind":
                f = error("actions.kind", _("unknown action kind '{kind}'").format(kind=a.get("kind")),
                          file=CONFIG, line=f.line, field=f"{fld}.kind",
                          fix=_("use one of: {values}").format(values=", ".join(
                              f"{k} ({_(what)})" for k, what in KINDS.items())))
            else:
                f = error(f.rule, f.message, file=f.file, line=f.line, field=f"{fld}.{f.field}", fix=f.fix)
            findings.append(f)
        if errs:
            continue
        href, tel = values["href"], values["tel"]
        ok = True
        if LABEL_MARKUP.search(values["label"]):
            findings.append(warning(
                "actions.label", _("the label '{label}' holds markup; the button shows it as typed, not as "
                                   "formatting").format(label=values["label"]),
                file=CONFIG, line=lines["label"], field=f"{fld}.label",
                fix=_("write the label as plain text (the words on the button), without < > or &")))
        if not href and not tel:
            ok = False
            findings.append(error(
                "actions.no-link", _("action '{label}' has neither href nor tel: a resident cannot use it").format(
                    label=values["label"]),
                file=CONFIG, line=aline, field=fld,
                fix=_("add 'href: https://…' (a web address or a page of the site such as actions.md) or "
                      "'tel: \"12345\"' (a number to call)")))
        if href and tel:
            ok = False
            findings.append(error(
                "actions.no-link", _("action '{label}' has both href and tel").format(label=values["label"]),
                file=CONFIG, line=lines["tel"], field=f"{fld}.tel",
                fix=_("keep one: make two actions for a page and a number")))
        if tel and not TEL.match(tel):
            ok = False
            findings.append(error(
                "actions.tel", _("'{tel}' is not a telephone number (only digits, spaces, '-', '(', ')' and a "
                                 "leading '+')").format(tel=tel), file=CONFIG, line=lines["tel"], field=f"{fld}.tel",
                fix=_("write the number as digits in quotes, e.g. tel: \"12345\" or tel: \"0755-12345678\"")))
        if href:
            problem = _href_problem(campaign, href)
            if problem:
                ok = False
                findings.append(error("actions.href", problem, file=CONFIG, line=lines["href"],
                                      field=f"{fld}.href",
                                      fix=_("write a web address (https://…) or the path of a page in {docs}/ "
                                            "such as actions.md or actions.md#volunteer").format(
                                          docs=campaign.docs_dir)))
            elif (missing := _missing_page(campaign, href)) is not None:
                findings.append(warning(
                    "actions.page", _("'{href}': there is no page {page}; the button would lead nowhere").format(
                        href=href, page=missing),
                    file=CONFIG, line=lines["href"], field=f"{fld}.href",
                    fix=_("write the page {page}, or point href at an existing page or a web address").format(
                        page=missing)))
            elif pages and (dead := dead_end(campaign, href)) is not None:
                findings.append(warning(
                    "action.dead-end", _("action '{label}' leads to {place}, which offers no link, telephone "
                                         "number or form: a resident who taps it cannot act").format(
                        label=values["label"], place=dead),
                    file=CONFIG, line=lines["href"], field=f"{fld}.href",
                    fix=_("in {place} add a link to where the report or sign-up is taken (the 12345 web form, "
                          "the volunteer platform), a telephone number or a form; or point href at that "
                          "platform (https://…), tel: or sms: directly").format(place=dead)))
        if ok:
            out.append(Action(values["kind"], values["label"], href, tel, aline))
    return out


def _href_problem(campaign: Campaign, href: str) -> str | None:
    from .trust import long_part_problem

    m = SCHEME.match(href)
    if m and m.group(0).lower() in REFUSED_SCHEMES:
        return _("'{href}' is refused: a {scheme} link runs code or carries a whole document, which no "
                 "button of a resident's page may do").format(href=href[:60], scheme=m.group(0).lower())
    if any(c.isspace() for c in href) or MARKUP.search(href):
        return _("'{href}' is not a link: it holds spaces, quotes or markup").format(href=href)
    if "\\" in href:
        return _("'{href}' holds a backslash: a link to a Windows share or a local file, which residents' "
                 "phones cannot open").format(href=href)
    if (too_long := long_part_problem(href.split("#", 1)[0].split("?", 1)[0])) is not None:
        return _("'{href}…' is not a link placard can check: {problem}").format(href=href[:40], problem=too_long)
    m = SCHEME.match(href)
    if m:
        scheme = m.group(0).lower()
        if scheme == "http:":
            return _("'{href}' uses http://, which anyone on the way can read or change: write https://").format(
                href=href)
        if scheme == "tel:":
            return _("'{href}' is a number to call: write it as tel: \"{number}\" (the button then shows "
                     "the number)").format(href=href, number=href[4:])
        if scheme not in ALLOWED_SCHEMES:
            return _("'{href}': only https://, mailto: and sms: links (or pages of the site) can be "
                     "actions").format(href=href)
        if scheme == "sms:" and not SMS.match(href):
            return _("'{href}' is not a text-message link: write sms: and the number, e.g. "
                     "sms:12345 or sms:12345?body=text").format(href=href)
        if scheme == "mailto:" and not MAILTO.match(href):
            return _("'{href}' is not a mail link: write mailto: and the address, e.g. "
                     "mailto:wmb@example.gov.cn").format(href=href)
        return None
    path = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if href.startswith("//"):
        return _("'{href}' is a link to another host without https: write it as https:{href}").format(href=href)
    if ".." in PurePosixPath(path).parts:
        return _("'{href}' leaves the docs folder").format(href=href)
    return None


def _missing_page(campaign: Campaign, href: str) -> str | None:
    """``docs/<page>.md`` when ``href`` names a Markdown page of the site that does not exist."""
    if SCHEME.match(href):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if path.endswith(".md") and not (campaign.root / campaign.docs_dir / path).is_file():
        return f"{campaign.docs_dir}/{path}"
    return None


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{([^}]*)\})?[ \t]*#*[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*\bid=[\"']([^\"']+)[\"']", re.I)
#: What lets a resident act: a Markdown or HTML link, an autolink, a form or an embedded form.
_ACTS = re.compile(r"\]\(\s*[^)\s]|\]\[[^\]]*\]|^\s*\[[^\]]+\]:\s*\S|<(?:https|mailto|sms|tel):|<a\s[^>]*href="
                   r"|<form\b|<iframe\b", re.I | re.M)
MAX_PAGE_BYTES = 1_000_000


def _slug(text: str) -> str:
    """Python-Markdown's default heading id (ASCII letters, digits, '-' and '_')."""
    import unicodedata

    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _section(text: str, anchor: str) -> tuple[str, bool]:
    """The part of a Markdown page under the heading ``anchor`` names (``{#anchor}``, an HTML
    heading's id, or the heading's own id), to the next heading of its level or higher; the whole
    page (and False) when no heading has that id."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        level = len(m.group(1)) if m else 0
        if m:
            ids = re.findall(r"#([\w\-:.]+)", m.group(3) or "")
            hit = anchor in ids or (not ids and _slug(m.group(2)) == anchor)
        else:
            h = _HTML_HEADING.search(line)
            hit = bool(h) and h.group(2) == anchor
            level = int(h.group(1)) if h else 0
        if not hit:
            continue
        out = []
        for rest in lines[i + 1:]:
            n = _HEADING.match(rest)
            if n and len(n.group(1)) <= level:
                break
            out.append(rest)
        return "\n".join(out), True
    return text, False


def dead_end(campaign: Campaign, href: str) -> str | None:
    """Where an action's page of the site offers nothing to do (``docs/actions.md#report``): no link,
    no telephone number (the site makes each a ``tel:`` link), no form. None when it offers one, or
    when placard cannot read the page (another check names a missing page)."""
    from .phones import numbers
    from .yamlsrc import YamlProblem, split_front_matter

    path, _sep, anchor = href.partition("#")
    path = path.split("?", 1)[0].lstrip("/")
    if not path.endswith(".md"):
        return None
    file = campaign.root / campaign.docs_dir / path
    try:
        if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_PAGE_BYTES:
            return None
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        text = split_front_matter(text).body
    except YamlProblem:  # front matter another check reports; the page's text is still read
        pass
    part, found = _section(text, anchor) if anchor else (text, False)
    if _ACTS.search(part) or numbers(part):
        return None
    where = f"{campaign.docs_dir}/{path}"
    return f"{where}#{anchor}" if found else where


def problems(campaign: Campaign) -> list[Finding]:
    findings: list[Finding] = []
    for _theme, value, line, fld in _theme_blocks(campaign):
        _parse(campaign, value, line, fld, findings, pages=True)
    icp = campaign.config.raw.get("icp")
    if isinstance(icp, str) and MARKUP.search(icp):
        raw = campaign.config.raw
        findings.append(error(
            "site.icp", _("the ICP number '{icp}' holds markup or quotes; it is shown as plain text in the "
                          "footer").format(icp=icp),
            file=CONFIG, line=raw.line_of("icp") if isinstance(raw, YMap) else campaign.config.source.line_of("icp"),
            field="extra.placard.icp",
            fix=_("write the filing number as plain text, e.g. 'icp: 粤ICP备12345678号' (placard links it to "
                  "beian.miit.gov.cn)")))
    return findings


def actions_for(campaign: Campaign, theme_id: str | None) -> list[Action]:
    """The actions shown on a page of ``theme_id``: the campaign's, with the theme's own
    replacing those of the same kind and the rest added after (invalid ones left out)."""
    cache = campaign.__dict__.get("_actions")
    if cache is None:
        cache = {}
        for tid, value, line, fld in _theme_blocks(campaign):
            cache[tid] = _parse(campaign, value, line, fld, [])
        object.__setattr__(campaign, "_actions", cache)
    base = list(cache.get(None, []))
    own = list(cache.get(theme_id, []) if theme_id is not None else [])
    out = []
    for a in base:
        mine = next((o for o in own if o.kind == a.kind and a.kind != "link"), None)
        if mine is not None:  # the theme's action of this kind takes the campaign's place
            own.remove(mine)
            out.append(mine)
        else:
            out.append(a)
    return out + own


def icp(campaign: Campaign) -> str | None:
    value = campaign.config.raw.get("icp")
    if isinstance(value, str) and value.strip() and not MARKUP.search(value):
        return value.strip()
    return None
