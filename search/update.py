"""Keep the index in step with the warehouse: one writer, one commit per update.

An update reads what changed since the watermark stored in the index's meta document
(``warehouse.search_feed``), deletes each changed article by id and adds it again, replaces
the meta document with the new watermark, and commits: all of it or none of it is visible.
Killed at any point before the commit, the index keeps its previous commit and watermark, and
the next update does the same work again (delete-then-add is idempotent). tantivy's writer
lock keeps a second writer out (another process, or another thread of this one): the update
that finds it held reports ``busy`` and leaves the work to the next one. Readers open the last
commit and are never blocked.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from search.bodies import BodyWriter
from search.errors import IndexBusy
from search.schema import (
    KIND_ARTICLE,
    KIND_META,
    SCHEMA_VERSION,
    cluster_key,
    count_matches,
    index_dir,
    open_index,
)
from settings import Settings
from tasks.dates import as_utc
from tasks.memory import give_back_memory
from warehouse.errors import WarehouseBusy
from warehouse.search_feed import FeedPosition, IndexedAlike, SearchRow, read_search_feed

# Shared by the writer's threads; a full build fills it before writing a segment. Larger
# heaps make fewer segments (fewer merges) but count in the run's memory.
WRITER_HEAP_BYTES = 96_000_000
WRITER_THREADS = 2
_RETRY_PAUSE_SECONDS = 0.1
_one_writer_per_process = threading.Lock()


@dataclass
class IndexReport:
    indexed: int = 0  # article documents written (new or re-written)
    alike: int = 0  # members of touched stories left as the index holds them
    full: bool = False  # every article was (re)indexed
    documents: int = 0  # articles in the index after the update
    busy: bool = False  # the warehouse or the index was held: nothing changed
    error: str | None = None  # the update failed (the index keeps its last commit)
    seconds: float = 0.0


# Past this share of the index (and this many documents) replaced by one update, the update
# indexes everything afresh.
REINDEX_SHARE = 0.1
REINDEX_MIN = 500


def update_index(settings: Settings, *, rebuild: bool = False) -> IndexReport:
    """Bring the index beside ``settings.warehouse_file`` up to date (all of it with
    ``rebuild``)."""
    report = IndexReport()
    started = time.perf_counter()
    directory = index_dir(settings.warehouse_file)
    try:
        with _one_writer_per_process:
            index = open_index(directory, create=True)
            writer = _writer(index, settings.load_wait_seconds)
            try:
                articles = _update(index, writer, settings, rebuild, report)
                if articles is None or (report.documents != articles and not report.full):
                    # So many documents to replace that their deleted copies, which count in
                    # BM25's statistics until tantivy merges them away, would rank hits
                    # otherwise than a rebuilt index (nothing was committed); or rows the
                    # watermark cannot explain (articles removed, an index restored from
                    # elsewhere): index everything again, in one commit.
                    _update(index, writer, settings, True, report)
            finally:
                writer.wait_merging_threads()  # also releases the writer lock
                del writer
                give_back_memory()  # the writer's heap
    except (IndexBusy, WarehouseBusy):
        report.busy = True
    except FileNotFoundError:
        pass  # no warehouse yet: nothing to index
    report.seconds = time.perf_counter() - started
    return report


def _writer(index: tantivy.Index, wait_seconds: float) -> tantivy.IndexWriter:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=WRITER_THREADS)
        except ValueError as exc:
            if "LockBusy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise IndexBusy("the search index is being written by another process") from exc
            time.sleep(_RETRY_PAUSE_SECONDS)


def _update(
    index: tantivy.Index,
    writer: tantivy.IndexWriter,
    settings: Settings,
    rebuild: bool,
    report: IndexReport,
) -> int | None:
    """One update in one commit; returns the warehouse's article count it saw, or None (and
    writes nothing) when it would replace too much of the index to stay like a rebuilt one:
    articles it holds, whose deleted copies count in BM25's statistics until their segments
    merge (new ones leave no such copy)."""
    since = None if rebuild else stored_position(index)
    replaceable = max(REINDEX_SHARE * count_articles(index), REINDEX_MIN)
    with read_search_feed(
        settings.warehouse_file,
        since,
        wait_seconds=settings.load_wait_seconds,
        indexed_alike=_indexed_alike(index),
    ) as feed:
        report.full = feed.full
        report.alike = feed.alike
        if not feed.full and _held(index, feed.ids) > replaceable:
            return None  # nothing written yet
        if feed.full:
            writer.delete_all_documents()
        seen: set[str] = set()
        directory = index_dir(settings.warehouse_file)
        wait = settings.load_wait_seconds
        with BodyWriter(directory, full=feed.full, wait_seconds=wait) as bodies:
            for chunk in feed.chunks:
                texts = []
                for row in chunk:
                    if row.article_id in seen:
                        continue
                    seen.add(row.article_id)
                    if not feed.full:
                        writer.delete_documents_by_term("article_id", row.article_id)
                    writer.add_document(article_document(row))
                    texts.append((row.article_id, row.body))
                bodies.put(texts)
            report.indexed += len(seen)
            writer.delete_documents_by_term("kind", KIND_META)
            writer.add_document(_meta_document(feed.position, feed.articles))
            bodies.commit()  # first: every article the index commits has its text
            writer.commit()
    index.reload()
    report.documents = count_articles(index)
    return feed.articles


_LOOKUP_IDS = 2_000  # article ids per look-up query


def _held(index: tantivy.Index, ids: list[str]) -> int:
    """How many of these articles the index's last commit holds."""
    searcher = index.searcher()
    return sum(count_matches(searcher, query) for _, query in _by_id(index.schema, ids))


def _by_id(schema: tantivy.Schema, ids: list[str]) -> Iterator[tuple[list[str], tantivy.Query]]:
    """The ids in chunks of ``_LOOKUP_IDS``, each with the query for its article documents."""
    kind = tantivy.Query.term_query(schema, "kind", KIND_ARTICLE)
    for start in range(0, len(ids), _LOOKUP_IDS):
        chunk = ids[start : start + _LOOKUP_IDS]
        chosen = tantivy.Query.term_set_query(schema, "article_id", chunk)
        yield (
            chunk,
            tantivy.Query.boolean_query([(tantivy.Occur.Must, kind), (tantivy.Occur.Must, chosen)]),
        )


def _indexed_alike(index: tantivy.Index) -> IndexedAlike:
    """Which articles the index's last commit holds under the given cluster ids, compared as
    the numbers its fast fields keep (``cluster_key``: no stored document is read). An article
    held twice, or sharing its number with another one asked about, is not alike: it is
    indexed again. (Numbers of 60 bits: two ids of one article's cluster that differ but share
    theirs are about as likely as two random 60-bit numbers being equal.)"""
    searcher = index.searcher()
    schema = index.schema

    def alike(ids: list[str], copies: list[str], stories: list[str]) -> list[bool]:
        held: dict[int, list[tuple[object, object]]] = {}
        for chunk, query in _by_id(schema, ids):
            addresses = [address for _, address in searcher.search(query, len(chunk) + 1).hits]
            if len(addresses) > len(chunk):  # some article held twice: index them all again
                held.update({cluster_key(i): [] for i in chunk})
                continue
            keys = zip(
                searcher.fast_field_values("article_key", addresses),
                searcher.fast_field_values("copy_key", addresses),
                searcher.fast_field_values("story_key", addresses),
                strict=True,
            )
            for article, copy, story in keys:
                held.setdefault(int(article or 0), []).append((copy, story))
        asked = [cluster_key(i) for i in ids]
        shared = {key for key, times in Counter(asked).items() if times > 1}
        return [
            key not in shared and held.get(key) == [(cluster_key(copy), cluster_key(story))]
            for key, copy, story in zip(asked, copies, stories, strict=True)
        ]

    return alike


def article_document(row: SearchRow) -> tantivy.Document:
    document = tantivy.Document()
    document.add_text("kind", KIND_ARTICLE)
    document.add_text("article_id", row.article_id)
    document.add_text("title", row.title or "")
    document.add_text("body", row.body)
    document.add_text("source", row.source or "")
    document.add_text("language", row.language or "")
    document.add_text("url", row.url or "")
    if row.published_at is not None:
        document.add_date("published_at", as_utc(row.published_at))
    event_at = as_utc(row.event_at)
    document.add_date("event_at", event_at)
    document.add_integer("event_day", (event_at - _EPOCH).days)
    document.add_text("copy_cluster_id", row.copy_cluster_id)
    document.add_text("story_id", row.story_id)
    document.add_integer("copy_key", cluster_key(row.copy_cluster_id))
    document.add_integer("story_key", cluster_key(row.story_id))
    document.add_integer("article_key", cluster_key(row.article_id))
    return document


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _meta_document(position: FeedPosition, articles: int) -> tantivy.Document:
    meta = {
        "schema_version": SCHEMA_VERSION,
        "doc_no": position.doc_no,
        "article_id": position.article_id,
        "warehouse_articles": articles,
        "updated_at": datetime.now(UTC).isoformat(),
    }
    document = tantivy.Document()
    document.add_text("kind", KIND_META)
    document.add_bytes("meta", json.dumps(meta).encode())
    return document


def stored_meta(index: tantivy.Index) -> dict[str, object] | None:
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, "kind", KIND_META), 1).hits
    if not hits:
        return None
    raw = searcher.doc(hits[0][1]).get_first("meta")
    return dict(json.loads(bytes(raw))) if raw is not None else None


def stored_position(index: tantivy.Index) -> FeedPosition | None:
    """The watermark of the last commit; None (index everything) for an empty index or one
    written with another schema version."""
    meta = stored_meta(index)
    if meta is None or meta.get("schema_version") != SCHEMA_VERSION:
        return None
    doc_no, article_id = meta.get("doc_no"), meta.get("article_id")
    if not isinstance(doc_no, int):
        return None
    return FeedPosition(doc_no, article_id if isinstance(article_id, str) else None)


def count_articles(index: tantivy.Index) -> int:
    query = tantivy.Query.term_query(index.schema, "kind", KIND_ARTICLE)
    return count_matches(index.searcher(), query)


def index_exists(warehouse_file: Path) -> bool:
    directory = index_dir(warehouse_file)
    return directory.is_dir() and tantivy.Index.exists(str(directory))
