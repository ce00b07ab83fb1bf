"""Ad-hoc SQL against the warehouse, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import read_connection
from warehouse.errors import QueryError


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(path: Path, sql: str, *, wait_seconds: float) -> QueryResult:
    """Run ``sql`` on a read-only connection (waiting, bounded, while a load holds the file)."""
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        try:
            cursor = connection.execute(sql)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from exc
    return QueryResult(columns, rows)
