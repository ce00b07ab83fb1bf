"""What the fetcher remembers per URL: validators, body hash, and retry/backoff state.

Read with short read-only connections, and overlaid with ``fetch_state`` rows still waiting in
staged batches, so a URL fetched while the warehouse was busy is not fetched again. Rows are
written only through staged batches (``tables={"fetch_state": ...}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from staging.read import pending_batches, staged_rows
from tasks.dates import utc_moment
from tasks.models import UrlState
from warehouse.connection import read_connection
from warehouse.errors import WarehouseBusy

_COLUMNS = (
    "url, kind, source, outcome, status, etag, last_modified, content_hash, failures, retry, "
    "next_attempt_after, reason, hints, recorded_at"
)


def read_url_states(
    warehouse_file: Path,
    urls: Iterable[str],
    *,
    wait_seconds: float,
    staging_dir: Path | None = None,
) -> dict[str, UrlState]:
    """Latest state of each of ``urls`` that newsflow has seen (others are absent)."""
    wanted = sorted(set(urls))
    if not wanted:
        return {}
    states = _from_warehouse(
        warehouse_file,
        f"SELECT {_COLUMNS} FROM fetch_state_latest WHERE url IN (SELECT unnest(?::VARCHAR[]))",
        [wanted],
        wait_seconds,
    )
    if staging_dir is not None:
        wanted_set = set(wanted)
        _overlay(states, (s for s in _from_staging(staging_dir) if s.url in wanted_set))
    return states


def read_due_retries(
    warehouse_file: Path,
    sources: Iterable[str],
    *,
    now: datetime,
    wait_seconds: float,
    limit: int = 10_000,
) -> list[UrlState]:
    """Pages of ``sources`` whose last fetch failed transiently and whose backoff has passed."""
    chosen = sorted(set(sources))
    if not chosen:
        return []
    states = _from_warehouse(
        warehouse_file,
        f"SELECT {_COLUMNS} FROM fetch_state_latest WHERE kind = 'page' AND retry "
        "AND source IN (SELECT unnest(?::VARCHAR[])) "
        "AND (next_attempt_after IS NULL OR next_attempt_after <= ?) "
        f"ORDER BY recorded_at LIMIT {int(limit)}",
        [chosen, now],
        wait_seconds,
    )
    return list(states.values())


def _from_warehouse(
    warehouse_file: Path, sql: str, parameters: list[Any], wait_seconds: float
) -> dict[str, UrlState]:
    if not warehouse_file.exists():
        return {}
    try:
        with read_connection(warehouse_file, wait_seconds=wait_seconds) as connection:
            present = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'fetch_state'"
            ).fetchone()
            if not present or not present[0]:
                return {}
            rows = connection.execute(sql, parameters).fetchall()
    except WarehouseBusy:
        return {}
    states = (_state(dict(zip(_COLUMNS.split(", "), row, strict=True))) for row in rows)
    return {s.url: s for s in states}


def _from_staging(staging_dir: Path) -> Iterable[UrlState]:
    for batch in pending_batches(staging_dir):
        for row in staged_rows(batch, "tables/fetch_state.jsonl"):
            try:
                yield _state(row)
            except (KeyError, TypeError, ValueError):
                continue  # not a row newsflow staged


def _overlay(states: dict[str, UrlState], newer: Iterable[UrlState]) -> None:
    for state in newer:
        current = states.get(state.url)
        if current is None or _later(state, current):
            states[state.url] = state


def _later(a: UrlState, b: UrlState) -> bool:
    if a.recorded_at is None or b.recorded_at is None:
        return a.recorded_at is not None
    return a.recorded_at >= b.recorded_at


def _state(row: dict[str, Any]) -> UrlState:
    hints = row.get("hints")
    while isinstance(hints, str):  # a JSON column reads back as text
        hints = json.loads(hints)
    return UrlState(
        url=row["url"],
        kind=row["kind"],
        source=row.get("source"),
        outcome=row["outcome"],
        status=row.get("status"),
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        content_hash=row.get("content_hash"),
        failures=int(row.get("failures") or 0),
        retry=bool(row.get("retry")),
        next_attempt_after=utc_moment(row.get("next_attempt_after")),
        reason=row.get("reason"),
        hints=hints if isinstance(hints, dict) else None,
        recorded_at=utc_moment(row.get("recorded_at")),
    )


def read_document_states(
    warehouse_file: Path,
    sources: Iterable[str],
    *,
    wait_seconds: float,
    staging_dir: Path | None = None,
) -> dict[str, UrlState]:
    """Latest state of the feeds and sitemaps of ``sources`` (for conditional GETs)."""
    chosen = sorted(set(sources))
    if not chosen:
        return {}
    states = _from_warehouse(
        warehouse_file,
        f"SELECT {_COLUMNS} FROM fetch_state_latest WHERE kind IN ('feed', 'sitemap') "
        "AND source IN (SELECT unnest(?::VARCHAR[]))",
        [chosen],
        wait_seconds,
    )
    if staging_dir is not None:
        wanted = set(chosen)
        staged = (
            s
            for s in _from_staging(staging_dir)
            if s.kind in ("feed", "sitemap") and s.source in wanted
        )
        _overlay(states, staged)
    return states
