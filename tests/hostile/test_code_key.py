"""A cache is never used after a change to the code that shapes its output (issue 20, item 11).

Before this fix the posters' code hash listed its modules by hand and missed ``images.py`` (which
decodes the artwork), so posters came from the cache after it changed; thumbnails carried a
hand-kept version number. Here a copy of placard is changed one module at a time and asked for
its cache keys.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "placard"

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import placard
assert placard.__file__.startswith(sys.argv[1]), placard.__file__
from placard.posters.plan import render_version
from placard.site import thumbs
from placard.placements.load import _code_key
print(json.dumps({"posters": render_version(), "thumbs": getattr(thumbs, "_code", lambda: "none")(), "placements": _code_key()}))
"""


def keys(pkg: Path) -> dict[str, str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(pkg)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    pkg = tmp_path_factory.mktemp("original")
    shutil.copytree(SRC, pkg / "placard", ignore=shutil.ignore_patterns("__pycache__"))
    return pkg, keys(pkg)


@pytest.mark.parametrize("module, caches", [
    ("images.py", ["posters", "thumbs"]),  # artwork decoding: posters and thumbnails
    ("posters/elements/image.py", ["posters"]),
    ("site/thumbs.py", ["thumbs"]),
    ("tabular.py", ["placements"]),
])
def test_a_change_to_a_shaping_module_is_a_cache_miss(original, tmp_path: Path, module: str, caches: list[str]):
    src, before = original
    pkg = tmp_path / "changed"
    shutil.copytree(src, pkg)
    with open(pkg / "placard" / module, "a", encoding="utf-8") as fh:
        fh.write("\nCHANGED_FOR_A_TEST = 1\n")
    after = keys(pkg)
    for cache in caches:
        assert after[cache] != before[cache], f"{cache}: same code key after {module} changed"


def test_the_same_code_gives_the_same_keys(original, tmp_path: Path):
    src, before = original
    pkg = tmp_path / "copy"
    shutil.copytree(src, pkg)
    assert keys(pkg) == before  # a cache survives between runs of unchanged code

