"""placard serve: a live preview that rebuilds when a slogan changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import copy_example, env

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "placard", "serve", str(root), "-a", f"127.0.0.1:{port}"],
        env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "s/traffic-01/", "礼让斑马线")
        # drafts are shown in the preview, marked
        assert "草稿" in wait_for(base + "s/traffic-draft-01/", "出行靠右走")
        slogan = root / "slogans" / "traffic-01.md"
        slogan.write_text(slogan.read_text("utf-8").replace("安全每一天", "平安每一天"), "utf-8")
        wait_for(base + "s/traffic-01/", "平安每一天")
        assert fetch(base + "posters/traffic-a3/traffic-01.png") is None  # no print files in the preview
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_staff_serves_the_staff_site(tmp_path):
    root = copy_example(tmp_path / "c")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "placard", "serve", str(root), "-a", f"127.0.0.1:{port}", "--staff"],
        env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        page = wait_for(base + "placements/fenghuang-hoarding/", "凤凰路地铁站施工围挡")
        assert "内部资料" in page and 'name="robots" content="noindex' in page
        assert fetch(base + "s/traffic-01/") is None  # no public pages in the staff site
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
