"""Progress bars for long runs (tqdm): counts, rate and an estimate of the time left, on stderr.

Shown only on a terminal (or when asked): a log file or a pipe gets no bar, only the summary lines.
"""

from __future__ import annotations

import sys


class Bar:
    """A counting bar; ``enabled=None`` shows it when stderr is a terminal."""

    def __init__(self, total: int, desc: str, unit: str = "", enabled: bool | None = None, stream=None):
        self.total, self.done = total, 0
        stream = stream or sys.stderr
        on = (stream.isatty() if enabled is None else enabled) and total > 1
        self._bar = None
        if on:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit or " it", file=stream, mininterval=0.5,
                             dynamic_ncols=True, leave=True, smoothing=0.1)

    @property
    def enabled(self) -> bool:
        return self._bar is not None

    def note(self, text: str) -> None:
        """A line above the bar (or on stderr when there is no bar)."""
        if self._bar is not None:
            self._bar.write(text, file=self._bar.fp)
        else:
            print(text, file=sys.stderr)

    def step(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None and n:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
