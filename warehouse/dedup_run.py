"""Index pending articles (those without a ``dedup_docs`` row) for near-copies and stories.

One short transaction per batch: sign the batch, write its index rows, find candidates through
the index (band keys; key terms inside the time window; canonical URL), verify them, write the
links and merge clusters. Every link depends on its two articles only and cluster ids are the
smallest member id, so ``rebuild`` (clear the index, process everything again) gives exactly
what the incremental path gave. A busy warehouse leaves the articles pending for the next run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import duckdb
import numpy as np

from newsflow.settings import Settings
from tasks.dedup import minhash, nearcopy, story
from tasks.dedup.models import NEAR_COPY, VERSION, DedupInput, Link
from tasks.dedup.shingles import shingles
from tasks.dedup.signing import sign_batch
from warehouse import dedup_clusters, dedup_index
from warehouse.connection import write_connection
from warehouse.errors import WarehouseBusy

# Pairs whose estimated Jaccard is below this are not worth reading the texts for: the
# estimate's standard error is <= 0.045, and the loosest accepted pair has Jaccard >= 0.36.
MIN_ESTIMATED_JACCARD = 0.2
VERSION_METHOD = "canonical_url"
HOLD_SECONDS = 20.0
DUCKDB_MEMORY_LIMIT = "1GB"
_one_dedup_per_process = threading.Lock()


@dataclass
class DedupReport:
    indexed: int = 0
    near_copy_links: int = 0
    version_links: int = 0
    story_links: int = 0
    busy: bool = False
    pending: int = 0


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
    try:
        finished = False
        while not finished:
            with write_connection(
                settings.warehouse_file, wait_seconds=settings.load_wait_seconds
            ) as connection:
                # Bound DuckDB's buffer cache for this job: joins spill to disk, not to RAM.
                connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
                if rebuild:
                    _in_transaction(connection, lambda: dedup_index.clear_index(connection))
                    rebuild = False
                finished = _run_turn(connection, settings.batch_size, report)
                report.pending = dedup_index.count_pending(connection)
    except WarehouseBusy:
        report.busy = True


def _run_turn(connection: duckdb.DuckDBPyConnection, batch_size: int, report: DedupReport) -> bool:
    """Index batches until none is pending (True) or the turn is over (False)."""
    deadline = time.monotonic() + HOLD_SECONDS
    while batch := dedup_index.read_pending(connection, batch_size):
        _in_transaction(connection, partial(index_batch, connection, batch, report))
        if time.monotonic() > deadline:
            return False
    return True


def index_batch(
    connection: duckdb.DuckDBPyConnection, batch: list[DedupInput], report: DedupReport
) -> None:
    """Index one batch inside the caller's transaction."""
    signed = sign_batch(batch)
    first = dedup_index.next_doc_no(connection)
    dedup_index.insert_signed(connection, signed, first)
    dedup_clusters.add_singletons(connection, signed.article_ids)
    versions = _version_links(connection, first)
    copies = _near_copy_links(connection, first, signed.minhashes, {link_pair(x) for x in versions})
    stories = _story_links(connection, first)
    dedup_index.insert_links(connection, [*copies, *versions], stories)
    copy_pairs = [link_pair(x) for x in [*copies, *versions]]
    dedup_clusters.merge(connection, "copy_cluster_id", copy_pairs)
    dedup_clusters.merge(connection, "story_id", [*copy_pairs, *map(link_pair, stories)])
    report.indexed += len(batch)
    report.near_copy_links += len(copies)
    report.version_links += len(versions)
    report.story_links += len(stories)


def link_pair(link: Link) -> tuple[str, str]:
    return (link.article_id, link.duplicate_of)


def _near_copy_links(
    connection: duckdb.DuckDBPyConnection,
    first: int,
    new_minhashes: minhash.U32,
    versions: set[tuple[str, str]],
) -> list[Link]:
    likely = []
    for new_doc, old_doc, old_minhash in dedup_index.band_candidates(connection, first):
        new_row = new_minhashes[new_doc - first]
        old_row = np.frombuffer(old_minhash, dtype="<u4")
        if minhash.estimated_jaccard(new_row, old_row) >= MIN_ESTIMATED_JACCARD:
            likely.append((new_doc, old_doc))
    facts = dedup_index.article_facts(connection, sorted({d for pair in likely for d in pair}))
    shingle_sets = {doc: shingles(body) for doc, (_, _, body) in facts.items()}
    links = []
    for new_doc, old_doc in likely:
        verdict = nearcopy.verify(shingle_sets[new_doc], shingle_sets[old_doc])
        link = _oriented(facts[new_doc], facts[old_doc], NEAR_COPY, verdict.jaccard)
        if verdict.is_near_copy and link_pair(link) not in versions:  # a version is linked already
            links.append(link)
    return links


def _version_links(connection: duckdb.DuckDBPyConnection, first: int) -> list[Link]:
    """Layer 1: the same canonical URL with a changed text is a new version of the document."""
    pairs = dedup_index.url_candidates(connection, first)
    facts = dedup_index.article_facts(connection, sorted({d for pair in pairs for d in pair}))
    links = []
    for new_doc, old_doc in pairs:
        verdict = nearcopy.verify(shingles(facts[new_doc][2]), shingles(facts[old_doc][2]))
        links.append(_oriented(facts[new_doc], facts[old_doc], VERSION, verdict.jaccard))
    return links


def _story_links(connection: duckdb.DuckDBPyConnection, first: int) -> list[Link]:
    pairs = dedup_index.story_candidates(
        connection, first, story.WINDOW_DAYS, story.MIN_SHARED_KEY_TERMS
    )
    docs = dedup_index.story_docs(connection, sorted({d for pair in pairs for d in pair}))
    accepted = []
    for new_doc, old_doc in pairs:
        similarity = story.same_story(docs[new_doc], docs[old_doc])
        if similarity is not None:
            accepted.append((new_doc, old_doc, similarity))
    facts = dedup_index.article_facts(
        connection, sorted({d for p in accepted for d in p[:2]}), with_body=False
    )
    return [
        Link(*link_pair(_oriented(facts[a], facts[b], "story", s)), "story", s, story.METHOD)
        for a, b, s in accepted
    ]


def _oriented(
    first: tuple[str, datetime, str],
    second: tuple[str, datetime, str],
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
