"""Pick up dropped article files, parse and stage them in batches, then load the warehouse."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from prefect import flow
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.ingest_artifacts import publish_ingest_files_artifacts
from flows.progress import report_progress
from flows.run_names import ingest_files_run_name
from flows.runners import extraction_runner
from newsflow.settings import Settings, load_settings
from tasks.ingest_batch import FLOW_NAME, BatchOutcome
from tasks.pickup import Candidate
from tasks.wrappers.dedup import dedup_pending_task
from tasks.wrappers.ingest import (
    ingest_file_batch_task,
    load_staged_task,
    plan_pickup_task,
    record_run_task,
    stage_pickup_rejects_task,
)
from warehouse.dedup_run import DedupReport
from warehouse.load import LoadReport
from warehouse.staging import RunRecord


@dataclass(frozen=True)
class IngestSummary:
    run_id: str
    files: int
    parsed: int
    rejected: int
    unchanged: int
    still_being_written: int
    new: int
    duplicate: int
    loaded_rejects: int
    warehouse: str
    warehouse_busy: bool
    pending_batches: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@flow(name=FLOW_NAME, flow_run_name=ingest_files_run_name, timeout_seconds=6 * 3600)
def ingest_files(
    paths: list[str] | None = None,
    warehouse: str | None = None,
    pickup_mode: Literal["ledger", "move"] | None = None,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Ingest the files under ``paths`` (default: the inbox) into the warehouse."""
    settings = load_settings(warehouse=warehouse, pickup_mode=pickup_mode, batch_size=batch_size)
    roots = paths or [str(settings.inbox_dir)]
    if settings.task_runner == "local":
        return run_ingest_files(settings, [Path(p) for p in roots])
    on_runner = _ingest_files_on_runner.with_options(task_runner=extraction_runner(settings))
    return on_runner(settings, roots)


@flow(name=f"{FLOW_NAME}-batches", flow_run_name=ingest_files_run_name)
def _ingest_files_on_runner(settings: Settings, paths: list[str]) -> dict[str, Any]:
    """The parse batches go to the configured runner (a Dask cluster); the load stays here."""
    # Each Dask worker is already a process of its own: no worker processes of its own.
    settings = replace(settings, worker_processes=1)
    return run_ingest_files(settings, [Path(p) for p in paths], on_runner=True)


def run_ingest_files(
    settings: Settings, roots: list[Path], *, on_runner: bool = False
) -> dict[str, Any]:
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    started_at = datetime.now(UTC)
    plan = plan_pickup_task(roots, settings)
    if plan.rejects:
        stage_pickup_rejects_task(plan.rejects, settings, run_id)
    total = len(plan.candidates)
    report_progress("parse", 0, total)
    parsed = rejected = done = 0
    loads: list[PrefectFuture[LoadReport]] = []
    background: PrefectFuture[DedupReport] | None = None
    batches = [
        plan.candidates[i : i + settings.batch_size] for i in range(0, total, settings.batch_size)
    ]
    if on_runner:  # all batches at once on the runner; the load waits for the end
        outcomes = _parse_batches_on_runner(batches, settings, run_id)
    else:
        outcomes = _parse_batches_here(batches, settings, run_id)
    for outcome in outcomes:
        parsed += outcome.articles
        rejected += outcome.rejects
        done += outcome.files
        report_progress("parse", done, total)
        if not on_runner and (background is None or background.state.is_final()):
            # Load and index what is staged while the next batches are parsed (in worker
            # processes: the warehouse work has this one to itself). One at a time.
            loads.append(load_staged_task.submit(settings))
            background = dedup_pending_task.submit(
                settings, wait_for=[loads[-1]], return_state=False
            )
    record_run_task(
        RunRecord(run_id, FLOW_NAME, started_at, datetime.now(UTC), "completed"), settings
    )
    report_progress("load", 0, 1)
    if background is not None:
        background.wait()
    load = LoadReport()
    for loading in loads:
        load.add(loading.result())
    load.add(load_staged_task(settings))
    dedup_pending_task(settings)  # near-copies and stories; busy -> pending until next run
    report_progress("load", 1, 1)
    summary = IngestSummary(
        run_id=run_id,
        files=total,
        parsed=parsed,
        rejected=rejected + len(plan.rejects),
        unchanged=plan.unchanged,
        still_being_written=plan.still_being_written,
        new=load.new,
        duplicate=load.duplicate,
        loaded_rejects=load.rejected,
        warehouse=str(settings.warehouse_file),
        warehouse_busy=load.busy,
        pending_batches=load.pending_batches,
    ).as_dict()
    publish_ingest_files_artifacts(settings, summary, load, plan.candidates)
    return summary


def _parse_batches_on_runner(
    batches: list[list[Candidate]], settings: Settings, run_id: str
) -> Iterator[BatchOutcome]:
    """All batches at once on the flow's task runner, each outcome as it completes."""
    # Not quote()d as in the local path: Dask rebuilds that annotation (a named tuple) as a
    # plain tuple, and the task would get the tuple instead of the batch.
    futures = [ingest_file_batch_task.submit(batch, settings, run_id) for batch in batches]
    for future in as_completed(futures):
        yield future.result()


def _parse_batches_here(
    batches: list[list[Candidate]], settings: Settings, run_id: str
) -> Iterator[BatchOutcome]:
    """As many batches at a time as there are worker processes (``worker_processes``), in order."""
    in_flight: deque[PrefectFuture[BatchOutcome]] = deque()
    for batch in batches:
        # quote(): Prefect would otherwise walk all the candidates looking for futures.
        in_flight.append(ingest_file_batch_task.submit(quote(batch), settings, run_id))
        if len(in_flight) >= settings.worker_processes:
            yield in_flight.popleft().result()
    while in_flight:
        yield in_flight.popleft().result()
