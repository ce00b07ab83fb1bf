"""Short-lived connections to the warehouse file.

DuckDB lets one process open a file for writing and then no other process at all, so every
connection here is opened for one job and closed at once, and waits (bounded) while another
process holds the file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseBusy

_RETRY_PAUSE_SECONDS = 0.1
_BUSY_MARKERS = ("Could not set lock", "Conflicting lock", "lock on file", "being used by")


def is_busy_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and any(m in str(exc) for m in _BUSY_MARKERS)


def _open(
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
            return connection
        except duckdb.IOException as exc:
            if not is_busy_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"warehouse {path} is held by another process (waited {wait_seconds:g} s)"
                ) from exc
            time.sleep(_RETRY_PAUSE_SECONDS)


@contextmanager
def write_connection(
    path: Path, *, wait_seconds: float = 3.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for writing (creating it and applying migrations), then close it."""
    from warehouse.migrate import migrate_connection

    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _open(path, read_only=False, wait_seconds=wait_seconds)
    try:
        migrate_connection(connection)
        yield connection
    finally:
        connection.close()


@contextmanager
def read_connection(
    path: Path,
    *,
    wait_seconds: float = 10.0,
    config: Mapping[str, str | bool | int] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open an existing warehouse read-only (with DuckDB ``config``), waiting while a writer
    holds it."""
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `newsflow ingest` first")
    connection = _open(path, read_only=True, wait_seconds=wait_seconds, config=config)
    try:
        yield connection
    finally:
        connection.close()
