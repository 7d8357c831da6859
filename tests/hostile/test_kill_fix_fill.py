"""Issue 10, "done when": `placard check --fix` and `placard fill LIST --write` killed with
SIGKILL at random points never leave a user's file truncated or half-written, the next run
of the same command leaves no `.placard-*` debris, and the next `placard check` works.

Each run starts from a copy of the example campaign with fixable punctuation errors
injected into every slogan and page (`，` written as `,`) and a placement list with vacant
slots (CRLF, comments, flow and block style). Half the runs are killed a random 0–1.5 s
after start (start-up, loading, checking), half at a random point of the writing phase:
once a random number k of the files to change have been replaced (k = 0: as soon as the
first temporary file appears; `fill` writes one file, so always then). Delays and k come
from a seeded generator. Then:

* every file is byte for byte either the old content or the content a complete run writes;
* checking the campaign still loads every file (no `load.*` finding: no debris is read);
* running the same command again completes, writes the complete result and leaves no
  `.placard-*` file anywhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_example, env, run_placard

RUNS = {"fix": 13, "fill": 12}  # 25 kills in all (another test kills `build` 25 times)
SEED = 20261126
TODAY = dt.date(2026, 10, 15)
DATE = ("--date", TODAY.isoformat())

FILL_LIST = "\r\n".join([
    "# 光明大道临时道旗（测试：CRLF、注释、流式与块式混写）",
    "name: 光明大道临时道旗",
    "type: banner",
    "location: 光明大道西侧",
    "period: {from: 2026-10-01, to: 2026-12-31}",
    "rule: {min_public: 0.6, measure: count}",
    "slots:",
    *[f"  - {{id: t{i:02d}, order: {i}, kind: commercial, advertiser: 凤凰百货}}" if i % 4 == 0 else
      f"  - {{id: t{i:02d}, order: {i}, kind: vacant}}  # 空置, 待补" if i % 2 else
      f"  - id: t{i:02d}\r\n    order: {i}\r\n    kind: 'vacant'   # {{待补, 见表}}" for i in range(1, 41)],
    "",
])


def _inject(root: Path) -> None:
    for folder in ("slogans", "docs/guides", "docs/ads"):
        for p in (root / folder).glob("*.md"):
            if p.name in ("index.md", "README.md"):
                continue
            text = p.read_text(encoding="utf-8")
            p.write_text(text.replace("，", ","), encoding="utf-8")
    (root / "posters/placements/hostile-banners.yml").write_bytes(FILL_LIST.encode("utf-8"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(root).parts}


COMMANDS = {
    "fix": lambda root: ("check", str(root), "--fix", "--warn-only", *DATE),  # the list fails until filled
    "fill": lambda root: ("fill", "hostile-banners", "--dir", str(root), "--write", *DATE),
}


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The injected campaign (old) and, per command, what a complete run makes of it (new)."""
    base = copy_example(tmp_path_factory.mktemp("kill") / "base")
    _inject(base)
    old = _snapshot(base)
    new = {}
    for name, cmd in COMMANDS.items():
        ref = tmp_path_factory.mktemp(f"ref-{name}") / "c"
        shutil.copytree(base, ref)
        proc = run_placard(*cmd(ref))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        new[name] = _snapshot(ref)
        changed = [f for f in old if new[name].get(f) != old[f]]
        assert len(changed) >= (30 if name == "fix" else 1), changed  # there is plenty to write
    return base, old, new


def _debris(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(".placard-*"))


WATCHED = ("slogans", "docs/guides", "docs/ads", "posters/placements")


def _inodes(root: Path) -> dict[str, int]:
    out = {}
    for folder in WATCHED:
        with os.scandir(root / folder) as it:
            out.update({f"{folder}/{e.name}": e.inode() for e in it})
    return out


def _wait_for_writes(root: Path, proc: subprocess.Popen, replaced: int, timeout: float = 60.0) -> None:
    """Return once ``replaced`` files have been renamed over (0: once a temporary file appears)."""
    before = _inodes(root)
    end = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < end:
        now = _inodes(root)
        if replaced == 0:
            if any(Path(name).name.startswith(".placard-tmp-") for name in now):
                return
        elif sum(1 for name, ino in now.items() if name in before and before[name] != ino) >= replaced:
            return
        time.sleep(0.0005)


def _run_in_process(args) -> tuple[int, str]:
    from placard.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(list(args))
    return code, buf.getvalue()


@pytest.mark.slow
def test_kill_check_fix_and_fill_write_at_random_points(states, tmp_path):
    from placard.engine import check_campaign

    base, old, new = states
    changed = {name: sum(new[name][f] != old[f] for f in old) for name in new}
    rnd = random.Random(SEED)
    plan = [(name, k % 2 == 1) for name, n in RUNS.items() for k in range(n)]
    rnd.shuffle(plan)
    caught_mid_way = 0
    for i, (name, in_write) in enumerate(plan):
        root = tmp_path / f"run{i:02d}"
        shutil.copytree(base, root)
        proc = subprocess.Popen([sys.executable, "-m", "placard", *COMMANDS[name](root)], env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if in_write:  # a random point of the writing phase: after k of the files are replaced
            k = rnd.randrange(changed[name])
            _wait_for_writes(root, proc, k)
            when = f"after {k} file(s) replaced"
        else:  # a random point of start-up, loading and checking
            delay = rnd.uniform(0.0, 1.5)
            time.sleep(delay)
            when = f"{delay:.3f} s after start"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        label = f"run {i} ({name}, killed {when})"

        # Every user file is exactly the old or exactly the new content.
        now = _snapshot(root)
        debris = _debris(root)
        for f, data in now.items():
            if f in debris:
                continue
            assert f in old or f in new[name], f"{label}: unexpected file {f}"
            assert data in (old.get(f), new[name].get(f)), f"{label}: {f} is neither old nor new"
        assert set(old) <= set(now), f"{label}: a file disappeared"
        if debris or (any(now[f] != old[f] for f in old) and any(now[f] != new[name][f] for f in old)):
            caught_mid_way += 1

        # The next check reads every file (debris is not mistaken for content).
        result = check_campaign(root, TODAY)
        assert result.campaign is not None, label
        assert not [f for f in result.findings if f.rule.startswith("load.")], f"{label}: {result.findings}"

        # The same command again finishes the job and leaves nothing behind.
        code, out = _run_in_process(COMMANDS[name](root))
        assert code == 0, f"{label}: {out}"
        assert _debris(root) == [], label
        assert _snapshot(root) == new[name], label
        shutil.rmtree(root)
    # Kills must land while files are being written, or the test proves little: at least
    # every `check --fix` run killed after k replaced files (the `fill` ones may finish first).
    in_write_fix = sum(1 for name, in_write in plan if in_write and name == "fix")
    assert caught_mid_way >= in_write_fix, f"only {caught_mid_way} run(s) killed while writing"
