"""What the search index must (re)index, read from one read-only snapshot of the warehouse.

The index's watermark is a position in the dedup order (``dedup_docs.doc_no``, with the article
at that number, so that a renumbering by ``newsflow dedup --rebuild`` is noticed). Since that
position, these rows changed: the articles indexed for dedup since, and the articles dedup has
not reached yet (indexed alone until it does), which are always (re)indexed; and the other
members of their stories, which may have moved: a new link merges clusters only around a new
article, and a copy cluster lies inside its story. A member moved only when its cluster or story
id changed (a new member with a smaller id, two clusters joined): given ``indexed_alike``, the
members the index already holds under their current ids are left out, before any text is read
(at 200,000 articles a round's 5,054 new ones touched 4,068 other members, of which 432 moved).
All of it is read in one read-only connection, so no load can change it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from warehouse import opening
from warehouse.connection import read_connection

FETCH_ROWS = 2_000
# DuckDB's cache for the feed's connection (it reads rows by id); a chunk whose texts need more
# is read again with a larger cap (``opening.larger_memory_limit``).
MEMORY_LIMIT_MB = opening.MEMORY_LIMIT_MB


@dataclass(frozen=True)
class FeedPosition:
    doc_no: int  # the last dedup_docs.doc_no covered; 0 for none
    article_id: str | None  # the article at that number


@dataclass(frozen=True)
class SearchRow:
    article_id: str
    title: str | None
    body: str
    source: str | None
    language: str | None
    url: str | None
    published_at: datetime | None
    event_at: datetime  # published, else first seen
    copy_cluster_id: str
    story_id: str


@dataclass
class SearchFeed:
    position: FeedPosition  # where the warehouse is now
    full: bool  # every article (first build, rebuild, or the old position is gone)
    articles: int  # articles in the warehouse
    chunks: Iterator[list[SearchRow]]  # the rows to (re)index, FETCH_ROWS at a time
    alike: int = 0  # members of touched stories the index holds as they are: left out
    ids: list[str] = field(default_factory=list)  # an incremental feed's articles, in its order


_ALL = "SELECT rowid FROM articles ORDER BY 1"

# The articles changed since a position: row ids (the texts are then read for these rows alone:
# by row id DuckDB reads only the row groups that hold them; a join on article_id would read
# every article's text, a cost and a memory that grow with the warehouse), whether the row must
# be (re)indexed, and for the other members of the touched stories their current cluster ids.
_CHANGED = """
WITH new_docs AS (
    SELECT article_id FROM dedup_docs WHERE doc_no > ? AND doc_no <= ?
),
touched AS (
    SELECT DISTINCT story_id FROM article_clusters SEMI JOIN new_docs USING (article_id)
),
must AS (
    SELECT article_id FROM new_docs
    UNION
    SELECT article_id FROM articles ANTI JOIN dedup_docs USING (article_id)
),
members AS (
    SELECT article_id, copy_cluster_id, story_id
    FROM article_clusters SEMI JOIN touched USING (story_id)
),
targets AS (
    SELECT article_id, true AS must, NULL AS copy_cluster_id, NULL AS story_id FROM must
    UNION ALL
    SELECT article_id, false, copy_cluster_id, story_id
    FROM members ANTI JOIN must USING (article_id)
)
SELECT articles.rowid, t.article_id, t.must, t.copy_cluster_id, t.story_id
FROM articles JOIN targets AS t USING (article_id)
ORDER BY 1
"""
# Which of the given articles (ids, copy cluster ids, story ids: parallel lists) the index holds
# under those very cluster ids: they need no new copy.
IndexedAlike = Callable[[list[str], list[str], list[str]], Sequence[bool]]

_ROWS_BY_ROWID = """
WITH chosen AS (SELECT * FROM articles WHERE rowid = ANY($rowids))
SELECT a.article_id, a.title, a.body, a.source, a.language, coalesce(a.canonical_url, a.url),
       a.published_at, coalesce(a.published_at, a.first_seen_at),
       coalesce(c.copy_cluster_id, a.article_id), coalesce(c.story_id, a.article_id)
FROM chosen AS a
LEFT JOIN (
    SELECT DISTINCT ON (article_id) * FROM article_clusters
    WHERE article_id IN (SELECT article_id FROM chosen)
) AS c USING (article_id)
"""


@contextmanager
def read_search_feed(
    path: Path,
    since: FeedPosition | None,
    *,
    wait_seconds: float,
    indexed_alike: IndexedAlike | None = None,
) -> Iterator[SearchFeed]:
    """The rows changed since ``since`` (all rows when ``since`` is None or no longer valid),
    streamed while the read-only connection is open; without the members of touched stories
    that ``indexed_alike`` says the index holds as they are."""
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        connection.execute("SET enable_progress_bar = false")
        opening.set_memory_limit(connection, MEMORY_LIMIT_MB)
        position = _position(connection)
        articles = int(str(_one(connection, "SELECT count(DISTINCT article_id) FROM articles")))
        full = since is None or not _still_valid(connection, since)
        alike, ids = 0, []
        if full:  # ids first, then the texts by id as below: the same reads, by chunk
            rowids = [int(r) for r in connection.execute(_ALL).fetchnumpy()["rowid"]]
        else:
            assert since is not None
            changed = connection.execute(_CHANGED, [since.doc_no, position.doc_no]).fetchall()
            kept, alike = _without_alike(changed, indexed_alike)
            rowids, ids = [int(row[0]) for row in kept], [str(row[1]) for row in kept]
        chunks = _chunks_by_rowid(connection, rowids)
        yield SearchFeed(position, full, articles, chunks, alike, ids)


def _without_alike(
    changed: list[tuple[Any, ...]], indexed_alike: IndexedAlike | None
) -> tuple[list[tuple[Any, ...]], int]:
    """``_CHANGED``'s rows to (re)index, and how many members were left out."""
    members = [row for row in changed if not row[2]]
    if indexed_alike is None or not members:
        return changed, 0
    flags = indexed_alike(
        [str(row[1]) for row in members],
        [str(row[3]) for row in members],
        [str(row[4]) for row in members],
    )
    left_out = {int(row[0]) for row, same in zip(members, flags, strict=True) if same}
    return [row for row in changed if int(row[0]) not in left_out], len(left_out)


def _chunks_by_rowid(
    connection: duckdb.DuckDBPyConnection, rowids: list[int]
) -> Iterator[list[SearchRow]]:
    memory_mb = MEMORY_LIMIT_MB
    for start in range(0, len(rowids), FETCH_ROWS):
        fetch = partial(_rows_by_rowid, connection, rowids[start : start + FETCH_ROWS])
        what = "a read of articles for the search index"
        rows, memory_mb = opening.run_with_room(connection, fetch, memory_mb, what=what)
        yield [SearchRow(*row) for row in rows]


def _rows_by_rowid(
    connection: duckdb.DuckDBPyConnection, rowids: list[int]
) -> list[tuple[Any, ...]]:
    return connection.execute(_ROWS_BY_ROWID, {"rowids": rowids}).fetchall()


def _position(connection: duckdb.DuckDBPyConnection) -> FeedPosition:
    row = connection.execute(
        "SELECT doc_no, article_id FROM dedup_docs ORDER BY doc_no DESC LIMIT 1"
    ).fetchone()
    return FeedPosition(int(row[0]), str(row[1])) if row else FeedPosition(0, None)


def _still_valid(connection: duckdb.DuckDBPyConnection, since: FeedPosition) -> bool:
    if since.doc_no == 0:
        return True
    found = _one(connection, "SELECT article_id FROM dedup_docs WHERE doc_no = ?", since.doc_no)
    return found == since.article_id


def _one(connection: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    row = connection.execute(sql, list(params)).fetchone()
    return row[0] if row else None
