"""Where a build's time went: load, checks, pages, posters, search, the rest; a table or JSON.

:class:`Timings` collects seconds per phase. :func:`measure_build` times the parts of one MkDocs
build from outside the hooks: two small plugins mark when MkDocs starts on the files, when every
page is written and when the post-build work ends; placard's post-build steps are timed one by one
(posters and share cards count as posters, the search worker's patch as search); what is left of
the post-build work is writing the search index, which with the time the search plugin spends
indexing each page (between two marks around it) is search. It also shows a bar of the pages written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import time
from collections.abc import Iterator

from .argparse_i18n import width
from .i18n import N_, _
from .progress import Bar

#: The phases in the order the table lists them.
PHASES = ("load", "checks", "pages", "posters", "search", "other")
#: The phases' names as the summary table shows them.
PHASE_NAMES = {"load": N_("load"), "checks": N_("checks"), "pages": N_("pages"), "posters": N_("posters"),
               "search": N_("search"), "other": N_("other")}


class Timings:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()

    def add(self, phase: str, seconds: float, count: int | None = None) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + max(0.0, seconds)
        if count is not None:
            self.counts[phase] = self.counts.get(phase, 0) + count

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - t)

    def total(self) -> float:
        return time.perf_counter() - self.started

    def rows(self) -> list[tuple[str, float, int | None]]:
        """Each phase measured, then "other": the rest of the total (MkDocs reading its config and
        theme, copying static files, other post-build steps, putting the output in place)."""
        names = [p for p in PHASES if p in self.seconds and p != "other"]
        names += sorted(set(self.seconds) - set(PHASES))
        rows = [(name, self.seconds[name], self.counts.get(name)) for name in names]
        rows.append(("other", max(0.0, self.total() - sum(sec for _, sec, _ in rows)), None))
        return rows

    def table(self) -> str:
        """The summary table, in placard's language (the JSON keeps the phase ids)."""
        total = self.total()

        def pad(text: str, cols: int) -> str:  # columns: a CJK character takes two; negative: right-aligned
            fill = " " * max(0, abs(cols) - width(text))
            return fill + text if cols < 0 else text + fill

        head = [_("phase"), _("seconds"), _("share"), _("count")]
        lines = [" ".join(pad(h, c) for h, c in zip(head, (8, -8, -6, -7), strict=True)), "-" * 32]
        for name, sec, count in self.rows():
            share = f"{100 * sec / total:.0f}%" if total else ""
            shown = _(PHASE_NAMES[name]) if name in PHASE_NAMES else name
            lines.append(f"{pad(shown, 8)} {sec:>8.2f} {share:>6} {count if count is not None else '':>7}")
        total_name = _("total")
        lines.append(f"{pad(total_name, 8)} {total:>8.2f}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"total_seconds": round(self.total(), 3),
                "phases": [{"phase": n, "seconds": round(s, 3), **({"count": c} if c is not None else {})}
                           for n, s, c in self.rows()]}

    def json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)


def _step_phase(step) -> str:
    name = getattr(step, "__name__", "")
    if name in ("write_posters", "write_share_cards"):
        return "posters"
    if name == "segment_queries_like_the_index":
        return "search"
    return "other"


@contextlib.contextmanager
def measure_build(config, timings: Timings, progress: bool | None = None) -> Iterator[None]:
    """Time the build of ``config`` (an MkDocs config, before ``build(config)``) into ``timings``."""
    from mkdocs.plugins import BasePlugin, event_priority

    from .site import registry

    marks: dict[str, float] = {}
    bar: list[Bar] = []
    steps = {"posters": 0.0, "search": 0.0, "other": 0.0, "indexing": 0.0}

    class First(BasePlugin):
        @event_priority(100)
        def on_files(self, files, config):
            marks["files"] = time.perf_counter()
            return files

        @event_priority(-100)
        def on_nav(self, nav, config, files):
            bar.append(Bar(len(files.documentation_pages()), _("pages"), " " + _("pages"), enabled=progress))
            return nav

        @event_priority(1)  # just before the search plugin indexes the page (priority 0)
        def on_page_context(self, context, page, config, nav):
            marks["index"] = time.perf_counter()
            return context

        @event_priority(-100)
        def on_post_page(self, output, page, config):
            if bar:
                bar[0].step()
            return output

        @event_priority(100)
        def on_post_build(self, config):
            marks["post"] = time.perf_counter()
            if bar:
                bar[0].close()

    class Last(BasePlugin):
        @event_priority(-1)  # just after it (placard's hook adds the page body at -100)
        def on_page_context(self, context, page, config, nav):
            steps["indexing"] += time.perf_counter() - marks.pop("index", time.perf_counter())
            return context

        @event_priority(-100)
        def on_post_build(self, config):
            marks["end"] = time.perf_counter()

    config.plugins["placard/timing-first"] = First()
    config.plugins["placard/timing-last"] = Last()
    originals = list(registry.POST_BUILD)
    wrappers = []
    for i, step in enumerate(originals):
        phase = _step_phase(step)

        @functools.wraps(step)
        def timed(*args, _step=step, _phase=phase, **kwargs):
            t = time.perf_counter()
            try:
                return _step(*args, **kwargs)
            finally:
                steps[_phase] += time.perf_counter() - t

        if step in registry.AUDIENCES:
            registry.AUDIENCES[timed] = registry.AUDIENCES[step]
        registry.POST_BUILD[i] = timed
        wrappers.append(timed)
    try:
        yield
    finally:
        registry.POST_BUILD[:] = originals
        for w in wrappers:
            registry.AUDIENCES.pop(w, None)
        if bar:
            bar[0].close()
        if "files" in marks and "post" in marks:
            pages = bar[0].done if bar else None
            timings.add("pages", marks["post"] - marks["files"] - steps["indexing"], pages)
        if "post" in marks and "end" in marks:
            post = marks["end"] - marks["post"]
            timings.add("posters", steps["posters"])
            # indexing each page, writing the index, patching the search worker
            timings.add("search", steps["indexing"] + post - steps["posters"] - steps["other"])
