"""Backfill progress per (source, day): reading back the rows the backfill stages
(``tasks/progress_rows.py``).

Rows are written only through staged batches (``tables={"backfill_day_log": [...]}``), so a
busy warehouse never loses them. Reading overlays the rows still waiting in staged batches on
the warehouse's ``backfill_days`` view, so a day finished while the warehouse was busy is not
fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from staging.read import pending_batches, staged_rows
from tasks.dates import utc_moment
from tasks.progress_rows import DAY_LOG_TABLE
from warehouse.connection import read_connection


@dataclass(frozen=True)
class DayStatus:
    source: str
    day: date
    status: str  # done | failed
    recorded_at: datetime


def read_day_statuses(
    warehouse_file: Path,
    *,
    start: date,
    end: date,
    wait_seconds: float,
    staging_dir: Path | None = None,
) -> dict[tuple[str, date], str]:
    """Current status of each (source, day) in ``start..end`` that a backfill has touched.

    Raises ``WarehouseBusy`` when the warehouse stays held longer than ``wait_seconds``.
    """
    latest: dict[tuple[str, date], DayStatus] = {}
    for status in _from_warehouse(warehouse_file, start, end, wait_seconds):
        latest[(status.source, status.day)] = status
    for status in _from_staging(staging_dir, start, end):
        known = latest.get((status.source, status.day))
        if known is None or status.recorded_at >= known.recorded_at:
            latest[(status.source, status.day)] = status
    return {key: value.status for key, value in latest.items()}


def _from_warehouse(path: Path, start: date, end: date, wait_seconds: float) -> list[DayStatus]:
    if not path.exists():
        return []
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        present = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'backfill_days'"
        ).fetchone()
        if not present or not present[0]:
            return []  # a warehouse from before migration 030: nothing backfilled yet
        rows = connection.execute(
            "SELECT source, day, status, updated_at FROM backfill_days WHERE day BETWEEN ? AND ?",
            [start, end],
        ).fetchall()
    return [DayStatus(r[0], r[1], r[2], r[3].astimezone(UTC)) for r in rows]


def _from_staging(staging_dir: Path | None, start: date, end: date) -> list[DayStatus]:
    if staging_dir is None:
        return []
    found = []
    for batch in pending_batches(staging_dir):
        for row in staged_rows(batch, f"tables/{DAY_LOG_TABLE}.jsonl"):
            try:
                day = date.fromisoformat(row["day"])
                recorded = utc_moment(row["recorded_at"])
            except (KeyError, TypeError, ValueError):
                continue  # not a row newsflow staged
            if recorded is None:
                continue
            if start <= day <= end:
                found.append(DayStatus(row["source"], day, row["status"], recorded))
    return found
