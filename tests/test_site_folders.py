"""A large build makes its page folders on a second thread (placard.site.folders).

The example campaign is small, so these tests lower the threshold to 0 and say the process may use
two CPUs; the thread then makes every generated page's folder and every code's ``Q/<CODE>/``.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import copy_example, write

from placard.build import BuildFailed, build_site
from placard.site import folders


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def threaded(monkeypatch):
    """Every build uses the folder thread; returns the folder makers each build started."""
    monkeypatch.setattr(folders, "THRESHOLD", 0)
    monkeypatch.setattr(folders, "usable_cpus", lambda: 2)
    makers: list[folders.FolderMaker] = []
    start = folders.FolderMaker.start

    def recording(self):
        makers.append(self)
        return start(self)

    monkeypatch.setattr(folders.FolderMaker, "start", recording)
    return makers


def test_the_thread_builds_the_same_site(tmp_path, threaded, monkeypatch):
    root = copy_example(tmp_path / "c")
    build_site(root, tmp_path / "threaded", posters=False)
    assert len(threaded) == 1
    maker = threaded[0]
    site_dir = os.path.dirname(maker.folders[0])  # parents come first: the first is at the top of the site
    made = [Path(p).relative_to(site_dir).as_posix() for p in maker.folders]
    # the folders of the generated slogan pages and of the code redirects, parents first
    assert any(p.startswith("s/") for p in made) and any(p.startswith("Q/") for p in made)
    assert made.index("s") < min(i for i, p in enumerate(made) if p.startswith("s/"))
    assert maker.made > 0 and maker.error is None

    monkeypatch.setattr(folders, "THRESHOLD", 10**9)
    build_site(root, tmp_path / "plain", posters=False)
    assert len(threaded) == 1  # no thread under the threshold
    threaded_tree, plain_tree = tree(tmp_path / "threaded"), tree(tmp_path / "plain")
    assert threaded_tree.keys() == plain_tree.keys()
    differ = [k for k in threaded_tree if threaded_tree[k] != plain_tree[k] and not k.startswith(".placard")]
    assert differ == []


def test_one_cpu_makes_no_thread(tmp_path, threaded, monkeypatch):
    monkeypatch.setattr(folders, "usable_cpus", lambda: 1)
    build_site(copy_example(tmp_path / "c"), tmp_path / "out", posters=False)
    assert threaded == []


def test_a_folder_the_thread_cannot_make_fails_the_build_and_keeps_the_previous_site(tmp_path, threaded, monkeypatch):
    root = copy_example(tmp_path / "c")
    out = tmp_path / "out"
    build_site(root, out, posters=False)
    before = tree(out)
    real = os.mkdir

    def full(path, *args):
        if f"{os.sep}Q{os.sep}" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, *args)

    monkeypatch.setattr(folders.FolderMaker, "_mkdir", staticmethod(full))
    with pytest.raises(BuildFailed) as err:
        build_site(root, out, posters=False)
    message = str(err.value)
    assert "could not write the site" in message and "No space left on device" in message
    assert f"{os.sep}Q{os.sep}" in message  # the folder it could not make
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_failed_build_stops_the_thread_before_its_folder_goes(tmp_path, threaded, monkeypatch):
    root = copy_example(tmp_path / "c")
    real = os.mkdir

    def slow(path, *args):
        time.sleep(0.02)
        return real(path, *args)

    monkeypatch.setattr(folders.FolderMaker, "_mkdir", staticmethod(slow))
    write(root / "overrides" / "main.html",
          '{% extends "base.html" %}{% block content %}{{ page.no_such_thing.boom() }}{% endblock %}\n')
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text("utf-8").replace("name: material", "name: material\n  custom_dir: overrides"),
                   "utf-8")
    with pytest.raises(BuildFailed, match="a theme template failed"):
        build_site(root, tmp_path / "out", posters=False)
    assert threaded, "the build should have started the folder thread"
    assert not any(t.name == "placard-folders" and t.is_alive() for t in threading.enumerate())
    # nothing left beside the output: the thread did not go on making folders in the removed build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_folders_stay_inside_the_site(tmp_path):
    site = str(tmp_path / "site")
    made = folders.page_folders(site, ["s/a/index.html", "../x/index.html", "s/../../y/index.html",
                                       "t//z/index.html", "s/b/index.html"], ["Q/ABC", "/Q/DEF", "Q/../../evil"])
    assert made == [os.path.join(site, *p.split("/")) for p in ("s", "s/a", "s/b", "Q", "Q/ABC", "Q/DEF")]
