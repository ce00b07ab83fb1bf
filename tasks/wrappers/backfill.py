"""Prefect tasks of the backfill flow: each calls one plain function.

The tasks are async and run their plain (blocking) function in a thread, so the async backfill
flow can run several days at once on one event loop. Every task retries transient failures with
backoff and never retries bad input (see ``tasks.wrappers.retry``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE

from newsflow.settings import Settings
from tasks.backfill.archive import ArchiveDay, discover_archive_day
from tasks.backfill.days import (
    DayOutcome,
    SourceDays,
    discover_days,
    run_source_day,
    stage_day_status,
)
from tasks.backfill.files import StoredFile, reingest_stored_day, stored_files
from tasks.fetch.batch import stage_discovery
from tasks.fetch.discovery import Candidate
from tasks.fetch.models import FetchConfig
from tasks.sources import Source
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.backfill_raw import read_taken_files
from warehouse.backfill_status import read_day_statuses
from warehouse.fetch_state import UrlState, read_url_states
from warehouse.load import load_staged
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
        await asyncio.to_thread(stage_discovery, found.discovery, settings=settings, run_id=run_id)
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
) -> DayOutcome:
    return await asyncio.to_thread(
        run_source_day,
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


@task(name="load staged batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def load_staged_task(settings: Settings) -> LoadReport:
    return await asyncio.to_thread(load_staged, settings)


@task(name="record failed day", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def stage_day_status_task(
    outcome: DayOutcome, settings: Settings, backfill_run_id: str, day_run_id: str
) -> None:
    await asyncio.to_thread(
        stage_day_status,
        outcome,
        settings=settings,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
    )


@task(
    name="read archive page",
    cache_policy=NO_CACHE,
    task_run_name="archive page of {source.name} {day}",
    **TRANSIENT_RETRIES,
)
async def archive_day_task(
    source: Source, config: FetchConfig, day: date, settings: Settings, run_id: str
) -> ArchiveDay:
    found = await asyncio.to_thread(discover_archive_day, source, config, day)
    if found.discovery is not None:
        await asyncio.to_thread(stage_discovery, found.discovery, settings=settings, run_id=run_id)
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
) -> DayOutcome:
    return await asyncio.to_thread(
        reingest_stored_day,
        day,
        files,
        settings=settings,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
    )
