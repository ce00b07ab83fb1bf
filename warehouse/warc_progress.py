"""How far each WARC archive has been read: the rows the WARC reader stages with each chunk
(built in ``tasks/progress_rows.py``) read back, loaded rows overlaid with those still waiting
in staged batches, to know where a re-run resumes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from staging.read import pending_batches
from tasks.dates import utc_moment
from tasks.models import ArchiveProgress
from tasks.progress_rows import WARC_PROGRESS_TABLE
from warehouse.connection import read_connection


def read_archive_progress(
    warehouse_file: Path,
    archives: Iterable[tuple[str, str]],
    *,
    wait_seconds: float,
    staging_dir: Path | None = None,
    since: datetime | None = None,
) -> dict[tuple[str, str], ArchiveProgress]:
    """Progress of each (archive, version) asked for; rows recorded before ``since`` are
    ignored (a rerun that reads everything again). Raises ``WarehouseBusy`` if held too long."""
    wanted = set(archives)
    # Staging first: a batch loaded meanwhile is then seen in the warehouse, never missed.
    staged = _from_staging(staging_dir)
    rows = [*staged, *_from_warehouse(warehouse_file, wanted, wait_seconds)]
    found: dict[tuple[str, str], ArchiveProgress] = {}
    counted: set[tuple[str, str, int, int | None]] = set()
    for row in rows:
        key = (row["archive"], row["version"])
        if key not in wanted or (since is not None and _recorded(row) < since):
            continue
        chunk = (*key, int(row["start_offset"]), row["next_offset"])
        if chunk in counted:  # the same chunk staged and loaded, or read twice
            continue
        counted.add(chunk)
        known = found.get(key, ArchiveProgress())
        found[key] = ArchiveProgress(
            resume_offset=max(known.resume_offset, int(row["next_offset"] or 0)),
            done=known.done or bool(row["done"]),
            records=known.records + int(row["records"]),
            pages=known.pages + int(row["pages"]),
            articles=known.articles + int(row["articles"]),
            rejected=known.rejected + int(row["rejected"]),
        )
    return found


def _recorded(row: Mapping[str, Any]) -> datetime:
    moment = utc_moment(row["recorded_at"])
    if moment is None:
        raise ValueError(f"not a recorded time: {row['recorded_at']!r}")
    return moment


def _from_warehouse(
    path: Path, wanted: set[tuple[str, str]], wait_seconds: float
) -> list[dict[str, Any]]:
    if not path.exists() or not wanted:
        return []
    names = sorted({archive for archive, _ in wanted})
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        present = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
            [WARC_PROGRESS_TABLE],
        ).fetchone()
        if not present or not present[0]:
            return []  # a warehouse from before migration 070: nothing read yet
        cursor = connection.execute(
            "SELECT archive, version, start_offset, next_offset, done, records, pages, articles, "
            f"rejected, recorded_at FROM {WARC_PROGRESS_TABLE} WHERE list_contains(?, archive)",
            [names],
        )
        columns = [d[0] for d in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _from_staging(staging_dir: Path | None) -> list[dict[str, Any]]:
    if staging_dir is None:
        return []
    found: list[dict[str, Any]] = []
    for batch in pending_batches(staging_dir):
        log = batch / "tables" / f"{WARC_PROGRESS_TABLE}.jsonl"
        try:
            text = log.read_text("utf-8")
        except (FileNotFoundError, NotADirectoryError):
            continue  # no progress in it, or loaded (and removed) meanwhile
        found.extend(json.loads(line) for line in text.splitlines())
    return found
