"""File events -> batches of changes: watchdog's inotify observer (no polling), debounced.

Editors save in steps (write a temporary file, rename it over the old one; or truncate, then
write), and a person may save two files at once: events that come less than
:data:`QUIET` seconds apart go into one batch, so they make one rebuild.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..load import SLOGANS_DIR
from .campaign import is_slogan_file

#: Seconds without a new event before a batch is handled.
QUIET = 0.1
#: A batch is handled after this many seconds even if events keep coming (a long copy).
LONGEST = 2.0


@dataclass
class Batch:
    """What changed: slogan files (absolute paths), whether a folder under slogans/ came or went,
    and whether anything else changed (a full load and build)."""

    slogans: set[Path] = field(default_factory=set)
    rescan: bool = False
    full: bool = False
    events: int = 0

    def __bool__(self) -> bool:
        return bool(self.slogans or self.rescan or self.full)


def classify(batch: Batch, root: Path, path: Path, is_dir: bool, ignored: tuple[Path, ...] = ()) -> None:
    """Add one changed ``path`` to ``batch``, or leave it out (editor temporaries, dot-files,
    the output folders and placard's cache)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return
    if not rel.parts or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
        return
    if any(path == d or d in path.parents for d in ignored):
        return
    if rel.parts[0] == SLOGANS_DIR:
        if is_dir:
            batch.rescan = True
        elif is_slogan_file(path, root):
            batch.slogans.add(path)
        else:
            return  # an editor's swap or backup file (x.md.swp, x.md~, 4913)
    else:
        if not is_dir and path.name.endswith(("~", ".swp", ".swx", ".tmp")):
            return
        batch.full = True
    batch.events += 1


class Debouncer:
    """Collects events; :meth:`wait` returns a batch once :data:`QUIET` seconds pass without one.

    The clock is a parameter so the grouping can be tested without sleeping."""

    def __init__(self, root: Path, ignored: tuple[Path, ...] = (), quiet: float = QUIET,
                 longest: float = LONGEST, clock=time.monotonic):
        self.root = root
        self.ignored = ignored
        self.quiet, self.longest, self.clock = quiet, longest, clock
        self._batch = Batch()
        self._first = self._last = 0.0
        self._cond = threading.Condition()
        self._closed = False

    def add(self, path: str | Path, is_dir: bool = False) -> None:
        with self._cond:
            had = bool(self._batch)
            classify(self._batch, self.root, Path(path), is_dir, self.ignored)
            if bool(self._batch):
                now = self.clock()
                if not had:
                    self._first = now
                self._last = now
                self._cond.notify_all()

    def ready(self) -> bool:
        """A batch is waiting and its events have settled."""
        if not self._batch:
            return False
        now = self.clock()
        return now - self._last >= self.quiet or now - self._first >= self.longest

    def take(self) -> Batch:
        with self._cond:
            batch, self._batch = self._batch, Batch()
            return batch

    def wait(self) -> Batch | None:
        """Block until a settled batch (or None once :meth:`close` is called)."""
        with self._cond:
            while not self._closed:
                if not self._batch:
                    self._cond.wait()
                    continue
                if self.ready():
                    batch, self._batch = self._batch, Batch()
                    return batch
                left = min(self.quiet - (self.clock() - self._last), self.longest - (self.clock() - self._first))
                self._cond.wait(max(left, 0.005))
            return None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def start_observer(root: Path, debouncer: Debouncer):
    """watchdog's observer (inotify on Linux) on the campaign folder, feeding ``debouncer``."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):
                return  # reading a file changes nothing
            try:
                debouncer.add(event.src_path, event.is_directory)
                dest = getattr(event, "dest_path", "")
                if dest:  # a rename: the old name went, the new one came
                    debouncer.add(dest, event.is_directory)
            except Exception:  # noqa: BLE001  (an odd path never stops the watcher)
                pass

    observer = Observer()
    observer.schedule(Handler(), str(root), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
