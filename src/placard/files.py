"""Writing the user's own files (sources, placement lists) without ever leaving half a file.

One helper to replace a user's file atomically: :func:`replace_atomically` writes a
temporary file beside the target and renames it over the target, so the target is
always either exactly the old or exactly the new content, even when the process is
killed. The temporary file is named ``.placard-tmp-<pid>-<random>``: a dot-file with
no ``.md``/``.yml``/``.csv``/``.xlsx`` suffix, so no content glob ever picks it up.
A process killed between creating it and renaming it leaves it behind;
:func:`clean_stale_temps` (run by ``check --fix`` and ``fill --write`` before they
write) removes those whose process is gone, and only those.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path

TEMP_PREFIX = ".placard-tmp-"
_TEMP_RE = re.compile(r"^\.placard-tmp-(\d+)-[0-9a-f]{8}$")
#: What earlier placard versions named their temporary files (``tempfile.mkstemp``).
_OLD_TEMP_RE = re.compile(r"^\.placard-[a-z0-9_]{8}\.(?:md|yml|yaml|csv|xlsx|tmp)$")
#: A temporary file of a live process is left alone unless it is older than this.
STALE_AFTER = 24 * 3600.0
#: Old-style names carry no process id: removed once surely abandoned.
OLD_STALE_AFTER = 3600.0


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` runs on this machine (a zombie counts as gone)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    try:  # a zombie (killed, not yet reaped) is gone for our purposes
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def clean_stale_temps(folders: Iterable[Path], now: float | None = None) -> list[Path]:
    """Remove placard's own abandoned temporary files from ``folders``; return what was removed.

    A ``.placard-tmp-<pid>-…`` file goes when its process is gone (or is this process,
    which writes nothing while cleaning) or when it is a day old; an old-style
    ``.placard-xxxxxxxx.md`` file from an earlier placard version when it is an hour old.
    Nothing else is touched.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    for folder in {Path(f) for f in folders}:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if not name.startswith(".placard-"):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                age = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            m = _TEMP_RE.match(name)
            if m:
                pid = int(m.group(1))
                stale = pid == os.getpid() or not pid_alive(pid) or age > STALE_AFTER
            else:
                stale = bool(_OLD_TEMP_RE.match(name)) and age > OLD_STALE_AFTER
            if stale:
                try:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except FileNotFoundError:
                    pass
    return removed


def _temp_beside(path: Path) -> Path:
    while True:
        tmp = path.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it over ``path``.

    The file keeps its permission bits; on any failure the temporary file is removed
    and ``path`` is exactly as it was.
    """
    path = Path(path)
    tmp = _temp_beside(path)
    try:
        write(tmp)
        _fsync(tmp)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
