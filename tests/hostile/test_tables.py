"""Hostile inputs for placement lists, caches and the tables placard writes (issue 10).

Each test here failed before its fix: a campaign folder from someone else must not run code
or pass a failing list through its cache, a stray quote must not drop rows, cells written
for Excel must not be formulas, and no input may hang or give a traceback.
"""

from __future__ import annotations

import csv
import gzip
import io
import marshal
import os
import pickle
import sys
from pathlib import Path

import pytest
from conftest import copy_example, write

from placard import cachesafe
from placard.cli import main
from placard.placements import load as L

PARTS = ("mkdocs.yml", "slogans", "hooks")
HEADER = "name,type,period_from,period_to,slot,kind,ref,advertiser\n"
FIRST = "道旗,banner,2026-10-01,2026-12-31,p1,public,traffic-01,\n"
COMMERCIAL = "".join(f",,,,c{i},commercial,,光明银行\n" for i in range(1, 6))  # 1 public of 6: 16.66%
FAILING = HEADER + FIRST + COMMERCIAL
PASSING = HEADER + FIRST + "".join(f",,,,c{i},public,traffic-01,\n" for i in range(1, 6))


def campaign(root: Path, lists: dict[str, str] | None = None) -> Path:
    copy_example(root, PARTS)
    write(root / "docs" / "index.md", "# 测试\n")
    for name, text in (lists or {}).items():
        write(root / "posters" / "placements" / name, text)
    return root


def check(root: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", str(root), "--date", "2026-11-23", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


# ------------------------------------------------------------------ 1. the parse cache


class RunsCode:
    """A pickle that runs a command when loaded (what a hostile campaign can ship)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_in_the_cache_folder_is_never_loaded(tmp_path, capsys):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    marker = tmp_path / "pwned"
    payload = pickle.dumps(RunsCode(marker))
    (root / ".cache/placard").mkdir(parents=True)
    for name in ("placements.pickle", Path(L.CACHE_FILE).name):
        (root / ".cache/placard" / name).write_bytes(payload)
    code, out = check(root, capsys)
    assert not marker.exists()
    assert code == 1 and "16.66%" in out


def _entries_for(root: Path, text: str) -> dict:
    """Cache entries that say l.csv is the passing list: what a forger writes, knowing the file's bytes."""
    findings: list = []
    src = root / "posters/placements/l.csv"
    data = src.read_bytes()
    write(root / "posters/placements/l.csv", text)
    good = L.load_list(src, root, L.Defaults(), findings)
    src.write_bytes(data)
    assert good is not None and not findings
    import hashlib

    key = [hashlib.sha256(data).hexdigest(), repr(L.read_defaults(None, []))]
    return {"posters/placements/l.csv": [key, L.encode(good), []]}


def test_a_forged_cache_entry_cannot_pass_a_failing_list(tmp_path, capsys, monkeypatch):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    entries = _entries_for(root, PASSING)
    cache = {"code": L._code_key(), "entries": entries}
    # the old place and format (pickle), and the new format sealed with a key that is not this user's
    (root / ".cache/placard").mkdir(parents=True)
    (root / ".cache/placard/placements.pickle").write_bytes(pickle.dumps(
        {"code": L._code_key(), "entries": {k: (tuple(v[0]), L.encode(L.decode(v[1])), ()) for k, v in entries.items()}}))
    monkeypatch.setattr(cachesafe, "local_key", lambda: b"a key the forger chose, not this user's")
    forged = cachesafe.seal(marshal.dumps(cache), L.CACHE_PURPOSE)
    monkeypatch.undo()
    for body in (forged, marshal.dumps(cache), b"placard-sealed-1 " + b"0" * 64 + b"\n" + marshal.dumps(cache)):
        (root / L.CACHE_FILE).write_bytes(body)
        code, out = check(root, capsys)
        assert code == 1 and "16.66%" in out, out


def test_a_well_sealed_entry_of_the_wrong_shape_is_a_miss(tmp_path, capsys, monkeypatch):
    """Even under this user's own key, an entry that is not a list is re-parsed, never an exception."""
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    good = _entries_for(root, FAILING)["posters/placements/l.csv"]
    for bad in (None, [], [good[0]], [good[0], "x", []], [good[0], good[1][:3], []],
                [good[0], [*good[1][:7], [["s", "1", "public", 1, 1, 1, None, None, None, None, None]],
                           *good[1][8:]], []],
                [good[0], good[1], [{"rule": "x"}]], [good[0], good[1], [None]]):
        body = marshal.dumps({"code": L._code_key(), "entries": {"posters/placements/l.csv": bad}})
        (root / ".cache/placard").mkdir(parents=True, exist_ok=True)
        (root / L.CACHE_FILE).write_bytes(cachesafe.seal(body, L.CACHE_PURPOSE))
        code, out = check(root, capsys)
        assert code == 1 and "16.66%" in out, (bad, out)


def test_the_cache_is_used_when_it_is_this_users_own(tmp_path, capsys, monkeypatch):
    root = campaign(tmp_path / "c", {"l.csv": FAILING})
    assert check(root, capsys)[0] == 1
    assert (root / L.CACHE_FILE).is_file()
    calls = []
    monkeypatch.setattr(L, "load_list", lambda *a, **k: calls.append(a))
    code, out = check(root, capsys)
    assert code == 1 and "16.66%" in out and calls == []  # from the cache, not parsed again
