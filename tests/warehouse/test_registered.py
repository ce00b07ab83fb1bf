"""Python columns queried as a relation (``warehouse.registered``): a failure inside the block,
running out of memory above all, reaches the caller as itself, and a dedup pass that runs out
of memory in such a query takes the batch again with a larger cap instead of failing the run."""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from settings import Settings, load_settings
from tasks.dedup.linking import ALGORITHMS
from tests.warehouse.dedup_support import article, ingest, query
from warehouse import dedup_index
from warehouse.dedup_run import dedup_pending
from warehouse.registered import registered

# 40 MB of text in one relation: string_agg must hold it all, far above an 8 MB cap.
_BIG = {"s": np.array(["x" * 100_000 + str(n) for n in range(400)], dtype=object)}
_NEEDS_MEMORY = "SELECT length(string_agg(s, '')) FROM {view}"


def _capped(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(path))
    connection.execute("SET memory_limit = '8MB'")
    connection.execute("SET threads = 1")
    return connection


def test_a_query_out_of_memory_in_a_transaction_raises_as_itself(tmp_path: Path) -> None:
    connection = _capped(tmp_path / "w.duckdb")
    connection.execute("BEGIN TRANSACTION")
    with pytest.raises(duckdb.OutOfMemoryException), registered(connection, "big", _BIG):
        connection.execute(_NEEDS_MEMORY.format(view="big")).fetchall()
    connection.execute("ROLLBACK")  # the relation made in the transaction goes with it
    views = "SELECT count(*) FROM duckdb_views() WHERE view_name = 'big'"
    assert connection.execute(views).fetchall() == [(0,)]
    with registered(connection, "big", {"s": _BIG["s"][:2]}):  # the name is free again
        assert connection.execute("SELECT count(*) FROM big").fetchall() == [(2,)]
    assert connection.execute(views).fetchall() == [(0,)]  # and dropped after a clean block


def test_a_dedup_pass_out_of_memory_in_a_lookup_is_run_again_with_a_larger_cap(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Before, the unregister after the failed query raised ``TransactionException`` in place
    of the ``OutOfMemoryException``, and the run failed (seen on the 200,000-article warehouse
    of bench/scale.py at the pass's 64 MB cap)."""
    words = [f"w{n:04d}" for n in range(5_000)]
    bodies = [" ".join(random.Random(n).choices(words, k=300)) for n in range(6)]
    bodies.append(bodies[0].replace(" ", " extra ", 1))  # a near-copy of the first
    articles = [article(body, slug=str(n)) for n, body in enumerate(bodies)]

    reference = load_settings({}, data_dir=tmp_path / "reference", settle_seconds=0)
    ingest(reference, articles)
    dedup_pending(reference, ALGORITHMS)

    real_query_with = dedup_index.query_with
    failed: list[int] = []

    def out_of_memory_once(connection: duckdb.DuckDBPyConnection, view: str, *rest: Any) -> Any:
        if not failed:  # a real query over the cap, in the pass's own transaction
            failed.append(1)
            connection.execute("SET memory_limit = '8MB'")
            real_query_with(connection, "big", _BIG, _NEEDS_MEMORY.format(view="big"))
        return real_query_with(connection, view, *rest)

    monkeypatch.setattr(dedup_index, "query_with", out_of_memory_once)
    ingest(settings, articles)
    with caplog.at_level(logging.WARNING, logger="newsflow.warehouse"):
        report = dedup_pending(settings, ALGORITHMS)
    assert failed and report.indexed == len(articles)
    said = [r.getMessage() for r in caplog.records if r.name == "newsflow.warehouse"]
    assert said == ["a dedup batch ran out of DuckDB's 64 MB cap; running it again under 256 MB"]
    tables = "SELECT * FROM {} ORDER BY ALL"
    for table in ("duplicates", "article_clusters"):
        wanted = query(reference, tables.format(table))
        assert [row[:3] for row in query(settings, tables.format(table))] == [
            row[:3] for row in wanted
        ]
    assert query(settings, "SELECT count(*) FROM duplicates WHERE kind = 'near_copy'") == [(1,)]
