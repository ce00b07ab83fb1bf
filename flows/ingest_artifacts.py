"""Artifacts of the two ingest flows (see ``flows.artifacts`` for what every run publishes).

File pickup, per source folder: seen = files taken, new = new articles, duplicate = articles
sighted again at a new place (a new copy of a known text), rejected = rejects of its files.
Feeds, per source: seen = pages fetched, new, duplicate = articles extracted − new, rejected =
discovery and page rejects.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from prefect.utilities.asyncutils import run_coro_as_sync

from flows.artifacts import (
    create_table,
    one_client,
    publish_report_tables,
    publish_run,
    publish_run_report,
    publish_source_table,
    publish_warehouse_location,
)
from settings import Settings
from tasks.pickup import Candidate
from warehouse.backfill_report import RunReport, SourceCounts, read_source_counts
from warehouse.errors import WarehouseBusy
from warehouse.load_report import LoadReport

NO_FOLDER = "(none)"


def publish_ingest_files_artifacts(
    settings: Settings,
    summary: Mapping[str, Any],
    load: LoadReport,
    candidates: Sequence[Candidate],
) -> None:
    run_coro_as_sync(_apublish_ingest_files(settings, summary, load, candidates))


async def _apublish_ingest_files(
    settings: Settings,
    summary: Mapping[str, Any],
    load: LoadReport,
    candidates: Sequence[Candidate],
) -> None:
    run_id = str(summary["run_id"])

    async def per_source() -> None:
        rows = await asyncio.to_thread(files_by_source, settings, run_id, load, candidates)
        # The per-source table keeps the key it had before it grew seen/duplicate/rejected.
        await publish_source_table(
            "ingest-files-new-by-source", rows, description="Per source, this run"
        )

    # All at once, each an API call (two also read the warehouse): in turn they would be a
    # fair part of a run that finds nothing new.
    async with one_client():
        await asyncio.gather(
            create_table(
                key="ingest-files-summary",
                table=[
                    {
                        "seen": summary["parsed"] + summary["rejected"],
                        "new": summary["new"],
                        "duplicate": summary["duplicate"],
                        "rejected": summary["rejected"],
                        "unchanged": summary["unchanged"],
                    }
                ],
                description="Files taken by this run",
            ),
            per_source(),
            # A run that took no file and rejected nothing has no reasons to read.
            publish_run_report("ingest-files", settings, [run_id], hosts=False)
            if candidates or summary["rejected"] or summary["loaded_rejects"]
            else publish_report_tables("ingest-files", RunReport(), hosts=False),
            publish_warehouse_location("ingest-files", settings, load),
        )


def files_by_source(
    settings: Settings, run_id: str, load: LoadReport, candidates: Sequence[Candidate]
) -> list[dict[str, Any]]:
    if not candidates:
        return []
    files = Counter(c.source or NO_FOLDER for c in candidates)
    prefixes = {os.path.join(c.root, c.source or "", ""): c.source or NO_FOLDER for c in candidates}
    try:
        counts = read_source_counts(
            settings.warehouse_file, [run_id], prefixes, wait_seconds=settings.lock_wait_seconds
        )
    except WarehouseBusy:
        counts = SourceCounts()
    return [
        {
            "source": name,
            "seen": seen,
            "new": load.new_by_source.get(name, 0),
            "duplicate": max(counts.sighted.get(name, 0) - load.new_by_source.get(name, 0), 0),
            "rejected": counts.rejected.get(name, 0),
        }
        for name, seen in sorted(files.items())
    ]


def feeds_by_source(summaries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "source": name,
            "seen": s.get("fetched", 0),
            "new": s.get("new", 0),
            "duplicate": max(s.get("articles", 0) - s.get("new", 0), 0),
            "rejected": s.get("rejects", 0) + s.get("discovery_rejects", 0),
            "discovered": s.get("discovered", 0),
            "failed": s.get("failed", 0),
        }
        for name, s in sorted(summaries.items())
    ]


def publish_ingest_feeds_artifacts(
    settings: Settings, result: Mapping[str, Any], load: LoadReport
) -> None:
    publish_run(
        "ingest-feeds",
        settings,
        sources=feeds_by_source(result["sources"]),
        run_ids=[str(result["run_id"])],
        load=load,
    )
