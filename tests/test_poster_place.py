"""Placing a cached poster file into the output (posters/build.py ``_place``): a hard link where the
file system allows, in place of what was there, never through a symbolic link."""

from __future__ import annotations

import errno
import os

import pytest

from placard.posters import build as B


def test_places_into_a_missing_folder_as_a_hard_link(tmp_path):
    src = tmp_path / "cache" / "poster.png"
    src.parent.mkdir()
    src.write_bytes(b"new")
    dst = tmp_path / "site" / "posters" / "a" / "poster.png"
    B._place(src, dst)
    assert dst.read_bytes() == b"new" and os.path.samefile(src, dst)


def test_replaces_an_old_file_and_a_symlink_without_touching_its_target(tmp_path):
    src = tmp_path / "poster.png"
    src.write_bytes(b"new")
    old = tmp_path / "old.png"
    old.write_bytes(b"old")
    B._place(old, tmp_path / "placed.png")
    B._place(src, tmp_path / "placed.png")
    assert (tmp_path / "placed.png").read_bytes() == b"new" and old.read_bytes() == b"old"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    (tmp_path / "link.png").symlink_to(outside)
    B._place(src, tmp_path / "link.png")
    assert not (tmp_path / "link.png").is_symlink() and (tmp_path / "link.png").read_bytes() == b"new"
    assert outside.read_bytes() == b"keep me"


def test_copies_where_hard_links_fail(tmp_path, monkeypatch):
    src = tmp_path / "poster.png"
    src.write_bytes(b"new")
    dst = tmp_path / "out" / "poster.png"
    dst.parent.mkdir()
    dst.write_bytes(b"old")

    def no_links(a, b, **kw):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(B.os, "link", no_links)
    B._place(src, dst)
    assert dst.read_bytes() == b"new" and not os.path.samefile(src, dst)


def test_a_missing_source_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        B._place(tmp_path / "gone.png", tmp_path / "out.png")
