"""Caches and temporaries: nothing is written through a link, nothing planted is published (issue 20).

A campaign folder from a stranger can carry a ``.cache/`` of its own. Before this fix
``.cache/placard/jieba_user.txt`` as a link to ``~/.bashrc`` got the campaign's search terms written
into it (and the next shell ran them), a link at a thumbnail's temporary name had its target
overwritten with a JPEG, any JPEG (or a link to any file) at ``thumbs/<key>.jpg`` was published as
the ad's gallery image, poster files were written through links in a cache entry, and two
``placard posters`` at once shared one temporary name.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_example, env, run_placard
from PIL import Image

pytestmark = pytest.mark.slow

CACHE = Path(".cache/placard")


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``folder``: its bytes' hash (or what a link points to) and its time."""
    out = {}
    for p in sorted(folder.rglob("*")):
        st = os.lstat(p)
        if p.is_symlink():
            what = "link:" + os.readlink(p)
        elif p.is_dir():
            what = "dir"
        else:
            what = hashlib.sha256(p.read_bytes()).hexdigest()
        out[p.relative_to(folder).as_posix()] = (what, st.st_mtime_ns)
    return out


def ok(proc: subprocess.CompletedProcess) -> str:
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text, text[-3000:]
    assert proc.returncode == 0, text[-3000:]
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The example campaign built once: its .cache/ and output folders hold every file placard writes."""
    root = copy_example(tmp_path_factory.mktemp("built") / "campaign")
    ok(run_placard("build", root))
    return root


def copy_of(built: Path, dest: Path) -> Path:
    shutil.copytree(built, dest, symlinks=True)  # times kept: the cache stays valid in the copy
    return dest


def jpeg(colour: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buf, "JPEG")
    return buf.getvalue()


def test_search_dictionary_link_is_replaced_not_written_through(built: Path, tmp_path: Path):
    root = copy_of(built, tmp_path / "campaign")
    home = tmp_path / "home"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_text("# the user's own shell settings\n", "utf-8")
    before = snapshot(home)
    mk = root / "mkdocs.yml"
    text = mk.read_text("utf-8")
    assert "search_terms: [光明区," in text
    mk.write_text(text.replace("search_terms: [光明区,", "search_terms: ['光;id>P;#', 光明区,"), "utf-8")
    link = root / CACHE / "jieba_user.txt"
    assert link.is_file()
    link.unlink()
    link.symlink_to(bashrc)

    ok(run_placard("build", root))

    assert snapshot(home) == before, bashrc.read_text("utf-8")
    assert not link.is_symlink()
    assert "光;id>P;# 2000 n\n" in link.read_text("utf-8")  # the dictionary itself is still written


def test_planted_thumbnails_are_not_published(built: Path, tmp_path: Path):
    root = copy_of(built, tmp_path / "campaign")
    published = {p.name: p.read_bytes() for p in (built / "site" / "ads" / "thumbs").glob("*.jpg")}
    assert len(published) >= 2
    thumbs = sorted((root / CACHE / "thumbs").glob("*.jpg"))
    assert len(thumbs) == len(published)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"SECRET: a file outside the campaign")
    red = jpeg("red")
    thumbs[0].write_bytes(red)  # any JPEG placed at a thumbnail's name
    for t in thumbs[1:]:  # a link to any readable file
        t.unlink()
        t.symlink_to(secret)

    ok(run_placard("build", root))

    for name, data in published.items():
        got = (root / "site" / "ads" / "thumbs" / name).read_bytes()
        assert got != red and b"SECRET" not in got, name
        assert got == data, f"{name}: not the thumbnail placard draws from the artwork"
    assert secret.read_bytes() == b"SECRET: a file outside the campaign"


def old_thumb_names(root: Path) -> list[str]:
    """The thumbnails' cache names before this fix (sha256 of "1", "480" and the artwork): computable."""
    arts = [p for p in (root / "docs").rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp")]
    return [hashlib.sha256(b"1480" + p.read_bytes()).hexdigest()[:32] for p in arts]


def test_links_planted_at_every_path_placard_writes(built: Path, tmp_path: Path):
    """Every file the first build wrote under .cache/ and the output folders, a few of their folders,
    and every temporary name a stranger can compute: a link pointing outside the campaign. check,
    build and posters run; no file outside the campaign changes."""
    root = copy_of(built, tmp_path / "campaign")
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "dir" / "poster.png").write_bytes(b"the user's own file, in a folder a link points to")
    n = 0

    def link(at: Path, folder: bool = False) -> None:
        nonlocal n
        n += 1
        if folder:
            target = outside / "dir"
        else:
            target = outside / f"file-{n}.txt"
            target.write_bytes(f"the user's own file {n}\n".encode())
        if at.is_dir() and not at.is_symlink():
            shutil.rmtree(at)
        elif at.exists() or at.is_symlink():
            at.unlink()
        at.symlink_to(target, target_is_directory=folder)

    cache = root / CACHE
    entries = sorted(p for p in (cache / "posters").iterdir() if p.is_dir() and len(p.name) == 32)
    assert len(entries) > 10 and (cache / "posters" / "sheets").is_dir()
    folders = [*entries[::2], cache / "posters" / "sheets"]  # whole folders as links
    files = [p for p in cache.rglob("*") if p.is_file() and not any(f in p.parents for f in folders)]
    names = {p.relative_to(cache).as_posix() for p in files}
    for expected in ("jieba_user.txt", "placements.bin", "posters/layouts.bin", "share/layouts.bin"):
        assert expected in names
    assert any(x.startswith("thumbs/") for x in names) and any(x.startswith("share/") for x in names)
    outputs = [p for d in ("site", "staff") for p in (root / d).rglob("*")
               if p.is_file() and not p.name.startswith(".placard")]
    assert len(outputs) > 100
    for f in folders:
        link(f, folder=True)
    for p in [*files, *outputs]:
        link(p)
    for p in files:  # the temporaries' names (placard's older code wrote these)
        for tmp in (p.with_suffix(".tmp"), p.with_name(p.name + ".tmp")):
            if not tmp.exists() and not tmp.is_symlink():
                link(tmp)
    for key in old_thumb_names(root):
        link(cache / "thumbs" / f"{key}.tmp")
    before = snapshot(outside)
    assert len(before) > 200

    check = run_placard("check", root)
    assert "Traceback" not in check.stdout + check.stderr
    ok(run_placard("build", root))
    ok(run_placard("posters", root))

    after = snapshot(outside)
    changed = [k for k in before if after.get(k) != before[k]]
    assert not changed, f"{len(changed)} file(s) outside the campaign changed, e.g. {changed[:5]}"
    assert after.keys() == before.keys(), sorted(after.keys() - before.keys())[:5]


def test_cache_folder_as_a_link_is_not_written_into(tmp_path: Path):
    root = copy_example(tmp_path / "campaign")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".cache").symlink_to(elsewhere, target_is_directory=True)

    ok(run_placard("build", root))

    assert list(elsewhere.iterdir()) == []
    assert (root / "site" / "index.html").is_file()  # built without a cache


def test_two_poster_runs_at_once(tmp_path: Path):
    """Both finish, and what they left in the cache is used by the next run (nothing drawn again)."""
    root = copy_example(tmp_path / "campaign")
    ok(run_placard("check", root))
    cmd = [sys.executable, "-m", "placard", "posters", str(root), "--jobs", "2"]
    runs = [subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for p in runs:
        out, err = p.communicate(timeout=900)
        assert "Traceback" not in out + err, (out + err)[-3000:]
        assert p.returncode == 0, (out + err)[-3000:]
    again = ok(run_placard("posters", root))
    assert " 0 rendered," in again, again[-2000:]
    leftovers = [p.name for p in (root / CACHE / "posters").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
