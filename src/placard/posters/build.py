"""Render a plan's jobs in parallel, through a cache, into an output folder.

The cache (``.cache/placard/posters/<key>/``) is keyed by the hash of each job's
spec, which holds everything that shapes a poster (text, layout, format, colours,
font file, artwork hash, QR data and version, renderer version). A rebuild renders
only the jobs whose key is new and links the rest into place. Workers are
processes; each draws one poster at a time and returns only a small dict, so memory
stays bounded by ``jobs`` posters whatever their number.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from ..model import Campaign
from . import fonts as F
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

    @property
    def total(self) -> int:
        return self.rendered + self.reused

    def summary(self) -> str:
        s = f"{self.total} poster(s): {self.rendered} rendered, {self.reused} from cache, in {self.seconds:.1f} s"
        if self.failed:
            s += f"; {len(self.failed)} failed"
        return s


def cache_dir(campaign: Campaign) -> Path:
    return campaign.root / CACHE_DIR


def _complete(entry: Path, job: Job) -> bool:
    return all((entry / n).is_file() for n in _names(job).values())


def _names(job: Job) -> dict[str, str]:
    out = {"png": "poster.png", "preview": "preview.jpg"}
    if not job.spec["screen"]:
        out["pdf"] = "poster.pdf"
    return out


def _work(spec: dict, entry: str, title: str) -> str | None:
    """Worker: draw one poster into its cache entry. Returns a problem text or None."""
    try:
        render(spec, Path(entry), title)
        Path(entry, "spec.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    except RenderProblem as exc:
        return str(exc)
    except MemoryError:
        return "out of memory while drawing (lower the format's dpi or use fewer --jobs)"
    return None


def _place(src: Path, dst: Path) -> None:
    """Hard-link (fast, no copy) or copy a cached file into the output."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() or dst.is_symlink():
        dst.unlink()
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


class Progress:
    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if enabled is None else enabled) and total > 1

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.enabled:
            width = 30
            filled = width * self.done // max(1, self.total)
            self.stream.write(f"\rposters [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


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
    workers = workers or max(1, min(os.cpu_count() or 1, 8))
    todo: dict[str, Job] = {}
    for job in jobs:
        if _complete(cache / job.key, job) or job.key in todo:
            continue
        todo[job.key] = job
    progress = progress or Progress(len(jobs), enabled=False)
    progress.step(len(jobs) - len([j for j in jobs if j.key in todo]))
    problems: dict[str, str] = {}
    if todo and workers == 1:
        for key, job in todo.items():
            p = _work(job.spec, str(cache / key), job.title)
            if p:
                problems[key] = p
            progress.step(sum(1 for j in jobs if j.key == key))
    elif todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
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


def contact_sheet(plan: Plan, set_name: str, jobs: list[Job], out_dir: Path, cache: Path) -> str | None:
    """One A4 PDF per set with every poster's preview, id and format: for review before printing."""
    if not jobs:
        return None
    rel = f"posters/{set_name}/{set_name}-contact-sheet.pdf"
    key = "sheet-" + F.__name__ + "-".join(j.key for j in jobs)
    import hashlib

    key = "sheet-" + hashlib.sha256(key.encode()).hexdigest()[:32]
    cached = cache / key / "sheet.pdf"
    if not cached.is_file():
        dpi = 100
        pw, ph = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
        cols, rows = 3, 3
        margin, gap, caption = 40, 24, 46
        cell_w = (pw - 2 * margin - (cols - 1) * gap) // cols
        cell_h = (ph - 2 * margin - 60 - (rows - 1) * gap) // rows
        font = F.pil_font(plan.font, 16, "Regular")
        head = F.pil_font(plan.font, 22, "Bold")
        pages = []
        title = next((s.title for s in plan.sets if s.name == set_name), set_name)
        per = cols * rows
        for p in range(0, len(jobs), per):
            page = Image.new("RGB", (pw, ph), "white")
            d = ImageDraw.Draw(page)
            d.text((margin, margin), f"{title}（{set_name}）  第 {p // per + 1} 页 / 共 {(len(jobs) - 1) // per + 1} 页",
                   font=head, fill="#222222")
            for i, job in enumerate(jobs[p:p + per]):
                cx = margin + (i % cols) * (cell_w + gap)
                cy = margin + 60 + (i // cols) * (cell_h + gap)
                with Image.open(cache / job.key / "preview.jpg") as prev:
                    prev = prev.convert("RGB")
                    prev.thumbnail((cell_w, cell_h - caption), Image.Resampling.LANCZOS)
                    page.paste(prev, (cx + (cell_w - prev.width) // 2, cy))
                    d.rectangle((cx + (cell_w - prev.width) // 2 - 1, cy - 1,
                                 cx + (cell_w + prev.width) // 2, cy + prev.height), outline="#999999")
                d.text((cx, cy + cell_h - caption + 6), f"{job.item_id} · {job.format}", font=font, fill="#222222")
                d.text((cx, cy + cell_h - caption + 26), f"{job.code}", font=font, fill="#5f6368")
            pages.append(page)
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        pages[0].save(tmp, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
        tmp.replace(cached)
    _place(cached, out_dir / rel)
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
    for name, js in by_set.items():
        rel = contact_sheet(plan, name, js, out_dir, cache)
        if rel:
            report.sheets.append(rel)
    return report
