"""Prefect tasks of the file pickup: each unwraps nothing and calls one plain function."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from newsflow.settings import Settings
from tasks.ingest_batch import BatchOutcome, ingest_file_batch, stage_pickup_rejects
from tasks.models import Reject
from tasks.pickup import Candidate, PickupPlan, plan_pickup
from tasks.workers import run_in_worker
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.ledger import read_file_ledger
from warehouse.load import LoadReport, load_staged
from warehouse.staging import RunRecord, stage_run


@task(name="plan pickup", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def plan_pickup_task(roots: Sequence[Path], settings: Settings) -> PickupPlan:
    ledger = read_file_ledger(settings.warehouse_file, wait_seconds=settings.load_wait_seconds)
    return plan_pickup(roots, ledger, settle_seconds=settings.settle_seconds)


# Not retried: by the time it can fail on the disk it may have staged the batch and moved some
# files, so a retry would stage them again. Its files stay where they are, and the next run
# takes them: that is its retry.
@task(name="parse and stage batch", cache_policy=NO_CACHE)
def ingest_file_batch_task(
    candidates: Sequence[Candidate], settings: Settings, run_id: str
) -> BatchOutcome:
    return run_in_worker(
        ingest_file_batch,
        candidates,
        settings=settings,
        run_id=run_id,
        processes=settings.worker_processes,
    )


@task(name="stage pickup rejects", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def stage_pickup_rejects_task(rejects: Sequence[Reject], settings: Settings, run_id: str) -> None:
    stage_pickup_rejects(rejects, settings=settings, run_id=run_id)


@task(name="load staged batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def load_staged_task(settings: Settings) -> LoadReport:
    return load_staged(settings)


@task(name="record run", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def record_run_task(record: RunRecord, settings: Settings) -> None:
    stage_run(settings.staging_dir, record)
