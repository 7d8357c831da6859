"""A build ends with where its time went (a table, or JSON); long runs show a bar with counts and an estimate."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from conftest import copy_example, run_placard

from placard.engine import check_campaign
from placard.posters import build as poster_build
from placard.posters.plan import make_plan
from placard.progress import Bar


@pytest.mark.slow
def test_build_format_json_says_where_the_time_went(tmp_path):
    root = copy_example(tmp_path / "c")
    r = run_placard("build", root, "--no-posters", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)  # stdout is the JSON alone
    assert data["ok"] is True and [s["site"] for s in data["sites"]] == ["public", "staff"]
    phases = {p["phase"]: p for p in data["phases"]}
    assert {"load", "checks", "pages", "search", "other"} <= phases.keys()
    built = sum(1 for _ in (root / "site").rglob("*.html")) + sum(1 for _ in (root / "staff").rglob("*.html"))
    assert 0 < phases["pages"]["count"] <= built
    assert sum(p["seconds"] for p in data["phases"]) == pytest.approx(data["total_seconds"], abs=0.05)
    assert "built the public site" in r.stderr


@pytest.mark.slow
def test_build_text_ends_with_the_table(tmp_path):
    root = copy_example(tmp_path / "c")
    r = run_placard("build", root, "--no-posters", "--no-staff")
    assert r.returncode == 0, r.stderr
    tail = r.stdout.split("where the time went", 1)[1]
    for phase in ("load", "checks", "pages", "search", "total"):
        assert f"\n{phase} " in tail


def test_a_bar_shows_counts_and_an_estimate():
    out = io.StringIO()
    bar = Bar(40, "posters", " posters", enabled=True, stream=out)
    for _ in range(10):
        bar.step()
    bar.close()
    text = out.getvalue()
    assert "10/40" in text and "<" in text  # tqdm's "elapsed<left"


def test_no_bar_in_a_pipe():
    out = io.StringIO()  # not a terminal
    bar = Bar(40, "posters", enabled=None, stream=out)
    bar.step(40)
    bar.close()
    assert out.getvalue() == ""


def test_slots_that_share_a_poster_are_said_so(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "c")
    job = make_plan(check_campaign(root).campaign).jobs[0]
    twins = [job, replace(job, out=job.out + "-b", slot=("list", "s2")), replace(job, out=job.out + "-c")]
    assert len({j.key for j in twins}) == 1
    out = io.StringIO()
    report = poster_build.render_jobs(twins, tmp_path / "cache", tmp_path / "site", workers=1,
                                      progress=poster_build.Progress(3, stream=out, enabled=True))
    assert report.shared == 2 and "share" in report.summary()
    assert "3 posters from 1 drawing: 2 show the same item" in out.getvalue()
