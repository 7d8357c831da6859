"""What makes a cache safe to read when the campaign folder comes from someone else.

A campaign's ``.cache/`` travels with it (a zip, a shared drive, a repository), so whatever
is in it may have been written by anyone. placard's caches therefore:

* hold plain data only (JSON or ``marshal`` of dicts, lists, strings and numbers; never
  a format that can run code when it is read);
* are keyed by a hash of the source bytes and of the placard code that made them
  (:func:`code_key`), so a cache made by other code is a miss;
* are sealed (:func:`seal`) with an HMAC under a key that never leaves this user's own
  cache folder (``$XDG_CACHE_HOME/placard/cache.key``, else ``~/.cache/placard/cache.key``,
  created on first use, mode 0600). A cache file written elsewhere, or edited by hand, does
  not open (:func:`unseal` gives None) and everything is read from the sources again. A
  forged entry cannot turn a failing placement list into a passing one.

Readers still check the shape and types of what they unseal: a damaged or unexpected entry
is a miss, never an exception.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache, lru_cache
from pathlib import Path

PACKAGE = Path(__file__).parent
MAGIC = b"placard-sealed-1 "
KEY_BYTES = 32


@cache
def code_key(*modules: str) -> str:
    """A hash of placard's own source files (paths relative to the package, e.g. ``posters/render.py``).

    When the code that made a cache entry changes, the key changes and the entry is a miss.
    If a file cannot be read (an unusual install), the key is random: no cache is trusted.
    """
    h = hashlib.sha256()
    for mod in modules:
        h.update(mod.encode() + b"\0")
        try:
            h.update((PACKAGE / mod).read_bytes())
        except OSError:
            return "unreadable-" + secrets.token_hex(16)
    return h.hexdigest()


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "placard" / "cache.key"


@lru_cache(maxsize=1)
def local_key() -> bytes | None:
    """This user's secret cache key (made on first use), or None when there is nowhere to keep one."""
    try:
        path = _key_path()
        try:
            data = path.read_bytes()
            if len(data) >= KEY_BYTES:
                return data
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".cache.key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)  # atomic: of two placards starting at once, the first key wins
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
        data = path.read_bytes()
        return data if len(data) >= KEY_BYTES else None
    except (OSError, RuntimeError, KeyError):  # no home folder, read-only home, ...
        return None


def _mac(key: bytes, purpose: str, body: bytes) -> bytes:
    return hmac.new(key, purpose.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()


def seal(body: bytes, purpose: str) -> bytes | None:
    """``body`` with a header that proves this user's placard wrote it (None: no key, do not cache)."""
    key = local_key()
    if key is None:
        return None
    return MAGIC + _mac(key, purpose, body) + b"\n" + body


def unseal(data: bytes, purpose: str) -> bytes | None:
    """The body of a sealed cache file, or None if it was not sealed by this user for ``purpose``."""
    key = local_key()
    if key is None or not data.startswith(MAGIC):
        return None
    mac, sep, body = data[len(MAGIC):].partition(b"\n")
    if not sep or not hmac.compare_digest(mac, _mac(key, purpose, body)):
        return None
    return body
