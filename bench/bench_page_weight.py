"""Page weight: what a phone downloads for a slogan page, the first view, before search is used.

    python bench/bench_page_weight.py                 # builds the example campaign into a temp folder
    python bench/bench_page_weight.py --site site/    # an already built site
    python bench/bench_page_weight.py --page s/traffic-01/

A resident scans a poster's QR code and lands on a slogan page over a mobile network. This opens
that page in headless chromium (Debian's chromium + chromedriver) as a 390x844 phone with an empty
cache, from a local server that gzips text files as a production web server does (nginx `gzip on`),
and adds up the bytes of every response: as the server sent them (which counts the search worker's
own requests too) and as the page saw them (CDP `Network.loadingFinished` encodedDataLength, which
adds headers but does not see inside web workers). Then it opens the search and types a query, and
shows what that costs on top.

It also weighs the whole public site (every file's bytes, what is uploaded and mirrored) against the
same site with the files placard leaves out put back (Material's source maps and the lunr language
files this site's search does not load, as the installed Material ships them), and counts the code
pages written twice (``Q/<CODE>/`` and ``Q/<code>/``).

Targets (issue 22): the first view of a slogan page transfers at most 100 KB (HTML, CSS, JS, fonts and
images it loads; gzip; empty cache); the search index is fetched only when search is opened; the
public site of the example is at most 7 MB (7,000,000 bytes).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "src")]

from browser_support import (  # noqa: E402
    MISSING,
    PHONE,
    load,
    network_events,
    open_search,
    search,
    serve,
    start_chrome,
)

BUDGET_KB = 100
SITE_BUDGET = 7_000_000  # bytes


def build_example(out: Path) -> Path:
    from conftest import copy_example, run_placard

    root = copy_example(out / "campaign")
    proc = run_placard("build", root, "--out", root / "site")
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    return root / "site"


def site_bytes(site: Path) -> tuple[int, int]:
    """(bytes, files) of every file in a built site."""
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(sizes), len(sizes)


def left_out(site: Path) -> dict[str, int]:
    """Bytes of what placard keeps out of the site, as the installed Material ships it: source maps, and
    the lunr files this site's search does not load (``placard.site.trim``)."""
    import material

    from placard.site.trim import LUNR_DIR, MAP_DIRS

    assets = Path(material.__file__).parent / "templates"
    out = {"source maps": 0, "unused search languages": 0}
    for folder in MAP_DIRS:
        for p in (assets / folder).rglob("*.map"):
            if not (site / p.relative_to(assets)).exists():
                out["source maps"] += p.stat().st_size
    for p in (assets / LUNR_DIR).rglob("*.js"):
        if not (site / p.relative_to(assets)).exists():
            out["unused search languages"] += p.stat().st_size
    return out


def lower_case_code_pages(site: Path) -> tuple[int, int]:
    """(bytes, pages) of the ``Q/<code>/`` pages in lower case (the same pages as ``Q/<CODE>/``)."""
    pages = [p for p in (site / "Q").glob("*/index.html") if p.parent.name != p.parent.name.upper()]
    return sum(p.stat().st_size for p in pages), len(pages)


def transfers(events: list[dict]) -> list[tuple[str, int]]:
    """(url, bytes transferred) for each finished request."""
    urls: dict[str, str] = {}
    out = []
    for e in events:
        p = e["params"]
        if e["method"] == "Network.requestWillBeSent":
            urls[p["requestId"]] = p["request"]["url"]
        elif e["method"] == "Network.loadingFinished" and urls.get(p["requestId"], "").startswith("http"):
            out.append((urls[p["requestId"]], int(p.get("encodedDataLength", 0))))
    return out


def settle(driver, seconds: float = 1.5) -> list[dict]:
    """Network events until none arrive for a moment."""
    events: list[dict] = []
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < seconds:
        new = network_events(driver)
        if new:
            events += new
            quiet_since = time.monotonic()
        time.sleep(0.2)
    return events


def table(title: str, rows: list[tuple[str, int]], cdp: int) -> int:
    total = sum(n for _, n in rows)
    print(f"\n{title}")
    print(f"  {'bytes':>9}  resource (as the server sent it)")
    for path, n in sorted(rows, key=lambda r: -r[1]):
        print(f"  {n:>9,}  {path}")
    print(f"  {total:>9,}  total ({total / 1024:.1f} KB); the page saw {cdp:,} bytes with headers (CDP)")
    return total


def baseline_site(site: Path, page: str, tmp: Path) -> Path:
    """The same site with the page as Material ships it (no deferring script): symlinks, one real page."""
    from placard.site.search import DEFER_JS_URI

    out = tmp / "baseline"
    parts = Path(page.strip("/")).parts
    here, src = out, site
    for part in parts:
        here.mkdir(parents=True, exist_ok=True)
        for entry in src.iterdir():
            if entry.name != part:
                (here / entry.name).symlink_to(entry.resolve())
        here, src = here / part, src / part
    here.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        if entry.name != "index.html":
            (here / entry.name).symlink_to(entry.resolve())
    html = (src / "index.html").read_text("utf-8")
    html = re.sub(r'<script src="[^"]*' + re.escape(DEFER_JS_URI) + r'"></script>', "", html)
    (here / "index.html").write_text(html, encoding="utf-8")
    return out


def measure(site: Path, page: str, query: str, profile: Path) -> list[tuple[str, list, int]]:
    steps: list[tuple[str, list, int]] = []
    sent: list[tuple[str, int]] = []
    with serve(site, compress=True, sent=sent) as base:
        driver = start_chrome(profile, *PHONE)
        try:
            network_events(driver)

            def step(title: str, action) -> None:
                action()
                cdp = sum(n for _, n in transfers(settle(driver)))
                steps.append((title, list(sent), cdp))
                sent.clear()

            step("first view (before search is used)", lambda: load(driver, base + page))
            step("opening search", lambda: open_search(driver))
            step(f"searching {query}", lambda: search(driver, query))
        finally:
            driver.quit()
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="a built site (default: build the example campaign)")
    ap.add_argument("--page", default="s/civility-05/", help="the slogan page to open")
    ap.add_argument("--query", default="垃圾分类")
    args = ap.parse_args(argv)
    if MISSING:
        raise SystemExit(MISSING)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_example(Path(tmp))
        size, files = site_bytes(site)
        removed = left_out(site)
        lower_bytes, lower_pages = lower_case_code_pages(site)
        steps = measure(site, args.page, args.query, Path(tmp) / "profile")
        base_steps = measure(baseline_site(site, args.page, Path(tmp)), args.page, args.query,
                             Path(tmp) / "profile-baseline")
    print(f"public site: {size:,} bytes in {files} files ({size / 1e6:.2f} MB)")
    for what, n in removed.items():
        print(f"  left out: {what} {n:,} bytes")
    print(f"  written twice: {lower_pages} code pages in lower case, {lower_bytes:,} bytes")
    print(f"\npage weight of /{args.page} on a {PHONE[0]}x{PHONE[1]} phone, empty cache, gzip")
    totals = [table(title, rows, cdp) for title, rows, cdp in steps]
    base_totals = [sum(n for _, n in rows) for _, rows, _ in base_steps]

    def fetched(steps, needle: str) -> bool:
        return any(needle in p for p, _ in steps[0][1])

    index_first, worker_first = fetched(steps, "search_index.json"), fetched(steps, "/workers/search.")
    ok_weight = totals[0] <= BUDGET_KB * 1024
    ok_size = size <= SITE_BUDGET
    base_size = size + sum(removed.values())
    print()
    print(f"{'measure':<40} {'placard':>9} {'Material':>9} {'target':>8}  ok")
    print(f"{'public site (MB, 10^6 bytes)':<40} {size / 1e6:>9.2f} {base_size / 1e6:>9.2f} "
          f"{SITE_BUDGET / 1e6:>8.0f}  {'yes' if ok_size else 'NO'}")
    print(f"{'first view transferred (KB)':<40} {totals[0] / 1024:>9.1f} {base_totals[0] / 1024:>9.1f} "
          f"{BUDGET_KB:>8}  {'yes' if ok_weight else 'NO'}")
    print(f"{'opening search transferred (KB)':<40} {totals[1] / 1024:>9.1f} {base_totals[1] / 1024:>9.1f}")
    for label, hit, needle in (("search index fetched before search", index_first, "search_index.json"),
                               ("search worker fetched before search", worker_first, "/workers/search.")):
        yn = "yes" if fetched(base_steps, needle) else "no"
        print(f"{label:<40} {('yes' if hit else 'no'):>9} {yn:>9} {'no':>8}  {'NO' if hit else 'yes'}")
    print("(Material: the same page without placard's deferring script, as Material ships it; the same site "
          "with Material's source maps and search-language files put back)")
    return 0 if ok_weight and ok_size and not index_first else 1


if __name__ == "__main__":
    raise SystemExit(main())
