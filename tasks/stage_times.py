"""CPU seconds per pipeline stage (read, decode, parse, extract, clean, staging, load, ...).

``with timed("parse"):`` adds the CPU time (``time.process_time``) spent inside to that stage.
Stages nest exclusively: an inner stage pauses the outer one, so every CPU second counts once,
for the innermost stage it was spent in. A timer costs two clock reads, cheap next to a page.

Where the seconds go: inside ``collecting()`` (a worker's call, which sends them back with its
result) into that call's own tally; otherwise into this process's tally, which a run reads as
the difference of two ``snapshot()``s. Runs of one process at the same time share that tally;
CPU is the whole process's, so time other threads spend meanwhile is counted too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# In pipeline order: how the benchmark and ``newsflow ingest --timings`` list them.
STAGES = (
    "read",
    "decode",
    "parse",
    "extract",
    "clean",
    "staging",
    "load",
    "dedup signing",
    "dedup index",
    "search index",
)

_clock = time.process_time  # tests put a clock of their own here
_lock = threading.Lock()
_process_totals: dict[str, float] = {}
_local = threading.local()  # .stack: [stage names], .mark: clock at the last switch, .tally


@contextmanager
def timed(stage: str) -> Iterator[None]:
    stack: list[str] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    now = _clock()
    if stack:
        _add(stack[-1], now - _local.mark)
    stack.append(stage)
    _local.mark = now
    try:
        yield
    finally:
        now = _clock()
        _add(stack.pop(), now - _local.mark)
        _local.mark = now


def _add(stage: str, seconds: float) -> None:
    tally: dict[str, float] | None = getattr(_local, "tally", None)
    if tally is not None:
        tally[stage] = tally.get(stage, 0.0) + seconds
        return
    with _lock:
        _process_totals[stage] = _process_totals.get(stage, 0.0) + seconds


@contextmanager
def collecting() -> Iterator[dict[str, float]]:
    """The seconds of the stages timed inside (in this thread) go into the dict it yields,
    not into the process's tally."""
    outer = getattr(_local, "tally", None)
    tally: dict[str, float] = {}
    _local.tally = tally
    try:
        yield tally
    finally:
        _local.tally = outer


def add(seconds: Mapping[str, float]) -> None:
    """Add seconds measured elsewhere (a worker process) to this process's tally."""
    with _lock:
        for stage, value in seconds.items():
            _process_totals[stage] = _process_totals.get(stage, 0.0) + value


def snapshot() -> dict[str, float]:
    with _lock:
        return dict(_process_totals)


def since(before: Mapping[str, float]) -> dict[str, float]:
    """Seconds per stage added to this process's tally since ``before`` (a ``snapshot()``),
    rounded to milliseconds, in pipeline order."""
    now = snapshot()
    known = [s for s in STAGES if s in now] + sorted(set(now) - set(STAGES))
    return {s: round(now[s] - before.get(s, 0.0), 3) for s in known}
