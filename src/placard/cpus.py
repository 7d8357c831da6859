"""How many worker processes to start: the CPUs this process may run on, not the machine's.

``os.cpu_count()`` counts every CPU of the machine; a run pinned to one core (``taskset -c 0``,
a container's cpuset, a batch scheduler) would still start a worker per machine CPU, all sharing
the one core it may use. ``os.sched_getaffinity`` gives the CPUs it may actually use.
"""

from __future__ import annotations

import os

#: More workers than this rarely pay off (memory per worker, disk writes).
MAX_WORKERS = 8


def usable_cpus() -> int:
    """The number of CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this system (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int = 0, cap: int = MAX_WORKERS) -> int:
    """``requested`` when given (``--jobs N``), else one worker per usable CPU, at most ``cap``."""
    return requested if requested > 0 else max(1, min(usable_cpus(), cap))
