"""Every cache placard keeps, and what makes it safe when the campaign folder comes from someone else.

One module serves them all: the placement lists (``.cache/placard/placements.bin``), the poster
and share-card layouts and drawings (``posters/``, ``share/``), the contact-sheet pages, the
gallery thumbnails (``thumbs/``) and the search dictionary (``jieba_user.txt``).

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

Writing never follows a link (:func:`write_file`, :func:`private_dir`): the folders below the
campaign's ``.cache`` are opened one by one without following symbolic links (a link where
placard expects a folder turns the cache off), a file is written under a temporary name made
with ``O_CREAT | O_EXCL | O_NOFOLLOW`` (the process id and a random part: two runs never
share one) and renamed over the entry, so a planted link is replaced, never written through.
Reading (:func:`read_file`) opens without following links either, and only a regular file:
a link, a FIFO or a folder where an entry should be is a miss.

The code hash of a cache (:func:`code_key_of`) covers every placard module its maker imports,
found by reading the import statements (:func:`code_modules`): no hand-kept list or version
number can miss a module that shapes the output.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import os
import re
import secrets
import shutil
import stat
import tempfile
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


# ---------------------------------------------------------------- which code made an entry


def _module_file(parts: list[str]) -> str | None:
    """The package-relative file of module ``parts`` (a module or a package), None if not placard's."""
    if not parts:
        return "__init__.py"
    rel = "/".join(parts)
    if (PACKAGE / f"{rel}.py").is_file():
        return f"{rel}.py"
    if (PACKAGE / rel / "__init__.py").is_file():
        return f"{rel}/__init__.py"
    return None


_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]*)", re.M)


def _imports(rel: str) -> set[str]:
    """The placard modules that ``rel`` imports (anywhere in it: top level or inside functions).

    Read from the import statements' text (a tenth of the time of parsing the module); a line in a
    string that looks like an import can only add a module, which makes the key stricter."""
    try:
        text = (PACKAGE / rel).read_text("utf-8")
    except (OSError, ValueError):
        return set()  # code_key says "unreadable": nothing is trusted
    package = rel.split("/")[:-1]
    wanted: list[list[str]] = []
    for m in _IMPORT.finditer(text):
        for name in m.group(1).split(","):
            parts = name.split()[0].split(".") if name.split() else []
            if parts and parts[0] == "placard":
                wanted.append(parts[1:])
    for m in _FROM.finditer(text):
        dots, module, names = len(m.group(1)), m.group(2), m.group(3)
        mod = module.split(".") if module else []
        if dots:
            if dots - 1 > len(package):
                continue
            base = package[:len(package) - (dots - 1)] + mod
        elif mod and mod[0] == "placard":
            base = mod[1:]
        else:
            continue
        wanted.append(base)
        for name in names.strip("()").split(","):  # ``from . import fonts``: a submodule
            if name.split():
                wanted.append(base + [name.split()[0]])
    out = set()
    for parts in wanted:
        for i in range(len(parts) + 1):  # a module imports its packages' __init__ too
            f = _module_file(parts[:i])
            if f is not None:
                out.add(f)
    return out


@cache
def code_modules(*entries: str) -> tuple[str, ...]:
    """Every placard source file that ``entries`` (package-relative paths) import, directly or not."""
    seen: set[str] = set()
    todo = list(entries)
    while todo:
        rel = todo.pop()
        if rel not in seen:
            seen.add(rel)
            todo += _imports(rel) - seen
    return tuple(sorted(seen))


def code_key_of(*entries: str) -> str:
    """:func:`code_key` of ``entries`` and every placard module they import."""
    return code_key(*code_modules(*entries))


# ---------------------------------------------------------------- reading and writing without following links

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
CACHE_ROOT = ".cache"


def _split(path: Path) -> tuple[Path, tuple[str, ...]]:
    """``path``'s folder the user chose (the campaign, followed as it is) and the folders below it
    that placard made (from ``.cache`` on, never followed)."""
    parts = path.parent.parts
    if CACHE_ROOT in parts:
        i = len(parts) - 1 - parts[::-1].index(CACHE_ROOT)
        return Path(*parts[:i]), parts[i:]
    return path.parent, ()


def _open_dir(base: Path, below: tuple[str, ...], create: bool) -> int:
    """A descriptor of ``base/below...``; each folder of ``below`` is opened without following a link
    (and made when ``create``). OSError when one is a link, a file, or (without ``create``) missing."""
    fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    try:
        for name in below:
            try:
                nfd = os.open(name, _DIR, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(name, 0o755, dir_fd=fd)
                except FileExistsError:
                    pass  # another run made it a moment ago (or it is a link: the open below refuses it)
                nfd = os.open(name, _DIR, dir_fd=fd)
            os.close(fd)
            fd = nfd
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_dir(path: Path, create: bool = False) -> int:
    """A descriptor of the folder ``path`` (see :func:`_open_dir`); the caller closes it."""
    base, below = _split(path / "x")
    return _open_dir(base, below, create)


def temp_name(name: str) -> str:
    """A temporary name beside ``name`` that no other run (or earlier run) of placard uses."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"


def open_new(path: Path):
    """A new file at ``path`` for writing in binary (``O_CREAT | O_EXCL | O_NOFOLLOW``): never a file
    or a link that was there. Use it with a :func:`temp_name`, then rename over the real name."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644)
    return os.fdopen(fd, "wb")


def read_file(path: Path, limit: int = 1 << 30) -> bytes | None:
    """The bytes of the regular file ``path``, or None: missing, unreadable, a link, a FIFO, a folder,
    in a folder that is a link, or larger than ``limit``."""
    try:
        fd = open_dir(path.parent)
    except (OSError, ValueError):
        return None
    try:
        f = os.open(path.name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    try:
        st = os.fstat(f)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with os.fdopen(f, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(f)


def write_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` without following any link; False when the cache cannot be written.

    The bytes go into a new file with a name of this run's own (``O_EXCL | O_NOFOLLOW``), which is
    then renamed over ``path``: whatever stood at ``path`` (a link, another run's entry) is replaced,
    and a reader sees the old entry or the new one, never half of one."""
    try:
        fd = open_dir(path.parent, create=True)
    except (OSError, ValueError):
        return False
    tmp = temp_name(path.name)
    try:
        f = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644, dir_fd=fd)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(f, view):]
        finally:
            os.close(f)
        os.replace(tmp, path.name, src_dir_fd=fd, dst_dir_fd=fd)
        return True
    except OSError:
        try:
            os.unlink(tmp, dir_fd=fd)
        except OSError:
            pass
        return False
    finally:
        os.close(fd)


def read_sealed(path: Path, purpose: str, limit: int = 1 << 30) -> bytes | None:
    """The body of the sealed entry ``path`` (see :func:`read_file`, :func:`unseal`), None for a miss."""
    data = read_file(path, limit)
    return None if data is None else unseal(data, purpose)


def write_sealed(path: Path, body: bytes, purpose: str) -> bool:
    """Seal ``body`` for ``purpose`` and write it to ``path`` (see :func:`write_file`)."""
    sealed = seal(body, purpose)
    return sealed is not None and write_file(path, sealed)


def is_regular(path: Path) -> bool:
    """``path`` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def private_dir(parent: Path, name: str) -> Path | None:
    """A new, empty folder placard made under ``parent`` (a temporary name of its own for ``name``),
    to be filled and then put in place with :func:`install_dir`; None when the cache cannot be written."""
    try:
        fd = open_dir(parent, create=True)
    except (OSError, ValueError):
        return None
    try:
        tmp = temp_name(name)
        os.mkdir(tmp, 0o755, dir_fd=fd)
        return parent / tmp
    except OSError:
        return None
    finally:
        os.close(fd)


_SCRATCH: dict[str, Path] = {}


def usable_dir(path: Path) -> Path:
    """``path`` when placard can write there without following a link; else a private folder of this
    run (made in the system's temporary folder, removed when placard ends): a campaign whose
    ``.cache`` is a link, a file or read-only is drawn in full, and nothing is written elsewhere."""
    try:
        os.close(open_dir(path, create=True))
        return path
    except (OSError, ValueError):
        if str(path) not in _SCRATCH:
            scratch = Path(tempfile.mkdtemp(prefix="placard-cache-"))
            atexit.register(shutil.rmtree, scratch, True)
            _SCRATCH[str(path)] = scratch
        return _SCRATCH[str(path)]


def _remove(fd: int, parent: Path, name: str) -> None:
    """Remove the entry ``name`` of the folder ``fd`` (a link or a file: itself, never its target)."""
    try:
        if stat.S_ISDIR(os.lstat(name, dir_fd=fd).st_mode):
            shutil.rmtree(parent / name, ignore_errors=True)  # never follows the links inside
        else:
            os.unlink(name, dir_fd=fd)
    except OSError:
        pass


def install_dir(tmp: Path, dest: Path, keep=None) -> bool:
    """Rename the folder ``tmp`` (from :func:`private_dir`) to ``dest``.

    What stands at ``dest`` is moved aside and removed first, unless it is a real folder that
    ``keep(dest)`` accepts (another run's finished entry: it stays and ``tmp`` goes). True when
    ``dest`` holds a folder placard made, False when the cache cannot be written."""
    try:
        fd = open_dir(dest.parent, create=True)
    except (OSError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    try:
        for _ in range(3):
            try:
                os.rename(tmp.name, dest.name, src_dir_fd=fd, dst_dir_fd=fd)
                return True
            except OSError:
                pass
            try:
                st = os.lstat(dest.name, dir_fd=fd)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(st.st_mode) and keep is not None and keep(dest):
                shutil.rmtree(tmp, ignore_errors=True)
                return True
            aside = temp_name(dest.name)
            try:
                os.rename(dest.name, aside, src_dir_fd=fd, dst_dir_fd=fd)
            except OSError:
                continue
            _remove(fd, dest.parent, aside)
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    finally:
        os.close(fd)
