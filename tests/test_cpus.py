"""Worker counts follow the CPUs a run may use (its affinity), not the machine's CPU count."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import copy_example, env

from placard import cpus
from placard.engine import check_campaign
from placard.posters import build as poster_build
from placard.posters.plan import make_plan

needs_affinity = pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")


@needs_affinity
def test_a_pinned_process_gets_one_worker():
    code = "import os; os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]}); " \
           "from placard.cpus import worker_count; print(worker_count(), worker_count(3))"
    out = subprocess.run([sys.executable, "-c", code], env=env(), capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "3"]  # --jobs 3 is still 3: the user asked


def test_the_machine_count_is_not_used(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert cpus.worker_count() == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(32)), raising=False)
    assert cpus.worker_count() == cpus.MAX_WORKERS


def test_posters_on_one_usable_cpu_start_no_process_pool(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "c")
    jobs = make_plan(check_campaign(root).campaign).jobs[:2]
    assert len({j.key for j in jobs}) == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)

    def no_pool(*a, **k):
        raise AssertionError("a process pool was started on a run that may use one CPU")

    monkeypatch.setattr(poster_build, "ProcessPoolExecutor", no_pool)
    (tmp_path / "cache").mkdir()  # a folder the user made (placard itself draws under .cache/)
    report = poster_build.render_jobs(jobs, tmp_path / "cache", tmp_path / "out")
    assert report.rendered == 2 and not report.failed
