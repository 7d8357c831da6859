"""SIGKILL `placard build` at random points: the site is the old one or the new one, never lost.

Issue 10's "Done when": after any kill the previous site is intact (or the new one is complete),
the sources are unchanged, the next build leaves no `.site.building-*`/`.site.old-*` debris,
the deploy checkout `site/.git` survives, and no poster worker outlives the killed build.
"""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import copy_example, env

pytestmark = pytest.mark.slow

RUNS = 25  # kills of a site-only build (check --fix and fill --write have their own kill tests)
POSTER_RUNS = 3  # kills while poster workers are drawing
SEED = 10  # issue 10


def _env() -> dict[str, str]:
    e = env()
    e["SOURCE_DATE_EPOCH"] = "1790000000"  # the same sources give the same bytes (sitemap dates)
    return e


def start_build(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "placard", "build", str(root), *args],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def build(root: Path, *args: str) -> float:
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "placard", "build", str(root), *args],
                          env=_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return time.monotonic() - t0


def snapshot(site: Path) -> dict[str, str] | None:
    """Every visible file of the site with its hash (dot-entries are the user's, checked apart)."""
    if not site.is_dir():
        return None
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file() and not p.relative_to(site).parts[0].startswith(".")}


def sources(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for part in ("mkdocs.yml", "docs", "slogans", "posters", "hooks")
            for p in ([root / part] if (root / part).is_file() else sorted((root / part).rglob("*")))
            if p.is_file() and "__pycache__" not in p.parts}


def debris(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site.building-", ".site.old-")))


def children(pid: int) -> list[int]:
    """PIDs whose parent is ``pid`` (from /proc)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text().rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                out.append(int(d.name))
    return out


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def touch_campaign(root: Path, i: int) -> None:
    """A change in the sources, so the killed build's site differs from the previous one."""
    page = root / "docs" / "index.md"
    page.write_text(page.read_text("utf-8") + f"\n第 {i} 次构建。\n", "utf-8")


def check_after_kill(root: Path, site: Path, prev: dict, src: dict) -> dict:
    """Assertions right after a kill; returns the snapshot of what is in site/ now."""
    assert sources(root) == src, "a killed build changed the campaign's sources"
    now = snapshot(site)
    # the deploy checkout is in site/ or, caught mid-swap, in a temporary folder the next build hands back
    assert (site / ".git" / "HEAD").is_file() or any((root / d / ".git" / "HEAD").is_file() for d in debris(root))
    return now


def check_next_build(root: Path, site: Path, prev: dict, after_kill: dict | None) -> dict:
    build(root, "--no-posters")
    new = snapshot(site)
    assert after_kill in (prev, new), "after the kill, site/ was neither the previous site nor the new one"
    assert debris(root) == [], debris(root)
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / ".nojekyll").is_file()
    return new


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigkill_during_build_never_loses_the_site_sources_or_leaves_debris(tmp_path):
    rng = random.Random(SEED)
    root = copy_example(tmp_path / "c")
    site = root / "site"
    seconds = build(root, "--no-posters")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_text("")
    prev = snapshot(site)
    seen: Counter = Counter()  # where the kills landed, printed for the curious (-s)
    for i in range(RUNS):
        touch_campaign(root, i)
        src = sources(root)
        proc = start_build(root, "--no-posters")
        time.sleep(rng.uniform(0, seconds))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        after_kill = check_after_kill(root, site, prev, src)
        seen["old site" if after_kill == prev else "new site"] += 1
        seen["debris left"] += bool(debris(root))
        prev = check_next_build(root, site, prev, after_kill)
    print(f"\n{RUNS} kills (build took {seconds:.1f} s): {dict(seen)}")

    # poster workers: kill while they draw (an empty cache makes every poster a job for the pool)
    for i in range(POSTER_RUNS):
        touch_campaign(root, RUNS + i)
        src = sources(root)
        proc = start_build(root)
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            workers = children(proc.pid)
            time.sleep(0.05)
        assert workers, "the build with posters started no worker processes"
        time.sleep(rng.uniform(0, 1.0))
        workers = sorted(set(workers) | set(children(proc.pid)))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        deadline = time.monotonic() + 10
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if running(w)]
        for w in left:  # never leave them behind, even when the test fails
            subprocess.run(["kill", "-9", str(w)], check=False)
        assert left == [], f"poster workers {left} outlived the killed build"
        after_kill = check_after_kill(root, site, prev, src)
        assert after_kill == prev, "a build killed while drawing posters changed the site"
        prev = check_next_build(root, site, prev, after_kill)
