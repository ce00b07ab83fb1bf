"""Backfill a date range: one child flow run per day (``backfill 2026-01-05``), a few at a time.

The parameters are typed so the Prefect UI renders a form: date pickers for the range, a
dropdown for ``rerun``, a checkbox for ``dry_run``. They are checked before any work; a bad
request fails the run at once with a message naming every wrong parameter.

Status per (source, day) lands in ``backfill_days``. Children only fetch and stage; the parent
loads the warehouse once at the end, so a backfill is a single writer however wide it runs.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import acreate_table_artifact
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed, Failed

from flows.artifacts import apublish_run
from newsflow.settings import Settings, load_settings
from tasks.backfill.days import DayOutcome, SourceDays
from tasks.backfill.plan import (
    BackfillRequest,
    DayPlan,
    plan_as_rows,
    plan_days,
    validate_request,
)
from tasks.fetch.discovery import Candidate
from tasks.fetch.models import FetchConfig
from tasks.sources import DEFAULT_SOURCES_FILE, Source, load_sources
from tasks.wrappers.backfill import (
    discover_days_task,
    load_staged_task,
    read_day_statuses_task,
    read_page_states_task,
    run_source_day_task,
    stage_day_status_task,
)
from tasks.wrappers.retry import start_with_retries
from warehouse.fetch_state import UrlState
from warehouse.load import LoadReport

BACKFILL_TIMEOUT_SECONDS = 24 * 3600
DAY_TIMEOUT_SECONDS = 2 * 3600


@dataclass(frozen=True)
class SourceJob:
    source: Source
    candidates: list[Candidate] = field(default_factory=list)
    states: dict[str, UrlState] = field(default_factory=dict)


@dataclass
class _Gauge:
    """Child runs in flight (at most ``slots`` at once), and the most there ever were."""

    slots: asyncio.Semaphore
    active: int = 0
    peak: int = 0


def sources_file(settings: Settings) -> Path:
    return Path(str(settings.extra.get("sources_file") or DEFAULT_SOURCES_FILE))


@flow(
    name="backfill",
    flow_run_name="backfill {start_date}..{end_date} ({rerun})",
    timeout_seconds=BACKFILL_TIMEOUT_SECONDS,
)
async def backfill(
    start_date: date,
    end_date: date,
    sources: list[str] | None = None,
    rerun: Literal["missing", "failed", "all"] = "missing",
    dry_run: bool = False,
    max_concurrency: int = 2,
    newest_first: bool = False,
) -> Any:
    """Backfill every day from ``start_date`` to ``end_date`` (UTC, both included).

    sources: names from sources.toml (default: every enabled source).
    rerun: ``missing`` runs the (source, day)s not done yet, ``failed`` only those that
    failed, ``all`` everything again (no duplicate rows either way).
    dry_run: publish the plan as an artifact and write nothing.
    max_concurrency: child runs (days) at once.
    newest_first: run the most recent days first.
    """
    settings = load_settings()
    configured = load_sources(sources_file(settings))
    request = validate_request(
        start=start_date,
        end=end_date,
        sources=sources,
        rerun=rerun,
        max_concurrency=max_concurrency,
        newest_first=newest_first,
        known_sources=[s.name for s in configured] if sources else _enabled(configured),
        max_days=settings.backfill_max_days,
        today=datetime.now(UTC).date(),
    )
    by_name = {s.name: s for s in configured}
    return await run_backfill(settings, request, [by_name[n] for n in request.sources], dry_run)


def _enabled(sources: list[Source]) -> list[str]:
    return [s.name for s in sources if s.enabled]


async def run_backfill(
    settings: Settings, request: BackfillRequest, sources: list[Source], dry_run: bool
) -> State[Any]:
    logger = get_run_logger()
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    statuses = await read_day_statuses_task(settings, request.start, request.end)
    plans = plan_days(request, statuses)
    if dry_run:
        await acreate_table_artifact(
            key="backfill-plan",
            table=plan_as_rows(request, plans),
            description=f"Dry run: {len(plans)} day run(s) of {len(request.days)} day(s)",
        )
        logger.info("dry run: %d of %d day(s) would run", len(plans), len(request.days))
        summary = _summary(request, plans, [], 0)
        return Completed(message=f"dry run: {len(plans)} day run(s) planned", data=summary)
    config = FetchConfig()
    found = await asyncio.gather(
        *(
            discover_days_task(s, config, request.start, request.end, settings, run_id)
            for s in sources
        )
    )
    days_by_source = {f.source: f for f in found}
    urls = [c.url for f in found for cs in f.by_day.values() for c in cs]
    states = await read_page_states_task(settings, urls)
    gauge = _Gauge(asyncio.Semaphore(request.max_concurrency))
    jobs = [
        _one_day(plan, sources, days_by_source, states, config, settings, run_id, request, gauge)
        for plan in plans
    ]
    ran = [r for day in await asyncio.gather(*jobs) for r in day]
    outcomes = [r.outcome for r in ran]
    load = await load_staged_task(settings)
    summary = _summary(request, plans, ran, gauge.peak, found, load.new_by_source)
    await _publish(settings, summary, [run_id, *{o.day_run_id for o in ran}], load)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        message = (
            f"{len(failed)} of {len(outcomes)} (source, day) failed; "
            "run again with rerun=failed to retry them"
        )
        return Failed(message=message, data=summary)
    return Completed(message=f"{len(outcomes)} (source, day) done", data=summary)


async def _publish(
    settings: Settings, summary: dict[str, Any], run_ids: list[str], load: LoadReport
) -> None:
    await apublish_run("backfill", settings, sources=summary["sources"], run_ids=run_ids, load=load)


@dataclass(frozen=True)
class _Ran:
    outcome: DayOutcome
    day_run_id: str


async def _one_day(
    plan: DayPlan,
    sources: list[Source],
    found: dict[str, SourceDays],
    states: dict[str, UrlState],
    config: FetchConfig,
    settings: Settings,
    run_id: str,
    request: BackfillRequest,
    gauge: _Gauge,
) -> list[_Ran]:
    by_name = {s.name: s for s in sources}
    jobs = []
    for name in plan.sources:
        candidates = found[name].by_day.get(plan.day, [])
        job_states = {c.url: states[c.url] for c in candidates if c.url in states}
        jobs.append(SourceJob(by_name[name], candidates, job_states))
    async with gauge.slots:
        gauge.active += 1
        gauge.peak = max(gauge.peak, gauge.active)
        try:
            state = await start_with_retries(
                lambda: backfill_day(
                    plan.day, jobs, config, settings, run_id, request.rerun == "all",
                    return_state=True,
                ),
                what=f"creating the run of {plan.day}",
                on_retry=get_run_logger().warning,
            )  # fmt: skip
        except Exception as exc:  # the child run could not be created, even after retries
            state = Failed(message=f"{plan.day}: not started", data=exc)
        finally:
            gauge.active -= 1
    ran: list[_Ran] | BaseException = await state.aresult(raise_on_failure=False)
    if isinstance(ran, BaseException):  # not created, or crashed before recording anything
        failed = [
            DayOutcome(n, plan.day, "failed", error=f"{type(ran).__name__}: {ran}")
            for n in plan.sources
        ]
        for outcome in failed:  # so that rerun="failed" picks the day up
            await stage_day_status_task(outcome, settings, run_id, run_id)
        return [_Ran(outcome, "") for outcome in failed]
    return ran


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
) -> Any:
    """One day of a backfill, every chosen source; each (source, day) ends done or failed."""
    day_run_id = str(flow_run.get_id() or f"local-{day}")
    ran: list[_Ran] = []
    for job in jobs:
        try:
            outcome = await run_source_day_task(
                day, job.source, job.candidates, config, job.states, settings,
                backfill_run_id, day_run_id, refetch,
            )  # fmt: skip
        except Exception as exc:  # recorded as a failed day; the others go on
            outcome = DayOutcome(
                job.source.name, day, "failed", urls=len(job.candidates),
                error=f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
            await stage_day_status_task(outcome, settings, backfill_run_id, day_run_id)
        ran.append(_Ran(outcome, day_run_id))
    await apublish_run(
        "backfill-day",
        settings,
        sources=[_day_row(r.outcome) for r in ran],
        run_ids=[day_run_id],
        load=None,
        staged_only=True,
    )
    failed = [r.outcome.source for r in ran if r.outcome.status == "failed"]
    if failed:
        return Failed(message=f"{day}: failed for {', '.join(failed)}", data=ran)
    return Completed(message=f"{day}: {sum(r.outcome.articles for r in ran)} article(s)", data=ran)


def _day_row(outcome: DayOutcome) -> dict[str, Any]:
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


def _summary(
    request: BackfillRequest,
    plans: list[DayPlan],
    ran: list[_Ran],
    peak: int,
    found: list[SourceDays] | tuple[SourceDays, ...] = (),
    new_by_source: dict[str, int] | None = None,
) -> dict[str, Any]:
    per_source: dict[str, dict[str, Any]] = {}
    for name in request.sources:
        outcomes = [r.outcome for r in ran if r.outcome.source == name]
        articles = sum(o.articles for o in outcomes)
        new = (new_by_source or {}).get(name, 0)
        discovered = next((f for f in found if f.source == name), None)
        per_source[name] = {
            "source": name,
            "days_done": sum(o.status == "done" for o in outcomes),
            "days_failed": sum(o.status == "failed" for o in outcomes),
            "seen": sum(o.urls for o in outcomes),
            "new": new,
            "duplicate": max(articles - new, 0),
            "rejected": sum(o.rejected for o in outcomes),
            "undated": discovered.undated if discovered else 0,
        }
    return {
        "request": {k: str(v) for k, v in asdict(request).items()},
        "days_in_range": len(request.days),
        "day_runs": len(plans),
        "peak_concurrency": peak,
        "sources": list(per_source.values()),
    }
