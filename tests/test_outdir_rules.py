"""The output folder's rules, on the functions themselves (fast: no build; bench/mutation.py runs these).

Which folder placard may replace, what it says when it refuses, and how a build's temporaries are
cleaned. tests/hostile/test_output_safety.py checks the same rules through whole builds.
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from pathlib import Path

import pytest

from placard import outdir
from placard.outdir import Refused

DEAD_PID = 999_999_999  # beyond any pid_max: never a running process


@pytest.fixture
def camp(tmp_path, monkeypatch):
    """A campaign folder with its sources, and a home folder elsewhere."""
    home = tmp_path / "home" / "clerk"
    home.mkdir(parents=True)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    root = tmp_path / "work" / "c"
    for d in ("docs", "slogans", "posters", "hooks", "reviews"):
        (root / d).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: 测试\n", "utf-8")
    return root


def refused(root, out, **kw) -> Refused:
    with pytest.raises(Refused) as e:
        outdir.check(root, out, **kw)
    return e.value


def file_refused(root, path) -> Refused:
    with pytest.raises(Refused) as e:
        outdir.check_file(root, path)
    return e.value


def _mine(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / outdir.MARKER).write_text(outdir.marker_text(), "utf-8")
    return folder


# ----------------------------------------------------------------- which folder may be replaced


def test_a_new_folder_an_empty_one_and_placard_s_own_are_fine(camp):
    site = camp / "site"
    assert outdir.check(camp, site) == site  # does not exist yet
    site.mkdir()
    assert outdir.check(camp, site) == site
    (site / ".git").mkdir()  # dot-entries alone do not make it someone else's
    assert outdir.check(camp, site) == site
    (site / "index.html").write_text("<html>", "utf-8")
    _mine(site)
    assert outdir.check(camp, site) == site
    assert outdir.check(camp, camp / "x" / ".." / "site") == site  # the resolved path


def test_the_campaign_and_its_parents_are_refused(camp):
    e = refused(camp, camp)
    assert (e.folder, e.why) == (camp, "it is the campaign folder itself")
    assert e.fix == f"Choose another --out (a new or empty folder), e.g. {camp / 'site'}"
    e = refused(camp, camp.parent)
    assert e.why == f"it holds the campaign folder {camp}"
    assert str(e) == (
        f"will not write the output folder {camp.parent}: it holds the campaign folder {camp}. "
        f"Choose another --out (a new or empty folder), e.g. {camp / 'site'}"
    )


@pytest.mark.parametrize("name", ["docs", "slogans", "posters", "hooks", "reviews"])
def test_each_source_folder_is_refused(camp, name):
    src = camp / name
    e = refused(camp, src)
    assert (e.folder, e.fix) == (
        src,
        f"Choose another --out (a new or empty folder), e.g. {camp / 'site'}",
    )
    assert (
        refused(camp, src).why
        == f"it is the campaign's source folder {src}, which a build would delete"
    )
    assert refused(camp, src / "out").why == (
        f"it lies inside the campaign's source folder {src}: the site would be mixed with the sources"
    )


def test_docs_dir_and_the_theme_s_custom_dir_are_sources_too(camp):
    (camp / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: pages/md\ntheme:\n  custom_dir: overrides\n", "utf-8"
    )
    e = refused(camp, camp / "pages")
    assert (
        e.why
        == f"it holds the campaign's source folder {camp / 'pages' / 'md'}, which a build would delete"
    )
    assert refused(camp, camp / "overrides").why.startswith("it is the campaign's source folder")
    assert outdir.check(camp, camp / "docs") == camp / "docs"  # no longer a source
    (camp / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: ''\ntheme: {custom_dir: ''}\n", "utf-8"
    )
    assert refused(camp, camp / "docs").why.startswith(
        "it is the campaign's source folder"
    )  # the default


def test_an_unreadable_mkdocs_yml_still_protects_the_default_sources(camp):
    (camp / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    assert refused(camp, camp / "docs").why.startswith("it is the campaign's source folder")
    (camp / "mkdocs.yml").write_text("- a list\n", "utf-8")
    assert refused(camp, camp / "docs").why.startswith("it is the campaign's source folder")


def test_the_home_folder_and_its_parents_are_refused(camp):
    home = Path.home()
    assert refused(camp, home).why == "it is your home folder"
    assert refused(camp, home.parent).why == f"it holds your home folder {home}"


def test_a_file_is_not_a_folder(camp):
    (camp / "site").write_text("x", "utf-8")
    e = refused(camp, camp / "site")
    assert e.folder == camp / "site"
    assert (e.why, e.fix) == (
        "it is a file, not a folder",
        "Choose another --out (a new or empty folder)",
    )


def test_a_users_folder_is_refused_naming_three_of_its_files(camp):
    site = camp / "site"
    site.mkdir()
    for n in ("e.txt", "a.doc", "index.html", "c.pdf", ".hidden"):
        (site / n).write_text("x", "utf-8")
    e = refused(camp, site)
    assert (
        e.why
        == "it holds files placard did not make (a.doc, c.pdf, e.txt and 1 more) and no .placard-site marker"
    )
    assert e.fix == (
        "Choose another --out (a new or empty folder), or add --clean if it really is a placard output "
        "you want replaced"
    )
    (site / "index.html").unlink()
    assert (
        refused(camp, site).why
        == "it holds files placard did not make (a.doc, c.pdf, e.txt) and no .placard-site marker"
    )
    assert outdir.check(camp, site, clean=True) == site


def test_look_alike_content_is_not_placard_s(camp):
    # an index.html and assets/placard.css are what a site looks like, not proof placard made it
    site = camp / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<html>", "utf-8")
    (site / "assets" / "placard.css").write_text("", "utf-8")
    assert refused(camp, site).why.startswith(
        "it holds files placard did not make (assets, index.html)"
    )


@pytest.mark.parametrize(
    "marker",
    [
        '{"made_by": "someone"}',
        '["made_by", "placard"]',
        "not json",
        "\udcff",
        '{"made_by": "placard", "pad": "' + "x" * 4100 + '"}',  # larger than a marker is
    ],
)
def test_a_marker_that_does_not_say_placard_made_it_is_no_marker(camp, marker):
    site = camp / "site"
    site.mkdir()
    (site / "page.html").write_text("x", "utf-8")
    (site / outdir.MARKER).write_text(marker, "utf-8", errors="surrogateescape")
    assert not outdir.has_marker(site)
    refused(camp, site)


def test_a_marker_that_is_a_link_or_a_folder_is_no_marker(camp, tmp_path):
    real = _mine(tmp_path / "elsewhere")
    site = camp / "site"
    site.mkdir()
    (site / outdir.MARKER).symlink_to(real / outdir.MARKER)
    assert not outdir.has_marker(site)
    other = camp / "other"
    (other / outdir.MARKER).mkdir(parents=True)
    assert not outdir.has_marker(other)
    assert outdir.has_marker(real) and outdir.is_placard_output(real)
    assert not outdir.is_placard_output(site)


def test_a_link_is_not_replaced_but_written_through_when_asked(camp, tmp_path):
    target = _mine(tmp_path / "real-site")
    link = camp / "site"
    link.symlink_to(target)
    e = refused(camp, link)
    assert e.why == (
        f"it is a symbolic link to {target}, and placard replaces its output folder as a whole rather "
        "than the folder a link points to"
    )
    assert (
        e.fix
        == f"Build with --out {target} to build there, or choose another --out (a new or empty folder)"
    )
    assert outdir.check(camp, link, replace=False) == target  # writing into it: the target's rules
    (target / outdir.MARKER).unlink()
    (target / "mine.txt").write_text("x", "utf-8")
    refused(camp, link, replace=False)


def test_a_path_part_longer_than_a_name_may_be_is_refused(camp):
    e = refused(camp, camp / ("站" * 100))
    assert e.why.startswith("a part of the path has 100 characters ('站站站")
    assert e.fix == "Choose another --out (a new or empty folder)"


def test_plain_mkdocs_names_its_own_settings_and_marks_the_folder(camp, monkeypatch):
    site = camp / "site"
    site.mkdir()
    (site / "x.txt").write_text("x", "utf-8")
    monkeypatch.delenv("PLACARD_CLEAN", raising=False)
    with pytest.raises(Refused) as e:
        outdir.check_mkdocs(camp, site)
    assert e.value.fix == (
        "Set site_dir in mkdocs.yml to another folder (a new or empty one), or set PLACARD_CLEAN=1 "
        "for one build if it really is a placard output you want replaced"
    )
    monkeypatch.setenv("PLACARD_CLEAN", "0")
    with pytest.raises(Refused):
        outdir.check_mkdocs(camp, site)
    assert not (site / outdir.MARKER).exists()
    monkeypatch.setenv("PLACARD_CLEAN", "1")
    assert outdir.check_mkdocs(camp, str(site)) == site
    assert outdir.has_marker(site)
    monkeypatch.delenv("PLACARD_CLEAN")
    assert outdir.check_mkdocs(camp, site) == site  # now placard's


# ----------------------------------------------------------------- report files (ledger, scans --out)


def test_a_report_file_never_overwrites_or_joins_the_sources(camp, tmp_path):
    e = file_refused(camp, camp / "mkdocs.yml")
    assert (e.why, e.fix, e.what) == (
        "it is the campaign's settings file",
        "Choose another --out",
        "file",
    )
    assert (
        str(e)
        == f"will not write the file {camp / 'mkdocs.yml'}: it is the campaign's settings file. Choose another --out"
    )
    e = file_refused(camp, camp / "slogans" / "ledger.xlsx")
    assert e.why == (
        f"it lies inside the campaign's source folder {camp / 'slogans'}: placard would read it as a "
        "source or overwrite one"
    )
    assert e.fix == f"Choose another --out, e.g. {camp / 'ledger.xlsx'}"
    e = file_refused(camp, camp / "posters")
    assert e.why == "it is a folder, not a file"
    assert outdir.check_file(camp, camp / "ledger.xlsx") == camp / "ledger.xlsx"
    assert outdir.check_file(camp, tmp_path / "elsewhere.csv") == tmp_path / "elsewhere.csv"


# ----------------------------------------------------------------- the marker and a build's temporaries


def test_the_marker_says_placard_made_the_folder_and_is_never_rewritten(tmp_path):
    data = json.loads(outdir.marker_text())
    assert data["made_by"] == "placard" and data["version"]
    assert "files starting with '.' are kept" in data["note"]
    folder = tmp_path / "a" / "b"
    outdir.mark(folder)
    assert outdir.has_marker(folder)
    (folder / outdir.MARKER).write_text('{"made_by": "placard", "version": "0.1"}', "utf-8")
    outdir.mark(folder)
    assert json.loads((folder / outdir.MARKER).read_text("utf-8"))["version"] == "0.1"


def test_a_build_works_in_a_marked_temporary_beside_the_output(tmp_path):
    out = tmp_path / "deep" / "site"
    old = os.umask(0o022)
    try:
        tmp = outdir.make_temp(out)
    finally:
        os.umask(old)
    assert tmp.parent == out.parent
    assert re.fullmatch(rf"\.site\.building-{os.getpid()}-[a-z0-9_]{{8}}", tmp.name)
    assert oct(tmp.stat().st_mode & 0o777) == oct(0o755)  # like mkdir, not mkdtemp's 0700
    assert outdir.has_marker(tmp)


def test_removing_a_folder_never_follows_a_link(tmp_path):
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("x", "utf-8")
    (tmp_path / "precious-file").write_text("y", "utf-8")
    f = _mine(tmp_path / "f")
    (f / "sub").mkdir()
    (f / "sub" / "a.html").write_text("x", "utf-8")
    (f / "page.html").write_text("x", "utf-8")
    (f / "link").symlink_to(keep)
    (f / "flink").symlink_to(tmp_path / "precious-file")
    outdir.remove_tree(f)
    assert not f.exists()
    assert (keep / "precious.txt").read_text("utf-8") == "x"
    assert (tmp_path / "precious-file").read_text("utf-8") == "y"
    outdir.remove_tree(tmp_path / "missing")  # nothing there: nothing happens


def _temp(out: Path, kind="building", pid=DEAD_PID, rand="abcd1234", marker=True) -> Path:
    t = out.parent / f".{out.name}.{kind}-{pid}-{rand}"
    t.mkdir(parents=True)
    (t / "index.html").write_text("old", "utf-8")
    if marker:
        (t / outdir.MARKER).write_text(outdir.marker_text(), "utf-8")
    return t


def test_what_killed_builds_left_is_removed_and_nothing_else(tmp_path):
    out = _mine(tmp_path / "site")
    dead = _temp(out)
    empty = tmp_path / f".site.building-{DEAD_PID}-emptyfol"
    empty.mkdir()
    live = _temp(out, pid=os.getpid(), rand="live0000")
    unmarked = _temp(out, rand="nomark00", marker=False)
    backup = tmp_path / ".site.old-backup2025"
    backup.mkdir()
    other = _temp(tmp_path / "site2")
    odd = [
        tmp_path / n
        for n in (
            f".site.building-{DEAD_PID}-short",
            f".site.building-0{DEAD_PID}-abcd1234",
            f".site.built-{DEAD_PID}-abcd1234",
        )
    ]
    for p in odd:
        _mine(p)
    link = tmp_path / f".site.building-{DEAD_PID}-linklink"
    link.symlink_to(dead)
    removed = outdir.clean_stale(out)
    assert sorted(removed) == sorted([dead, empty])
    assert not dead.exists() and not empty.exists()
    for p in (live, unmarked, backup, other, *odd, out):
        assert p.is_dir(), p
    assert link.is_symlink()
    # a live PID's temporary is stale after a day all the same (the PID may have been reused)
    assert outdir.clean_stale(out, now=time.time() + outdir.STALE_WITH_PID_S - 60) == []
    assert outdir.clean_stale(out, now=time.time() + outdir.STALE_WITH_PID_S + 60) == [live]
    assert outdir.STALE_WITH_PID_S == 24 * 3600
    assert outdir.clean_stale(tmp_path / "nowhere" / "site") == []


def test_a_dot_entry_caught_in_a_killed_build_goes_back_to_the_output(tmp_path):
    out = _mine(tmp_path / "site")
    t = _temp(out)
    (t / ".git").mkdir()
    (t / ".git" / "HEAD").write_text("ref", "utf-8")
    (t / ".nojekyll").write_text("", "utf-8")
    (out / ".nojekyll").write_text("mine", "utf-8")
    assert outdir.clean_stale(out) == [t]
    assert (out / ".git" / "HEAD").read_text("utf-8") == "ref"
    assert (out / ".nojekyll").read_text("utf-8") == "mine"  # the output's own is kept
    assert json.loads((out / outdir.MARKER).read_text("utf-8"))["made_by"] == "placard"


def test_the_previous_output_caught_between_two_renames_becomes_the_output_again(tmp_path):
    out = tmp_path / "site"
    old = _temp(out, kind="old")
    assert outdir.clean_stale(out) == []
    assert (out / "index.html").read_text("utf-8") == "old" and not old.exists()


# ----------------------------------------------------------------- swapping the new output in


@pytest.mark.parametrize("atomic", [True, False])
def test_the_new_output_replaces_the_old_keeping_its_dot_entries(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = _mine(tmp_path / "site")
    (out / "old.html").write_text("old", "utf-8")
    (out / ".git").mkdir()
    new = outdir.make_temp(out)
    (new / "new.html").write_text("new", "utf-8")
    assert outdir.swap_in(new, out) is not None
    assert sorted(p.name for p in out.iterdir()) == [".git", outdir.MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_first_build_just_renames(tmp_path):
    out = tmp_path / "site"
    new = outdir.make_temp(out)
    assert outdir.swap_in(new, out) is None
    assert outdir.has_marker(out) and not new.exists()


@pytest.mark.parametrize("atomic", [True, False])
def test_a_swap_held_open_can_be_undone(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = _mine(tmp_path / "site")
    (out / "old.html").write_text("old", "utf-8")
    new = outdir.make_temp(out)
    (new / "new.html").write_text("new", "utf-8")
    old = outdir.swap_in(new, out, finish=False)
    assert (old / "old.html").read_text("utf-8") == "old" and (out / "new.html").is_file()
    if not atomic:
        assert re.fullmatch(rf"\.site\.old-{os.getpid()}-[a-z0-9_]{{8}}", old.name)
    outdir.swap_back(old, out)
    assert sorted(p.name for p in out.iterdir()) == [outdir.MARKER, "old.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    new = outdir.make_temp(tmp_path / "fresh")
    first = outdir.swap_in(new, tmp_path / "fresh", finish=False)
    outdir.swap_back(first, tmp_path / "fresh")  # there was none before: the new one goes
    assert not (tmp_path / "fresh").exists()


# ----------------------------------------------------------------- what each refusal names (mutation kills)


def test_each_refusal_names_the_folder_or_file_it_refused(camp, tmp_path):
    long = camp / ("站" * 100)
    assert refused(camp, long).folder == long
    target = _mine(tmp_path / "real-site")
    link = camp / "site"
    link.symlink_to(target)
    assert refused(camp, link).folder == link

    e = file_refused(camp, camp / "posters")
    assert (e.folder, e.fix, e.what) == (
        camp / "posters",
        "Choose another --out",  # it stands in the campaign folder: no example there
        "file",
    )
    assert str(e).startswith(
        f"will not write the file {camp / 'posters'}: it is a folder, not a file. "
    )
    e = file_refused(camp, camp / "slogans" / "x.csv")
    assert (e.folder, e.what) == (camp / "slogans" / "x.csv", "file")
    assert str(e).startswith(
        f"will not write the file {camp / 'slogans' / 'x.csv'}: it lies inside"
    )


def test_plain_mkdocs_writes_through_a_linked_site_dir(camp, tmp_path, monkeypatch):
    # mkdocs empties site_dir and writes into it: a link to placard's own output is fine
    monkeypatch.delenv("PLACARD_CLEAN", raising=False)
    target = _mine(tmp_path / "real-site")
    (camp / "site").symlink_to(target)
    assert outdir.check_mkdocs(camp, camp / "site") == target


def test_the_marker_s_note_tells_a_person_what_the_folder_is():
    assert json.loads(outdir.marker_text())["note"] == (
        "placard replaces this folder on every build; files starting with '.' are kept"
    )


def test_a_temporary_s_parent_folders_are_made(tmp_path):
    tmp = outdir.make_temp(tmp_path / "a" / "b" / "site")
    assert tmp.parent == tmp_path / "a" / "b" and outdir.has_marker(tmp)


def _ordered(monkeypatch, reverse):
    """The folder's entries listed in name order (or reversed): a rule must not depend on the order."""
    real = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(real(self), reverse=reverse)))


@pytest.mark.parametrize("reverse", [False, True])
def test_cleaning_goes_on_past_what_it_leaves(tmp_path, monkeypatch, reverse):
    _ordered(monkeypatch, reverse)
    out = _mine(tmp_path / "m-site")
    first = _temp(out, rand="aaaaaaaa")
    last = _temp(out, rand="zzzzzzzz")
    keep = [
        tmp_path / "a-unrelated",
        tmp_path / "z-unrelated",
        _temp(out, pid=os.getpid(), rand="livelive"),
        _temp(out, rand="nomarker", marker=False),
    ]
    (tmp_path / "a-unrelated").mkdir()
    (tmp_path / "z-unrelated").mkdir()
    # a stale temporary holding a dot-entry the output already has and that cannot move is left alone
    assert sorted(outdir.clean_stale(out)) == [first, last]
    assert all(p.is_dir() for p in keep)


@pytest.mark.parametrize("reverse", [False, True])
def test_a_killed_swap_s_old_output_comes_back_and_cleaning_goes_on(tmp_path, monkeypatch, reverse):
    _ordered(monkeypatch, reverse)
    out = tmp_path / "m-site"
    old = _temp(out, kind="old", rand="mmmmmmmm")
    dead = [_temp(out, rand="aaaaaaaa"), _temp(out, rand="zzzzzzzz")]
    assert sorted(outdir.clean_stale(out)) == sorted(dead)
    assert (out / "index.html").read_text("utf-8") == "old" and not old.exists()


def test_a_half_built_temporary_never_becomes_the_output(tmp_path):
    out = tmp_path / "site"
    t = _temp(out)
    assert outdir.clean_stale(out) == [t]
    assert not out.exists()


def test_a_live_build_is_left_for_exactly_a_day(tmp_path):
    out = _mine(tmp_path / "site")
    live = _temp(out, pid=os.getpid(), rand="live0000")
    os.utime(live, (1_800_000_000, 1_800_000_000))
    assert outdir.clean_stale(out, now=1_800_000_000 + outdir.STALE_WITH_PID_S) == []
    assert outdir.clean_stale(out, now=1_800_000_000 + outdir.STALE_WITH_PID_S + 1) == [live]


def test_the_atomic_exchange_swaps_two_folders_or_says_why_not(tmp_path):
    import errno

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").write_text("a", "utf-8")
    assert outdir._exchange(a, b) is True  # Linux (glibc 2.28+): renameat2 RENAME_EXCHANGE
    assert (b / "from-a").is_file() and not (a / "from-a").exists()
    import ctypes

    ctypes.set_errno(0)  # the errno reported must be this call's own
    with pytest.raises(OSError) as e:
        outdir._exchange(tmp_path / "missing", b)
    assert (e.value.errno, e.value.strerror, e.value.filename) == (
        errno.ENOENT,
        os.strerror(errno.ENOENT),
        str(b),
    )


def test_when_the_new_output_cannot_take_its_place_the_old_one_stays(tmp_path, monkeypatch):
    import errno

    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = _mine(tmp_path / "site")
    (out / "old.html").write_text("old", "utf-8")
    new = outdir.make_temp(out)
    real = os.rename

    def failing(a, b):
        if Path(a) == new:
            raise OSError(errno.EIO, "disk error", str(a))
        return real(a, b)

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError):
        outdir.swap_in(new, out)
    assert (out / "old.html").read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.name, "site"])


def test_undoing_a_swap_puts_the_new_output_aside_under_a_name_cleaning_knows(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    removed = []
    out = _mine(tmp_path / "site")
    new = outdir.make_temp(out)
    old = outdir.swap_in(new, out, finish=False)
    monkeypatch.setattr(outdir, "remove_tree", removed.append)
    outdir.swap_back(old, out)
    (aside,) = removed
    assert re.fullmatch(rf"\.site\.building-{os.getpid()}-[0-9a-f]{{8}}", aside.name)
    assert outdir._TEMP.fullmatch(aside.name)


def test_a_marker_may_hold_up_to_4096_bytes(tmp_path):
    def with_size(n):
        folder = tmp_path / str(n)
        folder.mkdir()
        head = '{"made_by": "placard", "pad": "'
        (folder / outdir.MARKER).write_text(head + "x" * (n - len(head) - 2) + '"}', "utf-8")
        assert (folder / outdir.MARKER).stat().st_size == n
        return outdir.has_marker(folder)

    assert with_size(4096) and not with_size(4097)


def test_a_users_folder_refusal_names_the_folder(camp):
    (camp / "site").mkdir()
    (camp / "site" / "mine.txt").write_text("x", "utf-8")
    assert refused(camp, camp / "site").folder == camp / "site"


def _dot_entries_cannot_move(monkeypatch):
    import errno

    real = os.rename

    def failing(a, b):
        if Path(a).name.startswith(".") and not Path(a).name.startswith((".site", outdir.MARKER)):
            raise OSError(errno.EIO, "disk error", str(a))
        return real(a, b)

    monkeypatch.setattr(os, "rename", failing)


def test_a_previous_output_whose_git_cannot_move_is_kept(tmp_path, monkeypatch):
    out = _mine(tmp_path / "site")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref", "utf-8")
    new = outdir.make_temp(out)
    _dot_entries_cannot_move(monkeypatch)
    old = outdir.swap_in(new, out)
    assert (old / ".git" / "HEAD").read_text("utf-8") == "ref"  # not deleted with the old output


@pytest.mark.parametrize("reverse", [False, True])
def test_cleaning_keeps_a_temporary_whose_git_cannot_go_back_and_goes_on(
    tmp_path, monkeypatch, reverse
):
    _ordered(monkeypatch, reverse)
    out = _mine(tmp_path / "site")
    stuck = _temp(out, rand="mmmmmmmm")
    (stuck / ".git").mkdir()
    plain = [_temp(out, rand="aaaaaaaa"), _temp(out, rand="zzzzzzzz")]
    _dot_entries_cannot_move(monkeypatch)
    assert sorted(outdir.clean_stale(out)) == sorted(plain)
    assert (stuck / ".git").is_dir()


def test_where_the_exchange_cannot_be_done_it_says_so_and_moves_nothing(tmp_path, monkeypatch):
    a = tmp_path / "a"
    (a / "sub").mkdir(parents=True)
    # a folder cannot change places with its own sub-folder (EINVAL): not done, nothing moved
    assert outdir._exchange(a, a / "sub") is False
    assert (a / "sub").is_dir()
    import ctypes

    def no_libc(*args, **kw):
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    b = tmp_path / "b"
    b.mkdir()
    assert outdir._exchange(a, b) is False and (a / "sub").is_dir()


@pytest.mark.parametrize("reverse", [False, True])
def test_cleaning_goes_on_past_an_empty_temporary_and_one_that_vanished(
    tmp_path, monkeypatch, reverse
):
    _ordered(monkeypatch, reverse)
    out = _mine(tmp_path / "m-site")
    empty = tmp_path / f".m-site.building-{DEAD_PID}-mmmmmmmm"
    empty.mkdir()
    gone = _temp(out, rand="nnnnnnnn")
    dead = [_temp(out, rand="aaaaaaaa"), _temp(out, rand="zzzzzzzz")]
    real_stat = Path.stat
    looked = []

    def stat(self, *a, **kw):
        if self.name == gone.name:
            looked.append(self)
            if (
                len(looked) > 1
            ):  # seen as a folder, then removed by someone else before its age is read
                raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))
        return real_stat(self, *a, **kw)

    monkeypatch.setattr(Path, "stat", stat)
    assert sorted(outdir.clean_stale(out)) == sorted([empty, *dead])
