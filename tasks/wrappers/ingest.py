"""Prefect tasks of the file pickup: each unwraps nothing and calls one plain function."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from staging.batches import RunRecord, stage_run
from staging.steps import StageTarget, stage_if_any
from tasks import stage_times
from tasks.ingest_batch import FLOW_NAME, BatchOutcome, pickup_rejects_rows
from tasks.pickup import Candidate, PickupPlan, newsflow_own_paths, plan_pickup
from tasks.workers import run_in_worker
from tasks.wrappers.file_batch import ingest_and_stage_file_batch_timed
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.ledger import unchanged_files
from warehouse.load import load_batches, load_run, load_staged
from warehouse.load_report import LoadReport
from warehouse.recovery import Recovery, recover, staged_ledger
from warehouse.run_registry import RunEntry


@task(name="plan pickup", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def plan_pickup_task(roots: Sequence[Path], settings: Settings) -> PickupPlan:
    """The files to take: not in the warehouse's ledger, nor in a batch still staged."""
    staged = staged_ledger(settings)

    def check(paths: list[str], sizes: list[int], mtimes: list[int]) -> list[bool]:
        return unchanged_files(
            settings.warehouse_file,
            paths,
            sizes,
            mtimes,
            wait_seconds=settings.load_wait_seconds,
            staged=staged,
        )

    return plan_pickup(
        roots,
        check,
        settle_seconds=settings.settle_seconds,
        own_paths=newsflow_own_paths(settings),
    )


@task(name="recover from dead runs", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def recover_task(settings: Settings, entry: RunEntry) -> Recovery:
    return recover(settings, entry)


# Not retried: by the time it can fail on the disk it may have staged the batch and moved some
# files, so a retry would stage them again. Its files stay where they are, and the next run
# takes them: that is its retry.
@task(name="parse and stage batch", cache_policy=NO_CACHE)
def ingest_file_batch_task(
    candidates: Sequence[Candidate], settings: Settings, run_id: str, epoch: datetime, seq: int
) -> BatchOutcome:
    outcome, seconds = run_in_worker(
        ingest_and_stage_file_batch_timed,
        candidates,
        settings=settings,
        run_id=run_id,
        epoch=epoch,
        seq=seq,
        processes=settings.worker_processes,
    )
    stage_times.add(seconds)
    return outcome


@task(name="stage pickup rejects", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def stage_pickup_rejects_task(
    plan: PickupPlan, settings: Settings, run_id: str, epoch: datetime
) -> str | None:
    rows = pickup_rejects_rows(plan.rejects, plan.rejected_entries)
    target = StageTarget.of(settings, run_id, FLOW_NAME, epoch, number_rows=True)
    staged = stage_if_any(rows, target)  # loads in the run's order, with its parsed batches
    return None if staged is None else str(staged)


@task(name="load staged batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def load_staged_task(settings: Settings) -> LoadReport:
    """Every batch of ended runs, oldest first."""
    return load_staged(settings)


@task(name="load batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def load_batches_task(settings: Settings, batch_dirs: Sequence[str]) -> LoadReport:
    """The given batches, in the given order."""
    with stage_times.timed("load"):
        return load_batches(settings, [Path(p) for p in batch_dirs])


@task(name="load the run's batches", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def load_run_task(settings: Settings, run_id: str) -> LoadReport:
    """What the run staged, in the order it numbered its batches."""
    return load_run(settings, run_id)


@task(name="record run", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def record_run_task(record: RunRecord, settings: Settings) -> str:
    return str(stage_run(settings.staging_dir, record, warehouse=settings.warehouse_file))
