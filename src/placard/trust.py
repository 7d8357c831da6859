"""What in a campaign's mkdocs.yml runs code, and which of its folders lie outside the campaign.

MkDocs reads mkdocs.yml with PyYAML's full loader: a ``!!python/object/apply:os.system [...]`` tag
anywhere in it runs when MkDocs loads the file, a module under ``hooks:`` runs on every build,
and a plugin or Markdown extension is Python found by its name. A campaign folder from someone
else must not run code on the clerk's machine unasked, so :func:`code_findings` reports every
such thing (file, line, what it runs) as a ``trust.code`` error, read from the text without
executing anything (the YAML is only *composed*: nodes and tags, no Python objects). ``placard
build`` and ``serve`` stop on them like on any error unless the user trusts the campaign in the
user's own settings, never in the campaign (:func:`user_trusts`: ``--trust``,
``PLACARD_TRUST=1`` or the campaign's folder listed in ``~/.config/placard/trusted``); then
:func:`allow` turns them into warnings.

Placard's own hook module (``hooks/placard_hooks.py``: one ``from placard.mkdocs_hooks import *``)
is not reported, and ``placard build`` loads placard's installed copy in its place
(:func:`placard_hook`), so the campaign's file (or a ``__pycache__`` planted beside it) never runs.

:func:`path_findings` reports ``docs_dir``, ``site_dir``, ``theme.custom_dir`` and
``extra.placard.staff_dir`` that lie outside the campaign (absolute, or ``..`` leading out), and
path parts longer than the system allows (``trust.path``).
"""

from __future__ import annotations

import ast
import os
from dataclasses import replace
from pathlib import Path

import yaml

from .findings import Finding, Severity, error
from .i18n import _
from .yamlsrc import YList, YMap

CONFIG = "mkdocs.yml"
RULES = {
    "trust.code": "mkdocs.yml runs Python code (a python tag, a hook module, a plugin or extension placard does not know)",
    "trust.path": "a folder mkdocs.yml names lies outside the campaign, or a part of its path is too long",
}

_PY = "tag:yaml.org,2002:python/"
#: Python tags that make plain data and call nothing.
_DATA_TAGS = frozenset(
    f"{_PY}{t}"
    for t in (
        "none",
        "bool",
        "str",
        "unicode",
        "bytes",
        "int",
        "long",
        "float",
        "complex",
        "list",
        "tuple",
        "dict",
    )
)
#: ``!!python/name:`` references Material's documentation tells users to write: functions of
#: installed packages, looked up by exact name (no other name of those packages is allowed).
SAFE_NAMES = frozenset(
    {
        "material.extensions.emoji.twemoji",
        "material.extensions.emoji.to_svg",
        "pymdownx.superfences.fence_code_format",
        "pymdownx.superfences.fence_div_format",
        "pymdownx.emoji.twemoji",
        "pymdownx.emoji.emojione",
        "pymdownx.emoji.gemoji",
        "pymdownx.emoji.to_svg",
        "pymdownx.emoji.to_png",
        "pymdownx.emoji.to_alt",
        "pymdownx.slugs.slugify",
        "pymdownx.arithmatex.arithmatex_inline_format",
        "pymdownx.arithmatex.arithmatex_fenced_format",
        "markdown.extensions.toc.slugify",
        "markdown.extensions.toc.slugify_unicode",
    }
)
#: MkDocs plugins placard knows: MkDocs' search and Material's own (``material/`` or bare name).
KNOWN_PLUGINS = frozenset(
    {
        "search",
        "tags",
        "offline",
        "blog",
        "social",
        "privacy",
        "info",
        "meta",
        "optimize",
        "typeset",
    }
)
#: Markdown's own extensions (short or full name); pymdownx and Material's are allowed by package.
MARKDOWN_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)
EXTENSION_PACKAGES = ("pymdownx.", "material.extensions.")
#: The longest file name (one path part) Linux and Windows file systems accept, in bytes.
NAME_MAX = 255
#: How deep ``INHERIT:`` chains are followed.
_INHERIT_DEPTH = 5


def _trust_fix() -> str:
    return _(
        "remove it (placard needs no Python code in mkdocs.yml); if you wrote it yourself and trust it, "
        "build with --trust, or set PLACARD_TRUST=1 in your own environment"
    )


def _code(message: str, file: str, line: int | None, field: str | None = None) -> Finding:
    return error("trust.code", message, file=file, line=line, field=field, fix=_trust_fix())


# --------------------------------------------------------------------------- python tags


def python_tags(text: str) -> list[tuple[int, str]]:
    """(line, tag as written with ``!!``) of every Python tag in ``text`` that names code.

    The text is composed (nodes with their tags), never constructed: nothing is imported or called.
    """
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_cls)
    except (yaml.YAMLError, RecursionError, ValueError):
        return []  # the loader reports the syntax error
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if id(n) in seen:  # an alias: one node, however often it is used
            continue
        seen.add(id(n))
        tag = n.tag or ""
        if tag.startswith(_PY) and tag not in _DATA_TAGS:
            name = tag[len(_PY) :]
            if not (name.startswith("name:") and name[5:] in SAFE_NAMES):
                out.append((n.start_mark.line + 1, "!!python/" + name))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return sorted(out)


def _tag_findings(text: str, file: str) -> list[Finding]:
    return [
        _code(
            _("the tag '{tag}' runs Python when MkDocs reads {file}").format(tag=tag, file=file),
            file,
            line,
        )
        for line, tag in python_tags(text)
    ]


# --------------------------------------------------------------------------- hooks, plugins, extensions


def is_placard_hook(path: Path) -> bool:
    """True when ``path`` is placard's hook module: an optional docstring and one
    ``from placard.mkdocs_hooks import *`` (what ``placard init`` writes)."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 4096:
            return False
        tree = ast.parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return False
    body = list(tree.body)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    return (
        len(body) == 1
        and isinstance(body[0], ast.ImportFrom)
        and body[0].module == "placard.mkdocs_hooks"
        and body[0].level == 0
        and [a.name for a in body[0].names] == ["*"]
    )


def hook_names(mk) -> list[str]:
    hooks = mk.get("hooks") if isinstance(mk, dict) else None
    return [h for h in hooks if isinstance(h, str)] if isinstance(hooks, list) else []


def placard_hook(root: Path, name: str) -> bool:
    """True when the ``hooks:`` entry ``name`` is placard's own module (see :func:`is_placard_hook`)."""
    try:
        return is_placard_hook(root / name)
    except OSError:
        return False


def _line(container, key) -> int | None:
    if isinstance(container, YMap):
        return container.line_of(key)
    if isinstance(container, YList):
        return container.line_of(key)
    return None


def _plugin_entries(plugins) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    if isinstance(plugins, list):
        for i, p in enumerate(plugins):
            if isinstance(p, str):
                out.append((p, _line(plugins, i)))
            elif isinstance(p, dict):
                out.extend((str(k), _line(plugins, i)) for k in p)
    elif isinstance(plugins, dict):
        out.extend((str(k), _line(plugins, k)) for k in plugins)
    return out


def _known_plugin(name: str) -> bool:
    name = name.strip()
    if name.startswith("material/"):
        name = name[len("material/") :]
    return name in KNOWN_PLUGINS


def _known_extension(name: str) -> bool:
    name = name.strip()
    if name.startswith("markdown.extensions."):
        name = name[len("markdown.extensions.") :]
    return name in MARKDOWN_EXTENSIONS or (
        name.startswith(EXTENSION_PACKAGES) and name.replace(".", "").replace("_", "").isalnum()
    )


def _module_findings(root: Path, mk: YMap, file: str) -> list[Finding]:
    out: list[Finding] = []
    hooks = mk.get("hooks")
    for i, name in enumerate(hook_names(mk)):
        if not placard_hook(root, name):
            out.append(
                _code(
                    _("the hook module '{name}' is Python that MkDocs runs on every build").format(
                        name=name
                    ),
                    file,
                    _line(hooks, i),
                    "hooks",
                )
            )
    for name, line in _plugin_entries(mk.get("plugins")):
        if not _known_plugin(name):
            out.append(
                _code(
                    _(
                        "the plugin '{name}' is not one placard knows (MkDocs' search, Material's own): "
                        "it is Python that runs on every build"
                    ).format(name=name),
                    file,
                    line,
                    "plugins",
                )
            )
    exts = mk.get("markdown_extensions")
    for name, line in _plugin_entries(exts):
        if not _known_extension(name):
            out.append(
                _code(
                    _(
                        "the Markdown extension '{name}' is not one placard knows (Markdown's own, "
                        "pymdownx, Material's): it is Python that runs on every page"
                    ).format(name=name),
                    file,
                    line,
                    "markdown_extensions",
                )
            )
    return out


def code_findings(
    root: Path, text: str, mk: YMap, file: str = CONFIG, depth: int = 0
) -> list[Finding]:
    """Everything in mkdocs.yml (``text``, loaded as ``mk``) that runs code, and the files it INHERITs."""
    out = _tag_findings(text, file) + _module_findings(root, mk, file)
    parent = mk.get("INHERIT")
    if isinstance(parent, str) and parent:
        line = mk.line_of("INHERIT")
        problem = outside(root, (root / file).parent, parent)
        if problem:
            out.append(_path_error(problem, file, line, "INHERIT"))
        elif depth < _INHERIT_DEPTH:
            from .yamlsrc import YamlProblem, load

            path = Path(os.path.normpath((root / file).parent / parent))
            rel = path.relative_to(root).as_posix()
            try:
                ptext = path.read_text("utf-8")
                pmk = load(ptext)
            except (OSError, UnicodeDecodeError, YamlProblem):
                return out  # MkDocs says what is wrong with it
            if isinstance(pmk, YMap):
                out += code_findings(root, ptext, pmk, rel, depth + 1)
    return out


# --------------------------------------------------------------------------- paths


def long_part(value: str) -> str | None:
    """The first part of ``value`` (a path) longer than a file name may be, or None."""
    for part in value.replace("\\", "/").split("/"):
        if len(part.encode("utf-8", "surrogatepass")) > NAME_MAX:
            return part
    return None


def long_part_problem(value: str) -> str | None:
    """A message when a part of the path ``value`` is longer than a file name may be."""
    part = long_part(value)
    if part is None:
        return None
    return _(
        "a part of the path has {n} characters ('{start}…'); a file or folder name may have at most "
        "{max} bytes"
    ).format(n=len(part), start=part[:20], max=NAME_MAX)


def outside(root: Path, base: Path, value: str) -> str | None:
    """Why the path ``value`` (relative to ``base``) is not inside the campaign ``root``, or None."""
    if "\0" in value:
        return _("'{value}' holds a NUL character").format(value=value.replace("\0", "\\0"))
    if (problem := long_part_problem(value)) is not None:
        return problem
    if os.path.isabs(value) or value.startswith("~"):
        where = Path(value).expanduser() if value.startswith("~") else Path(value)
    else:
        where = base / value
    try:
        real = Path(os.path.realpath(where))
        root_real = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return _("'{value}' cannot be read as a path").format(value=value)
    if real == root_real:
        return _("'{value}' is the campaign folder itself").format(value=value)
    if not real.is_relative_to(root_real):
        return _("'{value}' lies outside the campaign folder ({real})").format(
            value=value, real=real
        )
    return None


def _path_error(problem: str, file: str, line: int | None, field: str) -> Finding:
    fix = _(
        "name a folder inside the campaign folder, relative to mkdocs.yml and without "
        "'..' (e.g. {example}), each name at most {max} bytes (85 Chinese characters)"
    ).format(example=_EXAMPLES.get(field, "docs"), max=NAME_MAX)
    if field in ("site_dir", "extra.placard.staff_dir"):
        fix += _(
            "; to build somewhere else, say so yourself on the command line: placard build --out DIR "
            "--staff-out DIR"
        )
    return error(
        "trust.path",
        _("{field}: {problem}").format(field=field, problem=problem),
        file=file,
        line=line,
        field=field,
        fix=fix,
    )


_EXAMPLES = {
    "docs_dir": "docs",
    "site_dir": "site",
    "theme.custom_dir": "overrides",
    "extra.placard.staff_dir": "staff",
    "INHERIT": "base.yml",
}


def path_findings(root: Path, mk: YMap) -> list[Finding]:
    """``docs_dir``, ``site_dir``, ``theme.custom_dir`` and ``extra.placard.staff_dir`` inside the campaign."""
    out: list[Finding] = []
    checks: list[tuple[str, object, int | None]] = []
    for key in ("docs_dir", "site_dir"):
        if key in mk:
            checks.append((key, mk[key], mk.line_of(key)))
    theme = mk.get("theme")
    if isinstance(theme, YMap) and "custom_dir" in theme:
        checks.append(("theme.custom_dir", theme["custom_dir"], theme.line_of("custom_dir")))
    extra = mk.get("extra")
    block = extra.get("placard") if isinstance(extra, YMap) else None
    if isinstance(block, YMap) and "staff_dir" in block:
        checks.append(("extra.placard.staff_dir", block["staff_dir"], block.line_of("staff_dir")))
    for field, value, line in checks:
        if not isinstance(value, str) or not value.strip():
            continue  # the field check (or MkDocs) says what is wrong with it
        problem = outside(root, root, value.strip())
        if problem:
            out.append(_path_error(problem, CONFIG, line, field))
    return out


# --------------------------------------------------------------------------- the user's trust


def trusted_file() -> Path:
    """The user's list of trusted campaign folders (one absolute path a line), outside any campaign."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "placard" / "trusted"


def user_trusts(root: Path, flag: bool = False) -> bool:
    """True when the user trusts the campaign in ``root`` to run code: ``--trust`` (``flag``),
    ``PLACARD_TRUST=1``, or ``root`` listed in :func:`trusted_file`. Never a setting of the campaign."""
    if flag or os.environ.get("PLACARD_TRUST", "") not in ("", "0"):
        return True
    listed = trusted_file()
    try:
        real_root = Path(os.path.realpath(root))
        if real_root == Path(os.path.realpath(listed)) or Path(
            os.path.realpath(listed)
        ).is_relative_to(real_root):
            return False  # a list inside the campaign is the campaign's, not the user's
        lines = listed.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    for line in lines:
        line = line.strip()
        if (
            line
            and not line.startswith("#")
            and os.path.isabs(line)
            and Path(os.path.realpath(line)) == real_root
        ):
            return True
    return False


def allow(findings: list[Finding]) -> list[Finding]:
    """The findings with ``trust.code`` errors as warnings: the user trusts this campaign's code."""
    return [
        replace(f, severity=Severity.WARNING) if f.rule == "trust.code" and f.is_error else f
        for f in findings
    ]
