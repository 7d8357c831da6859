"""Page addresses as MkDocs will write them, and relative links between them."""

from __future__ import annotations

import posixpath


def page_url(uri: str, use_directory_urls: bool = True) -> str:
    """'s/a.md' -> 's/a/' (or 's/a.html'); 'x/index.md' -> 'x/'; other files unchanged."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    if use_directory_urls:
        return stem + "/"
    return stem + ".html"


def relative_url(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """Link from the page built from ``from_uri`` to the page or file ``to_uri``."""
    here = page_url(from_uri, use_directory_urls)
    there = page_url(to_uri, use_directory_urls)
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    rel = _relpath(there, base)
    if rel == ".":
        return "./"
    if there.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def _relpath(there: str, base: str) -> str:
    """``posixpath.relpath(there or ".", base or ".")`` for site paths, without its two getcwd calls
    (it makes every path absolute first): called for every link of every page, tens of thousands of times."""
    start = [p for p in base.split("/") if p and p != "."]
    target = [p for p in there.split("/") if p and p != "."]
    if ".." in start or ".." in target:
        return posixpath.relpath(there or ".", base.rstrip("/") or ".")
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def slogan_uri(slogan_id: str) -> str:
    return f"s/{slogan_id}.md"


def theme_uri(theme_id: str) -> str:
    return f"slogans/{theme_id}.md"


def item_uri(item) -> str:
    """The page a slogan, ad or guide lives on (QR codes and placement tables link here)."""
    if item.kind == "slogan":
        return slogan_uri(item.id)
    return item.page_uri


def thumb_uri(ad_id: str) -> str:
    return f"ads/thumbs/{ad_id}.jpg"


def content_link(from_uri: str, to_uri: str, options) -> str | None:
    """A link to a public page (a slogan, guide, ad, theme): relative in the public site; from the staff
    site, which holds no public pages, the page's address on the public site (``site_url``), or None
    when the campaign has no site_url."""
    if getattr(options, "audience", "public") == "staff":
        base = getattr(options, "public_url", None)
        if not base:
            return None
        return base.rstrip("/") + "/" + page_url(to_uri, options.use_directory_urls)
    return relative_url(from_uri, to_uri, options.use_directory_urls)
