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
from warehouse.registered import registered

INDEX_TABLES = (
    "dedup_docs", "dedup_bands", "dedup_terms", "dedup_shingles", "duplicates", "story_links",
    "article_clusters",
)  # fmt: skip
# Earlier documents looked at per band bucket or per (key term, day): enough for any real
# family of copies or story, and a bound on the pairs a pathological input can make.
BUCKET_CAP = 16
STORY_BUCKET_CAP = 1_000  # key terms are shared more widely than whole bands
CANDIDATES_PER_DOC = 32  # earlier documents a new one is compared with, at most
# The order documents are numbered in, which decides what the capped look-ups see: a file
# pickup's articles in the order they were loaded (migration 090), so that the passes it makes
# while it still loads index prefixes of the order a single pass takes; other loads (one pass
# at the end of their run) by id.
DOC_ORDER = "first_seen_at, load_seq NULLS LAST, article_id"
_INPUT_COLUMNS = "article_id, title, body, source, url, canonical_url, published_at, first_seen_at"


def read_pending(
    connection: duckdb.DuckDBPyConnection, limit: int
) -> tuple[list[DedupInput], bool]:
    """Up to ``limit`` articles not indexed yet, in ``DOC_ORDER`` (oldest first), and whether
    more are pending.

    The anti-join reads ids only; the texts are fetched for the chosen rows alone, by row id:
    DuckDB then reads only the row groups that hold them (by article id it would read the
    texts of every article, a cost that grows with the warehouse)."""
    chosen = connection.execute(
        f"""
        SELECT articles.rowid FROM articles ANTI JOIN dedup_docs USING (article_id)
        ORDER BY {DOC_ORDER}
        LIMIT ?
        """,
        [limit + 1],
    ).fetchall()
    if not chosen:
        return [], False
    rows = connection.execute(
        f"SELECT {_INPUT_COLUMNS} FROM articles WHERE rowid = ANY(?) ORDER BY {DOC_ORDER}",
        [[row[0] for row in chosen[:limit]]],
    ).fetchall()
    return [DedupInput(*row) for row in rows], len(chosen) > limit


def count_pending(connection: duckdb.DuckDBPyConnection) -> int:
    rows = connection.execute(
        "SELECT count(*) FROM articles ANTI JOIN dedup_docs USING (article_id)"
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
    terms = signed.terms
    docs = {
        "doc_no": doc_nos,
        "article_id": np.array(signed.article_ids, dtype=object),
        "shingle_count": signed.shingle_counts.astype(np.int32),
        "minhash": _objects([row.astype("<u4").tobytes() for row in signed.minhashes]),
        "outlet": np.array(signed.outlets, dtype=object),
        "event_day": signed.days.astype(np.int32),
    }
    term_rows = {
        "doc_no": first_doc_no + terms.doc,
        "term": terms.term,
        "in_terms": terms.in_terms,
        "in_head": terms.in_head,
    }
    with registered(connection, "_incoming_doc_terms", term_rows):
        # DuckDB builds the term lists: no Python list per article
        insert_columns(
            connection,
            "dedup_docs",
            docs,
            select="""d.doc_no, d.article_id, d.shingle_count, d.minhash,
                coalesce(t.story_terms, []), coalesce(t.head_terms, []), d.outlet, d.event_day,
                now()""",
            tail="""AS d LEFT JOIN (
                SELECT doc_no,
                       list(term ORDER BY term) FILTER (WHERE in_terms) AS story_terms,
                       list(term ORDER BY term) FILTER (WHERE in_head) AS head_terms
                FROM _incoming_doc_terms GROUP BY doc_no
            ) AS t USING (doc_no) ORDER BY d.doc_no""",
        )
    bands = signed.band_keys.shape[1]
    insert_columns(
        connection,
        "dedup_bands",
        {"band_key": signed.band_keys.reshape(-1), "doc_no": np.repeat(doc_nos, bands)},
    )
    key = terms.is_key
    insert_columns(
        connection,
        "dedup_terms",
        {
            "term": terms.term[key],
            "event_day": docs["event_day"][terms.doc[key]],
            "doc_no": doc_nos[terms.doc[key]],
        },
    )
    return doc_nos


def band_candidates(
    connection: duckdb.DuckDBPyConnection, signed: SignedBatch, first_doc_no: int
) -> list[tuple[int, int]]:
    """(new doc, earlier doc) for every pair sharing an LSH band.

    The batch's own keys are the hash join's build side, so each batch costs one scan of
    ``dedup_bands`` (cut down by the join's Bloom filter), whatever the index size. A band
    bucket is looked at through its ``BUCKET_CAP`` earliest documents only: a text copied
    thousands of times (one hostile file can hold 20,000) would otherwise make pairs by the
    hundred million; every copy still meets the earliest ones, which is all its cluster needs.
    """
    keys = signed.band_keys
    new_keys = {
        "band_key": keys.reshape(-1),
        "doc_no": np.repeat(np.arange(first_doc_no, first_doc_no + keys.shape[0]), keys.shape[1]),
    }
    sql = f"""
        WITH {capped_buckets(_BANDS_LOOKED_UP, "band_key", BUCKET_CAP, "earliest")}
        SELECT new_doc, old_doc FROM (
            SELECT DISTINCT n.doc_no AS new_doc, o.doc_no AS old_doc FROM earliest AS o
            JOIN _new_bands AS n ON o.band_key = n.band_key
            WHERE o.doc_no < n.doc_no
        )
        QUALIFY row_number() OVER (PARTITION BY new_doc ORDER BY old_doc) <= {CANDIDATES_PER_DOC}
        ORDER BY 1, 2
    """
    rows = query_with(connection, "_new_bands", new_keys, sql)
    return [(int(a), int(b)) for a, b in rows]


_BANDS_LOOKED_UP = (
    "SELECT band_key, doc_no FROM dedup_bands WHERE band_key IN (SELECT band_key FROM _new_bands)"
)


def capped_buckets(matched: str, keys: str, cap: int, name: str) -> str:
    """SQL of CTEs ending in ``name``: the rows (``keys``, doc_no) of the ``matched`` query, at
    most the ``cap`` earliest (lowest ``doc_no``) of each bucket (value of ``keys``).

    Only the buckets with more than ``cap`` rows are capped. DuckDB turns a capped window
    (``row_number() ... <= cap``) into a top-``cap`` aggregate with a state per bucket, and
    nearly all the buckets a batch looks up are small: at 200,000 articles, 5,000 new ones look
    up 183,000 band buckets, and those states took the query to ~136 MB, past a dedup pass's
    64 MB cap. The pass then ran again under a cap four times larger, which the tables' cached
    blocks filled: the run's peak RSS rose by ~250 MB. Counting first keeps one number a bucket;
    the few hot ones (a text copied thousands of times) are capped as before."""
    return f"""
    _matched AS ({matched}),
    _hot AS (SELECT {keys} FROM _matched GROUP BY {keys} HAVING count(*) > {cap}),
    {name} AS (
        SELECT {keys}, doc_no FROM _matched ANTI JOIN _hot USING ({keys})
        UNION ALL
        SELECT {keys}, unnest(min(doc_no, {cap})) FROM _matched SEMI JOIN _hot USING ({keys})
        GROUP BY {keys}
    )"""


def minhashes(connection: duckdb.DuckDBPyConnection, doc_nos: Sequence[int]) -> dict[int, bytes]:
    rows = connection.execute(
        "SELECT doc_no, minhash FROM dedup_docs WHERE doc_no = ANY(?)", [list(doc_nos)]
    ).fetchall()
    return {int(no): bytes(blob) for no, blob in rows}


def url_candidates(
    connection: duckdb.DuckDBPyConnection, first_doc_no: int, canonical_urls: Sequence[str | None]
) -> list[tuple[int, int]]:
    """(new doc, earlier doc) for articles with the same canonical URL but another text."""
    new_urls = [(first_doc_no + n, u) for n, u in enumerate(canonical_urls) if u is not None]
    if not new_urls:
        return []
    columns = {
        "doc_no": np.array([no for no, _ in new_urls], dtype=np.int64),
        "canonical_url": np.array([url for _, url in new_urls], dtype=object),
    }
    sql = """
        SELECT n.doc_no, d.doc_no FROM _new_urls AS n
        JOIN articles AS a ON a.canonical_url = n.canonical_url
        JOIN dedup_docs AS d ON d.article_id = a.article_id
        WHERE d.doc_no < n.doc_no
        ORDER BY 1, 2
    """
    rows = query_with(connection, "_new_urls", columns, sql)
    return [(int(a), int(b)) for a, b in rows]


def article_facts(
    connection: duckdb.DuckDBPyConnection, doc_nos: Sequence[int], *, with_body: bool = True
) -> dict[int, tuple[str, datetime, str]]:
    """doc number -> (article_id, first_seen_at, body or ""), read for these articles only."""
    if not doc_nos:
        return {}
    body = "a.body" if with_body else "''"
    rows = connection.execute(
        f"""
        WITH chosen AS (SELECT doc_no, article_id FROM dedup_docs WHERE doc_no = ANY(?))
        SELECT c.doc_no, a.article_id, a.first_seen_at, {body}
        FROM chosen AS c JOIN articles AS a ON a.article_id = c.article_id
        """,
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
        insert_columns(connection, table, columns, select)


def clear_index(connection: duckdb.DuckDBPyConnection) -> None:
    for table in INDEX_TABLES:
        connection.execute(f"DELETE FROM {table}")


def _objects(values: list[Any]) -> np.ndarray[Any, np.dtype[np.object_]]:
    out = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):  # element-wise: equal-length lists must stay lists
        out[index] = value
    return out


def first_per_doc(new_docs: Any, old_docs: Any, limit: int) -> Any:
    """A mask keeping, of pairs sorted by (new, old), the first ``limit`` of each new doc."""
    new = np.asarray(new_docs, dtype=np.int64)
    if not new.size:
        return np.zeros(0, dtype=bool)
    starts = np.flatnonzero(np.concatenate(([True], new[1:] != new[:-1])))
    sizes = np.diff(np.append(starts, new.size))
    rank = np.arange(new.size) - np.repeat(starts, sizes)
    return rank < limit


def query_with(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    columns: dict[str, Any],
    sql: str,
    params: dict[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Run ``sql`` with ``columns`` (numpy arrays) registered as the relation ``view``."""
    with registered(connection, view, columns):
        return connection.execute(sql, params).fetchall()


def insert_columns(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, Any],
    select: str = "*",
    tail: str = "",
) -> None:
    """INSERT INTO table SELECT select FROM (columns, as a view) tail."""
    if not len(next(iter(columns.values()))):
        return
    view = f"_incoming_{table}"
    with registered(connection, view, columns):
        connection.execute(f"INSERT INTO {table} SELECT {select} FROM {view} {tail}")
