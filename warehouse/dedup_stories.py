"""Story candidates and the story decision (``story.same_story``) for a batch, in the index.

Candidates share ``rule.min_shared`` key terms on days inside the window: each new key term is
looked up on every day of its window (an equi-join, not a range join) and the matches are
counted per pair in numpy (one sort of plain numbers: several times faster than DuckDB
grouping millions of mostly one-match pairs). The decision checks outlet, window and a shared
headline term in SQL, then the term-set Jaccard similarity in numpy for the pairs left (DuckDB's
``list_intersect`` costs ~20 µs a pair). Both halves compute exactly what ``same_story`` does.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from tasks.dedup.models import LINKS_PER_DOC
from tasks.dedup.signing import SignedBatch
from tasks.dedup.story import StoryRule
from warehouse.dedup_index import (
    CANDIDATES_PER_DOC,
    STORY_BUCKET_CAP,
    capped_buckets,
    first_per_doc,
)
from warehouse.registered import registered

I64 = npt.NDArray[np.int64]
_TERM_BITS = 34  # term ids are crc32 + 1 < 2**33
# Term matches held in memory at once, about. Each match costs ~64 bytes on its way through
# (DuckDB's result, its numpy copy, the sort keys), and the pass runs while the parse workers
# and the API hold theirs: at 2,000,000 the pass's peak added ~50 MB to the run's peak RSS
# (bench/scale.py) for no gain in speed, as a run of the join costs little.
MATCHES_AT_ONCE = 500_000
_EARLIEST = "_story_earliest"  # a batch's buckets, their earliest documents, with outlets
_BATCH_OUTLETS = "_story_batch_outlets"  # the batch's documents' outlets
_TERMS_LOOKED_UP = """
    SELECT term, event_day, doc_no FROM dedup_terms
    SEMI JOIN (SELECT DISTINCT term, event_day FROM _new_terms) USING (term, event_day)
    WHERE event_day BETWEEN $first_day AND $last_day
"""


def story_candidates(
    connection: duckdb.DuckDBPyConnection, signed: SignedBatch, first_doc_no: int, rule: StoryRule
) -> list[tuple[int, int, float]]:
    """(new doc, earlier doc, term similarity) of the pairs that share a story.

    The earliest ``STORY_BUCKET_CAP`` documents of every (key term, day) bucket the batch looks
    up are read once, in one scan of ``dedup_terms`` (its cost grows with the index), into a
    temporary table. The batch's documents are then matched against it in runs small enough
    that their term matches stay under ``MATCHES_AT_ONCE``, counted beforehand from the sizes
    of the buckets they hit: one run for ordinary news, many when thousands of documents share
    all their terms.

    Pairs of one outlet are dropped before a document's ``CANDIDATES_PER_DOC`` earliest are
    kept: they never share a story, and a file pickup numbers a day's documents in path order,
    often one outlet's files together, so they would crowd out the other outlets' reports."""
    count = len(signed.article_ids)
    looked_up = _new_terms(signed, rule, first_doc_no)
    with registered(connection, "_new_terms", looked_up):
        connection.execute(
            f"""
        CREATE OR REPLACE TEMP TABLE {_EARLIEST} AS
        WITH {capped_buckets(_TERMS_LOOKED_UP, "term, event_day", STORY_BUCKET_CAP, "earliest")}
        SELECT e.term, e.event_day, e.doc_no, d.outlet FROM earliest AS e
        JOIN dedup_docs AS d USING (doc_no)
        """,
            _day_range(looked_up),
        )
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {_BATCH_OUTLETS} AS "
        "SELECT doc_no, outlet FROM dedup_docs WHERE doc_no BETWEEN ? AND ?",
        [first_doc_no, first_doc_no + count - 1],
    )
    found: list[tuple[int, int, float]] = []
    runs = _runs(connection, looked_up, first_doc_no, count)
    for start, stop in runs:
        new_terms = looked_up if len(runs) == 1 else _of_docs(looked_up, first_doc_no, start, stop)
        found += _chunk_candidates(connection, new_terms, rule)
    # Not in a ``finally``: after a failure the transaction is aborted, and the caller rolls
    # it back (and the table with it); a statement here would hide the error it must see.
    connection.execute(f"DROP TABLE {_EARLIEST}")
    connection.execute(f"DROP TABLE {_BATCH_OUTLETS}")
    return found


def _new_terms(signed: SignedBatch, rule: StoryRule, first_doc_no: int) -> dict[str, Any]:
    """The (key term, day) look-ups of the batch's documents."""
    terms = signed.terms
    key = terms.is_key
    span = np.arange(-rule.window_days, rule.window_days + 1, dtype=np.int32)
    days = signed.days.astype(np.int32)[terms.doc[key]]
    return {
        "term": np.repeat(terms.term[key], span.size),
        "event_day": (days[:, None] + span[None, :]).reshape(-1),
        "doc_no": np.repeat(first_doc_no + terms.doc[key], span.size),
    }


def _runs(
    connection: duckdb.DuckDBPyConnection, looked_up: dict[str, Any], first_doc_no: int, count: int
) -> list[tuple[int, int]]:
    sizes = _numpy_query_with(
        connection,
        "_new_terms",
        looked_up,
        f"""
        WITH buckets AS (
            SELECT term, event_day, count(*) AS size FROM {_EARLIEST} GROUP BY ALL
        )
        SELECT n.doc_no, coalesce(b.size, 0) AS size FROM _new_terms AS n
        LEFT JOIN buckets AS b USING (term, event_day)
        """,
    )
    per_doc = np.bincount(
        sizes["doc_no"].astype(np.int64) - first_doc_no,
        weights=sizes["size"].astype(np.float64),
        minlength=count,
    )
    run_of = (np.cumsum(per_doc) // MATCHES_AT_ONCE).astype(np.int64)
    starts = [0, *(np.flatnonzero(np.diff(run_of)) + 1).tolist()]
    return list(zip(starts, [*starts[1:], count], strict=True))


def _of_docs(looked_up: dict[str, Any], first_doc_no: int, start: int, stop: int) -> dict[str, Any]:
    """The look-ups of documents ``start`` to ``stop`` of the batch."""
    doc = looked_up["doc_no"] - first_doc_no
    chosen = (doc >= start) & (doc < stop)
    return {name: column[chosen] for name, column in looked_up.items()}


def _chunk_candidates(
    connection: duckdb.DuckDBPyConnection, new_terms: dict[str, Any], rule: StoryRule
) -> list[tuple[int, int, float]]:
    matches = _numpy_query_with(
        connection,
        "_new_terms",
        new_terms,
        f"""
        SELECT n.doc_no AS new_doc, o.doc_no AS old_doc FROM _new_terms AS n
        JOIN {_EARLIEST} AS o ON o.term = n.term AND o.event_day = n.event_day
        JOIN {_BATCH_OUTLETS} AS b ON b.doc_no = n.doc_no
        WHERE o.doc_no < n.doc_no AND NOT coalesce(b.outlet = o.outlet, false)
        """,
    )
    pairs = _pairs_seen_at_least(matches, rule.min_shared)
    kept_pairs = first_per_doc(pairs["new_doc"], pairs["old_doc"], CANDIDATES_PER_DOC)
    pairs = {name: column[kept_pairs] for name, column in pairs.items()}
    head_test = (
        "list_has_any(n.head_terms, o.head_terms)"
        if rule.min_shared_head == 1
        else f"len(list_intersect(n.head_terms, o.head_terms)) >= {int(rule.min_shared_head)}"
    )
    kept = _numpy_query_with(
        connection,
        "_story_pairs",
        pairs,
        f"""
        WITH docs AS (
            SELECT doc_no, head_terms, outlet, event_day FROM dedup_docs
            WHERE doc_no IN (
                SELECT new_doc FROM _story_pairs UNION SELECT old_doc FROM _story_pairs
            )
        )
        SELECT p.new_doc, p.old_doc FROM _story_pairs AS p
        JOIN docs AS n ON n.doc_no = p.new_doc
        JOIN docs AS o ON o.doc_no = p.old_doc
        WHERE NOT coalesce(n.outlet = o.outlet, false)
          AND abs(n.event_day - o.event_day) <= $window AND {head_test}
        ORDER BY 1, 2
        """,
        {"window": rule.window_days},
    )
    new_docs, old_docs = kept["new_doc"].astype(np.int64), kept["old_doc"].astype(np.int64)
    if not new_docs.size:
        return []
    similarity = _term_jaccard(connection, new_docs, old_docs)
    accepted = np.flatnonzero(similarity >= rule.min_jaccard)
    chosen = accepted[first_per_doc(new_docs[accepted], old_docs[accepted], LINKS_PER_DOC)]
    return [(int(new_docs[i]), int(old_docs[i]), float(similarity[i])) for i in chosen]


def _day_range(looked_up: dict[str, Any]) -> dict[str, int]:
    """The first and last day of the look-ups, as a plain range filter on ``dedup_terms``: the
    join alone would read every row of the table; the range lets DuckDB skip the row groups of
    other days where rows went in about in publication order. A batch (or a row group) that
    mixes in archive pages or undated ones spans more days, and the scan then reads more."""
    days = looked_up["event_day"]
    if not days.size:
        return {"first_day": 0, "last_day": -1}
    return {"first_day": int(days.min()), "last_day": int(days.max())}


def _numpy_query_with(
    connection: duckdb.DuckDBPyConnection,
    view: str,
    columns: dict[str, Any],
    sql: str,
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    with registered(connection, view, columns):
        return dict(connection.execute(sql, params).fetchnumpy())


def _pairs_seen_at_least(matches: dict[str, Any], times: int) -> dict[str, I64]:
    """The distinct (new, old) pairs among ``matches`` that occur ``times`` times or more."""
    new, old = matches["new_doc"].astype(np.uint64), matches["old_doc"].astype(np.uint64)
    keys = np.sort((new << np.uint64(32)) | old)  # doc numbers < 2**32
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, keys.size))
    chosen = keys[starts[counts >= times]] if keys.size else keys
    return {
        "new_doc": (chosen >> np.uint64(32)).astype(np.int64),
        "old_doc": (chosen & np.uint64(0xFFFFFFFF)).astype(np.int64),
    }


def _term_jaccard(
    connection: duckdb.DuckDBPyConnection, new_docs: I64, old_docs: I64
) -> npt.NDArray[np.float64]:
    """Jaccard similarity of the story term sets of each pair (0.0 when both are empty)."""
    docs = np.union1d(new_docs, old_docs)
    rows = connection.execute(
        "SELECT doc_no, unnest(story_terms) AS term FROM dedup_docs WHERE doc_no = ANY(?)",
        [docs.tolist()],
    ).fetchnumpy()
    doc_nos, terms = rows["doc_no"].astype(np.int64), rows["term"].astype(np.int64)
    keys = np.sort((doc_nos << _TERM_BITS) | terms)
    owners = keys >> _TERM_BITS
    first = np.searchsorted(owners, new_docs)
    sizes_new = np.searchsorted(owners, new_docs, side="right") - first
    sizes_old = np.searchsorted(owners, old_docs, side="right") - np.searchsorted(owners, old_docs)
    # every term of the new doc, looked up among the old doc's terms
    pair = np.repeat(np.arange(new_docs.size), sizes_new)
    offsets = np.cumsum(sizes_new) - sizes_new
    new_terms = keys[first[pair] + np.arange(pair.size) - offsets[pair]] & ((1 << _TERM_BITS) - 1)
    probes = (old_docs[pair] << _TERM_BITS) | new_terms
    found = np.searchsorted(keys, probes)
    hit = keys[np.minimum(found, keys.size - 1)] == probes if keys.size else found < 0
    shared = np.bincount(pair[hit], minlength=new_docs.size)
    union = sizes_new + sizes_old - shared
    return np.divide(shared, union, out=np.zeros(union.size), where=union > 0)
