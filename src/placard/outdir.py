"""Output folders: which folder placard may write, and how a build replaces one.

The rules (README, "Output folder"):

* never a source: the output folder must not be, hold or lie inside the campaign's
  sources (docs_dir, slogans/, posters/, hooks/, the theme's custom_dir), must not be the
  campaign folder or one of its parents, and never the home folder or one holding it;
* never someone else's folder: an existing folder with visible entries is replaced only when
  it carries placard's marker (:data:`MARKER`, written by every build) or the user says
  ``--clean``;
* keep dot-entries: ``.git`` (a deploy checkout), ``.nojekyll`` ... move from the old output
  into the new one;
* normal permissions: the new folder gets 0777 minus the umask (0755), like ``mkdir``;
* a symbolic link is not replaced: ``placard build`` refuses ``--out`` that is a link (name the
  link's target instead); writing *into* a link's target (plain ``mkdocs build``,
  ``placard posters``) follows the same marker rule;
* debris: a build works in ``.NAME.building-PID-xxxxxxxx`` beside the output (the marker is
  written into it first); a later build removes such folders once their PID is gone (or after a
  day), after handing any dot-entry the output lacks back to it, so a killed build never loses
  ``site/.git``. Only folders with placard's exact name (output name, PID, eight random
  characters) *and* placard's marker inside (or nothing inside at all) are removed: a user's
  ``.site.old-backup2025`` is never touched.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .files import pid_alive as _alive
from .i18n import N_, _

#: The file every placard output folder carries (a small JSON).
MARKER = ".placard-site"
#: Folders of a campaign that hold its sources (besides docs_dir and the theme's custom_dir).
SOURCE_DIRS = ("slogans", "posters", "hooks", "reviews")  # reviews/: sign-off records (placard.review)
#: A temporary folder of a build that still has its PID is stale after this long anyway
#: (the PID may have been reused).
STALE_WITH_PID_S = 24 * 3600


@dataclass
class Refused(Exception):
    """placard will not write ``folder``; ``why`` says why and ``fix`` what to do instead."""

    folder: Path
    why: str
    fix: str
    what: str = "output folder"

    def __str__(self) -> str:
        if self.what == "file":
            return _("will not write the file {path}: {why}. {fix}").format(path=self.folder, why=self.why,
                                                                            fix=self.fix)
        return _("will not write the output folder {path}: {why}. {fix}").format(path=self.folder, why=self.why,
                                                                                 fix=self.fix)


@dataclass(frozen=True)
class Hints:
    """How to fix a refusal in the caller's words (a CLI option or a mkdocs.yml setting)."""

    other: str = N_("choose another --out (a new or empty folder)")  # marked with N_, translated where shown
    clean: str = N_("add --clean if it really is a placard output you want replaced")


MKDOCS_HINTS = Hints(
    other=N_("set site_dir in mkdocs.yml to another folder (a new or empty one)"),
    clean=N_("set PLACARD_CLEAN=1 for one build if it really is a placard output you want replaced"),
)


def _mkdocs_yml(root: Path) -> dict:
    from .yamlsrc import YamlProblem, load

    try:
        mk = load((root / "mkdocs.yml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}
    return mk if isinstance(mk, dict) else {}


def source_dirs(root: Path) -> list[Path]:
    """The resolved folders that hold the campaign's sources (whether they exist or not)."""
    mk = _mkdocs_yml(root)
    names = list(SOURCE_DIRS)
    docs = mk.get("docs_dir")
    names.append(docs if isinstance(docs, str) and docs else "docs")
    theme = mk.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str) and theme["custom_dir"]:
        names.append(theme["custom_dir"])
    return [Path(os.path.realpath(root / n)) for n in names]


def _visible(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


def has_marker(folder: Path) -> bool:
    """True when ``folder`` holds placard's marker: a regular file (not a link) that says placard made it.

    Look-alike content (an ``index.html`` and ``assets/placard.css``) does not count: a user's
    folder may hold those too.
    """
    marker = folder / MARKER
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > 4096:
            return False
        data = json.loads(marker.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("made_by") == "placard"


def is_placard_output(folder: Path) -> bool:
    """True when ``folder`` carries placard's marker (:func:`has_marker`)."""
    return has_marker(folder)


def check(root: Path, out: Path, *, clean: bool = False, replace: bool = True,
          hints: Hints = Hints()) -> Path:
    """The resolved output folder placard may write; raises :class:`Refused` otherwise.

    ``replace``: the caller swaps a new folder in place of ``out`` (``placard build``), so a
    symbolic link is refused; otherwise it writes into the folder (through a link).
    """
    from .trust import long_part_problem

    root = Path(os.path.realpath(root))
    out = Path(os.path.abspath(out))
    if (too_long := long_part_problem(str(out))) is not None:
        raise Refused(out, too_long, hints.other[0].upper() + hints.other[1:])
    if replace and out.is_symlink():
        target = os.path.realpath(out)
        raise Refused(out, _("it is a symbolic link to {target}, and placard replaces its output folder as a whole "
                             "rather than the folder a link points to").format(target=target),
                      _("Build with --out {target} to build there, or {other}").format(target=target,
                                                                                       other=_(hints.other)))
    out = Path(os.path.realpath(out))
    choose = _(hints.other)
    choose = choose[0].upper() + choose[1:]
    if out.exists() and not out.is_dir():
        raise Refused(out, _("it is a file, not a folder"), choose)
    other = _("{choose}, e.g. {example}").format(choose=choose, example=root / "site")
    home = Path(os.path.realpath(Path.home()))
    if out == home or home.is_relative_to(out):
        raise Refused(out, _("it is your home folder") if out == home
                      else _("it holds your home folder {home}").format(home=home), other)
    if out == root:
        raise Refused(out, _("it is the campaign folder itself"), other)
    if root.is_relative_to(out):
        raise Refused(out, _("it holds the campaign folder {root}").format(root=root), other)
    for src in source_dirs(root):
        if out == src:
            why = _("it is the campaign's source folder {src}, which a build would delete").format(src=src)
        elif src.is_relative_to(out):
            why = _("it holds the campaign's source folder {src}, which a build would delete").format(src=src)
        elif out.is_relative_to(src):
            why = _("it lies inside the campaign's source folder {src}: the site would be mixed with the "
                    "sources").format(src=src)
        else:
            continue
        raise Refused(out, why, other)
    if not clean and out.is_dir() and not is_placard_output(out):
        visible = _visible(out)
        if visible:
            shown = ", ".join(visible[:3])
            if len(visible) > 3:
                shown = _("{names} and {n} more").format(names=shown, n=len(visible) - 3)
            raise Refused(out, _("it holds files placard did not make ({names}) and no {marker} marker").format(
                              names=shown, marker=MARKER),
                          _("{choose}, or {clean}").format(choose=choose, clean=_(hints.clean)))
    return out


def check_file(root: Path, path: Path) -> Path:
    """A report file (``ledger``, ``scans`` ``--out``) must not overwrite or join the sources.

    Returns the resolved path; raises :class:`Refused` for mkdocs.yml, a file inside a source
    folder, or an existing folder.
    """
    root = Path(os.path.realpath(root))
    path = Path(os.path.realpath(path))
    if path.parent != root:
        fix = _("Choose another --out, e.g. {example}").format(example=root / path.name)
    else:
        fix = _("Choose another --out")
    if path.is_dir():
        raise Refused(path, _("it is a folder, not a file"), fix, "file")
    if path == root / "mkdocs.yml":
        raise Refused(path, _("it is the campaign's settings file"), fix, "file")
    for src in source_dirs(root):
        if path.is_relative_to(src):
            raise Refused(path, _("it lies inside the campaign's source folder {src}: placard would read it as a "
                                  "source or overwrite one").format(src=src), fix, "file")
    return path


def check_mkdocs(root: Path, site_dir: str | Path) -> Path:
    """For plain ``mkdocs build``/``serve``, which empty site_dir (but keep its dot-entries):
    refuse like ``placard build`` (``PLACARD_CLEAN=1`` as ``--clean``), then mark the folder."""
    clean = os.environ.get("PLACARD_CLEAN", "") not in ("", "0")
    out = check(root, Path(site_dir), clean=clean, replace=False, hints=MKDOCS_HINTS)
    mark(out)
    return out


def marker_text() -> str:
    return json.dumps({"made_by": "placard", "version": __version__,
                       "note": "placard replaces this folder on every build; files starting with '.' are kept"},
                      ensure_ascii=False) + "\n"


def mark(folder: Path) -> None:
    """Write placard's marker into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text(marker_text(), encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_temp(out: Path) -> Path:
    """A new folder beside ``out`` for a build, named with this process's PID, mode 0777 & ~umask,
    holding placard's marker from the start (so that :func:`clean_stale` knows it as placard's)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    os.chmod(tmp, 0o777 & ~_umask())
    mark(tmp)
    return tmp


#: The exact names of placard's temporaries: ``.NAME.building-PID-RANDOM`` (:func:`make_temp`;
#: RANDOM is tempfile's eight characters) and ``.NAME.old-PID-RANDOM`` (:func:`swap_in`).
_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<kind>building|old)-(?P<pid>[1-9][0-9]{0,9})-[a-z0-9_]{8}")


def remove_tree(folder: Path) -> None:
    """Remove a folder placard made, its marker last: a removal cut short (a killed build) leaves
    either the marker or an empty folder, both of which :func:`clean_stale` recognises."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name == MARKER:
            continue
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except OSError:
                pass
    try:
        (folder / MARKER).unlink()
    except OSError:
        pass
    try:
        folder.rmdir()
    except OSError:
        pass


def _is_empty(folder: Path) -> bool:
    try:
        return not os.listdir(folder)
    except OSError:
        return False



def _keep_hidden(old: Path, out: Path) -> bool:
    """Move the dot-entries of ``old`` that ``out`` lacks into ``out`` (placard's marker excepted).

    Returns False when one could not be moved (then ``old`` must not be deleted).
    """
    try:
        names = os.listdir(old)
    except OSError:
        return False
    ok = True
    for name in names:
        if name.startswith(".") and name != MARKER and not os.path.lexists(out / name):
            try:
                os.rename(old / name, out / name)
            except OSError:
                ok = False
    return ok


def clean_stale(out: Path, now: float | None = None) -> list[Path]:
    """Remove what killed builds of ``out`` left beside it; returns the folders removed.

    Only placard's temporaries of *this* output are touched: the exact name (output name,
    PID, eight random characters) and placard's marker inside (or an empty folder: a build
    killed before it wrote the marker, or while removing a folder). A look-alike name such
    as ``.site.old-backup2025`` or a folder without the marker is left as it is. Only when
    their build is over: its PID no longer runs, or the folder is older than a day.
    A dot-entry the output lacks (``.git`` of a deploy checkout caught mid-swap) goes
    back into the output first; a previous output caught mid-swap with no output in
    its place becomes the output again.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.fullmatch(entry.name)
        if not m or m.group("name") != out.name or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        if _alive(int(m.group("pid"))) and age <= STALE_WITH_PID_S:
            continue
        if _is_empty(entry):
            try:
                entry.rmdir()
                removed.append(entry)
            except OSError:
                pass
            continue
        if not has_marker(entry):
            continue  # not provably placard's: leave it
        if m.group("kind") == "old" and not os.path.lexists(out):
            try:
                os.rename(entry, out)  # the previous output, caught between the two renames of a swap
                continue
            except OSError:
                pass
        if out.is_dir() and not out.is_symlink() and not _keep_hidden(entry, out):
            continue  # a dot-entry that cannot go back: leave it where it is
        remove_tree(entry)
        removed.append(entry)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, out: Path, finish: bool = True) -> Path | None:
    """Put the finished build ``new`` in place of ``out``, keeping ``out``'s dot-entries.

    The exchange is atomic where the system allows (the output is the old folder or the new
    one, never missing); elsewhere the old folder is renamed aside first and put back if the
    new one cannot take its place. The old folder goes only once the new one is there.
    Raises OSError only while ``out`` is still the old folder (``new`` is then the caller's).

    Returns where the previous output now is (None when there was none). With ``finish=False``
    it stays there, whole, until :func:`finish_swap` (hand its dot-entries over, remove it) or
    :func:`swap_back` (put it back): :func:`placard.build.swap_all` swaps two sites together.
    """
    mark(new)
    if not os.path.lexists(out):
        os.rename(new, out)
        return None
    if _exchange(new, out):
        old = new  # now holds the previous output, under a name clean_stale knows
    else:
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{new.name.rsplit('-', 1)[-1]}")
        os.rename(out, old)
        try:
            os.rename(new, out)
        except OSError:
            os.rename(old, out)
            raise
    if finish:
        finish_swap(old, out)
    return old


def finish_swap(old: Path | None, out: Path) -> None:
    """The swap of ``out`` is final: its previous output ``old`` hands over its dot-entries and goes."""
    if old is not None and _keep_hidden(old, out):
        remove_tree(old)


def swap_back(old: Path | None, out: Path) -> None:
    """Undo :func:`swap_in` (``finish=False``): the previous output ``old`` becomes ``out`` again
    and the new one goes. Raises OSError when it cannot (the new output then stays)."""
    if old is None:  # there was no output before
        remove_tree(out)
        return
    if _exchange(old, out):
        remove_tree(old)  # now the new output
        return
    aside = out.with_name(f".{out.name}.building-{os.getpid()}-{secrets.token_hex(4)}")
    os.rename(out, aside)
    os.rename(old, out)
    remove_tree(aside)
