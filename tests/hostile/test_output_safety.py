"""Output folders: placard never deletes what it did not make (issue 10, hostile testing).

`placard build --out ~` used to replace a home folder, `site_dir: docs` deleted the pages,
a deploy checkout's `site/.git` went on every build, the new site was 0700, a symlinked
site had its target replaced, killed builds left `.site.building-*` folders and poster
workers behind, and `placard init FILE` gave a traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import copy_example, env, run_mkdocs, run_placard, write

from placard import outdir
from placard.cli import main


def sources(root: Path) -> dict[str, str]:
    """Hash of every file outside the built/cache folders: what a build must never change."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if rel.parts[0] in ("site", ".cache") or rel.parts[0].startswith(".site") or not p.is_file():
            continue
        out[rel.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def build(*args, capsys) -> tuple[int, str]:
    code = main(["build", *map(str, args)])
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def assert_refused(code: int, err: str, folder: Path, why: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err
    assert f"will not write the output folder {folder}" in err, err
    assert why in err, err


# --- refusals: sources, the campaign, its parents, home, folders placard did not make -------------


@pytest.mark.parametrize(
    "rel, why",
    [
        ("docs", "it is the campaign's source folder"),
        ("slogans", "it is the campaign's source folder"),
        ("posters", "it is the campaign's source folder"),
        ("hooks", "it is the campaign's source folder"),
        ("slogans/out", "it lies inside the campaign's source folder"),
        ("posters/placements", "it lies inside the campaign's source folder"),
        (".", "it is the campaign folder itself"),
        ("..", "it holds the campaign folder"),
    ],
)
def test_build_refuses_a_source_folder_or_the_campaign(campaign, capsys, rel, why):
    before = sources(campaign)
    folder = Path(os.path.realpath(campaign / rel))
    code, err = build(campaign, "--no-posters", "--out", campaign / rel, "--clean", capsys=capsys)
    assert_refused(code, err, folder, why)
    assert "Choose another --out" in err
    assert sources(campaign) == before  # not one source file lost, even with --clean


def test_site_dir_docs_in_mkdocs_yml_is_refused(campaign, capsys):
    cfg = campaign / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("site_dir: site", "site_dir: docs"), "utf-8")
    before = sources(campaign)
    code, err = build(campaign, "--no-posters", capsys=capsys)
    assert_refused(code, err, campaign / "docs", "source folder")
    assert sources(campaign) == before


def test_a_theme_custom_dir_is_a_source_too(campaign, capsys):
    write(campaign / "overrides" / "main.html", '{% extends "base.html" %}\n')
    cfg = campaign / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("name: material", "name: material\n  custom_dir: overrides"),
                   "utf-8")
    code, err = build(campaign, "--no-posters", "--out", campaign / "overrides", capsys=capsys)
    assert_refused(code, err, campaign / "overrides", "source folder")
    assert (campaign / "overrides" / "main.html").is_file()


def test_home_folder_is_never_replaced(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    write(home / "thesis.txt", "四年的心血")
    write(home / "site" / "index.html", "<p>x</p>")  # even if it looked like a site
    root = copy_example(tmp_path / "elsewhere" / "c")
    monkeypatch.setenv("HOME", str(home))
    code, err = build(root, "--no-posters", "--out", home, "--clean", capsys=capsys)
    assert_refused(code, err, home, "it is your home folder")
    code, err = build(root, "--no-posters", "--out", tmp_path, "--clean", capsys=capsys)
    assert_refused(code, err, tmp_path, "it holds your home folder")
    assert (home / "thesis.txt").read_text("utf-8") == "四年的心血"


def test_a_folder_with_a_users_files_is_refused_without_clean(campaign, tmp_path, capsys):
    out = tmp_path / "mine"
    write(out / "thesis.txt", "论文")
    code, err = build(campaign, "--no-posters", "--out", out, capsys=capsys)
    assert_refused(code, err, out, "it holds files placard did not make (thesis.txt)")
    assert "--clean" in err and "another --out" in err
    assert (out / "thesis.txt").read_text("utf-8") == "论文"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mine")] == []


def test_clean_replaces_it_but_keeps_dot_entries(campaign, tmp_path, capsys):
    out = tmp_path / "deploy"
    write(out / "old-page.html", "old")
    write(out / ".git" / "HEAD", "ref: refs/heads/gh-pages\n")
    write(out / ".nojekyll", "")
    code, err = build(campaign, "--no-posters", "--out", out, "--clean", capsys=capsys)
    assert code == 0, err
    assert (out / "index.html").is_file() and not (out / "old-page.html").exists()
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / ".nojekyll").is_file()
    assert (out / outdir.MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".deploy")] == []


def test_rebuild_keeps_site_git_and_gives_normal_permissions(campaign, capsys):
    old_mask = os.umask(0o022)
    try:
        code, err = build(campaign, "--no-posters", capsys=capsys)
        assert code == 0, err
        site = campaign / "site"
        assert stat.S_IMODE(site.stat().st_mode) == 0o755  # a web server running as another user can read it
        write(site / ".git" / "HEAD", "ref: refs/heads/main\n")
        write(site / ".well-known" / "security.txt", "Contact: a@b.cn\n")
        code, err = build(campaign, "--no-posters", capsys=capsys)  # the marker says: placard's own
        assert code == 0, err
        assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
        assert (site / ".well-known" / "security.txt").is_file()
        assert stat.S_IMODE(site.stat().st_mode) == 0o755
        os.umask(0o027)
        code, err = build(campaign, "--no-posters", capsys=capsys)
        assert code == 0, err
        assert stat.S_IMODE(site.stat().st_mode) == 0o750  # the umask is honoured
    finally:
        os.umask(old_mask)


def test_a_symlinked_site_is_refused_and_its_target_left_alone(campaign, tmp_path, capsys):
    target = tmp_path / "srv" / "www"
    write(target / "index.html", "<p>live</p>")
    (target / outdir.MARKER).write_text("{}")
    os.chmod(target, 0o755)
    (campaign / "site").symlink_to(target)
    code, err = build(campaign, "--no-posters", capsys=capsys)
    assert_refused(code, err, campaign / "site", f"it is a symbolic link to {target}")
    assert f"--out {target}" in err
    assert (target / "index.html").read_text() == "<p>live</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    assert (campaign / "site").is_symlink()


def test_an_older_placard_site_with_its_marker_is_replaced(campaign, capsys):
    code, err = build(campaign, "--no-posters", capsys=capsys)
    assert code == 0, err
    # the marker as placard 0.1 wrote it (the same JSON, another version)
    (campaign / "site" / outdir.MARKER).write_text(
        '{"made_by": "placard", "version": "0.1.0", "note": "placard replaces this folder"}\n', "utf-8")
    write(campaign / "site" / "stale.html", "old")
    code, err = build(campaign, "--no-posters", capsys=capsys)
    assert code == 0, err
    assert not (campaign / "site" / "stale.html").exists()


def test_a_site_without_the_marker_is_refused_however_it_looks(campaign, tmp_path, capsys):
    """Issue 20 item 3: look-alike content (index.html, assets/placard.css) is not placard's marker."""
    out = tmp_path / "D"
    write(out / "index.html", "<p>我的主页</p>")
    write(out / "assets" / "placard.css", "body{}")
    write(out / "notes.txt", "我的笔记")
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code, err = build(campaign, "--no-posters", "--no-staff", "--out", out, capsys=capsys)
    assert_refused(code, err, out, "it holds files placard did not make (assets, index.html, notes.txt)")
    assert ".placard-site marker" in err and "--clean" in err
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".D")] == []


def test_posters_out_follows_the_same_rules(campaign, tmp_path, capsys):
    before = sources(campaign)
    code = main(["posters", str(campaign), "--out", str(campaign / "slogans")])
    err = capsys.readouterr().err
    assert_refused(code, err, campaign / "slogans", "source folder")
    mine = tmp_path / "mine"
    write(mine / "posters" / "ads-a3" / "notes.txt", "我的")
    code = main(["posters", str(campaign), "--out", str(mine), "--set", "banner"])
    err = capsys.readouterr().err
    assert_refused(code, err, mine, "placard did not make")
    assert sources(campaign) == before


def test_plain_mkdocs_build_refuses_a_source_site_dir(campaign):
    cfg = campaign / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("site_dir: site", "site_dir: slogans"), "utf-8")
    before = sources(campaign)
    proc = run_mkdocs("build", cwd=campaign)
    assert proc.returncode != 0
    assert "will not write the output folder" in proc.stderr and "slogans" in proc.stderr
    assert "site_dir in mkdocs.yml to another folder" in proc.stderr
    assert sources(campaign) == before


def test_plain_mkdocs_build_refuses_a_users_folder(campaign, tmp_path):
    mine = tmp_path / "mine"
    write(mine / "thesis.txt", "论文")
    # the user's own choice on the command line (a site_dir outside the campaign is a trust.path error)
    proc = run_mkdocs("build", "-d", str(mine), cwd=campaign)
    assert proc.returncode != 0
    assert "thesis.txt" in proc.stderr and "PLACARD_CLEAN=1" in proc.stderr
    assert (mine / "thesis.txt").read_text("utf-8") == "论文"


# --- debris of killed builds ------------------------------------------------------------------------


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def placard_temp(path: Path) -> Path:
    """A temporary folder as placard makes it: its marker inside."""
    path.mkdir(parents=True)
    (path / outdir.MARKER).write_text(outdir.marker_text(), "utf-8")
    return path


def test_stale_temporaries_are_cleaned_and_a_live_build_is_not(tmp_path):
    out = tmp_path / "site"
    write(out / "index.html", "new")
    dead = dead_pid()
    killed = placard_temp(tmp_path / f".site.building-{dead}-abcd1234")
    write(killed / "index.html", "half")
    # a previous output caught mid-swap still holds the deploy checkout: it goes back into site/
    prev = placard_temp(tmp_path / f".site.old-{dead}-efgh5678")
    write(prev / ".git" / "HEAD", "ref\n")
    empty = tmp_path / f".site.building-{dead}-ijkl9012"  # killed before it wrote its marker
    empty.mkdir()
    hour_ago = time.time() - 2 * 3600
    legacy = write(tmp_path / ".site.building-x1y2z3w4" / "a.html", "").parent  # no PID: not provably placard's
    os.utime(legacy, (hour_ago, hour_ago))
    running = placard_temp(tmp_path / f".site.building-{os.getpid()}-live0000")
    other = placard_temp(tmp_path / f".blog.building-{dead}-abcd1234")  # another output's
    mine = write(tmp_path / f"building-{dead}" / "a.html", "").parent  # not placard's name at all
    removed = outdir.clean_stale(out)
    assert sorted(p.name for p in removed) == sorted([killed.name, prev.name, empty.name])
    assert (out / ".git" / "HEAD").read_text() == "ref\n"
    for kept in (legacy, running, other, mine):
        assert kept.is_dir(), kept


def test_previous_output_caught_between_renames_becomes_the_output_again(tmp_path):
    out = tmp_path / "site"
    write(placard_temp(tmp_path / f".site.old-{dead_pid()}-abcd1234") / "index.html", "previous")
    outdir.clean_stale(out)
    assert (out / "index.html").read_text() == "previous"


def test_a_build_cleans_what_killed_builds_left(campaign, capsys):
    dead = dead_pid()
    for i in range(3):
        write(placard_temp(campaign / f".site.building-{dead}-dead000{i}") / "index.html", "half")
    code, err = build(campaign, "--no-posters", capsys=capsys)
    assert code == 0, err
    assert [p.name for p in campaign.iterdir() if p.name.startswith(".site")] == []


WORKER_PARENT = textwrap.dedent("""
    import os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from placard.posters.build import die_with_parent

    def job(_):
        os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never mix
        time.sleep(60)

    pool = ProcessPoolExecutor(max_workers=2, initializer=die_with_parent, initargs=(os.getpid(),))
    futures = [pool.submit(job, i) for i in range(2)]
    time.sleep(60)
""")


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] == "Z"  # a zombie has ended
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_poster_workers_die_with_a_killed_parent():
    parent = subprocess.Popen([sys.executable, "-c", WORKER_PARENT], stdout=subprocess.PIPE, text=True, env=env())
    try:
        workers = [int(parent.stdout.readline()) for _ in range(2)]
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(w) for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if not _gone(w)]
    for w in alive:  # do not leave them behind if the test fails
        os.kill(w, 9)
    assert alive == [], "poster workers outlived the killed build"


# --- placard init ---------------------------------------------------------------------------------


def test_init_on_a_file_is_a_clean_error(tmp_path):
    f = write(tmp_path / "notes.txt", "mine")
    for target in (f, f / "sub"):
        proc = run_placard("init", target, "--name", "某区", "--office", "某办", "--site-url", "https://a.example/")
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and str(f) in proc.stderr
    assert f.read_text("utf-8") == "mine"


def test_init_writes_a_gitignore_for_what_placard_builds(tmp_path, capsys):
    dest = tmp_path / "new"
    assert main(["init", str(dest), "--name", "某区", "--office", "某办", "--site-url", "https://a.example/"]) == 0
    lines = (dest / ".gitignore").read_text("utf-8").splitlines()
    for entry in (".cache/", "site/", "staff/", ".venv/"):
        assert entry in lines
    assert not any(re.fullmatch(r"(slogans|docs|posters|hooks)/?", line) for line in lines)


# --- report files (ledger, scans) never land on a source -------------------------------------------


@pytest.mark.parametrize("rel", ["mkdocs.yml", "slogans/ledger.csv", "posters/placements/ledger.xlsx", "docs"])
def test_ledger_out_never_overwrites_or_joins_the_sources(campaign, capsys, rel):
    before = sources(campaign)
    code = main(["ledger", str(campaign), "--date", "2026-11-23", "--out", str(campaign / rel)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"will not write the file {campaign / rel}" in err and "Choose another --out" in err
    assert sources(campaign) == before


def test_scans_out_never_overwrites_the_settings(campaign, tmp_path, capsys):
    log = write(tmp_path / "access.log", "")
    before = sources(campaign)
    code = main(["scans", str(campaign), "--log", str(log), "--out", str(campaign / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert code == 1 and "it is the campaign's settings file" in err
    assert sources(campaign) == before
