"""Prefect tasks of the daily maintenance flow: checkpoint/compact the warehouse, prune staging."""

from __future__ import annotations

import asyncio

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.maintenance import (
    CheckpointReport,
    PruneReport,
    checkpoint_and_compact,
    prune_staging,
)


@task(name="checkpoint and compact", cache_policy=NO_CACHE)
async def checkpoint_task(settings: Settings, force_compact: bool) -> CheckpointReport:
    # No task retries: a busy warehouse is reported as skipped; tomorrow's run tries again.
    return await asyncio.to_thread(
        checkpoint_and_compact,
        settings.warehouse_file,
        wait_seconds=settings.lock_wait_seconds,
        compact_when_free_share=0.0 if force_compact else settings.compact_when_free_share,
    )


@task(name="prune staging", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def prune_task(settings: Settings) -> PruneReport:
    return await asyncio.to_thread(
        prune_staging,
        settings.staging_dir,
        settings.data_dir / "staging-failed",
        keep_days=settings.staging_retention_days,
    )
