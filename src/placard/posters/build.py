"""Render a plan's jobs in parallel, through a cache, into an output folder.

The cache (``.cache/placard/posters/<key>/``) is keyed by the hash of each job's
spec, which holds everything that shapes a poster (text, layout, format, colours,
font file, artwork hash, QR data and version, renderer version). A rebuild renders
only the jobs whose key is new and links the rest into place. A poster is drawn into a new
folder of this run's own (:func:`placard.cachesafe.private_dir`: process id and a random part,
so two ``placard posters`` at once never share a temporary) and renamed into place when sealed;
nothing is written through a link planted in the cache. Workers are
processes; each draws one poster at a time and returns only a small dict, so memory
stays bounded by ``jobs`` posters whatever their number.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from ..cachesafe import (
    install_dir,
    is_regular,
    open_new,
    private_dir,
    read_sealed,
    seal,
    temp_name,
    usable_dir,
    write_sealed,
)
from ..cpus import worker_count
from ..i18n import N_, _, in_language
from ..model import Campaign
from ..progress import Bar
from . import fonts as F
from .outputs import ENTRY_NAMES, kinds_for
from .pdf import write_jpeg_pages
from .plan import Job, Plan
from .render import RenderProblem, render

CACHE_DIR = ".cache/placard/posters"


@dataclass
class BuildReport:
    rendered: int = 0
    reused: int = 0
    failed: list[tuple[Job, str]] = field(default_factory=list)
    seconds: float = 0.0
    sheets: list[str] = field(default_factory=list)
    pruned: int = 0  # cache entries of posters no longer built, removed
    shared: int = 0  # posters that are another poster's drawing (slots showing the same item in one format)

    @property
    def total(self) -> int:
        return self.rendered + self.reused

    def summary(self) -> str:
        s = _("{total} poster(s): {rendered} rendered, {reused} from cache, in {seconds} s").format(
            total=self.total, rendered=self.rendered, reused=self.reused, seconds=f"{self.seconds:.1f}"
        )
        if self.shared:
            s += _(" ({n} share another poster's drawing: same item, same format)").format(n=self.shared)
        if self.failed:
            s += _("; {n} failed").format(n=len(self.failed))
        if self.pruned:
            s += _("; {n} outdated poster(s) removed from the cache").format(n=self.pruned)
        return s


def cache_dir(campaign: Campaign) -> Path:
    """The poster cache, or a folder of this run's own when it cannot be written safely (a link)."""
    return usable_dir(campaign.root / CACHE_DIR)


ENTRY_SEAL = "seal"  # in each entry: proves this user's placard drew the files (see placard.cachesafe)


def _stamp(entry: Path, name: str | None = None) -> bytes | None:
    """The entry's name (``name``: the one it will have) and the size and time of each of its poster
    files (None if one is a link or not a regular file)."""
    files = []
    for fname in ENTRY_NAMES:
        try:
            st = os.lstat(entry / fname)
        except FileNotFoundError:
            continue
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        files.append([fname, st.st_size, st.st_mtime_ns])
    return json.dumps([name or entry.name, files]).encode()


def _seal_entry(entry: Path, name: str | None = None) -> None:
    stamp = _stamp(entry, name)
    sealed = seal(stamp, "poster-entry") if stamp is not None else None
    if sealed is not None:
        fd = os.open(entry / ENTRY_SEAL, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:  # a new file in a folder this run made
            fh.write(sealed)


def _complete(entry: Path, job: Job) -> bool:
    """True when the entry holds the job's files as this user's placard drew them.

    An entry that came with the campaign folder (or whose files changed since) has no valid
    seal: its poster is drawn again, so a shipped PNG can never stand in for the real one.
    """
    if entry.is_symlink() or not all(is_regular(entry / n) for n in _names(job).values()):
        return False
    stamp = read_sealed(entry / ENTRY_SEAL, "poster-entry")
    return stamp is not None and stamp == _stamp(entry)


def _names(job: Job) -> dict[str, str]:
    return {k.key: k.entry for k in kinds_for(job.spec)}


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends when the process that started it ends (even by SIGKILL).

    Linux: the kernel sends SIGTERM on the parent's death (prctl PR_SET_PDEATHSIG); elsewhere a
    daemon thread polls the parent's PID. Either way a killed build leaves no worker behind.
    """
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        ok = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0
    except (OSError, AttributeError):
        ok = False
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if ok:
        return
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="placard-parent-watch", daemon=True).start()


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters
_KEEP = 1 << 30


def keep_memory(keep: bool = True) -> None:
    """Let this process reuse the memory of one poster for the next (glibc only; elsewhere nothing).

    A poster's pictures are tens of MB each; glibc gives every allocation that big fresh pages
    from the kernel and returns them on free, so each poster pays the page faults of its pictures
    again (a tenth of its time). Kept, freed memory serves the next poster. ``keep=False`` gives the
    memory back and restores glibc's usual thresholds (the main process after a run in it).
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        if keep:
            libc.mallopt(_M_MMAP_THRESHOLD, _KEEP)
            libc.mallopt(_M_TRIM_THRESHOLD, _KEEP)
        else:
            libc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
            libc.mallopt(_M_TRIM_THRESHOLD, 128 * 1024)
            libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def worker_init(parent: int) -> None:
    """Pool initializer of the poster workers: end with the parent, reuse memory between posters."""
    die_with_parent(parent)
    keep_memory()


def _sealed_entry(entry: Path) -> bool:
    """The entry is a folder whose files this user's placard drew (another run's, finished)."""
    stamp = read_sealed(entry / ENTRY_SEAL, "poster-entry")
    return stamp is not None and stamp == _stamp(entry)


def _work(spec: dict, entry: str, title: str) -> str | None:
    """Worker: draw one poster into its cache entry. Returns a problem text or None.

    The poster is drawn into a new folder of this run's own, sealed under the entry's name,
    then renamed to the entry (whatever stood there, a link included, is moved aside first)."""
    dest = Path(entry)
    tmp = private_dir(dest.parent, dest.name)
    if tmp is None:
        return _("the poster cache {folder} cannot be written (a link, a file or no permission in its place)"
                 ).format(folder=dest.parent)
    try:
        render(spec, tmp, title)
        (tmp / "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        _seal_entry(tmp, dest.name)
        if not install_dir(tmp, dest, keep=_sealed_entry):
            return _("the poster cache {folder} cannot be written (a link, a file or no permission in its place)"
                     ).format(folder=dest.parent)
    except RenderProblem as exc:
        return str(exc)
    except MemoryError:
        return "out of memory while drawing (lower the format's dpi or use fewer --jobs)"
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return None


def _place(src: Path, dst: Path) -> None:
    """Hard-link (fast, no copy) or copy a cached file into the output, in place of what is there.

    One system call for a file placed before (a rebuild places thousands): the link is tried
    first, and the folder is made or the old file removed only when the link says so."""
    for _attempt in range(3):
        try:
            os.link(src, dst, follow_symlinks=False)
            return
        except FileExistsError:  # a file (or a symbolic link: it goes, not what it points to)
            dst.unlink(missing_ok=True)  # (another run at once may have removed it first)
        except FileNotFoundError:
            if dst.parent.is_dir():
                break  # the source is missing: the copy below says so
            dst.parent.mkdir(parents=True, exist_ok=True)
        except OSError:  # no hard links here (another file system, FAT, ...)
            break
    tmp = dst.with_name(temp_name(dst.name))  # a new file of this run's own, renamed over what is there
    try:
        with open(src, "rb") as fin, open_new(tmp) as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Progress(Bar):
    """The posters' bar: posters done of all, with an estimate of the time left (see :mod:`placard.progress`)."""

    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        super().__init__(total, "posters", " posters", enabled=enabled, stream=stream)


def render_jobs(
    jobs: list[Job],
    cache: Path,
    out_dir: Path,
    workers: int = 0,
    progress: Progress | None = None,
) -> BuildReport:
    """Render (or reuse) every job and place its files under ``out_dir`` (the built site)."""
    t0 = time.perf_counter()
    report = BuildReport()
    workers = worker_count(workers)
    todo: dict[str, Job] = {}
    for job in jobs:
        if _complete(cache / job.key, job) or job.key in todo:
            continue
        todo[job.key] = job
    progress = progress or Progress(len(jobs), enabled=False)
    drawn = len({j.key for j in jobs})
    report.shared = len(jobs) - drawn
    if report.shared and progress.enabled:
        progress.note(f"placard: {len(jobs)} posters from {drawn} drawing{'s' if drawn != 1 else ''}: "
                      f"{report.shared} show the same item in the same format as another and share its drawing")
    progress.step(len(jobs) - len([j for j in jobs if j.key in todo]))
    problems: dict[str, str] = {}
    if todo and (workers == 1 or len(todo) == 1):  # no process pool to start for a single poster
        if len(todo) > 1:  # one poster: glibc's own settings stay as they are
            keep_memory()
        try:
            for key, job in todo.items():
                p = _work(job.spec, str(cache / key), job.title)
                if p:
                    problems[key] = p
                progress.step(sum(1 for j in jobs if j.key == key))
        finally:
            if len(todo) > 1:
                keep_memory(False)
    elif todo:
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_init,
                                 initargs=(os.getpid(),)) as pool:
            pending = set()
            it = iter(todo.items())
            owner = {}
            # bounded queue: at most 2 * workers submitted at a time
            for key, job in it:
                fut = pool.submit(_work, job.spec, str(cache / key), job.title)
                owner[fut] = key
                pending.add(fut)
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        k = owner.pop(fut)
                        if (p := fut.result()):
                            problems[k] = p
                        progress.step(sum(1 for j in jobs if j.key == k))
            for fut in pending:
                k = owner.pop(fut)
                if (p := fut.result()):
                    problems[k] = p
                progress.step(sum(1 for j in jobs if j.key == k))
    progress.close()
    for job in jobs:
        if job.key in problems:
            report.failed.append((job, problems[job.key]))
            continue
        entry = cache / job.key
        for kind, name in _names(job).items():
            _place(entry / name, out_dir / job.files[kind])
        if job.key in todo:
            report.rendered += 1
        else:
            report.reused += 1
    report.seconds = time.perf_counter() - t0
    return report


SHEET_DPI = 100
SHEET_COLS, SHEET_ROWS = 3, 3


#: A contact sheet page's heading and a poster's code line.
SHEET_HEADING = N_("{title} ({set})  page {page} of {pages}")
SHEET_CODE = N_("QR code {code}")
SHEET_WORDS_ZH = ("{title}（{set}）  第 {page} 页 / 共 {pages} 页", "二维码 {code}")


def sheet_words(lang: str | None) -> tuple[str, str]:
    """The contact sheets' words in ``lang`` (a campaign's language)."""
    return (in_language(lang or "zh-Hans", SHEET_HEADING), in_language(lang or "zh-Hans", SHEET_CODE))


def _sheet_name(font: F.FontRef, title: str, set_name: str, page_no: int, pages: int, jobs: list[Job],
                words: tuple[str, str] = SHEET_WORDS_ZH) -> str:
    """The cache file name of a contact sheet page: a hash of what it shows."""
    import hashlib

    shown = ["sheet-1", title, set_name, page_no, pages, font.stamp,
             [(j.key, j.item_id, j.format, j.code) for j in jobs]]
    if words != SHEET_WORDS_ZH:  # the words of another language: another page (zh-Hans keys stay as they were)
        shown.append(list(words))
    key = hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:32]
    return f"{key}.jpg"


def _sheet_work(font: F.FontRef, title: str, set_name: str, page_no: int, pages: int, jobs: list[Job],
                cache: Path, words: tuple[str, str] | None = None) -> tuple[bytes, int, int]:
    """Pool worker: one contact sheet page (see :func:`_sheet_page`)."""
    from types import SimpleNamespace

    return _sheet_page(SimpleNamespace(font=font), title, set_name, page_no, pages, jobs, cache, words)



_SHEET_PX = (round(210 / 25.4 * SHEET_DPI), round(297 / 25.4 * SHEET_DPI))  # an A4 page


def _kept_sheet(path: Path) -> bytes | None:
    """A cached contact sheet page's JPEG bytes; None when there is none this user's placard drew."""
    return read_sealed(path, "sheet-page")


def _sheet_page(plan: Plan, title: str, set_name: str, page_no: int, pages: int, jobs: list[Job],
                cache: Path, words: tuple[str, str] | None = None) -> tuple[bytes, int, int]:
    """One A4 page of a contact sheet as JPEG bytes, cached by the keys of its posters."""
    import io

    words = words or sheet_words(getattr(plan, "language", None))
    path = cache / "sheets" / _sheet_name(plan.font, title, set_name, page_no, pages, jobs, words)
    pw, ph = _SHEET_PX
    kept = _kept_sheet(path)
    if kept is not None:
        return kept, pw, ph
    margin, gap, caption = 40, 24, 46
    cell_w = (pw - 2 * margin - (SHEET_COLS - 1) * gap) // SHEET_COLS
    cell_h = (ph - 2 * margin - 60 - (SHEET_ROWS - 1) * gap) // SHEET_ROWS
    font = F.pil_font(plan.font, 16, "Regular")
    head = F.pil_font(plan.font, 22, "Bold")
    page = Image.new("RGB", (pw, ph), "white")
    d = ImageDraw.Draw(page)
    heading = words[0].format(title=title, set=set_name, page=page_no, pages=pages)
    d.text((margin, margin), heading, font=head, fill="#222222")
    for i, job in enumerate(jobs):
        cx = margin + (i % SHEET_COLS) * (cell_w + gap)
        cy = margin + 60 + (i // SHEET_COLS) * (cell_h + gap)
        with Image.open(cache / job.key / "preview.jpg", formats=("JPEG",)) as prev:
            prev = prev.convert("RGB")
            prev.thumbnail((cell_w, cell_h - caption), Image.Resampling.LANCZOS)
            x = cx + (cell_w - prev.width) // 2
            page.paste(prev, (x, cy))
            d.rectangle((x - 1, cy - 1, x + prev.width, cy + prev.height), outline="#999999")
        d.text((cx, cy + cell_h - caption + 6), f"{job.item_id} · {job.format}", font=font, fill="#222222")
        d.text((cx, cy + cell_h - caption + 26), words[1].format(code=job.code), font=font, fill="#5f6368")
    buf = io.BytesIO()
    page.save(buf, format="JPEG", quality=88)
    write_sealed(path, buf.getvalue(), "sheet-page")  # False (read-only, a link in place of a folder): no cache
    return buf.getvalue(), pw, ph


def contact_sheet(plan: Plan, set_name: str, jobs: list[Job], out_dir: Path, cache: Path,
                  used: set[str] | None = None, pool: ProcessPoolExecutor | None = None) -> str | None:
    """One A4 PDF per set with every poster's preview, id, format and code: for review before printing.

    Pages are cached one by one, so changing one poster redraws one page; the PDF
    embeds the pages' JPEG data as it is. With a ``pool`` the pages are drawn in its workers.
    """
    if not jobs:
        return None
    rel = f"posters/{set_name}/{set_name}-contact-sheet.pdf"
    title = next((s.title for s in plan.sets if s.name == set_name), set_name)
    per = SHEET_COLS * SHEET_ROWS
    n_pages = (len(jobs) - 1) // per + 1
    chunks = [jobs[i * per:(i + 1) * per] for i in range(n_pages)]
    words = sheet_words(plan.language)
    names = [_sheet_name(plan.font, title, set_name, i + 1, n_pages, js, words) for i, js in enumerate(chunks)]
    if used is not None:
        used.update(names)
    kept = [_kept_sheet(cache / "sheets" / name) for name in names]
    todo = [i for i, k in enumerate(kept) if k is None]
    # pages to draw go to the pool when there are several (a rebuild after one edit redraws one page:
    # starting workers for it would cost more than drawing it)
    futures = ({i: pool.submit(_sheet_work, plan.font, title, set_name, i + 1, n_pages, chunks[i], cache, words)
                for i in todo} if pool is not None and len(todo) > 1 else {})
    pages = [(k, *_SHEET_PX) if k is not None else
             futures[i].result() if i in futures else
             _sheet_page(plan, title, set_name, i + 1, n_pages, chunks[i], cache, words)
             for i, k in enumerate(kept)]
    dst = out_dir / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    write_jpeg_pages(dst, pages, (210, 297), title=set_name)
    return rel


def build_posters(
    campaign: Campaign,
    plan: Plan,
    out_dir: Path,
    workers: int = 0,
    sets: Callable[[Job], bool] | None = None,
    progress: bool | None = None,
) -> BuildReport:
    jobs = [j for j in plan.jobs if sets is None or sets(j)]
    cache = cache_dir(campaign)
    report = render_jobs(jobs, cache, out_dir, workers, Progress(len(jobs), enabled=progress))
    failed = {j.key for j, _ in report.failed}
    by_set: dict[str, list[Job]] = {}
    for j in jobs:
        if j.key not in failed:
            by_set.setdefault(j.set, []).append(j)
    used_sheets: set[str] = set()
    per = SHEET_COLS * SHEET_ROWS
    n_pages = sum((len(js) - 1) // per + 1 for js in by_set.values())
    workers = worker_count(workers)
    # a city run has hundreds of sheet pages: drawn on every core, as the posters are
    pool = (ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),))
            if workers > 1 and n_pages >= 4 * workers else None)
    try:
        for name, js in by_set.items():
            rel = contact_sheet(plan, name, js, out_dir, cache, used_sheets, pool)
            if rel:
                report.sheets.append(rel)
    finally:
        if pool is not None:
            pool.shutdown()
    if sets is None:  # a full build knows every poster the campaign has: drop the rest
        report.pruned = prune_cache(cache, {j.key for j in jobs}, used_sheets)
    return report


_ENTRY = re.compile(r"[0-9a-f]{32}")
#: The temporary folder of one poster (:func:`placard.cachesafe.temp_name`): entry, process id, random part.
_LEFTOVER = re.compile(r"\.[0-9a-f]{32}\.[0-9]+\.[0-9a-f]{12}\.tmp")


def _old(path: Path, hours: float = 1.0) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and time.time() - st.st_mtime > hours * 3600


def prune_cache(cache: Path, keys: set[str], sheets: set[str]) -> int:
    """Remove cached posters and contact-sheet pages that ``keys``/``sheets`` do not name.

    Files already placed in a built site are hard links or copies, so they stay.
    Only entries whose names are placard's hashes are touched. Returns how many
    poster entries went.
    """
    gone = 0
    try:
        entries = list(cache.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if _ENTRY.fullmatch(entry.name) and entry.name not in keys:
            if entry.is_symlink():
                entry.unlink(missing_ok=True)  # the link, never what it points to
            elif entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
                gone += 1
        elif _LEFTOVER.fullmatch(entry.name) and _old(entry):  # a temporary of a run that was killed
            shutil.rmtree(entry, ignore_errors=True)
    try:
        for page in (cache / "sheets").iterdir():
            if page.suffix == ".jpg" and _ENTRY.fullmatch(page.stem) and page.name not in sheets:
                page.unlink(missing_ok=True)
    except OSError:
        pass
    return gone
