"""One day of a backfill, as a child flow run named ``backfill 2026-01-05``.

Each chosen source's (source, day) ends ``done`` or ``failed`` in ``backfill_days``: web sources
fetch the day's pages found in their sitemaps/feeds (by the parent) and on their archive page
(here), dropped files re-parse the files stored that day. Children only stage; the parent loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from prefect import flow
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

from flows.artifacts import apublish_run
from flows.backfill_archives import TALLY
from flows.run_lifecycle import child_run
from settings import Settings
from tasks.backfill.archive import has_archive
from tasks.backfill.days import FLOW_NAME, DayOutcome
from tasks.backfill.files import FILES_SOURCE, StoredFile
from tasks.fetch.discovery import Candidate
from tasks.fetch.models import FetchConfig
from tasks.models import UrlState
from tasks.sources import Source
from tasks.wrappers.backfill import (
    archive_day_task,
    read_page_states_task,
    reingest_files_day_task,
    run_ccnews_day_task,
    run_source_day_task,
    stage_day_status_task,
)

DAY_TIMEOUT_SECONDS = 2 * 3600


@dataclass(frozen=True)
class SourceJob:
    source: Source
    candidates: list[Candidate] = field(default_factory=list)
    states: dict[str, UrlState] = field(default_factory=dict)
    since: datetime | None = None  # archive sources: progress recorded before this is ignored


@dataclass(frozen=True)
class FilesJob:
    files: list[StoredFile] = field(default_factory=list)


@dataclass(frozen=True)
class Ran:
    outcome: DayOutcome
    day_run_id: str


@flow(
    name="backfill-day",
    flow_run_name="backfill {day}",
    timeout_seconds=DAY_TIMEOUT_SECONDS,
    validate_parameters=False,  # plain values built by the parent, not user input
)
async def backfill_day(
    day: date,
    jobs: list[SourceJob],
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    refetch: bool,
    files: FilesJob | None = None,
    epoch: datetime | None = None,
) -> Any:
    """One day of a backfill, every chosen source; each (source, day) ends done or failed."""
    day_run_id = str(flow_run.get_id() or f"local-{day}")
    moment = epoch or datetime.now(UTC)
    with child_run(settings, day_run_id, FLOW_NAME, moment, backfill_run_id) as run:
        ran = await _run_day(day, jobs, config, settings, backfill_run_id, day_run_id, refetch,
                             files, moment)  # fmt: skip
        failed = [r.outcome.source for r in ran if r.outcome.status == "failed"]
        run.finish("failed" if failed else "completed")
    await apublish_run(
        "backfill-day",
        settings,
        sources=[day_row(r.outcome) for r in ran],
        run_ids=[day_run_id],
        load=None,
        staged_only=True,
    )
    if failed:
        return Failed(message=f"{day}: failed for {', '.join(failed)}", data=ran)
    return Completed(message=f"{day}: {sum(r.outcome.articles for r in ran)} article(s)", data=ran)


async def _run_day(
    day: date,
    jobs: list[SourceJob],
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    refetch: bool,
    files: FilesJob | None,
    epoch: datetime,
) -> list[Ran]:
    ran: list[Ran] = []
    for job in jobs:
        try:
            if job.source.is_archive:
                outcome = await run_ccnews_day_task(
                    day, job.source, config, settings, backfill_run_id, day_run_id, job.since,
                    TALLY, epoch,
                )  # fmt: skip
            else:
                outcome = await _web_day(
                    day, job, config, settings, backfill_run_id, day_run_id, refetch, epoch
                )
        except Exception as exc:  # recorded as a failed day; the others go on
            outcome = DayOutcome(
                job.source.name, day, "failed", urls=len(job.candidates),
                error=f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
            await stage_day_status_task(outcome, settings, backfill_run_id, day_run_id, epoch)
        ran.append(Ran(outcome, day_run_id))
    if files is not None:
        try:
            outcome = await reingest_files_day_task(
                day, files.files, settings, backfill_run_id, day_run_id, epoch
            )
        except Exception as exc:
            outcome = DayOutcome(
                FILES_SOURCE, day, "failed", urls=len(files.files),
                error=f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
            await stage_day_status_task(outcome, settings, backfill_run_id, day_run_id, epoch)
        ran.append(Ran(outcome, day_run_id))
    return ran


async def _web_day(
    day: date,
    job: SourceJob,
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    refetch: bool,
    epoch: datetime,
) -> DayOutcome:
    """A web source's day: its archive page first (if it has one), then every page."""
    candidates, states, archive_error = list(job.candidates), dict(job.states), None
    if has_archive(job.source):
        archive = await archive_day_task(job.source, config, day, settings, day_run_id, epoch)
        known = {c.url for c in candidates}
        extra = [c for c in archive.candidates if c.url not in known]
        if extra:
            states |= await read_page_states_task(settings, [c.url for c in extra])
        candidates += extra
        archive_error = archive.error
    return await run_source_day_task(
        day, job.source, candidates, config, states, settings,
        backfill_run_id, day_run_id, refetch, archive_error, epoch,
    )  # fmt: skip


def day_row(outcome: DayOutcome) -> dict[str, Any]:
    """A day run's row: new and duplicate are known once the parent has loaded (its table)."""
    return {
        "source": outcome.source,
        "seen": outcome.urls,
        "new": None,
        "duplicate": None,
        "rejected": outcome.rejected,
        "articles": outcome.articles,
        "already_done": outcome.already_done,
        "status": outcome.status,
        "error": outcome.error or "",
    }
