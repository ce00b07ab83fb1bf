"""Worker processes for the CPU-bound steps.

Parsing is pure Python: it holds the GIL, so threads would take turns on one core, and the
warehouse work running beside it in the flow's process (load, dedup) would wait on it too.
``run_in_worker`` runs a plain function in a pool of worker processes instead. The pool is
started once per process (with ``spawn``: the flow's process has threads, which ``fork`` does not
mix with) and reused by later runs.

``spawn`` imports the calling script again in each worker: a script that runs newsflow's flows
must do so under ``if __name__ == "__main__":``, as with any Python multiprocessing. If the pool
cannot work, the function runs in this process, with a warning.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_unusable = False


def run_in_worker(function: Callable[..., T], /, *args: Any, processes: int, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in one of ``processes`` worker processes (in this process
    when ``processes`` is 1). Arguments and result travel pickled."""
    pool = _get_pool(processes)
    if pool is None:
        return function(*args, **kwargs)
    try:
        return pool.submit(function, *args, **kwargs).result()
    except BrokenProcessPool as error:
        _give_up(pool, error)
        return function(*args, **kwargs)


def _get_pool(processes: int) -> ProcessPoolExecutor | None:
    global _pool, _pool_size
    if processes < 2 or _unusable:
        return None
    with _lock:
        if _pool is None or _pool_size != processes:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
            _pool_size = processes
        return _pool


def _give_up(pool: ProcessPoolExecutor, error: BaseException) -> None:
    """A worker died or could not start: work in this process from now on."""
    global _pool, _unusable
    with _lock:
        if _pool is pool:
            _pool, _unusable = None, True
            logger.warning(
                "worker processes failed (%s); parsing in this process from now on. A script "
                "that runs newsflow's flows must call them under if __name__ == '__main__':",
                error,
            )
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _shutdown() -> None:
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
