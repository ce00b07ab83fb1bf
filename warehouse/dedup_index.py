"""Reads and writes of the near-copy / story index (tables of migration 020), inside the
caller's transaction. Bulk rows go in as registered numpy columns, never row by row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import numpy as np

from tasks.dedup.models import DedupInput, Link
from tasks.dedup.signing import SignedBatch
from tasks.dedup.story import StoryDoc, StoryFeatures

INDEX_TABLES = (
    "dedup_docs", "dedup_bands", "dedup_terms", "duplicates", "story_links", "article_clusters",
)  # fmt: skip
_INPUT_COLUMNS = "article_id, title, body, source, url, canonical_url, published_at, first_seen_at"


def read_pending(connection: duckdb.DuckDBPyConnection, limit: int) -> list[DedupInput]:
    """Articles not indexed yet, oldest first (first seen, then id)."""
    rows = connection.execute(
        f"""
        SELECT {_INPUT_COLUMNS} FROM articles AS a
        WHERE NOT EXISTS (SELECT 1 FROM dedup_docs AS d WHERE d.article_id = a.article_id)
        ORDER BY first_seen_at, article_id
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [DedupInput(*row) for row in rows]


def count_pending(connection: duckdb.DuckDBPyConnection) -> int:
    rows = connection.execute(
        "SELECT count(*) FROM articles AS a WHERE NOT EXISTS "
        "(SELECT 1 FROM dedup_docs AS d WHERE d.article_id = a.article_id)"
    ).fetchall()
    return int(rows[0][0])


def next_doc_no(connection: duckdb.DuckDBPyConnection) -> int:
    rows = connection.execute("SELECT coalesce(max(doc_no), 0) + 1 FROM dedup_docs").fetchall()
    return int(rows[0][0])


def insert_signed(
    connection: duckdb.DuckDBPyConnection, signed: SignedBatch, first_doc_no: int
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Write the batch's docs, bands and key terms; return the doc numbers given to them."""
    count = len(signed.article_ids)
    doc_nos = np.arange(first_doc_no, first_doc_no + count, dtype=np.int64)
    stories = signed.stories
    docs = {
        "doc_no": doc_nos,
        "article_id": np.array(signed.article_ids, dtype=object),
        "shingle_count": signed.shingle_counts.astype(np.int32),
        "minhash": _objects([row.astype("<u4").tobytes() for row in signed.minhashes]),
        "story_terms": _objects([sorted(s.features.terms) for s in stories]),
        "head_terms": _objects([sorted(s.features.head_terms) for s in stories]),
        "outlet": np.array([s.outlet for s in stories], dtype=object),
        "event_day": np.array([s.day for s in stories], dtype=np.int32),
    }
    _insert(connection, "dedup_docs", docs, "*, now() AS indexed_at")
    bands = signed.band_keys.shape[1]
    _insert(
        connection,
        "dedup_bands",
        {"band_key": signed.band_keys.reshape(-1), "doc_no": np.repeat(doc_nos, bands)},
    )
    key_counts = [len(s.features.key_terms) for s in stories]
    _insert(
        connection,
        "dedup_terms",
        {
            "term": np.array([t for s in stories for t in s.features.key_terms], dtype=np.int64),
            "event_day": np.repeat(docs["event_day"], key_counts),
            "doc_no": np.repeat(doc_nos, key_counts),
        },
    )
    return doc_nos


def band_candidates(
    connection: duckdb.DuckDBPyConnection, first_doc_no: int
) -> list[tuple[int, int, bytes]]:
    """(new doc, earlier doc, earlier doc's minhash) for every pair sharing an LSH band."""
    rows = connection.execute(
        """
        WITH new_bands AS (SELECT * FROM dedup_bands WHERE doc_no >= $first),
        pairs AS (
            SELECT DISTINCT n.doc_no AS new_doc, o.doc_no AS old_doc
            FROM new_bands AS n JOIN dedup_bands AS o ON o.band_key = n.band_key
            WHERE o.doc_no < n.doc_no
        )
        SELECT p.new_doc, p.old_doc, d.minhash FROM pairs AS p
        JOIN dedup_docs AS d ON d.doc_no = p.old_doc
        ORDER BY p.new_doc, p.old_doc
        """,
        {"first": first_doc_no},
    ).fetchall()
    return [(int(a), int(b), bytes(m)) for a, b, m in rows]


def url_candidates(
    connection: duckdb.DuckDBPyConnection, first_doc_no: int
) -> list[tuple[int, int]]:
    """(new doc, earlier doc) for articles with the same canonical URL but another text."""
    rows = connection.execute(
        """
        WITH docs AS (
            SELECT d.doc_no, a.canonical_url FROM dedup_docs AS d
            JOIN articles AS a USING (article_id)
            WHERE a.canonical_url IN (
                SELECT a2.canonical_url FROM dedup_docs AS d2 JOIN articles AS a2
                USING (article_id) WHERE d2.doc_no >= $first
            )
        )
        SELECT n.doc_no, o.doc_no FROM docs AS n JOIN docs AS o USING (canonical_url)
        WHERE n.doc_no >= $first AND o.doc_no < n.doc_no
        ORDER BY 1, 2
        """,
        {"first": first_doc_no},
    ).fetchall()
    return [(int(a), int(b)) for a, b in rows]


def story_candidates(
    connection: duckdb.DuckDBPyConnection, first_doc_no: int, window_days: int, min_shared: int
) -> list[tuple[int, int]]:
    """(new doc, earlier doc) sharing enough key terms within the time window."""
    rows = connection.execute(
        """
        WITH new_terms AS (SELECT * FROM dedup_terms WHERE doc_no >= $first)
        SELECT n.doc_no, o.doc_no FROM new_terms AS n
        JOIN dedup_terms AS o
          ON o.term = n.term AND o.event_day BETWEEN n.event_day - $window
                                                   AND n.event_day + $window
        WHERE o.doc_no < n.doc_no
        GROUP BY n.doc_no, o.doc_no
        HAVING count(*) >= $shared
        ORDER BY 1, 2
        """,
        {"first": first_doc_no, "window": window_days, "shared": min_shared},
    ).fetchall()
    return [(int(a), int(b)) for a, b in rows]


def story_docs(
    connection: duckdb.DuckDBPyConnection, doc_nos: Sequence[int]
) -> dict[int, StoryDoc]:
    rows = connection.execute(
        "SELECT doc_no, story_terms, head_terms, outlet, event_day FROM dedup_docs "
        "WHERE doc_no IN (SELECT unnest(?))",
        [list(doc_nos)],
    ).fetchall()
    return {
        int(no): StoryDoc(StoryFeatures(frozenset(terms), frozenset(head), ()), outlet, int(day))
        for no, terms, head, outlet, day in rows
    }


def article_facts(
    connection: duckdb.DuckDBPyConnection, doc_nos: Sequence[int], *, with_body: bool = True
) -> dict[int, tuple[str, datetime, str]]:
    """doc number -> (article_id, first_seen_at, body or "")."""
    body = "a.body" if with_body else "''"
    rows = connection.execute(
        f"SELECT d.doc_no, a.article_id, a.first_seen_at, {body} FROM dedup_docs AS d "
        "JOIN articles AS a USING (article_id) WHERE d.doc_no IN (SELECT unnest(?))",
        [list(doc_nos)],
    ).fetchall()
    return {int(no): (aid, seen, body) for no, aid, seen, body in rows}


def insert_links(
    connection: duckdb.DuckDBPyConnection, copies: list[Link], stories: list[Link]
) -> None:
    for table, links, select in (
        ("duplicates", copies, "article_id, duplicate_of, kind, similarity, method, now()"),
        ("story_links", stories, "article_id, duplicate_of, similarity, method, now()"),
    ):
        columns = {
            "article_id": _objects([x.article_id for x in links]),
            "duplicate_of": _objects([x.duplicate_of for x in links]),
            "kind": _objects([x.kind for x in links]),
            "similarity": np.array([x.similarity for x in links], dtype=np.float64),
            "method": _objects([x.method for x in links]),
        }
        _insert(connection, table, columns, select)


def clear_index(connection: duckdb.DuckDBPyConnection) -> None:
    for table in INDEX_TABLES:
        connection.execute(f"DELETE FROM {table}")


def _objects(values: list[Any]) -> np.ndarray[Any, np.dtype[np.object_]]:
    out = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):  # element-wise: equal-length lists must stay lists
        out[index] = value
    return out


def _insert(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, Any],
    select: str = "*",
) -> None:
    if not len(next(iter(columns.values()))):
        return
    view = f"_incoming_{table}"
    connection.register(view, columns)
    try:
        connection.execute(f"INSERT INTO {table} SELECT {select} FROM {view}")
    finally:
        connection.unregister(view)
