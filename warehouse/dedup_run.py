"""Index pending articles (those without a ``dedup_docs`` row) for near-copies and stories.

Batches of ``settings.dedup_batch_size`` (thousands: every batch pays one scan of the band and
term tables, so that cost is shared by many articles), one short transaction each: sign the
batch, write its index rows, find candidates through the index (band keys; key terms inside
the time window; canonical URL), verify them, write the links and merge clusters. Documents
are numbered in ``dedup_index.DOC_ORDER`` (first seen; a file pickup's in load order), the
look-ups see only earlier documents (the earliest of a bucket where a cap binds), a link
depends on its two articles and cluster ids are the smallest member id. A file pickup loads in
its own order, so every pass it makes while loading indexes a prefix of that order, and
``rebuild`` (clear the index, process everything again) gives exactly what the incremental path
gave, however passes and batches fell.
A busy warehouse leaves the articles pending for the next run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from functools import partial

import duckdb

from settings import Settings
from tasks.dedup.interfaces import DedupAlgorithms, Fact
from tasks.dedup.models import DedupInput, link_pair
from tasks.dedup.shingles import U64
from tasks.dedup.signing import SignedBatch
from tasks.dedup.story import StoryRule
from tasks.stage_times import timed
from warehouse import dedup_clusters, dedup_index, dedup_shingles, dedup_stories
from warehouse.connection import write_connection
from warehouse.dedup_report import DedupReport
from warehouse.errors import WarehouseBusy
from warehouse.opening import MEMORY_LIMIT_MB, run_with_room, set_memory_limit

HOLD_SECONDS = 20.0
# A turn's DuckDB cap; a turn that runs out of memory (long texts) is rolled back and run
# again with a larger one (``opening.run_with_room``). Half the usual cap: a pass runs
# while the parse workers hold their memory, and what DuckDB caches of the index tables under
# a larger cap only raises the run's peak (bench/scale.py's probe round at 200,000 articles:
# the run's peak RSS 818-834 MiB against 890-922 MiB at 128 MB, the pass as fast).
DUCKDB_MEMORY_LIMIT_MB = MEMORY_LIMIT_MB // 2
CHECKPOINT_THRESHOLD = "1GB"
# A pass an ingest run starts while it still parses (``in_run``) indexes only once the pending
# articles are at least ``dedup_pass_articles`` and 1/50 of the index: every batch scans the
# band table and the clusters once, so passes of a fixed size would make that cost per article
# grow with the index (at 200,000 articles, a pass waits for 4,000). The run's final pass takes
# whatever is pending; the passes' sizes never change the warehouse (see ``rebuild``).
IN_RUN_PASS_FRACTION = 50
_one_dedup_per_process = threading.Lock()


def dedup_pending(
    settings: Settings,
    algorithms: DedupAlgorithms,
    *,
    rebuild: bool = False,
    in_run: bool = False,
) -> DedupReport:
    """Index every pending article (all of them again with ``rebuild``), applying
    ``algorithms`` (``tasks.dedup.linking.ALGORITHMS``) to each batch; with ``in_run`` (a
    pass while a run still parses), only when enough are pending (``IN_RUN_PASS_FRACTION``)."""
    report = DedupReport()
    # DuckDB lets two connections of one process write at once; two dedup runs of one
    # process (flows in threads) would index the same pending batch twice.
    with _one_dedup_per_process:
        _run(settings, algorithms, rebuild, report, in_run=in_run and not rebuild)
    return report


def _too_few_pending(connection: duckdb.DuckDBPyConnection, at_least: int) -> int | None:
    """The pending articles when fewer than ``at_least`` and 1/``IN_RUN_PASS_FRACTION`` of the
    index, else None. Counted as articles less index rows (one ``dedup_docs`` row per indexed
    article): two counts, not the anti-join of ``count_pending``."""
    [(articles, indexed)] = connection.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM dedup_docs)"
    ).fetchall()
    pending = int(articles) - int(indexed)
    return pending if pending < max(at_least, int(indexed) // IN_RUN_PASS_FRACTION) else None


def _run(
    settings: Settings,
    algorithms: DedupAlgorithms,
    rebuild: bool,
    report: DedupReport,
    *,
    in_run: bool = False,
) -> None:
    """Batches in turns of at most ``HOLD_SECONDS``, closing the file in between so that a
    loader waiting for it gets its turn during a long backlog or a rebuild."""
    batch_size = max(1, settings.dedup_batch_size)
    memory_mb = DUCKDB_MEMORY_LIMIT_MB
    try:
        finished = False
        while not finished:
            with write_connection(
                settings.warehouse_file, wait_seconds=settings.load_wait_seconds
            ) as connection:
                # Bound DuckDB's buffer cache for this job: joins spill to disk, not to RAM.
                set_memory_limit(connection, memory_mb)
                # One checkpoint per turn (when the file closes), not one per batch.
                connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
                if rebuild:
                    _in_transaction(connection, lambda: dedup_index.clear_index(connection))
                    rebuild = False
                if in_run:
                    waiting = _too_few_pending(connection, settings.dedup_pass_articles)
                    if waiting is not None:  # left to a later pass, or the run's final one
                        report.pending = waiting
                        return
                    in_run = False
                # A batch rolled back out of memory runs again under a larger cap, kept for the
                # rest of the pass (and said out loud: the run's memory rises with it).
                turn = partial(
                    _run_turn, connection, batch_size, settings.worker_processes, algorithms, report
                )
                finished, memory_mb = run_with_room(
                    connection, turn, memory_mb, what="a dedup batch"
                )
                report.pending = 0 if finished else dedup_index.count_pending(connection)
    except WarehouseBusy:
        report.busy = True


def _run_turn(
    connection: duckdb.DuckDBPyConnection,
    batch_size: int,
    processes: int,
    algorithms: DedupAlgorithms,
    report: DedupReport,
) -> bool:
    """Index batches until none is pending (True) or the turn is over (False)."""
    deadline = time.monotonic() + HOLD_SECONDS
    more = True
    while more:
        batch, more = dedup_index.read_pending(connection, batch_size)
        if batch:
            index = partial(index_batch, connection, batch, report, algorithms, processes=processes)
            _in_transaction(connection, index)
        if more and time.monotonic() > deadline:
            return False
    return True


def index_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: list[DedupInput],
    report: DedupReport,
    algorithms: DedupAlgorithms,
    *,
    processes: int = 1,
) -> None:
    """Index one batch inside the caller's transaction (texts signed in ``processes`` worker
    processes)."""
    with timed("dedup signing"):
        signed = algorithms.sign(batch, processes=processes)
    first = dedup_index.next_doc_no(connection)
    dedup_index.insert_signed(connection, signed, first)
    dedup_clusters.add_singletons(connection, signed.article_ids)
    found = algorithms.link(batch, signed, first, _Lookups(connection))
    copies, versions, stories = found.copies, found.versions, found.stories
    dedup_index.insert_links(connection, [*copies, *versions], stories)
    dedup_shingles.keep_shingles(connection, found.earlier_shingles)
    copy_pairs = [link_pair(x) for x in [*copies, *versions]]
    story_pairs = [*copy_pairs, *map(link_pair, stories)]
    dedup_clusters.merge(connection, "copy_cluster_id", copy_pairs, algorithms.components)
    dedup_clusters.merge(connection, "story_id", story_pairs, algorithms.components)
    report.indexed += len(batch)
    report.near_copy_links += len(copies)
    report.version_links += len(versions)
    report.story_links += len(stories)
    report.count_batch(batch, [*copies, *versions, *stories])


class _Lookups:
    """The index's answers a batch's linking asks for (``IndexLookups``), on this connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def band_candidates(self, signed: SignedBatch, first: int) -> list[tuple[int, int]]:
        return dedup_index.band_candidates(self._connection, signed, first)

    def minhashes(self, doc_nos: Sequence[int]) -> dict[int, bytes]:
        return dedup_index.minhashes(self._connection, doc_nos)

    def url_candidates(
        self, first: int, canonical_urls: Sequence[str | None]
    ) -> list[tuple[int, int]]:
        return dedup_index.url_candidates(self._connection, first, canonical_urls)

    def story_candidates(
        self, signed: SignedBatch, first: int, rule: StoryRule
    ) -> list[tuple[int, int, float]]:
        return dedup_stories.story_candidates(self._connection, signed, first, rule)

    def article_facts(self, doc_nos: Sequence[int], *, with_body: bool) -> dict[int, Fact]:
        return dedup_index.article_facts(self._connection, doc_nos, with_body=with_body)

    def stored_shingles(self, doc_nos: Sequence[int]) -> dict[int, U64]:
        return dedup_shingles.stored_shingles(self._connection, doc_nos)


def _in_transaction(connection: duckdb.DuckDBPyConnection, work: Callable[[], None]) -> None:
    connection.execute("BEGIN TRANSACTION")
    try:
        work()
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
