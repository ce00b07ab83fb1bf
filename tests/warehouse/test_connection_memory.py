from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import numpy as np
import pytest

from warehouse.connection import read_connection, write_connection
from warehouse.opening import MEMORY_LIMIT, run_with_room, set_memory_limit
from warehouse.registered import registered


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


def test_a_job_out_of_memory_runs_again_under_larger_caps_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 40 MB of text in one aggregate: more than an 8 MB cap and the 32 MB one after it.
    texts = {"s": np.array(["x" * 100_000 + str(n) for n in range(400)], dtype=object)}
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    connection.execute("SET threads = 1")
    set_memory_limit(connection, 8)

    def job() -> int:
        with registered(connection, "texts", texts):
            [(length,)] = connection.execute(
                "SELECT length(string_agg(s, '')) FROM texts"
            ).fetchall()
        return int(length)

    with caplog.at_level(logging.WARNING, logger="newsflow.warehouse"):
        length, cap = run_with_room(connection, job, 8, what="a test job")
    assert length == sum(len(t) for t in texts["s"])
    said = [r.getMessage() for r in caplog.records if r.name == "newsflow.warehouse"]
    assert said[0] == "a test job ran out of DuckDB's 8 MB cap; running it again under 32 MB"
    assert len(said) == [8, 32, 128, 512].index(cap)
    assert _limit(connection) == _limit(_capped_at(cap))


def _capped_at(megabytes: int) -> duckdb.DuckDBPyConnection:
    reference = duckdb.connect()
    set_memory_limit(reference, megabytes)
    return reference
