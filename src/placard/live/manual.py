"""The manual (使用手册) for ``placard serve``: built once, in its own process, served at ``/manual/``.

The manual is a MkDocs site of its own (``manual/mkdocs.yml`` in a source checkout). ``serve``
builds it in the background into a temporary folder (a separate ``mkdocs`` process, so nothing
of the campaign's build state is shared) and the server answers ``/manual/…`` from there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PREFIX = "/manual/"


def manual_source() -> Path | None:
    """``manual/mkdocs.yml`` of this placard (a source checkout), or None when it is not installed."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "manual", here.parents[3] / "manual"):
        if (candidate / "mkdocs.yml").is_file():
            return candidate / "mkdocs.yml"
    return None


class Manual:
    """The built manual's folder (None until it is built, or when it cannot be)."""

    def __init__(self):
        self.dir: Path | None = None
        self.problem = ""
        self._tmp: Path | None = None

    def start(self) -> None:
        source = manual_source()
        if source is None:
            self.problem = "not-installed"
            return
        self._tmp = Path(tempfile.mkdtemp(prefix="placard-manual-"))
        threading.Thread(target=self._build, args=(source, self._tmp / "site"), daemon=True).start()

    def _build(self, source: Path, out: Path) -> None:
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(source), "-d", str(out)],
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            self.problem = str(exc)
            return
        if proc.returncode == 0 and (out / "index.html").is_file():
            self.dir = out
        else:
            self.problem = (proc.stderr or proc.stdout).strip()[-500:]

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
