"""One WARC archive into batches: read a chunk, extract its pages (in the worker processes),
yield the chunk's articles, rejects and progress row together to be staged, go on.

A chunk's progress row travels in the batch that holds its rows, so a batch is loaded with its
progress or not at all: after a kill -9 the next run resumes at the first record that no
loaded or staged chunk covers, and every record is loaded exactly once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tasks.models import Article, BatchRows, Reject, StagedSteps
from tasks.progress_rows import WARC_PROGRESS_TABLE, progress_row
from tasks.warc_input import (
    DEFAULT_LIMITS,
    OpenAt,
    ReadLimits,
    WarcChunk,
    WarcPage,
    read_warc_chunks,
)
from tasks.warc_pages import warc_pages_articles
from tasks.workers import map_in_workers

_PAGES_PER_CALL = 25  # pages a worker extracts per call


@dataclass
class ArchiveOutcome:
    archive: str
    started_at_offset: int = 0
    records: int = 0
    pages: int = 0
    articles: int = 0
    rejected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    done: bool = False
    batches: list[str] = field(default_factory=list)  # staged, in order


ChunkListener = Callable[[WarcChunk, int], None]  # a staged chunk, and its article count
# Rows of other tables to stage with the next chunk (e.g. the requests sent to read it).
TablesDrain = Callable[[], Mapping[str, Sequence[Mapping[str, Any]]]]


def ingest_archive(
    open_at: OpenAt,
    archive: str,
    *,
    source: str | None,
    domains: Sequence[str],
    processes: int,
    run_id: str,
    version: str = "",
    start_offset: int = 0,
    limits: ReadLimits = DEFAULT_LIMITS,
    on_chunk: ChunkListener | None = None,
    drain_tables: TablesDrain | None = None,
    seq: int | Callable[[int], int] = 0,
) -> StagedSteps[ArchiveOutcome]:
    """Read ``archive`` from ``start_offset`` to its end, yielding every chunk's rows to stage
    (as the run's batch number ``seq``) before reading on."""
    outcome = ArchiveOutcome(archive, start_offset)
    chunks = read_warc_chunks(
        open_at, archive, domains=domains, start_offset=start_offset, limits=limits
    )
    for chunk in read_ahead(chunks):
        articles, rejects = extract_pages(chunk.pages, source, processes)
        # A record the reader could not take knows its archive, not whose it is.
        rejects = [*(_of_source(r, source) for r in chunk.rejects), *rejects]
        row = progress_row(
            archive=archive,
            version=version,
            start_offset=chunk.start_offset,
            next_offset=None if chunk.done else chunk.next_offset,
            records=chunk.records,
            pages=len(chunk.pages),
            articles=len(articles),
            rejected=len(rejects),
            skipped=chunk.skipped,
            source=source,
            run_id=run_id,
        )
        staged = yield BatchRows(
            articles=articles,
            rejects=rejects,
            tables={**(drain_tables() if drain_tables else {}), WARC_PROGRESS_TABLE: [row]},
            seq=seq(chunk.start_offset) if callable(seq) else seq,
        )
        outcome.batches.append(str(staged))
        outcome.records += chunk.records
        outcome.pages += len(chunk.pages)
        outcome.articles += len(articles)
        outcome.rejected += len(rejects)
        outcome.skipped.update(chunk.skipped)
        outcome.done = chunk.done
        if on_chunk is not None:
            on_chunk(chunk, len(articles))
    return outcome


def read_ahead(chunks: Iterator[WarcChunk]) -> Iterator[WarcChunk]:
    """The chunks, the next one read (in a thread) while the caller works on this one: the
    download and scan overlap the extraction. At most two chunks are held."""
    ready: queue.Queue[WarcChunk | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        ready.put(chunk, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put(None)
        except BaseException as error:  # handed to the caller, raised there
            ready.put(error)
        finally:
            chunks.close()  # type: ignore[attr-defined]

    reader = threading.Thread(target=produce, name="warc-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = ready.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while reader.is_alive():
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.1)
        reader.join()


def extract_pages(
    pages: Sequence[WarcPage], source: str | None, processes: int
) -> tuple[list[Article], list[Reject]]:
    """Every page extracted, in archive order, spread over the worker processes."""
    slices = [
        (list(pages[i : i + _PAGES_PER_CALL]), source)
        for i in range(0, len(pages), _PAGES_PER_CALL)
    ]
    articles: list[Article] = []
    rejects: list[Reject] = []
    for done_articles, done_rejects in map_in_workers(_extract_slice, slices, processes=processes):
        articles.extend(done_articles)
        rejects.extend(done_rejects)
    return articles, rejects


def _extract_slice(job: tuple[list[WarcPage], str | None]) -> tuple[list[Article], list[Reject]]:
    pages, source = job
    return warc_pages_articles(pages, source)


def _of_source(reject: Reject, source: str | None) -> Reject:
    return reject if reject.source is not None else dataclasses.replace(reject, source=source)
