"""Stored raw pages of a date range, for ``reprocess`` (re-extract without fetching again)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tasks.models import RawPage
from warehouse.connection import read_connection


def read_raw_pages(path: Path, *, start: date, end: date, wait_seconds: float) -> list[RawPage]:
    """The latest raw capture of each page published (else fetched) from ``start`` to ``end``."""
    if not path.exists():
        return []
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        rows = connection.execute(
            """
            WITH latest AS (
                SELECT * FROM raw_pages
                QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1
            ),
            published AS (
                SELECT s.location AS url, min(a.published_at) AS published_at,
                       any_value(a.source) AS source
                FROM sightings AS s JOIN articles AS a USING (article_id)
                GROUP BY s.location
            ),
            dated AS (
                SELECT l.*, p.source,
                       CAST(timezone('UTC', coalesce(p.published_at, l.fetched_at)) AS DATE) AS day
                FROM latest AS l LEFT JOIN published AS p ON p.url = l.url
            )
            SELECT url, final_url, source, content_type, charset, warc_file, warc_offset,
                   warc_length
            FROM dated WHERE day BETWEEN ? AND ? ORDER BY url
            """,
            [start, end],
        ).fetchall()
    return [RawPage(*row) for row in rows]


def read_taken_files(
    path: Path, *, start: date, end: date, wait_seconds: float
) -> list[tuple[str, date]]:
    """Files the pickup took from ``start`` to ``end`` (UTC day of its latest ledger row), for a
    backfill of dropped files; raises ``WarehouseBusy``."""
    if not path.exists():
        return []
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        rows = connection.execute(
            """
            WITH latest AS (
                SELECT path, max(recorded_at) AS recorded_at FROM file_ledger GROUP BY path
            )
            SELECT path, CAST(timezone('UTC', recorded_at) AS DATE) AS day FROM latest
            WHERE CAST(timezone('UTC', recorded_at) AS DATE) BETWEEN ? AND ?
            ORDER BY day, path
            """,
            [start, end],
        ).fetchall()
    return [(str(p), d) for p, d in rows]
