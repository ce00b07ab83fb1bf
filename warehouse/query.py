"""Ad-hoc SQL against the warehouse, which cannot write anything.

Two locks, each enough alone for the common cases: the statements are checked to only read
(``warehouse.sql_guard``) before the file is opened, and the connection they run on is opened
read-only with DuckDB's own guards set and then locked (``lock_configuration``), so no statement
can switch them back: no file access outside the warehouse (unless the user opts in to reading
files), no extension installed, loaded or auto-loaded, no persistent secrets, no Python
variables scanned as tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import read_connection
from warehouse.errors import QueryError, QueryRefused
from warehouse.sql_guard import read_only_statements

_FILES_HINT = "reading files from SQL needs --allow-files (setting sql_allow_files)"


def locked_settings() -> dict[str, str | bool | int]:
    """DuckDB settings a query connection is opened with; ``locked_read_connection`` then turns
    external access off (reading files only where allowed) and locks the configuration."""
    return {
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_extension_repositories": "forbidden",
        "allow_persistent_secrets": False,
        "python_enable_replacements": False,
    }


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass
class QueryCursor:
    """The last statement's result, read in batches while its connection is open."""

    columns: list[str]
    types: list[str]  # DuckDB's type names, e.g. VARCHAR, JSON, TIMESTAMP WITH TIME ZONE
    _connection: duckdb.DuckDBPyConnection

    def batches(self, size: int = 2048) -> Iterator[list[tuple[Any, ...]]]:
        if not self.columns:
            return
        while True:
            try:
                rows = self._connection.fetchmany(size)
            except duckdb.Error as exc:
                raise _translated(exc) from exc
            if not rows:
                return
            yield rows


@contextmanager
def locked_read_connection(
    path: Path, *, wait_seconds: float, allow_files: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection whose guards no statement can lift.

    With ``allow_files`` local files can be read (``allowed_directories``), while external
    access stays off: no network reads, no extension loaded. DuckDB cannot open files for
    reading only, so there COPY ... TO and INSTALL rest on the statement check alone.
    """
    with read_connection(path, wait_seconds=wait_seconds, config=locked_settings()) as connection:
        if allow_files:  # DuckDB takes this only while external access is still on
            connection.execute("SET allowed_directories = ['/']")
        connection.execute("SET enable_external_access = false")
        connection.execute("SET lock_configuration = true")
        yield connection


@contextmanager
def open_query(
    path: Path, sql: str, *, wait_seconds: float, allow_files: bool = False
) -> Iterator[QueryCursor]:
    """Run the statements of ``sql`` in order; the cursor reads the last one's rows.

    Raises ``QueryRefused`` (nothing run) for SQL that would do more than read, ``QueryError``
    for SQL DuckDB rejects.
    """
    statements = read_only_statements(sql)  # checked before the warehouse is even opened
    with locked_read_connection(
        path, wait_seconds=wait_seconds, allow_files=allow_files
    ) as connection:
        for statement in statements:
            try:
                connection.execute(statement)
            except duckdb.Error as exc:
                raise _translated(exc, allow_files=allow_files) from exc
        description = connection.description or []
        yield QueryCursor(
            columns=[column[0] for column in description],
            types=[str(column[1]) for column in description],
            _connection=connection,
        )


def run_query(
    path: Path, sql: str, *, wait_seconds: float, allow_files: bool = False
) -> QueryResult:
    """Run ``sql`` (reads only) and return all its rows."""
    with open_query(path, sql, wait_seconds=wait_seconds, allow_files=allow_files) as cursor:
        rows = [row for batch in cursor.batches() for row in batch]
        return QueryResult(cursor.columns, rows)


def _translated(exc: duckdb.Error, *, allow_files: bool = True) -> Exception:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException):
        hint = "" if allow_files else f" ({_FILES_HINT})"
        return QueryRefused(f"refused: {message}{hint}")
    if "configuration has been locked" in message:
        return QueryRefused(f"refused: {message} (newsflow sql runs with locked settings)")
    return QueryError(str(exc))
