"""Prefect tasks of the backfill flow: each calls one plain function.

The tasks are async and run their plain (blocking) function in a thread, so the async backfill
flow can run several days at once on one event loop. Every task retries transient failures with
backoff and never retries bad input (see ``tasks.wrappers.retry``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from staging.steps import StageTarget, stage, stage_if_any, stage_steps
from tasks.backfill.archive import ArchiveDay, discover_archive_day
from tasks.backfill.ccnews import PlannedFile, ProgressSink, plan_ccnews_day
from tasks.backfill.days import (
    FLOW_NAME,
    DayOutcome,
    SourceDays,
    day_status_rows,
    discover_days,
    run_source_day,
)
from tasks.backfill.files import StoredFile, reingest_stored_day, stored_files
from tasks.backfill.reprocess import Reextracted, reextract_batch
from tasks.fetch.batch import FLOW_NAME as FETCH_FLOW_NAME
from tasks.fetch.batch import discovery_rows
from tasks.fetch.discovery import Candidate, Discovery
from tasks.fetch.models import FetchConfig, RequestRecord
from tasks.models import BatchRows, RawPage, UrlState
from tasks.sources import Source
from tasks.wrappers import ingest
from tasks.wrappers.ccnews_day import ccnews_resume_reader, run_and_stage_ccnews_day
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.backfill_raw import read_taken_files
from warehouse.backfill_status import read_day_statuses
from warehouse.fetch_state import read_url_states
from warehouse.load import load_run
from warehouse.load_report import LoadReport


@task(name="read backfill status", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def read_day_statuses_task(
    settings: Settings, start: date, end: date
) -> dict[tuple[str, date], str]:
    return await asyncio.to_thread(
        read_day_statuses,
        settings.warehouse_file,
        start=start,
        end=end,
        wait_seconds=settings.lock_wait_seconds,
        staging_dir=settings.staging_dir,
    )


@task(
    name="discover days",
    cache_policy=NO_CACHE,
    task_run_name="discover days of {source.name}",
    **TRANSIENT_RETRIES,
)
async def discover_days_task(
    source: Source, config: FetchConfig, start: date, end: date, settings: Settings, run_id: str
) -> SourceDays:
    found = await asyncio.to_thread(discover_days, source, config, start=start, end=end)
    if found.discovery is not None:
        await asyncio.to_thread(_stage_discovery, found.discovery, settings, run_id)
    return found


@task(name="read page state", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def read_page_states_task(settings: Settings, urls: Iterable[str]) -> dict[str, UrlState]:
    return await asyncio.to_thread(
        read_url_states,
        settings.warehouse_file,
        urls,
        wait_seconds=settings.lock_wait_seconds,
        staging_dir=settings.staging_dir,
    )


@task(
    name="backfill source day",
    cache_policy=NO_CACHE,
    task_run_name="{source.name} {day}",
    **TRANSIENT_RETRIES,
)
async def run_source_day_task(
    day: date,
    source: Source,
    candidates: Sequence[Candidate],
    config: FetchConfig,
    states: Mapping[str, UrlState],
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    refetch: bool,
    discovery_error: str | None = None,
    epoch: datetime | None = None,
) -> DayOutcome:
    steps = run_source_day(
        day,
        source,
        candidates,
        config=config,
        states=states,
        settings=settings,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
        refetch=refetch,
        discovery_error=discovery_error,
    )
    target = StageTarget.of(settings, day_run_id, FLOW_NAME, epoch)
    return await asyncio.to_thread(stage_steps, steps, target)


# The loads of ``tasks.wrappers.ingest`` for async flows: the same function, in a thread.
@task(name="load staged batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def load_staged_async_task(settings: Settings) -> LoadReport:
    return await asyncio.to_thread(ingest.load_staged_task.fn, settings)


@task(name="load runs' batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def load_runs_task(settings: Settings, run_ids: Sequence[str]) -> LoadReport:
    """The batches of ``run_ids``, run after run, each in the order it numbered them."""
    report = LoadReport()
    for run_id in run_ids:
        report.add(await asyncio.to_thread(load_run, settings, run_id))
    return report


@task(name="load batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def load_batches_async_task(settings: Settings, batch_dirs: Sequence[str]) -> LoadReport:
    return await asyncio.to_thread(ingest.load_batches_task.fn, settings, batch_dirs)


@task(name="record failed day", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def stage_day_status_task(
    outcome: DayOutcome,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    epoch: datetime | None = None,
) -> None:
    rows = day_status_rows(outcome, backfill_run_id=backfill_run_id, day_run_id=day_run_id)
    await asyncio.to_thread(stage, rows, StageTarget.of(settings, day_run_id, FLOW_NAME, epoch))


@task(
    name="read archive page",
    cache_policy=NO_CACHE,
    task_run_name="archive page of {source.name} {day}",
    **TRANSIENT_RETRIES,
)
async def archive_day_task(
    source: Source,
    config: FetchConfig,
    day: date,
    settings: Settings,
    run_id: str,
    epoch: datetime | None = None,
) -> ArchiveDay:
    found = await asyncio.to_thread(discover_archive_day, source, config, day)
    if found.discovery is not None:
        await asyncio.to_thread(_stage_discovery, found.discovery, settings, run_id, epoch)
    return found


@task(name="list stored files", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def stored_files_task(
    settings: Settings, start: date, end: date
) -> dict[date, list[StoredFile]]:
    taken = await asyncio.to_thread(
        read_taken_files,
        settings.warehouse_file,
        start=start,
        end=end,
        wait_seconds=settings.lock_wait_seconds,
    )
    return await asyncio.to_thread(stored_files, settings, taken, start=start, end=end)


@task(
    name="re-ingest stored files",
    cache_policy=NO_CACHE,
    task_run_name="files {day}",
    **TRANSIENT_RETRIES,
)
async def reingest_files_day_task(
    day: date,
    files: Sequence[StoredFile],
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    epoch: datetime | None = None,
) -> DayOutcome:
    steps = reingest_stored_day(
        day, files, settings=settings, backfill_run_id=backfill_run_id, day_run_id=day_run_id
    )
    target = StageTarget.of(settings, day_run_id, FLOW_NAME, epoch)
    return await asyncio.to_thread(stage_steps, steps, target)


@task(name="re-extract batch", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def reextract_batch_task(pages: list[RawPage], settings: Settings) -> Reextracted:
    return reextract_batch(pages, settings.data_dir / "raw")


@task(name="stage re-extracted batch", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def stage_reextracted_task(
    batch: Reextracted, settings: Settings, run_id: str, epoch: datetime, seq: int
) -> str:
    rows = BatchRows(articles=batch.articles, rejects=batch.rejects, seq=seq)
    return str(stage(rows, StageTarget.of(settings, run_id, "reprocess", epoch)))


@task(
    name="backfill CC-NEWS day",
    cache_policy=NO_CACHE,
    task_run_name="{source.name} {day} (CC-NEWS)",
    **TRANSIENT_RETRIES,
)
async def run_ccnews_day_task(
    day: date,
    source: Source,
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    since: datetime | None,
    progress: ProgressSink | None = None,
    epoch: datetime | None = None,
) -> DayOutcome:
    """A retry resumes where the staged progress says: nothing is read or loaded twice."""
    return await asyncio.to_thread(
        run_and_stage_ccnews_day,
        day,
        source,
        config=config,
        settings=settings,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
        since=since,
        progress=progress,
        epoch=epoch,
    )


@task(name="list CC-NEWS files", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def plan_ccnews_day_task(
    day: date, source: Source, config: FetchConfig, settings: Settings, since: datetime | None
) -> tuple[list[PlannedFile], list[RequestRecord], str | None]:
    return await asyncio.to_thread(
        plan_ccnews_day,
        day,
        source,
        config=config,
        resume_points=ccnews_resume_reader(settings, since),
    )


def _stage_discovery(
    discovery: Discovery, settings: Settings, run_id: str, epoch: datetime | None = None
) -> None:
    """The discovery's request log and rejects, staged as the fetch flow stages them."""
    stage_if_any(
        discovery_rows(discovery, run_id=run_id),
        StageTarget.of(settings, run_id, FETCH_FLOW_NAME, epoch),
    )
