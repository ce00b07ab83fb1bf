"""Shingle sets kept for the documents later ones are verified against (migration 100), so
that the near-copy check reads a family's earliest members' sets instead of shingling their
texts again in every run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import numpy as np

from tasks.dedup.shingles import U64
from warehouse.dedup_index import insert_columns

_STORED = "<u8"  # little-endian, whatever the machine


def stored_shingles(
    connection: duckdb.DuckDBPyConnection, doc_nos: Sequence[int]
) -> dict[int, U64]:
    """doc number -> its kept shingle set, for those of ``doc_nos`` that have one."""
    if not doc_nos:
        return {}
    rows = connection.execute(
        "SELECT doc_no, shingles FROM dedup_shingles WHERE doc_no = ANY(?)", [list(doc_nos)]
    ).fetchall()
    return {int(doc): np.frombuffer(blob, dtype=_STORED).astype(np.uint64) for doc, blob in rows}


def keep_shingles(connection: duckdb.DuckDBPyConnection, sets: Mapping[int, U64]) -> None:
    """Keep the shingle sets of these documents (none of which has one kept yet)."""
    docs = sorted(sets)
    columns = {
        "doc_no": np.array(docs, dtype=np.int64),
        "shingles": np.array([sets[d].astype(_STORED).tobytes() for d in docs], dtype=object),
    }
    insert_columns(connection, "dedup_shingles", columns, "doc_no, shingles::BLOB")
