"""Artifacts every run publishes in the Prefect UI: a table per source (seen / new / duplicate /
rejected), the top reject reasons, the slowest hosts (runs that fetch), and where the
warehouse is.

``apublish_run`` is for async flows (backfill, reprocess, maintenance); ``publish_run`` is the
same for sync flows (ingest_files, ingest_feeds). Keys are ``<key>-sources``,
``<key>-rejects``, ``<key>-hosts`` and ``<key>-warehouse``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from prefect.artifacts import MarkdownArtifact, TableArtifact
from prefect.client.orchestration import PrefectClient, get_client
from prefect.utilities.asyncutils import run_coro_as_sync

from settings import Settings
from warehouse.backfill_report import RunReport, read_run_report
from warehouse.errors import WarehouseBusy
from warehouse.load_report import LoadReport

SOURCE_COLUMNS = ("source", "seen", "new", "duplicate", "rejected")
# in this order after ``duplicate`` where a run counts them
_DEDUP_COLUMNS = ("near_copy", "new_stories")

# Prefect's artifact helpers open a client of their own for every artifact: a TLS context and
# a first request each, a fair part of a run that finds nothing new. Inside ``one_client()``
# every artifact of the run goes through one client instead.
_run_client: ContextVar[PrefectClient | None] = ContextVar("artifact_client", default=None)


@asynccontextmanager
async def one_client() -> AsyncIterator[None]:
    """Publish the artifacts created inside this block through one API client."""
    if _run_client.get() is not None:
        yield
        return
    async with get_client() as client:
        token = _run_client.set(client)
        try:
            yield
        finally:
            _run_client.reset(token)


async def create_table(
    table: list[dict[str, Any]], *, key: str, description: str | None = None
) -> None:
    artifact = TableArtifact(key=key, table=table, description=description)
    await artifact.acreate(client=_run_client.get())


async def create_markdown(markdown: str, *, key: str, description: str | None = None) -> None:
    artifact = MarkdownArtifact(key=key, markdown=markdown, description=description)
    await artifact.acreate(client=_run_client.get())


def publish_run(
    key: str,
    settings: Settings,
    *,
    sources: Sequence[Mapping[str, Any]],
    run_ids: Sequence[str],
    load: LoadReport | None,
    hosts: bool = True,
    sources_key: str | None = None,
) -> RunReport:
    """``apublish_run`` from a sync flow."""
    coroutine = apublish_run(
        key, settings, sources=sources, run_ids=run_ids, load=load, hosts=hosts,
        sources_key=sources_key,
    )  # fmt: skip
    report = run_coro_as_sync(coroutine)
    return report if report is not None else RunReport()


async def apublish_run(
    key: str,
    settings: Settings,
    *,
    sources: Sequence[Mapping[str, Any]],
    run_ids: Sequence[str],
    load: LoadReport | None,
    hosts: bool = True,
    sources_key: str | None = None,
    staged_only: bool = False,
    since: datetime | None = None,
) -> RunReport:
    """Publish the four artifacts of a run; ``hosts=False`` for runs that fetch nothing,
    ``staged_only`` for runs whose rows are all still staged (a backfill's day runs)."""
    # Together: each is an API call (and one a warehouse read); in turn they cost a fair part
    # of a run that finds nothing new.
    async with one_client():
        _, report, _ = await asyncio.gather(
            publish_source_table(
                sources_key or f"{key}-sources", sources, description="Per source, this run"
            ),
            publish_run_report(
                key, settings, run_ids, hosts=hosts, staged_only=staged_only, since=since
            ),
            publish_warehouse_location(key, settings, load),
        )
    return report


async def publish_source_table(
    key: str, rows: Sequence[Mapping[str, Any]], *, description: str
) -> None:
    """One row per source: seen / new / duplicate / rejected first, then anything else."""
    table = [_source_row(r) for r in rows] or [dict.fromkeys(SOURCE_COLUMNS, 0) | {"source": "-"}]
    await create_table(table, key=key, description=description)


def _source_row(row: Mapping[str, Any]) -> dict[str, Any]:
    columns = [*SOURCE_COLUMNS[:4], *(c for c in _DEDUP_COLUMNS if c in row), *SOURCE_COLUMNS[4:]]
    ordered = {c: row.get(c, 0) for c in columns}
    return ordered | {k: v for k, v in row.items() if k not in ordered}


async def publish_run_report(
    key_prefix: str,
    settings: Settings,
    run_ids: Sequence[str],
    *,
    hosts: bool = True,
    staged_only: bool = False,
    since: datetime | None = None,
) -> RunReport:
    """Top reject reasons and slowest hosts of ``run_ids`` (and of every run ``since``), from
    the warehouse and the still-staged batches."""
    try:
        report = await asyncio.to_thread(
            read_run_report,
            None if staged_only else settings.warehouse_file,
            run_ids,
            wait_seconds=settings.lock_wait_seconds,
            staging_dir=settings.staging_dir,
            since=since,
        )
    except WarehouseBusy:
        await create_markdown(
            key=f"{key_prefix}-rejects",
            markdown="The warehouse was busy: reject reasons and host timings are not available.",
        )
        return RunReport()
    await publish_report_tables(key_prefix, report, hosts=hosts)
    return report


async def publish_report_tables(key_prefix: str, report: RunReport, *, hosts: bool) -> None:
    """The reject reasons (and slowest hosts) tables of a report."""
    reasons = create_table(
        key=f"{key_prefix}-rejects",
        table=[{"reason": reason, "count": count} for reason, count in report.reject_reasons]
        or [{"reason": "(none)", "count": 0}],
        description="Top reject reasons of this run",
    )
    if not hosts:
        await reasons
        return
    slowest = create_table(
        key=f"{key_prefix}-hosts",
        table=[
            {"host": h, "requests": n, "mean_s": round(mean, 3), "max_s": round(peak, 3),
             "failed": failed}
            for h, n, mean, peak, failed in report.slow_hosts
        ] or [{"host": "(no requests)", "requests": 0, "mean_s": 0, "max_s": 0, "failed": 0}],
        description="Slowest hosts of this run (mean request time)",
    )  # fmt: skip
    await asyncio.gather(reasons, slowest)


async def publish_warehouse_location(
    key_prefix: str, settings: Settings, load: LoadReport | None
) -> None:
    if load is None:
        state = "nothing loaded by this run (its rows are staged; the parent run loads them)"
    elif load.busy:
        state = f"busy: {load.pending_batches} batch(es) stay staged for the next load"
    else:
        state = (
            f"loaded {load.batches_loaded} batch(es): {load.new} new, "
            f"{load.duplicate} duplicate, {load.rejected} rejected"
        )
    await create_markdown(
        key=f"{key_prefix}-warehouse",
        markdown=(
            f"**Warehouse:** `{settings.warehouse_file.resolve()}`\n\n"
            f"**Staging:** `{settings.staging_dir.resolve()}`\n\n"
            f"**Load:** {state}\n\n"
            'Query it with `newsflow sql "SELECT * FROM articles LIMIT 10"`.'
        ),
        description="Where this run's rows are",
    )
