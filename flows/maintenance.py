"""Daily maintenance: load what is staged, checkpoint (and compact) the warehouse, prune staging."""

from __future__ import annotations

import asyncio
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.artifacts import publish_warehouse_location
from newsflow.settings import Settings, load_settings
from tasks.wrappers.backfill import load_staged_task
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.maintenance import (
    CheckpointReport,
    PruneReport,
    checkpoint_and_compact,
    prune_staging,
)


@task(name="checkpoint and compact", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def checkpoint_task(settings: Settings) -> CheckpointReport:
    return await asyncio.to_thread(
        checkpoint_and_compact, settings.warehouse_file, wait_seconds=settings.lock_wait_seconds
    )


@task(name="prune staging", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
async def prune_task(settings: Settings) -> PruneReport:
    return await asyncio.to_thread(
        prune_staging,
        settings.staging_dir,
        settings.data_dir / "staging-failed",
        keep_days=settings.staging_retention_days,
    )


@flow(name="maintenance", flow_run_name="maintenance", timeout_seconds=3600)
async def maintenance() -> dict[str, Any]:
    """Load staged batches, checkpoint/compact the warehouse, prune old failed batches."""
    settings = load_settings()
    logger = get_run_logger()
    load = await load_staged_task(settings)
    checkpoint = None
    if settings.warehouse_file.exists():
        checkpoint = await checkpoint_task(settings)
    pruned = await prune_task(settings)
    logger.info("maintenance: %s %s %s", load, checkpoint, pruned)
    await acreate_table_artifact(
        key="maintenance",
        table=[
            {"step": "load", "result": f"{load.batches_loaded} batch(es), busy={load.busy}"},
            {"step": "checkpoint", "result": str(checkpoint or "no warehouse yet")},
            {"step": "prune", "result": f"{pruned.removed_failed_batches} failed batch(es)"},
        ],
        description="What the daily maintenance did",
    )
    await publish_warehouse_location("maintenance", settings, load)
    return {
        "loaded_batches": load.batches_loaded,
        "compacted": bool(checkpoint and checkpoint.compacted),
        "pruned_failed_batches": pruned.removed_failed_batches,
    }
