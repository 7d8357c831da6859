"""Keep out of the built sites what no page uses: source maps and other languages' search files.

Material copies its theme assets whole: the source maps of its bundle, search worker and
stylesheets (1.3 MB, read only by a browser's developer tools) and the lunr language files of
every language it supports (0.9 MB, of which a Chinese site's search loads two). A site is
uploaded, mirrored and backed up whole, so after the build placard removes:

- the ``*.map`` files Material puts in ``assets/javascripts`` and ``assets/stylesheets``, and the
  ``sourceMappingURL`` comment that names each one (so developer tools do not ask for it);
- the files in ``assets/javascripts/lunr/`` that the search worker does not load for the languages
  of this site's search (``config.lang`` of ``search/search_index.json``, which is what the worker
  reads): it loads ``min/lunr.stemmer.support.min.js`` and ``min/lunr.<lang>.min.js`` for each
  language but English, ``min/lunr.multi.min.js`` for more than one language, ``tinyseg.js`` for
  Japanese and ``wordcut.js`` for Hindi and Thai. A site without a search index keeps them all
  (nothing tells which it needs).

Only these two folders of Material's own assets are touched, never a campaign's files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..findings import Finding
from ..model import Campaign
from .registry import AUDIENCES_ALL, POST_BUILD, SiteOptions, serve

#: Material's asset folders that hold source maps.
MAP_DIRS = ("assets/javascripts", "assets/stylesheets")
LUNR_DIR = "assets/javascripts/lunr"
SEARCH_INDEX = "search/search_index.json"
_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=[^\s*]+|/\*# sourceMappingURL=[^*]+\*/)\s*$")


def search_languages(site_dir: Path) -> list[str] | None:
    """The languages the site's search worker sets up (None: no search index, or one not readable)."""
    try:
        data = json.loads((site_dir / SEARCH_INDEX).read_text("utf-8"))
        lang = data["config"]["lang"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if isinstance(lang, str):
        lang = [lang]
    if not isinstance(lang, list) or not all(isinstance(x, str) for x in lang):
        return None
    return lang


def lunr_files(languages: list[str]) -> set[str]:
    """The files under ``assets/javascripts/lunr/`` Material's search worker loads for ``languages``."""
    out: set[str] = set()
    for lang in languages:
        if lang == "ja":
            out.add("tinyseg.js")
        elif lang in ("hi", "th"):
            out.add("wordcut.js")
        if lang != "en":
            out.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        out.add("min/lunr.multi.min.js")
    if out:
        out.add("min/lunr.stemmer.support.min.js")
    return out


def drop_source_maps(site_dir: Path) -> int:
    """Remove Material's source maps and the comments naming them; the bytes removed."""
    removed = 0
    for folder in MAP_DIRS:
        base = site_dir / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*.map")):
            if not path.is_file() or path.is_symlink():
                continue
            removed += path.stat().st_size
            path.unlink()
            named = path.with_suffix("")  # bundle.x.min.js.map -> bundle.x.min.js
            if named.is_file() and not named.is_symlink() and named.suffix in (".js", ".css"):
                text = named.read_text("utf-8")
                trimmed = _MAP_COMMENT.sub("\n", text)
                if trimmed != text:
                    named.write_text(trimmed, encoding="utf-8")
    return removed


def drop_unused_search_languages(site_dir: Path) -> int:
    """Remove the lunr files the search worker does not load for this site's languages; the bytes removed."""
    languages = search_languages(site_dir)
    base = site_dir / LUNR_DIR
    if languages is None or not base.is_dir() or base.is_symlink():
        return 0
    keep = lunr_files(languages)
    removed = 0
    for path in sorted(base.rglob("*.js")):
        rel = path.relative_to(base).as_posix()
        if rel in keep or not path.is_file() or path.is_symlink():
            continue
        removed += path.stat().st_size
        path.unlink()
    return removed


def trim_assets(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    drop_source_maps(Path(site_dir))
    drop_unused_search_languages(Path(site_dir))
    return []


POST_BUILD.append(serve(trim_assets, *AUDIENCES_ALL))
