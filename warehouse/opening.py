"""Opening the warehouse file, waiting (bounded) while another process holds it.

Shared by ``connection`` (which applies migrations on a write open) and ``migrate``; it
imports neither, so the two do not import each other.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import duckdb

from warehouse.errors import WarehouseBusy

T = TypeVar("T")
_RETRY_PAUSE_SECONDS = 0.1
# A write connection's DuckDB buffer cache (DuckDB's default is 80 % of the machine's memory).
MEMORY_LIMIT_MB = 128
MEMORY_LIMIT = f"{MEMORY_LIMIT_MB}MB"
# DuckDB reads the strings of a whole vector (up to 2,048 rows) at once, whatever the query asks
# for, so a vector of long texts can need more than a cap: a job that ran out of memory is run
# again with a cap this many times larger (``larger_memory_limit``), up to the largest.
_MEMORY_LIMIT_GROWTH = 4
MAX_MEMORY_LIMIT_MB = 8_192
log = logging.getLogger("newsflow.warehouse")
_BUSY_MARKERS = ("Could not set lock", "Conflicting lock", "lock on file", "being used by")


def is_busy_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and any(m in str(exc) for m in _BUSY_MARKERS)


def open_file(
    path: Path,
    *,
    read_only: bool,
    wait_seconds: float,
    config: Mapping[str, str | bool | int] | None = None,
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))
            connection.execute("SET TimeZone = 'UTC'")
            if not read_only:
                # DuckDB's default is 80 % of the machine's memory, kept as buffer cache while
                # the file is open: a load or dedup pass keeps the run under 1 GB in all, and
                # larger jobs spill to disk. Read-only connections keep the
                # default: an analysis query that cannot spill (some sorts over bodies) would
                # fail; the run's own reads (search feed) set the cap themselves.
                set_memory_limit(connection, MEMORY_LIMIT_MB)
            return connection
        except duckdb.IOException as exc:
            if not is_busy_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"warehouse {path} is held by another process (waited {wait_seconds:g} s)"
                ) from exc
            time.sleep(_RETRY_PAUSE_SECONDS)


def warm_up_in_background() -> None:
    """Open and close an in-memory database in a thread. DuckDB's first database in a process
    costs more than the next ones (about 22 ms against 12 on a quiet machine, 65 against 20
    under load), and ``connect`` releases the GIL: a command that starts this before importing
    Prefect has that part done by its first warehouse open."""

    def open_and_close() -> None:
        duckdb.connect(":memory:").close()

    # Not a daemon: a command that fails at once would exit while DuckDB's C++ code runs in
    # this thread, and the interpreter's shutdown then aborts the process (SIGABRT); joined at
    # exit instead, a few ms.
    threading.Thread(target=open_and_close, name="duckdb-warm-up", daemon=False).start()


def set_memory_limit(connection: duckdb.DuckDBPyConnection, megabytes: int) -> None:
    connection.execute(f"SET memory_limit = '{megabytes}MB'")


def run_with_room(
    connection: duckdb.DuckDBPyConnection, job: Callable[[], T], memory_mb: int, *, what: str
) -> tuple[T, int]:
    """Run ``job`` (which rolls back what it did if it fails) on ``connection``, whose cap is
    ``memory_mb``; each time it runs out of memory, run it again under a larger cap
    (``larger_memory_limit``), left set, and say so (``what`` names the job) on the
    ``newsflow.warehouse`` logger: the process's memory rises with the cap. Its result and the
    cap it finished under; out of memory under the largest cap is raised."""
    while True:
        try:
            return job(), memory_mb
        except duckdb.OutOfMemoryException:
            larger = larger_memory_limit(memory_mb)
            if larger is None:
                raise
            log.warning(
                "%s ran out of DuckDB's %d MB cap; running it again under %d MB",
                what,
                memory_mb,
                larger,
            )
            memory_mb = larger
            set_memory_limit(connection, memory_mb)


def larger_memory_limit(megabytes: int) -> int | None:
    """The cap to run a job again with after it ran out of memory under ``megabytes``; None
    when it already had the largest."""
    if megabytes >= MAX_MEMORY_LIMIT_MB:
        return None
    return min(megabytes * _MEMORY_LIMIT_GROWTH, MAX_MEMORY_LIMIT_MB)
