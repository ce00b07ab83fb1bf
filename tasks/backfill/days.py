"""Where a backfill's days come from, and the work of one (source, day).

A web source's pages are found once per backfill from its news sitemaps / sitemaps / feeds
(``publication_date``, else ``lastmod``, else the feed item's date) and grouped by UTC day;
each day's pages are then fetched, kept raw, extracted and staged like a regular ingest, and the
(source, day) status is staged after them, so a crash in between only means the day runs again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from settings import Settings
from tasks.dates import utc_from_iso
from tasks.fetch.batch import fetch_page_batch
from tasks.fetch.discovery import Candidate, Discovery, discover
from tasks.fetch.models import FetchConfig
from tasks.models import RUN_END_SEQ, BatchRows, StagedSteps, UrlState
from tasks.progress_rows import DAY_LOG_TABLE, day_log_row
from tasks.sources import Source

FLOW_NAME = "backfill"
PAGES_PER_BATCH = 50
_SITEMAP_HEADROOM = 10  # index files and undated sitemaps on top of one sitemap per day


@dataclass(frozen=True)
class SourceDays:
    """A source's discovered pages in the backfill's range, by UTC day."""

    source: str
    by_day: dict[date, list[Candidate]] = field(default_factory=dict)
    undated: int = 0  # pages with no date anywhere: a backfill cannot place them
    outside: int = 0  # dated outside the range
    discovery: Discovery | None = None


@dataclass(frozen=True)
class DayOutcome:
    source: str
    day: date
    status: str  # done | failed
    urls: int = 0
    articles: int = 0
    rejected: int = 0
    already_done: int = 0
    error: str | None = None


def backfill_source(source: Source, *, days_in_range: int) -> Source:
    """The source as a backfill reads it: no age cut-off, enough sitemaps for the range."""
    return dataclasses.replace(
        source,
        max_age_days=0,
        max_sitemaps=max(source.max_sitemaps, days_in_range + _SITEMAP_HEADROOM),
    )


def candidate_day(candidate: Candidate) -> date | None:
    for key in ("published", "lastmod"):
        moment = utc_from_iso(candidate.hints.get(key))
        if moment is not None:
            return moment.date()
    return None


def discover_days(source: Source, config: FetchConfig, *, start: date, end: date) -> SourceDays:
    """Discover ``source`` once and group its pages by the UTC day they were published."""
    wide = backfill_source(source, days_in_range=(end - start).days + 1)
    discovery = discover(wide, config)
    return group_by_day(source.name, discovery.candidates, start=start, end=end, found=discovery)


def group_by_day(
    name: str,
    candidates: Sequence[Candidate],
    *,
    start: date,
    end: date,
    found: Discovery | None = None,
) -> SourceDays:
    by_day: dict[date, list[Candidate]] = {}
    undated = outside = 0
    for candidate in candidates:
        day = candidate_day(candidate)
        if day is None:
            undated += 1
        elif start <= day <= end:
            by_day.setdefault(day, []).append(candidate)
        else:
            outside += 1
    return SourceDays(name, by_day, undated, outside, found)


DAY_STATUS_SEQ = RUN_END_SEQ - 1  # a day's status loads after the day's pages


def run_source_day(
    day: date,
    source: Source,
    candidates: Sequence[Candidate],
    *,
    config: FetchConfig,
    states: Mapping[str, UrlState],
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    refetch: bool,
    discovery_error: str | None = None,
) -> StagedSteps[DayOutcome]:
    """Fetch, keep and extract one (source, day), yielding each batch of pages to stage; then
    yield its status row.

    Pages already fetched successfully are skipped unless ``refetch`` (rerun ``all``); the
    loader's dedup makes a refetch add no rows. A day with pages that could not be fetched, or
    whose day index (``discovery_error``: its archive page) could not be read, is ``failed``
    (rerun ``failed`` tries it again); exceptions propagate to the caller.
    """
    done = {url for url, s in states.items() if s.outcome in ("ok", "not_modified")}
    todo = list(candidates) if refetch else [c for c in candidates if c.url not in done]
    articles = rejected = failed = 0
    for number, offset in enumerate(range(0, len(todo), PAGES_PER_BATCH), 1):
        outcome, rows = fetch_page_batch(
            todo[offset : offset + PAGES_PER_BATCH],
            source=source,
            config=config,
            states={} if refetch else states,
            settings=settings,
            run_id=day_run_id,
            seq=number,
        )
        yield rows
        articles += outcome.articles
        rejected += outcome.rejects
        failed += outcome.failed
    problems = [f"{failed} page(s) could not be fetched (see rejects)"] if failed else []
    problems += [discovery_error] if discovery_error else []
    status = "failed" if problems else "done"
    error = "; ".join(problems) or None
    result = DayOutcome(
        source.name, day, status, len(candidates), articles, rejected,
        len(candidates) - len(todo), error,
    )  # fmt: skip
    yield day_status_rows(result, backfill_run_id=backfill_run_id, day_run_id=day_run_id)
    return result


def day_status_rows(outcome: DayOutcome, *, backfill_run_id: str, day_run_id: str) -> BatchRows:
    """The (source, day)'s status row, to stage after the day's rows (it loads after them)."""
    row: dict[str, Any] = day_log_row(
        source=outcome.source,
        day=outcome.day,
        status=outcome.status,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
        urls=outcome.urls,
        articles=outcome.articles,
        rejected=outcome.rejected,
        error=outcome.error,
    )
    return BatchRows(tables={DAY_LOG_TABLE: [row]}, seq=DAY_STATUS_SEQ)
