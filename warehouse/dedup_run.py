"""Index pending articles (those without a ``dedup_docs`` row) for near-copies and stories.

Batches of ``settings.dedup_batch_size`` (thousands: every batch pays one scan of the band and
term tables, so that cost is shared by many articles), one short transaction each: sign the
batch, write its index rows, find candidates through the index (band keys; key terms inside
the time window; canonical URL), verify them, write the links and merge clusters. Every link
depends on its two articles only and cluster ids are the smallest member id, so ``rebuild``
(clear the index, process everything again) gives exactly what the incremental path gave.
A busy warehouse leaves the articles pending for the next run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

import duckdb
import numpy as np

from settings import Settings
from tasks.dedup import minhash, nearcopy, story
from tasks.dedup.models import NEAR_COPY, VERSION, DedupInput, Link
from tasks.dedup.shingles import U64, shingles
from tasks.dedup.signing import CHARS_AT_ONCE, SignedBatch, ranges_by_size, sign_in_parts
from tasks.dedup.tokens import shingles_of_texts
from tasks.stage_times import timed
from warehouse import dedup_clusters, dedup_index, dedup_stories
from warehouse.connection import write_connection
from warehouse.dedup_report import DedupReport
from warehouse.errors import WarehouseBusy

# Pairs whose estimated Jaccard is below this are not worth reading the texts for: the
# estimate's standard error is <= 0.045, and the loosest accepted pair has Jaccard >= 0.36.
MIN_ESTIMATED_JACCARD = 0.2
VERSION_METHOD = "canonical_url"
HOLD_SECONDS = 20.0
_PAIRS_AT_ONCE = 32_768
DUCKDB_MEMORY_LIMIT = "256MB"
CHECKPOINT_THRESHOLD = "1GB"
_one_dedup_per_process = threading.Lock()


def dedup_pending(settings: Settings, *, rebuild: bool = False) -> DedupReport:
    """Index every pending article (all of them again with ``rebuild``)."""
    report = DedupReport()
    # DuckDB lets two connections of one process write at once; two dedup runs of one
    # process (flows in threads) would index the same pending batch twice.
    with _one_dedup_per_process:
        _run(settings, rebuild, report)
    return report


def _run(settings: Settings, rebuild: bool, report: DedupReport) -> None:
    """Batches in turns of at most ``HOLD_SECONDS``, closing the file in between so that a
    loader waiting for it gets its turn during a long backlog or a rebuild."""
    batch_size = max(1, settings.dedup_batch_size)
    try:
        finished = False
        while not finished:
            with write_connection(
                settings.warehouse_file, wait_seconds=settings.load_wait_seconds
            ) as connection:
                # Bound DuckDB's buffer cache for this job: joins spill to disk, not to RAM.
                connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
                # One checkpoint per turn (when the file closes), not one per batch.
                connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
                if rebuild:
                    _in_transaction(connection, lambda: dedup_index.clear_index(connection))
                    rebuild = False
                finished = _run_turn(connection, batch_size, settings.worker_processes, report)
                report.pending = 0 if finished else dedup_index.count_pending(connection)
    except WarehouseBusy:
        report.busy = True


def _run_turn(
    connection: duckdb.DuckDBPyConnection, batch_size: int, processes: int, report: DedupReport
) -> bool:
    """Index batches until none is pending (True) or the turn is over (False)."""
    deadline = time.monotonic() + HOLD_SECONDS
    more = True
    while more:
        batch, more = dedup_index.read_pending(connection, batch_size)
        if batch:
            index = partial(index_batch, connection, batch, report, processes=processes)
            _in_transaction(connection, index)
        if more and time.monotonic() > deadline:
            return False
    return True


def index_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: list[DedupInput],
    report: DedupReport,
    *,
    processes: int = 1,
) -> None:
    """Index one batch inside the caller's transaction (texts signed in ``processes`` worker
    processes)."""
    with timed("dedup signing"):
        signed = sign_in_parts(batch, processes=processes)
    first = dedup_index.next_doc_no(connection)
    dedup_index.insert_signed(connection, signed, first)
    dedup_clusters.add_singletons(connection, signed.article_ids)
    facts = _Facts(connection, first, batch)
    versions = _version_links(connection, first, batch, facts)
    copies = _near_copy_links(connection, first, signed, facts, {link_pair(x) for x in versions})
    stories = _story_links(connection, first, signed, facts)
    dedup_index.insert_links(connection, [*copies, *versions], stories)
    copy_pairs = [link_pair(x) for x in [*copies, *versions]]
    dedup_clusters.merge(connection, "copy_cluster_id", copy_pairs)
    dedup_clusters.merge(connection, "story_id", [*copy_pairs, *map(link_pair, stories)])
    report.indexed += len(batch)
    report.near_copy_links += len(copies)
    report.version_links += len(versions)
    report.story_links += len(stories)
    report.count_batch(batch, [*copies, *versions, *stories])


def link_pair(link: Link) -> tuple[str, str]:
    return (link.article_id, link.duplicate_of)


Fact = tuple[str, datetime, str]  # article_id, first_seen_at, body


class _Facts:
    """(article_id, first_seen_at, body) by doc number: the batch's own from memory, earlier
    articles read from the warehouse for the doc numbers asked for, and only then."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, first: int, batch: list[DedupInput]):
        self._connection = connection
        self._first = first
        self._batch = batch

    def get(self, doc_nos: Iterable[int], *, with_body: bool = True) -> dict[int, Fact]:
        wanted = set(doc_nos)
        earlier = sorted(d for d in wanted if d < self._first)
        out = dedup_index.article_facts(self._connection, earlier, with_body=with_body)
        for doc in wanted - set(earlier):
            item = self._batch[doc - self._first]
            out[doc] = (item.article_id, item.first_seen_at, item.body if with_body else "")
        return out


def _near_copy_links(
    connection: duckdb.DuckDBPyConnection,
    first: int,
    signed: SignedBatch,
    facts: _Facts,
    versions: set[tuple[str, str]],
) -> list[Link]:
    pairs = np.array(dedup_index.band_candidates(connection, signed, first), dtype=np.int64)
    if not pairs.size:
        return []
    estimate = _estimated_jaccard(connection, first, signed, pairs)
    likely = [(int(a), int(b)) for a, b in pairs[estimate >= MIN_ESTIMATED_JACCARD]]
    known = facts.get({d for pair in likely for d in pair})
    docs = sorted(known)
    texts = [known[d][2] for d in docs]
    shingle_sets: dict[int, U64] = {}
    for start, stop in ranges_by_size([len(text) for text in texts], CHARS_AT_ONCE):
        shingle_sets.update(
            zip(docs[start:stop], shingles_of_texts(texts[start:stop]), strict=True)
        )
    links = []
    per_doc: dict[int, int] = {}
    for new_doc, old_doc in likely:  # in (new, old) order: each new doc's earliest first
        if per_doc.get(new_doc, 0) >= dedup_index.LINKS_PER_DOC:
            continue
        verdict = nearcopy.verify(shingle_sets[new_doc], shingle_sets[old_doc])
        link = _oriented(known[new_doc], known[old_doc], NEAR_COPY, verdict.jaccard)
        if verdict.is_near_copy and link_pair(link) not in versions:  # a version is linked already
            links.append(link)
            per_doc[new_doc] = per_doc.get(new_doc, 0) + 1
    return links


def _estimated_jaccard(
    connection: duckdb.DuckDBPyConnection, first: int, signed: SignedBatch, pairs: np.ndarray
) -> np.ndarray:
    """The MinHash estimate of each pair's Jaccard similarity: each document's signature held
    once, the pairs compared ``_PAIRS_AT_ONCE`` at a time (a row per pair would be 504 bytes
    times every pair)."""
    olds = np.unique(pairs[:, 1])
    stored = dedup_index.minhashes(connection, [int(d) for d in olds if d < first])
    signatures = np.stack(
        [
            np.frombuffer(stored[d], dtype="<u4") if d < first else signed.minhashes[d - first]
            for d in olds.tolist()
        ]
    )
    row_of_old = np.searchsorted(olds, pairs[:, 1])
    estimate = np.empty(len(pairs))
    for start in range(0, len(pairs), _PAIRS_AT_ONCE):
        part = slice(start, start + _PAIRS_AT_ONCE)
        equal = signed.minhashes[pairs[part, 0] - first] == signatures[row_of_old[part]]
        estimate[part] = np.count_nonzero(equal, axis=1) / minhash.NUM_PERM
    return estimate


def _version_links(
    connection: duckdb.DuckDBPyConnection, first: int, batch: list[DedupInput], facts: _Facts
) -> list[Link]:
    """Layer 1: the same canonical URL with a changed text is a new version of the document."""
    urls = [item.canonical_url for item in batch]
    pairs = dedup_index.url_candidates(connection, first, urls)
    known = facts.get({d for pair in pairs for d in pair})
    links = []
    for new_doc, old_doc in pairs:
        verdict = nearcopy.verify(shingles(known[new_doc][2]), shingles(known[old_doc][2]))
        links.append(_oriented(known[new_doc], known[old_doc], VERSION, verdict.jaccard))
    return links


def _story_links(
    connection: duckdb.DuckDBPyConnection, first: int, signed: SignedBatch, facts: _Facts
) -> list[Link]:
    accepted = dedup_stories.story_candidates(connection, signed, first, story.RULE)
    known = facts.get({d for p in accepted for d in p[:2]}, with_body=False)
    return [
        Link(*link_pair(_oriented(known[a], known[b], "story", s)), "story", s, story.METHOD)
        for a, b, s in accepted
    ]


def _oriented(
    first: Fact,
    second: Fact,
    kind: str,
    similarity: float,
) -> Link:
    """The later article (first seen, then id) points at the earlier one."""
    earlier, later = sorted((first, second), key=lambda fact: (fact[1], fact[0]))
    method = nearcopy.METHOD if kind == NEAR_COPY else VERSION_METHOD
    return Link(later[0], earlier[0], kind, round(similarity, 6), method)


def _in_transaction(connection: duckdb.DuckDBPyConnection, work: Callable[[], None]) -> None:
    connection.execute("BEGIN TRANSACTION")
    try:
        work()
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
