"""Artifacts of the two ingest flows (see ``flows.artifacts`` for what every run publishes).

File pickup, per source folder, from the run's own batches: seen = files taken, articles = what
they held (a JSON list file is 1 file, N articles), new, duplicate = articles - new (exact
copies: the same text seen again; both "pending" while the load waits on a busy warehouse),
near_copy and new_stories = of the new articles, those the run's own indexing passes found to be
near-copies of an earlier article and those that began a story ("pending" until indexed),
rejected = rejects of its files.
Feeds, per source: seen = pages fetched, new, duplicate = articles extracted − new, rejected =
discovery and page rejects.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prefect.artifacts import TableArtifact
from prefect.utilities.asyncutils import run_coro_as_sync

from flows.artifacts import (
    one_client,
    publish_report_tables,
    publish_run,
    publish_run_report,
    publish_source_table,
    publish_warehouse_location,
)
from settings import Settings
from tasks.models import Reject
from tasks.pickup import Candidate
from warehouse.backfill_report import RunReport
from warehouse.dedup_report import RunDedupCounts
from warehouse.load_report import NO_SOURCE, LoadReport

NO_FOLDER = NO_SOURCE  # the same key as the load's per-source counts


def publish_ingest_files_artifacts(
    settings: Settings,
    load: LoadReport,
    candidates: Sequence[Candidate],
    *,
    run_id: str,
    by_source: Sequence[Mapping[str, Any]],
    any_rejects: bool,
) -> None:
    """The run's artifacts but its summary table (``publish_ingest_files_summary``, once the
    run's time is known): the flow publishes them while the search index commits."""
    run_coro_as_sync(
        _apublish_ingest_files(settings, load, candidates, run_id, by_source, any_rejects)
    )


def publish_ingest_files_summary(summary: Mapping[str, Any]) -> None:
    """The run's summary table, through the flow run's own API client (the sync call in the
    flow's thread): one request, no client of its own to open."""
    table = [
        {
            "seen": summary["parsed"] + summary["rejected"],
            "new": summary["new"],
            "duplicate": summary["duplicate"],
            "rejected": summary["rejected"],
            "unchanged": summary["unchanged"],
            "elapsed_seconds": summary["elapsed_seconds"],
            "files_per_second": files_per_second(summary),
        }
    ]
    artifact = TableArtifact(
        key="ingest-files-summary", table=table, description="Files taken by this run"
    )
    artifact.create()


async def _apublish_ingest_files(
    settings: Settings,
    load: LoadReport,
    candidates: Sequence[Candidate],
    run_id: str,
    by_source: Sequence[Mapping[str, Any]],
    any_rejects: bool,
) -> None:
    async def per_source() -> None:
        # The per-source table keeps the key it had before it grew seen/duplicate/rejected.
        await publish_source_table(
            "ingest-files-new-by-source", by_source, description="Per source, this run"
        )

    # All at once, each an API call (two also read the warehouse): in turn they would be a
    # fair part of a run that finds nothing new.
    async with one_client():
        await asyncio.gather(
            per_source(),
            # A run that took no file and rejected nothing has no reasons to read.
            publish_run_report("ingest-files", settings, [run_id], hosts=False)
            if candidates or any_rejects
            else publish_report_tables("ingest-files", RunReport(), hosts=False),
            publish_warehouse_location("ingest-files", settings, load),
        )


def files_per_second(summary: Mapping[str, Any]) -> float:
    files = sum(int(row["seen"]) for row in summary["by_source"])
    elapsed = float(summary["elapsed_seconds"])
    return round(files / elapsed, 1) if elapsed > 0 else 0.0


@dataclass
class SourceTally:
    """Per source folder, what this run's own batches returned: files taken, articles parsed,
    rejects. Counted as the batches come back, never read back from the warehouse."""

    files: Counter[str] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)
    rejects: Counter[str] = field(default_factory=Counter)

    def add_batch(self, by_source: Sequence[tuple[str, int, int, int]]) -> None:
        for source, files, articles, rejects in by_source:
            name = source or NO_FOLDER
            self.files[name] += files
            self.articles[name] += articles
            self.rejects[name] += rejects

    def add_pickup_rejects(self, rejects: Sequence[Reject]) -> None:
        """Rejects found while listing (broken links, loops): each is a file of its source."""
        for reject in rejects:
            name = reject.source or NO_FOLDER
            self.files[name] += 1
            self.rejects[name] += 1


PENDING = "pending (warehouse busy)"


def files_by_source(
    load: LoadReport, tally: SourceTally, indexed: Mapping[str, RunDedupCounts]
) -> list[dict[str, Any]]:
    """Files and articles counted apart; new/duplicate only once the load has said, near-copies
    and new stories only once every new article of the source was indexed."""
    return [
        {
            "source": name,
            "seen": tally.files[name],  # files: the articles they held are a count apart
            **article_fates(load, indexed, name, tally.articles[name]),
            "rejected": tally.rejects[name],
            "articles": tally.articles[name],
        }
        for name in sorted(tally.files.keys() | tally.articles.keys())
    ]


def article_fates(
    load: LoadReport, indexed: Mapping[str, RunDedupCounts], source: str, articles: int
) -> dict[str, Any]:
    """What became of a source's ``articles`` in this run, from the run's own load and indexing
    passes: new, exact duplicates (articles - new) once loaded, near-copies and new stories once
    every new article of the source was indexed (``PENDING`` before)."""
    if load.busy or load.pending_batches:
        return dict.fromkeys(("new", "duplicate", "near_copy", "new_stories"), PENDING)
    new = load.new_by_source.get(source, 0)
    dedup = indexed.get(source, RunDedupCounts())
    known = dedup.indexed >= new
    return {
        "new": new,
        "duplicate": max(articles - new, 0),
        "near_copy": dedup.near_copies if known else PENDING,
        "new_stories": dedup.new_stories if known else PENDING,
    }


def feeds_by_source(
    summaries: Mapping[str, Mapping[str, Any]],
    load: LoadReport,
    indexed: Mapping[str, RunDedupCounts],
) -> list[dict[str, Any]]:
    """Per source: pages fetched (seen) and, apart, what became of the articles they held."""
    return [
        {
            "source": name,
            "seen": s.get("fetched", 0),
            **article_fates(load, indexed, name, s.get("articles", 0)),
            "rejected": s.get("rejects", 0) + s.get("discovery_rejects", 0),
            "articles": s.get("articles", 0),
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
        sources=result["by_source"],
        run_ids=[str(result["run_id"])],
        load=load,
    )
