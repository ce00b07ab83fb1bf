"""Backfill a date range: one child flow run per day (``backfill 2026-01-05``), a few at a time.

The parameters are typed so the Prefect UI renders a form: date pickers for the range, a
dropdown for ``rerun``, a checkbox for ``dry_run``. They are checked before any work; a bad
request fails the run at once with a message naming every wrong parameter.

Status per (source, day) lands in ``backfill_days``. Children only fetch and stage; the parent
loads the warehouse once at the end, so a backfill is a single writer however wide it runs.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from prefect import get_run_logger
from prefect.artifacts import acreate_table_artifact
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

from flows.artifacts import apublish_run
from flows.backfill_archives import TALLY, archive_plan
from flows.backfill_day import FilesJob, Ran, SourceJob, backfill_day
from flows.backfill_summary import backfill_summary
from flows.json_parameters import json_flow
from flows.run_lifecycle import registered_run
from settings import Settings, load_settings
from tasks.backfill.archive import ArchiveConfigError, check_archive_config
from tasks.backfill.days import FLOW_NAME, DayOutcome, SourceDays
from tasks.backfill.files import FILES_SOURCE, StoredFile, has_stored_files
from tasks.backfill.plan import (
    BackfillRequest,
    BackfillRequestError,
    DayPlan,
    plan_as_rows,
    plan_days,
    validate_request,
)
from tasks.fetch.models import FetchConfig, fetch_config_from
from tasks.models import UrlState
from tasks.sources import DEFAULT_SOURCES_FILE, Source, load_sources
from tasks.wrappers.backfill import (
    discover_days_task,
    load_batches_async_task,
    load_runs_task,
    read_day_statuses_task,
    read_page_states_task,
    stage_day_status_task,
    stored_files_task,
)
from tasks.wrappers.dedup import dedup_pending_async_task
from tasks.wrappers.retry import start_with_retries
from tasks.wrappers.search import update_search_index_async_task
from warehouse.backfill_report import RunReport
from warehouse.load_report import LoadReport

BACKFILL_TIMEOUT_SECONDS = 24 * 3600


@dataclass
class _Gauge:
    """Child runs in flight (at most ``slots`` at once), and the most there ever were."""

    slots: asyncio.Semaphore
    active: int = 0
    peak: int = 0


def chosen_sources_file(settings: Settings, given: str | None = None) -> Path:
    """The given sources file, else ``sources_file`` of the settings (``NEWSFLOW_SOURCES_FILE``
    for a deployment), else ./sources.toml."""
    return Path(given or str(settings.extra.get("sources_file") or DEFAULT_SOURCES_FILE))


@json_flow(
    name="backfill",
    flow_run_name="backfill {start_date}..{end_date} ({rerun})",
    timeout_seconds=BACKFILL_TIMEOUT_SECONDS,
)
async def backfill(
    start_date: date,
    end_date: date,
    sources: tuple[str, ...] = (),
    rerun: Literal["missing", "failed", "all"] = "missing",
    dry_run: bool = False,
    max_concurrency: int = 2,
    newest_first: bool = False,
    sources_file: str | None = None,
    settings: Settings | None = None,
) -> Any:
    """Backfill every day from ``start_date`` to ``end_date`` (UTC, both included).

    Prefect shows the descriptions below in the deployment's Custom run form (it reads this
    ``Args:`` section); keep one for every parameter.

    Args:
        start_date: First day to backfill (UTC day, included).
        end_date: Last day to backfill (UTC day, included); the range may span at most
            backfill_max_days days (400 by default) and not end in the future.
        sources: Which sources to backfill, by name: those in sources.toml (`newsflow sources
            list` shows them) and `files` for the dropped files. Leave empty for every enabled
            source. A name that is not configured fails the run at once, and the message lists
            the configured ones.
        rerun: Which (source, day)s to run. missing: those not done yet; failed: only those
            that failed; all: every one again. No row is ever duplicated.
        dry_run: Only plan: publish the plan as the backfill-plan artifact and write nothing.
        max_concurrency: How many days run at once (one child flow run per day).
        newest_first: Run the most recent days first.
        sources_file: The sources config (default: the sources_file setting, else
            ./sources.toml).
        settings: Resolved settings (the command line passes its own); leave empty to read
            them from the config file and the NEWSFLOW_* environment.
    """
    settings = settings or load_settings()
    configured = load_sources(chosen_sources_file(settings, sources_file))
    request = validate_request(
        start=start_date,
        end=end_date,
        sources=sources,
        rerun=rerun,
        max_concurrency=max_concurrency,
        newest_first=newest_first,
        known_sources=_known(configured, settings, named=bool(sources)),
        max_days=settings.backfill_max_days,
        today=datetime.now(UTC).date(),
    )
    by_name = {s.name: s for s in configured}
    web = [by_name[n] for n in request.sources if n in by_name]
    _check_archives(web)
    return await run_backfill(settings, request, web, dry_run)


def _known(configured: list[Source], settings: Settings, *, named: bool) -> list[str]:
    """Sources a request may name (every configured one, and ``files`` for dropped files), or
    the default ones: the enabled web sources, and ``files`` once there is a pickup."""
    web = [s.name for s in configured if named or s.enabled]
    has_files = named or has_stored_files(settings)
    return [*web, FILES_SOURCE] if has_files and FILES_SOURCE not in web else web


def _check_archives(sources: list[Source]) -> None:
    problems = []
    for source in sources:
        try:
            check_archive_config(source)
        except ArchiveConfigError as exc:
            problems.append(str(exc))
    if problems:
        raise BackfillRequestError("invalid backfill request: " + "; ".join(problems))


async def run_backfill(
    settings: Settings, request: BackfillRequest, sources: list[Source], dry_run: bool
) -> State[Any]:
    logger = get_run_logger()
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    started = time.monotonic()
    statuses = await read_day_statuses_task(settings, request.start, request.end)
    plans = plan_days(request, statuses)
    since = datetime.now(UTC) if request.rerun == "all" else None  # archives: read all again
    if dry_run:
        await acreate_table_artifact(
            key="backfill-plan",
            table=plan_as_rows(request, plans),
            description=f"Dry run: {len(plans)} day run(s) of {len(request.days)} day(s)",
        )
        summary = backfill_summary(request, plans, [], 0)
        config = fetch_config_from(settings)
        warcs = await archive_plan(plans, {s.name: s for s in sources}, config, settings, since)
        if warcs:
            summary["archive_files"] = warcs
            await acreate_table_artifact(
                key="backfill-archive-files", table=warcs,
                description=f"Dry run: {len(warcs)} WARC file(s) to read, with their sizes",
            )  # fmt: skip
        logger.info("dry run: %d of %d day(s) would run", len(plans), len(request.days))
        return Completed(message=f"dry run: {len(plans)} day run(s) planned", data=summary)
    scope = [*sorted(request.sources), str(request.start), str(request.end)]
    with registered_run(settings, run_id, FLOW_NAME, scope) as run:
        if run.recovery.others or run.recovery.adopted:  # what dead runs left loads first
            await load_batches_async_task(
                settings, [*run.recovery.others, *(a.path for a in run.recovery.adopted)]
            )
            statuses = await read_day_statuses_task(settings, request.start, request.end)
            plans = plan_days(request, statuses)
        TALLY.reset()
        ran, found, peak = await _run_days(
            settings, request, sources, plans, run_id, run.epoch, since
        )
        outcomes = [r.outcome for r in ran]
        failed = [o for o in outcomes if o.status == "failed"]
        run.finish("failed" if failed else "completed")
        # The day runs' rows in day order (the order decides which of two sightings of one
        # text is the article), then the parent's own.
        day_runs = list(dict.fromkeys(r.day_run_id for r in ran if r.day_run_id))
        load = await load_runs_task(settings, [*day_runs, run_id])
        dedup = await dedup_pending_async_task(settings)  # near-copies, stories; busy: next run
        await update_search_index_async_task(settings)  # busy -> the next run catches up
        indexed = dedup.of_run(run.epoch)
    summary = backfill_summary(request, plans, ran, peak, found, (load, indexed))
    summary["elapsed_seconds"] = round(time.monotonic() - started, 2)
    report = await _publish(settings, summary, [run_id, *day_runs], load)
    summary["reject_reasons"] = [{"reason": r, "count": n} for r, n in report.reject_reasons]
    if failed:
        message = (
            f"{len(failed)} of {len(outcomes)} (source, day) failed; "
            "run again with rerun=failed to retry them"
        )
        return Failed(message=message, data=summary)
    return Completed(message=f"{len(outcomes)} (source, day) done", data=summary)


async def _run_days(
    settings: Settings,
    request: BackfillRequest,
    sources: list[Source],
    plans: list[DayPlan],
    run_id: str,
    epoch: datetime,
    since: datetime | None,
) -> tuple[list[Ran], list[SourceDays], int]:
    """Discover the range's pages, then run the days (at most ``max_concurrency`` at once);
    what ran, in day order."""
    config = fetch_config_from(settings)
    found = await asyncio.gather(
        *(
            discover_days_task(s, config, request.start, request.end, settings, run_id)
            for s in sources
            if not s.is_archive  # an archive's days are listed by the day runs themselves
        )
    )
    found += [SourceDays(s.name) for s in sources if s.is_archive]
    days_by_source = {f.source: f for f in found}
    urls = [c.url for f in found for cs in f.by_day.values() for c in cs]
    states = await read_page_states_task(settings, urls)
    files: dict[date, list[StoredFile]] = {}
    if FILES_SOURCE in request.sources:
        files = await stored_files_task(settings, request.start, request.end)
    found_work = _Found(sources, days_by_source, states, files, since)
    gauge = _Gauge(asyncio.Semaphore(request.max_concurrency))
    jobs = [
        _one_day(plan, found_work, config, settings, run_id, request, gauge, epoch)
        for plan in sorted(plans, key=lambda p: p.day)
    ]
    ran = [r for day in await asyncio.gather(*jobs) for r in day]
    return ran, list(found), gauge.peak


async def _publish(
    settings: Settings, summary: dict[str, Any], run_ids: list[str], load: LoadReport
) -> RunReport:
    """The run's artifacts; its top reject reasons (the day runs' included) come back."""
    return await apublish_run(
        "backfill", settings, sources=summary["sources"], run_ids=run_ids, load=load
    )


@dataclass(frozen=True)
class _Found:
    """What the parent found for the whole range: pages by source and day, stored files."""

    sources: list[Source]
    days: dict[str, SourceDays]
    states: dict[str, UrlState]
    files: dict[date, list[StoredFile]]
    since: datetime | None = None  # rerun "all": archive progress older than this is ignored


async def _one_day(
    plan: DayPlan,
    found: _Found,
    config: FetchConfig,
    settings: Settings,
    run_id: str,
    request: BackfillRequest,
    gauge: _Gauge,
    epoch: datetime,
) -> list[Ran]:
    by_name = {s.name: s for s in found.sources}
    jobs = []
    for name in plan.sources:
        if name not in by_name:
            continue
        candidates = found.days[name].by_day.get(plan.day, [])
        job_states = {c.url: found.states[c.url] for c in candidates if c.url in found.states}
        jobs.append(SourceJob(by_name[name], candidates, job_states, found.since))
    files = FilesJob(found.files.get(plan.day, [])) if FILES_SOURCE in plan.sources else None
    async with gauge.slots:
        gauge.active += 1
        gauge.peak = max(gauge.peak, gauge.active)
        try:
            state = await start_with_retries(
                lambda: backfill_day(
                    plan.day, jobs, config, settings, run_id, request.rerun == "all", files,
                    epoch, return_state=True,
                ),
                what=f"creating the run of {plan.day}",
                on_retry=get_run_logger().warning,
            )  # fmt: skip
        except Exception as exc:  # the child run could not be created, even after retries
            state = Failed(message=f"{plan.day}: not started", data=exc)
        finally:
            gauge.active -= 1
    ran: list[Ran] | BaseException = await state.aresult(raise_on_failure=False)
    if isinstance(ran, BaseException):  # not created, or crashed before recording anything
        failed = [
            DayOutcome(n, plan.day, "failed", error=f"{type(ran).__name__}: {ran}")
            for n in plan.sources
        ]
        for outcome in failed:  # so that rerun="failed" picks the day up
            await stage_day_status_task(outcome, settings, run_id, run_id, epoch)
        return [Ran(outcome, "") for outcome in failed]
    return ran
