"""Short-lived connections to the warehouse file.

DuckDB lets one process open a file for writing and then no other process at all, so every
connection here is opened for one job and closed at once, and waits (bounded) while another
process holds the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tasks.memory import give_back_memory
from warehouse.migrate import migrate_connection
from warehouse.opening import open_file


@contextmanager
def write_connection(
    path: Path, *, wait_seconds: float = 3.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for writing (creating it and applying migrations), then close it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_file(path, read_only=False, wait_seconds=wait_seconds)
    try:
        migrate_connection(connection)
        yield connection
    finally:
        connection.close()
        give_back_memory()  # DuckDB's buffers, freed at close, would stay resident otherwise


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
    connection = open_file(path, read_only=True, wait_seconds=wait_seconds, config=config)
    try:
        yield connection
    finally:
        connection.close()
        give_back_memory()  # DuckDB's buffers, freed at close, would stay resident otherwise
