"""Atomic site builds: MkDocs writes into a temporary folder that replaces the output at the end.

A failed build (a finding, a MkDocs error, a crash in a template) leaves the
previous output folder exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_hooks
from .engine import CheckResult

HOOK_FILE = Path(__file__).with_name("hooks_entry.py")


class BuildFailed(Exception):
    """The build stopped; the message says why. The previous output is untouched."""


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    seconds: float


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        print(f"{record.levelname.lower()}: {msg}", file=sys.stderr)


def _uses_placard_hooks(config) -> bool:
    """True when one of mkdocs.yml's ``hooks:`` modules is placard's (it re-exports our event handlers).

    MkDocs keeps the hooks as {name as written: loaded module}; the name is a path relative to the
    campaign, so it is the module, not the name, that tells (whatever the current directory is).
    """
    return any(getattr(module, "on_files", None) is mkdocs_hooks.on_files for module in (config.hooks or {}).values())


def load_mkdocs_config(root: Path, site_dir: Path | None = None, **overrides):
    from mkdocs.config import load_config

    kwargs = dict(overrides)
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    config = load_config(config_file=str(root / "mkdocs.yml"), **kwargs)
    if not _uses_placard_hooks(config):
        # The campaign's mkdocs.yml does not load placard's hooks: add them, so
        # `placard build` always checks and generates.
        config = load_config(
            config_file=str(root / "mkdocs.yml"), hooks=[*(config.hooks or []), str(HOOK_FILE)], **kwargs
        )
    return config


def default_out(root: Path) -> Path:
    """The site_dir from mkdocs.yml (default 'site'), relative to the campaign."""
    from .yamlsrc import YamlProblem, load

    try:
        mk = load((root / "mkdocs.yml").read_text("utf-8"))
        site = mk.get("site_dir") if isinstance(mk, dict) else None
    except (OSError, YamlProblem):
        site = None
    return (root / (site if isinstance(site, str) and site else "site")).resolve()


def build_site(
    root: Path,
    out: Path | None = None,
    *,
    preview: bool = False,
    posters: bool = True,
    today: dt.date | None = None,
    result: CheckResult | None = None,
    verbose: bool = False,
    audience: str = "public",
) -> BuildReport:
    """Build ``root`` into ``out`` atomically. Raises :class:`BuildFailed`."""
    import time

    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    root = root.resolve()
    out = (out or default_out(root)).resolve()
    if out == root or out in root.parents:
        raise BuildFailed(f"the output folder {out} would replace the campaign itself: choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    handler = _StderrHandler(logging.INFO if verbose else logging.WARNING)
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    old_level = mk_logger.level
    mk_logger.setLevel(logging.INFO if verbose else logging.WARNING)
    mkdocs_hooks.set_options(mkdocs_hooks.BuildOptions(preview=preview, posters=posters, today=today, result=result,
                                                       audience=audience))
    start = time.monotonic()
    try:
        config = load_mkdocs_config(root, tmp)
        build(config)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildFailed(str(exc) or type(exc).__name__) from exc
    except jinja2.TemplateError as exc:  # e.g. a template in the theme's custom_dir
        shutil.rmtree(tmp, ignore_errors=True)
        where = f" ({exc.filename}, line {exc.lineno})" if getattr(exc, "filename", None) else ""
        raise BuildFailed(f"a theme template failed{where}: {exc.message or type(exc).__name__}. Fix the template "
                          "(look in the theme's custom_dir if mkdocs.yml sets one) or remove it") from exc
    except OSError as exc:  # disk full, no permission, ...
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildFailed(f"could not write the site: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        mkdocs_hooks.set_options(None)
        mk_logger.removeHandler(handler)
        mk_logger.setLevel(old_level)
    _swap(tmp, out)
    return BuildReport(out, time.monotonic() - start)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` in place of ``out``; the old folder goes only once the new one is there."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{new.name[-8:]}")
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
