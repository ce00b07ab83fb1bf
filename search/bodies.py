"""The articles' texts for snippets, kept beside the index in one SQLite file.

The index holds the words of each body (to find it) but not its text. tantivy keeps stored
fields in its segment files and reads them through ``mmap``; a merge reads every stored byte of
the segments it joins, and all of it counted in the writing process's memory. With the bodies
stored there (two thirds of the index), the merge of eight segments at 160,000 articles added
about 400 MiB to the process. Here they are read only for the snippets of the hits shown, with
plain file reads, and no merge ever rewrites them.

One row per article id: the body as UTF-8, compressed by zstd at level 1 (a body of 2,370
bytes in the scale run's warehouse: 1,285 bytes in 25 µs; zlib took 77-96 µs for 1,300). An
update writes its bodies and commits them before the index commits the same articles, so every
committed document has its text; bodies written by an update that never committed are the same
texts the next update writes again. A full build also drops the bodies of articles it did not
write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import zstandard

BODIES_FILE = "bodies.sqlite"
_LOOKUP_IDS = 500  # below SQLite's limit of bound parameters
_LEVEL = 1
_SCHEMA = "CREATE TABLE IF NOT EXISTS bodies (article_id TEXT PRIMARY KEY, body BLOB NOT NULL)"


def bodies_file(directory: Path) -> Path:
    return directory / BODIES_FILE


class BodyWriter:
    """Bodies written in one transaction, opened at the first ``put``; ``commit`` ends it, and
    leaving without it rolls back. With ``full``, the commit also drops every body not put."""

    def __init__(self, directory: Path, *, full: bool, wait_seconds: float) -> None:
        self._file = bodies_file(directory)
        self._full = full
        self._wait_seconds = wait_seconds
        self._connection: sqlite3.Connection | None = None
        self._compressor = zstandard.ZstdCompressor(level=_LEVEL)

    def __enter__(self) -> BodyWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            if self._connection.in_transaction:
                self._connection.rollback()
            self._connection.close()
            self._connection = None

    def put(self, rows: Sequence[tuple[str, str]]) -> None:
        """Write (article id, body) pairs, replacing the bodies these ids had."""
        if not rows:
            return
        connection = self._open()
        compress = self._compressor.compress
        connection.executemany(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?)",
            [(article_id, compress(body.encode())) for article_id, body in rows],
        )
        if self._full:
            connection.executemany(
                "INSERT OR IGNORE INTO temp.written VALUES (?)",
                [(article_id,) for article_id, _ in rows],
            )

    def commit(self) -> None:
        if self._connection is None and not self._full:
            return  # nothing put
        connection = self._open()
        if self._full:
            connection.execute(
                "DELETE FROM bodies WHERE article_id NOT IN (SELECT article_id FROM temp.written)"
            )
        connection.commit()

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self._file, timeout=self._wait_seconds)
            connection.execute("PRAGMA journal_mode=WAL")  # readers go on while it writes
            connection.execute("PRAGMA synchronous=FULL")  # committed before the index is
            connection.execute(_SCHEMA)
            if self._full:
                connection.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS written (article_id TEXT PRIMARY KEY)"
                )
            connection.execute("BEGIN IMMEDIATE")
            self._connection = connection
        return self._connection


def read_bodies(
    directory: Path, article_ids: Sequence[str], *, wait_seconds: float
) -> dict[str, str]:
    """The bodies of these articles that the file holds, by article id (none without a file)."""
    file = bodies_file(directory)
    if not article_ids or not file.exists():
        return {}
    uri = f"{file.absolute().as_uri()}?mode=ro"  # as_uri quotes "?", "#" and spaces
    connection = sqlite3.connect(uri, uri=True, timeout=wait_seconds)
    try:
        decompress = zstandard.ZstdDecompressor().decompress
        found: dict[str, str] = {}
        unique = sorted(set(article_ids))
        for start in range(0, len(unique), _LOOKUP_IDS):
            chunk = unique[start : start + _LOOKUP_IDS]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT article_id, body FROM bodies WHERE article_id IN ({marks})", chunk
            )
            found.update((article_id, decompress(body).decode()) for article_id, body in rows)
        return found
    finally:
        connection.close()
