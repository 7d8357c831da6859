"""Posters in the built example site: gallery, QR redirect pages, and every code read back."""

from __future__ import annotations

import re

import pytest
from conftest import run_placard
from test_posters import make_campaign

pytestmark = pytest.mark.slow


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="([^"#?]+)"', html))


def test_gallery_links_every_poster_file(built_example):
    staff = built_example.parent / "staff"  # every print file is in the staff site
    gallery = staff / "posters" / "index.html"
    html = gallery.read_text("utf-8")
    linked = {(gallery.parent / h).resolve() for h in hrefs(html) if not h.lower().startswith(("http", "/", "data:"))}
    files = {p.resolve() for p in (staff / "posters").rglob("*") if p.is_file() and p != gallery}
    assert files, "no poster files in the built site"
    assert files - linked == set(), sorted(str(p) for p in files - linked)[:5]
    for kind in (".png", ".pdf", ".preview.jpg", "-contact-sheet.pdf"):
        assert any(str(p).endswith(kind) for p in files), kind
    # the gallery is one nav section with only its index, and is not in the search index
    assert "宣传海报" in (staff / "index.html").read_text("utf-8")
    assert '"location":"posters/"' not in (staff / "search" / "search_index.json").read_text("utf-8")
    assert '"location":"posters/"' not in (built_example / "search" / "search_index.json").read_text("utf-8")


def test_qr_redirect_pages_lead_to_existing_pages(built_example):
    pages = list((built_example / "Q").glob("*/index.html"))
    assert len(pages) >= 30
    search = (built_example / "search" / "search_index.json").read_text("utf-8")
    for page in pages:
        html = page.read_text("utf-8")
        m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
        assert m, page
        target = (page.parent / m.group(1) / "index.html").resolve()
        assert target.is_file(), (page, m.group(1))
        assert f'href="{m.group(1)}"' in html  # a plain link too
        assert f"Q/{page.parent.name}/" not in search


def test_verify_reads_every_code_of_the_example(built_example):
    root = built_example.parent  # posters go to the staff site; codes lead into the public site
    proc = run_placard("posters", root, "--verify", "--out", root / "staff", "--site", built_example)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    m = re.search(r"verified (\d+) code\(s\).*?(\d+)/\1 read at full size, (\d+)/\1 from the scanning distance, "
                  r"(\d+)/\1 lead to a page", out)
    assert m, out
    n = int(m.group(1))
    assert n >= 20 and m.group(2) == m.group(3) == m.group(4) == str(n)
    assert "0 rendered" in out  # everything came from the build's cache
    # the scan rate per format, from simulated phone photos at each format's declared distance: all >= 95 %
    rows = re.findall(r"^\s+(\S+)\s+[\d.]+m\s+[\d.]+°\s+(\d+)\s+(\d+)/(\d+)\s+\d+%$", out, re.M)
    assert {"A3", "LED"} <= {r[0] for r in rows}, out
    assert sum(int(r[1]) for r in rows) == n
    for name, _, read, taken in rows:
        assert int(read) >= 0.95 * int(taken), (name, read, taken)
    assert "banner carry no code" in out  # the cloth banners above the road (posters/banner.yml)


def test_no_posters_builds_the_site_without_poster_files(tmp_path):
    root = make_campaign(tmp_path / "c")
    out = tmp_path / "site"
    proc = run_placard("build", root, "--out", out, "--no-posters")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    staff = root / "staff"
    assert [p.name for p in (staff / "posters").iterdir()] == ["index.html"]
    assert "--no-posters" in (staff / "posters" / "index.html").read_text("utf-8")
    assert list((out / "Q").glob("*/index.html"))  # codes keep working without the poster files
    proc = run_placard("build", root, "--out", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (staff / "posters" / "cards" / "traffic-01.pdf").is_file()
    assert not (out / "posters").exists()  # no public_sets: no print file is published


@pytest.mark.parametrize("directory_urls", [True, False])
def test_redirect_pages_are_small_standalone_pages_in_either_url_style(tmp_path, directory_urls):
    from test_posters import MKDOCS

    root = make_campaign(tmp_path / "c", mkdocs=MKDOCS + f"use_directory_urls: {str(directory_urls).lower()}\n")
    out = tmp_path / "site"
    proc = run_placard("build", root, "--out", out, "--no-posters")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = list((out / "Q").glob("*/index.html"))
    assert len(pages) >= 5
    for page in pages:
        html = page.read_text("utf-8")
        assert len(html.encode()) < 2000 and "md-nav" not in html  # no theme, no navigation
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html).group(1)
        assert target.endswith("/" if directory_urls else ".html"), target
        landing = page.parent / target / "index.html" if directory_urls else page.parent / target
        assert landing.resolve().is_file(), (page, target)
        assert f'location.replace("{target}")' in html and f'href="{target}"' in html
        assert "http" not in html.replace('http-equiv', '')  # nothing from another host


def test_a_campaign_without_placement_lists_has_no_placements_section(tmp_path):
    root = make_campaign(tmp_path / "c")
    assert not (root / "posters" / "placements").exists()
    out = tmp_path / "site"
    proc = run_placard("build", root, "--out", out, "--no-posters")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "placements/index.md" not in proc.stdout + proc.stderr  # no nav entry to a missing page
    home = (root / "staff" / "index.html").read_text("utf-8")
    assert "点位台账" not in home and "台账下载" not in home and "宣传海报" in home
    assert not (root / "staff" / "placements").exists() and not (root / "staff" / "ledger").exists()
