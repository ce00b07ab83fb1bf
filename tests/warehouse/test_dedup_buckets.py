"""The capped look-up of index buckets (``dedup_index.capped_buckets``): every looked-up bucket
whole up to the cap, its earliest documents beyond it."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.dedup_index import capped_buckets
from warehouse.registered import registered

_LOOKED_UP = "SELECT k, doc_no FROM rows WHERE k IN (SELECT k FROM wanted)"


def _capped(connection: duckdb.DuckDBPyConnection, wanted: list[int], cap: int) -> list[tuple]:
    sql = f"WITH {capped_buckets(_LOOKED_UP, 'k', cap, 'earliest')} SELECT * FROM earliest"
    with registered(connection, "wanted", {"k": np.array(wanted, dtype=np.int64)}):
        return sorted(connection.execute(sql).fetchall())


def _expected(rows: list[tuple[int, int]], wanted: list[int], cap: int) -> list[tuple]:
    buckets: dict[int, list[int]] = defaultdict(list)
    for key, doc_no in rows:
        buckets[key].append(doc_no)
    return sorted((k, d) for k in set(wanted) for d in sorted(buckets.get(k, []))[:cap])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 10_000)), unique_by=lambda r: r),
    wanted=st.lists(st.integers(0, 14), max_size=20),
    cap=st.integers(1, 6),
)
def test_each_looked_up_bucket_gives_its_earliest_documents_up_to_the_cap(
    rows: list[tuple[int, int]], wanted: list[int], cap: int
) -> None:
    connection = duckdb.connect()
    connection.execute("CREATE TABLE rows (k BIGINT, doc_no BIGINT)")
    if rows:
        connection.executemany("INSERT INTO rows VALUES (?, ?)", rows)
    assert _capped(connection, wanted, cap) == _expected(rows, wanted, cap)
