"""A backfill's summary: per source, days done and failed, inputs seen (pages, WARC files or
dropped files) and, apart, what became of the articles they held."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from flows.backfill_day import Ran
from flows.ingest_artifacts import article_fates
from tasks.backfill.days import SourceDays
from tasks.backfill.files import FILES_SOURCE
from tasks.backfill.plan import BackfillRequest, DayPlan
from warehouse.dedup_report import RunDedupCounts
from warehouse.load_report import LoadReport


def backfill_summary(
    request: BackfillRequest,
    plans: list[DayPlan],
    ran: list[Ran],
    peak: int,
    found: list[SourceDays] | tuple[SourceDays, ...] = (),
    done: tuple[LoadReport, dict[str, RunDedupCounts]] | None = None,
) -> dict[str, Any]:
    """Per source: days, inputs seen and, apart, what became of the articles they held (from
    the run's own load and indexing ``done``; none yet in a dry run)."""
    per_source: dict[str, dict[str, Any]] = {}
    load, indexed = _files_as_one_source(request, *(done or (LoadReport(), {})))
    for name in request.sources:
        outcomes = [r.outcome for r in ran if r.outcome.source == name]
        articles = sum(o.articles for o in outcomes)
        discovered = next((f for f in found if f.source == name), None)
        per_source[name] = {
            "source": name,
            "days_done": sum(o.status == "done" for o in outcomes),
            "days_failed": sum(o.status == "failed" for o in outcomes),
            "seen": sum(o.urls for o in outcomes),
            **article_fates(load, indexed, name, articles),
            "rejected": sum(o.rejected for o in outcomes),
            "articles": articles,
            "undated": discovered.undated if discovered else 0,
        }
    return {
        "request": {k: str(v) for k, v in asdict(request).items()},
        "days_in_range": len(request.days),
        "day_runs": len(plans),
        "peak_concurrency": peak,
        "sources": list(per_source.values()),
    }


def _files_as_one_source(
    request: BackfillRequest, load: LoadReport, indexed: dict[str, RunDedupCounts]
) -> tuple[LoadReport, dict[str, RunDedupCounts]]:
    """Dropped files' articles carry their folder as source: whatever is not a web source
    counts for ``FILES_SOURCE``."""
    folders = [s for s in {*load.new_by_source, *indexed} if s not in request.sources]
    new = dict(load.new_by_source)
    new[FILES_SOURCE] = sum(load.new_by_source.get(s, 0) for s in folders)
    counts = [indexed[s] for s in folders if s in indexed]
    merged = dict(indexed)
    merged[FILES_SOURCE] = RunDedupCounts(
        sum(c.indexed for c in counts),
        sum(c.near_copies for c in counts),
        sum(c.new_stories for c in counts),
    )
    return replace(load, new_by_source=new), merged
