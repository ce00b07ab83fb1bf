from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.connection import read_connection, write_connection
from warehouse.opening import MEMORY_LIMIT


def _limit(connection: duckdb.DuckDBPyConnection) -> str:
    [(value,)] = connection.execute("SELECT current_setting('memory_limit')").fetchall()
    return str(value)


def test_write_connections_cap_duckdbs_memory_analysis_reads_do_not(tmp_path: Path) -> None:
    """DuckDB's own default (80 % of the machine) would let a load or dedup pass keep
    gigabytes of buffer cache in the run's process; an analysis query keeps it (a sort over
    bodies that cannot spill would fail under the cap)."""
    reference = duckdb.connect()
    reference.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    expected = _limit(reference)
    assert expected != _limit(duckdb.connect())
    warehouse = tmp_path / "w.duckdb"
    with write_connection(warehouse) as connection:
        assert _limit(connection) == expected
    with read_connection(warehouse) as connection:
        assert _limit(connection) == _limit(duckdb.connect())
