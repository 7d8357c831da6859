"""A page shell rendered once: generated pages of one kind share Material's page but for a few values.

Material's ``main.html`` costs most of a build: at 20,000 slogan pages it renders the same header,
nav, search dialog and footer 20,000 times (the pages sit at one depth and are not in the nav, so
all of that is the same on each). Here it is rendered once per *shape* of page with sentinel values
in place of the page's own ones (its title, canonical address, share meta and body); each further
page of that shape is the shell with its values put back in.

Nothing is assumed about the templates (a campaign may override them):

- the shape (:func:`shape_key`) holds everything of the page the templates may branch on and that is
  not a slot: its depth, its meta (but the slots), whether the body has an ``<h1>`` (Material prints
  the title itself when not), its toc, neighbours, parent and edit link;
- a slot whose sentinel comes out of the templates other than whole (filtered, cut, used in a test)
  and any other per-page value that shows up in the shell (a tag, say) make the shape unfit;
- the first page of each shape is rendered both ways and the shell is used only when the two are the
  same to the byte; otherwise that shape's pages all get the full template.

Values go in as the templates print them: a text slot is escaped HTML (:class:`markupsafe.Markup`,
so ``|e`` and a plain ``{{ }}`` print the same: placard escapes page titles and share meta so); the
body and the canonical address go in as they are. A page with a plain-text value that escaping would
change gets the whole template. ``PLACARD_PAGE_SHELL=0`` turns the shell off (every page renders the whole template).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

log = logging.getLogger("mkdocs.plugins.placard")

#: The template a generated page names (``meta.template``): the filled shell, or Material's page.
TEMPLATE = "placard-shell.html"
#: What that template prints when the page comes from a shell (the context key).
CONTEXT_KEY = "placard_shell_output"

_TOKEN = "PlacardShellSlot"
_SENTINEL = _TOKEN + "{}Zq"  # letters and digits only: escaping and striptags leave it as it is
#: Meta keys that only placard reads (never printed by a template): not part of a page's shape.
_QUIET_META = frozenset({"template", "search"})


def enabled() -> bool:
    return os.environ.get("PLACARD_PAGE_SHELL", "1").strip() not in ("0", "false", "no", "off")


@dataclass
class Shell:
    """The pieces of one rendered page between its slots, and the slot after each piece."""

    pieces: list[str]
    slots: list[str]
    #: The same page after the build's after-render edits (:attr:`Shells.post`), when they proved
    #: to give the same as editing each whole page; else None.
    posted: Shell | None = None

    def fill(self, values: dict[str, str]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)


@dataclass
class Shells:
    """The shells of one build, by shape: a :class:`Shell`, or ``None`` for a shape that cannot have one."""

    by_shape: dict[tuple, Shell | None] = field(default_factory=dict)
    rendered: int = 0  # pages that got the whole template
    filled: list[str] = field(default_factory=list)  # the pages that got a shell (source uris)
    #: The edits the build makes to each rendered page after the template (``on_post_page``): made
    #: once on a shell instead of on each page filled from it (see :func:`render`).
    post: Callable[[str], str] | None = None
    #: Whether a text holds something those edits look for: a page with such a value gets them on its whole HTML.
    sees: Callable[[str], bool] = lambda value: True
    posted: set[str] = field(default_factory=set)  # pages that come out of render() edited already


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return (type(value).__name__, str(value))


def _printed(value: str) -> str | None:
    """A text slot's value as every template prints it, ``|e`` or not: escaped HTML. ``None`` for
    plain text that escaping would change (printed raw, it would differ from ``|e``)."""
    if isinstance(value, Markup):
        return str(value)
    return value if str(escape(value)) == value else None


def _slot_meta(meta: dict) -> tuple[dict, dict[str, str | None], set[str]]:
    """The page's meta with sentinels in its slots; the slot values (as printed); the sentinels of
    per-page values that must not show up in a shell at all (tags)."""
    values: dict[str, str | None] = {}
    forbidden: set[str] = set()
    out = dict(meta)
    for key, value in meta.items():
        if key in _QUIET_META or key == "hide":
            continue
        if key == "placard_og" and isinstance(value, dict):
            og = dict(value)
            for k, v in value.items():
                if isinstance(v, str):
                    name = f"og{k.capitalize()}"
                    og[k] = Markup(_SENTINEL.format(name))
                    values[name] = _printed(v)
            out[key] = og
        elif isinstance(value, str):
            name = f"meta{key.capitalize()}"
            out[key] = Markup(_SENTINEL.format(name))
            values[name] = _printed(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            names = [_SENTINEL.format(f"list{key.capitalize()}{i}") for i in range(len(value))]
            out[key] = [Markup(n) for n in names]
            forbidden.update(names)
    return out, values, forbidden


def shape_key(page, context: dict) -> tuple:
    """What the templates may branch on, apart from the slots (see the module's docstring)."""
    meta = page.meta or {}
    shaped = {}
    for key, value in meta.items():
        if key in _QUIET_META:
            continue
        if key == "placard_og" and isinstance(value, dict):
            shaped[key] = {k: v for k, v in value.items() if not isinstance(v, str)}
        elif isinstance(value, str):
            shaped[key] = "<text>"
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            shaped[key] = ["<text>"] * len(value)
        else:
            shaped[key] = value
    content = page.content or ""
    return (
        context.get("base_url"),
        _freeze(shaped),
        "<h1" in content,
        bool(page.toc),
        page.edit_url,
        page.previous_page is None,
        page.next_page is None,
        page.parent is None,
        page.canonical_url is None,
        page.is_homepage,
    )


def page_values(page) -> dict[str, str] | None:
    """The page's slot values as the templates print them; ``None`` when it cannot go in a shell."""
    _, slots, _ = _slot_meta(page.meta or {})
    if any(v is None for v in slots.values()):
        return None
    values: dict[str, str] = dict(slots)  # type: ignore[arg-type]
    canonical = page.canonical_url
    if canonical is not None:
        if str(escape(canonical)) != canonical:
            return None  # printed raw in one place and escaped in another, maybe: the whole template
        values["canonical"] = canonical
    values["content"] = page.content or ""
    return values


def _content_sentinel(content: str) -> str:
    return _SENTINEL.format("content") + ("<h1>" if "<h1" in content else "")


def make_shell(template, context: dict, page, post: Callable[[str], str] | None = None) -> Shell | None:
    """Render ``template`` for ``page`` with sentinels in its slots and cut it at them; with ``post``,
    also the cut of the edited sentinel page (:attr:`Shell.posted`, checked by :func:`render`)."""
    saved = page.meta, page.content, page.canonical_url
    meta, _, forbidden = _slot_meta(page.meta or {})
    content_sentinel = _content_sentinel(page.content or "")
    try:
        page.meta = meta
        page.content = content_sentinel
        if page.canonical_url is not None:
            page.canonical_url = _SENTINEL.format("canonical")
        output = template.render(context)
    finally:
        page.meta, page.content, page.canonical_url = saved
    if any(f in output for f in forbidden):
        return None
    names = {_SENTINEL.format(n): n for n in ("canonical",)}
    names.update({_SENTINEL.format(n): n for n in _slot_meta(page.meta or {})[1]})
    names[content_sentinel] = "content"
    pattern = re.compile("|".join(re.escape(s) for s in sorted(names, key=len, reverse=True)))
    shell = _cut(output, pattern, names)
    if shell is not None and post is not None:
        shell.posted = _cut(post(output), pattern, names)
    return shell


def _cut(output: str, pattern: re.Pattern, names: dict[str, str]) -> Shell | None:
    pieces: list[str] = []
    slots: list[str] = []
    pos = 0
    for m in pattern.finditer(output):
        pieces.append(output[pos : m.start()])
        slots.append(names[m.group(0)])
        pos = m.end()
    pieces.append(output[pos:])
    if any(_TOKEN in p for p in pieces):
        return None  # a sentinel came out changed (cut, filtered): this shape gets the whole template
    return Shell(pieces, slots)


def _inert(values: dict[str, str], sees: Callable[[str], bool]) -> bool:
    """Whether the after-render edits cannot see a page's own values: no text value holds markup
    (escaped text never does) and ``sees`` finds nothing an edit looks for in any value."""
    for slot, value in values.items():
        if slot != "content" and ("<" in value or ">" in value):
            return False
        if sees(value):
            return False
    return True


def render(shells: Shells, env, context: dict, page) -> str:
    """The page as Material's ``main.html`` (or the campaign's override) renders it: from the
    shell of its shape when there is one that proved right, else from the whole template.

    With :attr:`Shells.post`, a page filled from a shell whose edited pieces proved right (the
    shape's first page, edited whole, came out the same) and whose values the edits cannot see
    (:func:`_inert`) comes back edited already; its uri goes in :attr:`Shells.posted` and
    ``on_post_page`` leaves it as it is. Each further page then costs a join, not five scans of
    its 25 kB."""
    key = shape_key(page, context)
    values = page_values(page)
    shells.posted.discard(page.file.src_uri)  # serve renders a page again: it is edited as it comes out now
    if values is not None and key in shells.by_shape:
        shell = shells.by_shape[key]
        if shell is not None:
            shells.filled.append(page.file.src_uri)
            if shell.posted is not None and _inert(values, shells.sees):
                shells.posted.add(page.file.src_uri)
                return shell.posted.fill(values)
            return shell.fill(values)
    template = env.get_template("main.html")  # not for a filled page: it checks the file on disk each time
    output = template.render(context)
    shells.rendered += 1
    if values is not None and key not in shells.by_shape:
        shell = make_shell(template, context, page, shells.post)
        if shell is not None and shell.fill(values) != output:
            log.debug("placard: page shell for %s differs from the whole template; not used", page.file.src_uri)
            shell = None
        # (make_shell gives an edited shell only when shells.post is set)
        if shell is not None and shell.posted is not None and shell.posted.fill(values) != shells.post(output):
            log.debug("placard: the edited page shell for %s differs from the edited page; edits per page",
                      page.file.src_uri)
            shell.posted = None
        shells.by_shape[key] = shell
    return output


def print_filled_pages_directly(env, overrides_dir: str) -> None:
    """Make placard's ``placard-shell.html`` hand back a filled page as it is.

    The template only prints :data:`CONTEXT_KEY` when it is there; still, Jinja copies MkDocs'
    whole page context for each render (12 µs a page, 0.25 s at 20,000 slogans). Its loaded
    template, when it is placard's own (a campaign's ``custom_dir`` may hold another), returns the
    value straight away; what the template prints is the same string (``{{ }}`` of a
    :class:`~markupsafe.Markup` is the Markup's text, escaped or not). Any other call renders."""
    template = env.get_template(TEMPLATE)
    filename = os.path.abspath(template.filename or "")
    if not filename.startswith(os.path.abspath(overrides_dir) + os.sep):
        return
    render_whole = template.render

    def render(*args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], dict):
            filled = args[0].get(CONTEXT_KEY)
            if filled is not None:
                return str(filled)
        return render_whole(*args, **kwargs)

    template.render = render


def skip_empty_markdown(page) -> None:
    """Let ``page`` skip Python-Markdown when its Markdown is empty (a generated page whose body is
    ready HTML): MkDocs sets up a Markdown instance with every extension for each page, ~0.3 ms, to
    convert nothing. ``Markdown.convert`` returns ``""`` for blank text before any extension runs, so
    the page ends the same: no content, no toc, no anchors, no links, no title from a heading."""
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import get_toc

    def render(config, files) -> None:
        if page.markdown is None or page.markdown.strip():
            Page.render(page, config, files)
            return
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        page.links_to_anchors = {}

    page.render = render
