"""Rows of the progress tables a step stages with its batch (``tables={TABLE: [row]}``), so a
batch loads with its progress or not at all; the warehouse reads them back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

WARC_PROGRESS_TABLE = "warc_progress"
DAY_LOG_TABLE = "backfill_day_log"


def progress_row(
    *,
    archive: str,
    version: str,
    start_offset: int,
    next_offset: int | None,
    records: int,
    pages: int,
    articles: int,
    rejected: int,
    skipped: Mapping[str, int],
    source: str | None,
    run_id: str,
) -> dict[str, Any]:
    """One ``warc_progress`` row, for ``stage_batch(tables={WARC_PROGRESS_TABLE: [row]})``."""
    return {
        "archive": archive,
        "version": version,
        "start_offset": start_offset,
        "next_offset": next_offset,
        "done": next_offset is None,
        "records": records,
        "pages": pages,
        "articles": articles,
        "rejected": rejected,
        "skipped": json.dumps(dict(sorted(skipped.items()))),
        "source": source,
        "run_id": run_id,
        "recorded_at": datetime.now(UTC).isoformat(),
    }


def day_log_row(
    *,
    source: str,
    day: date,
    status: str,
    backfill_run_id: str,
    day_run_id: str,
    urls: int = 0,
    articles: int = 0,
    rejected: int = 0,
    error: str | None = None,
) -> dict[str, Any]:
    """One ``backfill_day_log`` row, ready for ``stage_batch(tables=...)``."""
    return {
        "source": source,
        "day": day.isoformat(),
        "status": status,
        "urls": urls,
        "articles": articles,
        "rejected": rejected,
        "error": error,
        "backfill_run_id": backfill_run_id,
        "day_run_id": day_run_id,
        "recorded_at": datetime.now(UTC).isoformat(),
    }
