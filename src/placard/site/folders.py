"""The site's page folders, made on a second thread while MkDocs renders the pages.

A large campaign's site is tens of thousands of folders: ``s/<id>/`` for each slogan page and
``Q/<CODE>/`` for each code's redirect page. Making a folder is a file-system call that costs more
than rendering the page that goes in it (0.3–0.8 ms each on an ext4 disk, against ~0.5 ms of Python
per slogan page), and Python lets other threads run while it waits for the system. So a build with
more than :data:`THRESHOLD` generated page folders makes them on a thread of its own, in the order
MkDocs writes the pages, while the main thread renders: MkDocs' ``write_file`` and the redirect
writer then find their folder there (``os.makedirs(..., exist_ok=True)``, ``FileExistsError``), and
whichever thread gets to a folder first makes it. Only folders are made here; every file is written
by the step that owns it, as before, so the built site is the same to the byte.

The thread runs only when the process may use two CPUs or more (:func:`placard.cpus.usable_cpus`):
on one CPU it would only take turns with the renderer. A folder it cannot make (disk full, no
permission) stops it; :meth:`FolderMaker.finish` raises that error, and a failed build stops the
thread (:meth:`FolderMaker.cancel`) before its temporary folder is removed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from ..cpus import usable_cpus

#: Builds with fewer page folders make them on the main thread (as MkDocs does).
THRESHOLD = 2000


class FolderMaker:
    """Make ``folders`` (absolute paths, parents first) on a thread of its own."""

    _mkdir = staticmethod(os.mkdir)

    def __init__(self, folders: Iterable[str]) -> None:
        self.folders = list(folders)
        self.made = 0
        self.error: OSError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="placard-folders", daemon=True)

    def start(self) -> FolderMaker:
        self._thread.start()
        return self

    def _run(self) -> None:
        mkdir = self._mkdir
        for path in self.folders:
            if self._stop.is_set():
                return
            try:
                mkdir(path)
            except FileExistsError:
                continue
            except FileNotFoundError:  # a parent the main thread has not made yet (it makes this one too)
                try:
                    os.makedirs(path, exist_ok=True)
                except OSError as exc:
                    self.error = exc
                    return
            except OSError as exc:
                self.error = exc
                return
            self.made += 1

    def finish(self) -> None:
        """Wait for the thread; raise the error that stopped it, if one did."""
        self._thread.join()
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Stop the thread and wait for it (a failed build removes its folder next)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def page_folders(site_dir: str, dest_paths: Iterable[str], extra: Iterable[str] = ()) -> list[str]:
    """The folders that will hold ``dest_paths`` (site-relative, '/'-separated), then ``extra``
    folders (site-relative), each once, parents before children, absolute."""
    seen: set[str] = set()
    out: list[str] = []

    def add(rel: str) -> None:
        if not rel or rel in seen:
            return
        if any(part in ("", ".", "..") for part in rel.split("/")):
            return  # never a folder outside the site (MkDocs decides about such a page itself)
        parent = rel.rpartition("/")[0]
        if parent:
            add(parent)
        seen.add(rel)
        out.append(os.path.join(site_dir, *rel.split("/")))

    for dest in dest_paths:
        add(dest.rpartition("/")[0])
    for rel in extra:
        add(rel.strip("/"))
    return out


def start(site_dir: str, dest_paths: Iterable[str], extra: Iterable[str] = (),
          threshold: int | None = None) -> FolderMaker | None:
    """A started :class:`FolderMaker` for a large build on two CPUs or more, else None."""
    folders = page_folders(site_dir, dest_paths, extra)
    if len(folders) < (THRESHOLD if threshold is None else threshold) or usable_cpus() < 2:
        return None
    return FolderMaker(folders).start()
