"""Atomic site builds: MkDocs writes into a temporary folder that replaces the output at the end.

A failed build (a finding, a MkDocs error, a crash in a template) leaves the
previous output folder exactly as it was. Which folder may be replaced, and how
(marker, dot-entries kept, permissions, debris of killed builds), is
:mod:`placard.outdir`'s business.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_hooks, outdir
from .engine import CheckResult
from .i18n import _

HOOK_FILE = Path(__file__).with_name("hooks_entry.py")


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous output is untouched."""


class OutputRefused(BuildFailed):
    """The output folder is one placard must not replace (see :mod:`placard.outdir`)."""


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    seconds: float
    #: with ``build_site(swap=False)``: the finished build, not yet in place of ``site_dir``
    pending: Path | None = None


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        print(f"{record.levelname.lower()}: {msg}", file=sys.stderr)


def load_mkdocs_config(root: Path, site_dir: Path | None = None, **overrides):
    """MkDocs' config of the campaign, with placard's installed hook module in place of the campaign's
    copy (``hooks/placard_hooks.py``: the campaign's file, or a ``__pycache__`` beside it, never runs)
    or added when mkdocs.yml names none, so `placard build` always checks and generates.

    Call it only after the checks: MkDocs runs what mkdocs.yml names (see :mod:`placard.trust`)."""
    from mkdocs.config import load_config

    from .trust import hook_names, placard_hook
    from .yamlsrc import YamlProblem, load

    kwargs = dict(overrides)
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    try:
        mk = load((root / "mkdocs.yml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        mk = {}
    hooks = [str(HOOK_FILE) if placard_hook(root, name) else name for name in hook_names(mk)]
    if str(HOOK_FILE) not in hooks:
        hooks.append(str(HOOK_FILE))
    return load_config(config_file=str(root / "mkdocs.yml"), hooks=hooks, **kwargs)


def default_out(root: Path) -> Path:
    """The site_dir from mkdocs.yml (default 'site'), relative to the campaign."""
    from .yamlsrc import YamlProblem, load

    try:
        mk = load((root / "mkdocs.yml").read_text("utf-8"))
        site = mk.get("site_dir") if isinstance(mk, dict) else None
    except (OSError, YamlProblem):
        site = None
    # absolute but not resolved: a site_dir that is a symbolic link stays one (outdir.check refuses it)
    return Path(os.path.abspath(root / (site if isinstance(site, str) and site else "site")))


@contextmanager
def site_build_into(folder: Path) -> Iterator[None]:
    """Run a MkDocs build into the temporary ``folder``: on failure, stop placard's folder thread
    (:mod:`placard.site.folders`), remove ``folder`` and raise :class:`BuildFailed` saying why.
    ``placard build`` and ``placard serve``'s full build both build through it."""
    import jinja2
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        try:
            yield
        finally:
            mkdocs_hooks.stop_background()  # a failed build's folder thread stops before its folder goes
    except (Abort, MkDocsException) as exc:
        outdir.remove_tree(folder)
        raise BuildFailed(str(exc) or type(exc).__name__) from exc
    except jinja2.TemplateError as exc:  # e.g. a template in the theme's custom_dir
        outdir.remove_tree(folder)
        problem = exc.message or type(exc).__name__
        if getattr(exc, "filename", None):
            said = _("a theme template failed ({file}, line {line}): {problem}. Fix the template (look in the "
                     "theme's custom_dir if mkdocs.yml sets one) or remove it").format(
                file=exc.filename, line=exc.lineno, problem=problem)
        else:
            said = _("a theme template failed: {problem}. Fix the template (look in the theme's custom_dir if "
                     "mkdocs.yml sets one) or remove it").format(problem=problem)
        raise BuildFailed(said) from exc
    except OSError as exc:  # disk full, no permission, ...
        outdir.remove_tree(folder)
        raise BuildFailed(_("could not write the site: {problem}").format(problem=exc)) from exc
    except BaseException:
        outdir.remove_tree(folder)
        raise


def build_site(
    root: Path,
    out: Path | None = None,
    *,
    preview: bool = False,
    posters: bool = True,
    today: dt.date | None = None,
    result: CheckResult | None = None,
    verbose: bool = False,
    clean: bool = False,
    audience: str = "public",
    timings=None,
    progress: bool | None = None,
    swap: bool = True,
) -> BuildReport:
    """Build ``root`` into ``out`` atomically. Raises :class:`BuildFailed`.

    ``swap=False``: leave the finished build beside ``out`` (the report's ``pending``) for
    :func:`swap_all`, which puts several sites in place together.

    ``clean``: replace ``out`` even though it has no placard marker (:func:`outdir.check`).
    ``timings``: a :class:`placard.timing.Timings` that gets the time of pages, posters and search
    (``progress``: a bar of the pages written; None shows it on a terminal).
    """
    import contextlib
    import time

    from mkdocs.commands.build import build

    from .timing import measure_build

    root = root.resolve()
    out = check_out(root, out, clean=clean)
    outdir.clean_stale(out)
    try:
        tmp = outdir.make_temp(out)
    except OSError as exc:
        raise BuildFailed(_("could not make a folder beside {out} to build in: {problem}").format(
            out=out, problem=exc)) from exc
    handler = _StderrHandler(logging.INFO if verbose else logging.WARNING)
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    old_level = mk_logger.level
    mk_logger.setLevel(logging.INFO if verbose else logging.WARNING)
    mkdocs_hooks.set_options(mkdocs_hooks.BuildOptions(preview=preview, posters=posters, today=today, result=result,
                                                       audience=audience))
    start = time.monotonic()
    try:
        with site_build_into(tmp):
            config = load_mkdocs_config(root, tmp)
            measured = measure_build(config, timings, progress) if timings is not None else contextlib.nullcontext()
            with measured:
                build(config)
    finally:
        mkdocs_hooks.set_options(None)
        mk_logger.removeHandler(handler)
        mk_logger.setLevel(old_level)
    if not swap:
        return BuildReport(out, time.monotonic() - start, pending=tmp)
    swap_all([(tmp, out)])
    return BuildReport(out, time.monotonic() - start)


def swap_all(pairs: list[tuple[Path, Path]]) -> None:
    """Put each finished build (``pending``, ``out``) in place of its output: all of them or none.

    When one cannot take its place, the outputs already swapped get their previous folders back
    and every new build is removed; :class:`BuildFailed` says why. The previous outputs go (their
    dot-entries handed over) only once every new one is in place.
    """
    done: list[tuple[Path | None, Path]] = []
    for i, (tmp, out) in enumerate(pairs):
        try:
            old = outdir.swap_in(tmp, out, finish=False)
        except OSError as exc:
            for old_out, done_out in reversed(done):
                try:
                    outdir.swap_back(old_out, done_out)
                except OSError:
                    pass  # the new site stays there: better than none
            for rest, _out in pairs[i:]:
                outdir.remove_tree(rest)
            raise BuildFailed(_("could not put the new site in place of {out}: {error}").format(
                out=out, error=exc)) from exc
        done.append((old, out))
    for old, out in done:
        outdir.finish_swap(old, out)


def check_out(root: Path, out: Path | None, *, clean: bool = False) -> Path:
    """The resolved output folder for ``root`` (default: site_dir), or :class:`OutputRefused`."""
    try:
        return outdir.check(root, out if out is not None else default_out(root), clean=clean)
    except outdir.Refused as exc:
        raise OutputRefused(str(exc)) from exc
