"""Keep the built site free of requests to other hosts.

Material's JavaScript bundle loads two scripts from unpkg.com when it needs
them: a ResizeObserver polyfill (on old browsers, such as the built-in browsers
of some chat apps) and Mermaid (only for diagrams). Hosts abroad are slow or
unreachable for residents in mainland China, so the built bundle gets a
self-contained polyfill (a ``data:`` script) instead, and Mermaid is switched
off (placard sites carry no diagrams).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import quote

from ..findings import Finding, warning
from ..model import Campaign
from .registry import AUDIENCES_ALL, POST_BUILD, SiteOptions, serve

POLYFILL_URL = "https://unpkg.com/resize-observer-polyfill"
MERMAID_PREFIX = "https://unpkg.com/mermaid@"


def _data_url(js: str) -> str:
    return "data:text/javascript," + quote(js, safe="")


def patch_bundle(text: str, polyfill_js: str) -> str:
    text = text.replace(POLYFILL_URL, _data_url(polyfill_js))
    start = text.find(MERMAID_PREFIX)
    while start != -1:
        end = text.find('"', start)
        text = text[:start] + _data_url("") + text[end:]
        start = text.find(MERMAID_PREFIX)
    return text


def make_offline(campaign: Campaign, options: SiteOptions, site_dir: Path) -> list[Finding]:
    polyfill = resources.files("placard").joinpath("data", "resize-observer.js").read_text("utf-8")
    findings: list[Finding] = []
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = bundle.read_text("utf-8")
        patched = patch_bundle(text, polyfill)
        if patched != text:
            bundle.write_text(patched, encoding="utf-8")
    if campaign.config.raw.get("repo_url") or _mk_repo_url(campaign):
        findings.append(
            warning(
                "site.external-host",
                "repo_url is set: Material will ask api.github.com for repository facts, "
                "which is slow or unreachable in mainland China",
                file="mkdocs.yml",
                fix="remove repo_url from mkdocs.yml",
            )
        )
    return findings


def _mk_repo_url(campaign: Campaign) -> bool:
    try:
        return "\nrepo_url:" in "\n" + (campaign.root / "mkdocs.yml").read_text("utf-8")
    except OSError:
        return False


POST_BUILD.append(serve(make_offline, *AUDIENCES_ALL))
