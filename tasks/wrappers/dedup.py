"""Prefect task of the deduplication step: one task for all pending articles, after a load."""

from __future__ import annotations

import asyncio

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from tasks.dedup.linking import ALGORITHMS
from tasks.stage_times import timed
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.dedup_report import DedupReport
from warehouse.dedup_run import dedup_pending


@task(name="deduplicate pending articles", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def dedup_pending_task(settings: Settings, in_run: bool = False) -> DedupReport:
    """Index new articles for near-copies and stories; a busy warehouse leaves them pending.
    ``in_run``: a pass while the run still parses, which waits for enough pending articles."""
    with timed("dedup index"):
        return dedup_pending(settings, ALGORITHMS, in_run=in_run)


@task(name="deduplicate pending articles", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def dedup_pending_async_task(settings: Settings) -> DedupReport:
    """The same for async flows (backfill), off the event loop."""
    return await asyncio.to_thread(dedup_pending, settings, ALGORITHMS)
