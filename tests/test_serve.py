"""placard serve: a live preview that rebuilds when a slogan changes."""

from __future__ import annotations

import time
import urllib.request

import pytest
from conftest import copy_example, free_port, placard_serve  # noqa: F401  (free_port: other tests import it here)

pytestmark = pytest.mark.slow


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str, seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    page = None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and needle in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never appeared at {url}; last page: {(page or '')[:300]}")


def test_serve_rebuilds_on_slogan_edit(tmp_path):
    root = copy_example(tmp_path / "c")
    with placard_serve(root) as (base, _proc):
        wait_for(base + "s/traffic-01/", "礼让斑马线")
        # drafts are shown in the preview, marked
        assert "草稿" in wait_for(base + "s/traffic-draft-01/", "出行靠右走")
        slogan = root / "slogans" / "traffic-01.md"
        slogan.write_text(slogan.read_text("utf-8").replace("安全每一天", "平安每一天"), "utf-8")
        wait_for(base + "s/traffic-01/", "平安每一天")
        assert fetch(base + "posters/traffic-a3/traffic-01.png") is None  # no print files in the preview


def test_serve_staff_serves_the_staff_site(tmp_path):
    root = copy_example(tmp_path / "c")
    with placard_serve(root, "--staff") as (base, _proc):
        page = wait_for(base + "placements/fenghuang-hoarding/", "凤凰路地铁站施工围挡")
        assert "内部资料" in page and 'name="robots" content="noindex' in page
        assert fetch(base + "s/traffic-01/") is None  # no public pages in the staff site
