"""Worker processes for the CPU-bound steps.

Parsing (and signing texts for deduplication) is mostly Python: it holds the GIL, so threads
would take turns on one core, and the warehouse work running beside it in the flow's process
(load, dedup) would wait on it too. ``run_in_worker`` and ``map_in_workers`` run plain
functions in a pool of worker processes instead.

Each worker is ``python -m tasks.worker_process``: a fresh interpreter that imports only what
the calls name (not the script or notebook that started it, as multiprocessing's ``spawn``
would, nor Prefect), so it starts in a fraction of a second and needs no
``if __name__ == "__main__"`` guard. The pool is started on first use and reused by later runs
of the same process, or started ahead of the work with ``start_workers`` (a parse pool:
``PARSE_PRELOAD``), which returns at once and lets the workers import and load their models
while this process goes on with its own start-up. If a worker cannot start or dies, the call
runs in this process, with a warning.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from typing import IO, Any, TypeVar

from errors import WorkerLost as WorkerLost

T = TypeVar("T")
A = TypeVar("A")
logger = logging.getLogger(__name__)

# What a parse worker (a file batch's parsing and extraction) needs before its first page.
PARSE_PRELOAD = ("tasks.wrappers.file_batch", "tasks.extract.language:load_model")


class _Worker:
    def __init__(self, preload: Sequence[str] = ()) -> None:
        environment = dict(os.environ)
        # The same imports as here: the worker finds what this process found.
        environment["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tasks.worker_process", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
        )

    def call(self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        requests, answers = self._pipes()
        try:
            pickle.dump((function, args, kwargs), requests, protocol=pickle.HIGHEST_PROTOCOL)
            requests.flush()
            ok, value = pickle.load(answers)
        except (EOFError, BrokenPipeError, OSError) as error:
            raise WorkerLost(f"worker process {self.process.pid} ended: {error!r}") from error
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def hang_up(self) -> None:
        """EOF on the worker's requests: it returns once its call (if any) is answered."""
        with suppress(OSError):  # a dead worker's pipe: it has returned already
            self._pipes()[0].close()

    def stop(self) -> None:
        answers = self._pipes()[1]
        try:
            self.hang_up()
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            answers.close()


class _Pool:
    """``size`` workers, each serving one call at a time."""

    def __init__(self, size: int, preload: Sequence[str] = ()) -> None:
        self.size = size
        self._preload = tuple(preload)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._workers = [_Worker(self._preload) for _ in range(size)]
        for worker in self._workers:
            self._idle.put(worker)
        self._callers = ThreadPoolExecutor(size, thread_name_prefix="newsflow-worker")

    def call(self, function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        worker = self._idle.get()
        try:
            return worker.call(function, args, kwargs)
        except WorkerLost:
            worker.stop()
            self._workers.remove(worker)
            worker = _Worker(self._preload)  # the next call gets a fresh one
            self._workers.append(worker)
            raise
        finally:
            self._idle.put(worker)

    def map(self, function: Callable[[A], T], items: Sequence[A]) -> list[T]:
        futures = [self._callers.submit(self.call, function, (item,), {}) for item in items]
        return [future.result() for future in futures]

    def stop(self) -> None:
        self._callers.shutdown(wait=True)
        for worker in self._workers:  # all of them exit at once
            worker.hang_up()
        for worker in self._workers:
            worker.stop()


_lock = threading.Lock()
_pool: _Pool | None = None
_in_flight = 0  # calls running in the workers now


def run_in_worker(function: Callable[..., T], /, *args: Any, processes: int, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in one of ``processes`` worker processes (in this process
    when ``processes`` is 1). The function must be importable by name; arguments and result
    travel pickled."""
    pool = _get_pool(processes)
    if pool is None:
        return function(*args, **kwargs)
    try:
        with _busy():
            return pool.call(function, args, kwargs)
    except WorkerLost as error:
        _warn(error)
        return function(*args, **kwargs)


def map_in_workers(function: Callable[[A], T], items: Sequence[A], /, *, processes: int) -> list[T]:
    """``[function(item) for item in items]``, the items spread over the worker processes."""
    # Only on idle workers: behind a queue of other work, this process would wait for it.
    pool = _get_pool(processes) if len(items) > 1 and not _in_flight else None
    if pool is None:
        return [function(item) for item in items]
    try:
        with _busy():
            return pool.map(function, items)
    except WorkerLost as error:
        _warn(error)
        return [function(item) for item in items]


def start_workers(processes: int, preload: Sequence[str] = PARSE_PRELOAD) -> None:
    """Start the pool of ``processes`` workers now (none for 1), each importing ``preload``
    (``module`` or ``module:function``, called) before its first call; return at once. Later
    calls with the same number of processes use it."""
    _get_pool(processes, preload)


def _get_pool(processes: int, preload: Sequence[str] = ()) -> _Pool | None:
    global _pool
    if processes < 2:
        return None
    with _lock:
        if _pool is None or _pool.size != processes:
            if _pool is not None:
                _pool.stop()
            _pool = _Pool(processes, preload)
        return _pool


@contextmanager
def _busy() -> Iterator[None]:
    global _in_flight
    with _lock:
        _in_flight += 1
    try:
        yield
    finally:
        with _lock:
            _in_flight -= 1


def _warn(error: WorkerLost) -> None:
    logger.warning("%s; running the call in this process instead", error)


def stop_idle_workers() -> bool:
    """Stop the pool's workers unless a call is running in them (another flow of this
    process); whether they were stopped (or none were running)."""
    return _stop_pool(unless_busy=True)


@atexit.register
def stop_workers() -> None:
    """Stop the pool's workers (they exit once their call, if any, is answered); a later call
    starts a new pool."""
    _stop_pool(unless_busy=False)


def _stop_pool(*, unless_busy: bool) -> bool:
    global _pool
    with _lock:
        if unless_busy and _in_flight:
            return False
        pool, _pool = _pool, None
    if pool is not None:
        pool.stop()
    return True
