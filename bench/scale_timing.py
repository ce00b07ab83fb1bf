"""Timers for bench/scale.py: busy seconds per step of a run, and the peak RSS of a process tree.

A step is timed by replacing, for the benchmark's process only, the module attributes through
which the flow calls its functions with a wrapper that adds the call's wall time to the step
(the functions themselves run unchanged). Steps run in several threads at once, so a round's
busy seconds may add up to more than its wall time.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import psutil

# step -> (module, attribute) through which the flow (or the step above it) calls it.
STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "ledger": (("tasks.wrappers.ingest", "unchanged_files"),
               ("tasks.wrappers.ingest", "staged_ledger")),
    "listing": (("tasks.wrappers.ingest", "plan_pickup"),),
    "parse": (("tasks.wrappers.ingest", "run_in_worker"),),
    "load": (("tasks.wrappers.ingest", "load_batches"),),
    "dedup": (("tasks.wrappers.dedup", "dedup_pending"),),
    "dedup.sign": (("tasks.dedup.linking", "sign_in_parts"),),
    "dedup.index": (("warehouse.dedup_index", "read_pending"),
                    ("warehouse.dedup_index", "count_pending"),
                    ("warehouse.dedup_index", "next_doc_no"),
                    ("warehouse.dedup_index", "insert_signed")),
    "dedup.candidates": (("warehouse.dedup_index", "band_candidates"),
                         ("warehouse.dedup_index", "minhashes"),
                         ("warehouse.dedup_index", "url_candidates"),
                         ("warehouse.dedup_index", "article_facts")),
    "story links": (("warehouse.dedup_stories", "story_candidates"),),
    "clusters": (("warehouse.dedup_clusters", "add_singletons"),
                 ("warehouse.dedup_clusters", "merge"),
                 ("warehouse.dedup_index", "insert_links")),
    "search": (("tasks.wrappers.search", "update_index"),),
    "artifacts": (("flows.ingest_files", "publish_ingest_files_artifacts"),),
}  # fmt: skip


class StepTimers:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seconds: defaultdict[str, float] = defaultdict(float)
        self._running: defaultdict[str, int] = defaultdict(int)  # calls in progress per step

    def install(self) -> None:
        for step, places in STEPS.items():
            for module_name, attribute in places:
                module = importlib.import_module(module_name)
                setattr(module, attribute, self._timed(step, getattr(module, attribute)))

    def _timed(self, step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            with self._lock:
                self._running[step] += 1
            try:
                return function(*args, **kwargs)
            finally:
                with self._lock:
                    self._seconds[step] += time.perf_counter() - began
                    self._running[step] -= 1

        return timed

    def reset(self) -> None:
        with self._lock:
            self._seconds.clear()

    def running(self) -> list[str]:
        with self._lock:
            return sorted(step for step, calls in self._running.items() if calls)

    def snapshot(self) -> dict[str, float]:
        with self._lock:
            return dict(self._seconds)


class RssSampler:
    """The largest sum of resident memory over this process (unless not ``include_self``: a
    harness that only starts the processes it measures) and its descendants."""

    def __init__(
        self, timers: StepTimers | None, interval: float = 0.2, *, include_self: bool = True
    ) -> None:
        self.peak = 0
        self.own_peak_by_step: dict[str, int] = {}  # this process's peak RSS while each ran
        self.phase = "rounds"  # what the benchmark is doing (set by it): rounds, queries
        self.peak_by_phase: dict[str, int] = {}  # the process tree's peak in each phase
        self._timers = timers
        self._include_self = include_self
        self.at_peak: list[tuple[str, int]] = []  # (process, RSS bytes) when the peak was seen
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self._interval):
            sizes = []
            measured = me.children(recursive=True)
            for process in [me, *measured] if self._include_self else measured:
                with contextlib.suppress(psutil.Error):
                    sizes.append((_name(process), process.memory_info().rss))
            total = sum(size for _, size in sizes)
            running = self._timers.running() if self._timers is not None else []
            for step in running if sizes and self._include_self else ():
                self.own_peak_by_step[step] = max(self.own_peak_by_step.get(step, 0), sizes[0][1])
            self.peak_by_phase[self.phase] = max(self.peak_by_phase.get(self.phase, 0), total)
            if total > self.peak:
                self.peak, self.at_peak = total, sizes


def _name(process: psutil.Process) -> str:
    """The interpreter's module or script (``-m tasks.worker_process``), else the command."""
    command = process.cmdline()
    for flag in ("-m", "-c"):
        if flag in command[:-1]:
            return f"{flag} {command[command.index(flag) + 1][:40]}"
    return " ".join(Path(part).name for part in command[:2])


def tree_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process, its live descendants and the
    ones it has waited for: less moved by other work on a shared machine than wall time."""
    me = psutil.Process()
    times = me.cpu_times()
    total = float(times.user + times.system + times.children_user + times.children_system)
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child_times = child.cpu_times()
            total += float(child_times.user + child_times.system)
    return total
