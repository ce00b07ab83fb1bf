"""Pick up dropped article files, parse and stage them in batches, then load the warehouse."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from prefect import flow
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.ingest_artifacts import (
    SourceTally,
    files_by_source,
    publish_ingest_files_artifacts,
    publish_ingest_files_summary,
)
from flows.json_parameters import json_flow
from flows.progress import report_progress
from flows.run_lifecycle import registered_run
from flows.run_names import ingest_files_run_name
from flows.runners import extraction_runner
from settings import Settings, load_settings
from tasks import stage_times
from tasks.ingest_batch import FLOW_NAME, BatchOutcome
from tasks.ingest_order import (
    ParseBatch,
    StagedBatchRef,
    WorkItem,
    needs_worker_processes,
    order_work,
)
from tasks.workers import start_workers, stop_idle_workers
from tasks.wrappers.dedup import dedup_pending_task
from tasks.wrappers.ingest import (
    ingest_file_batch_task,
    load_batches_task,
    plan_pickup_task,
    stage_pickup_rejects_task,
)
from tasks.wrappers.search import update_search_index_task
from warehouse.dedup_report import DedupReport
from warehouse.load_report import LoadReport


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
    by_source: list[dict[str, Any]]  # per source folder: files, articles, new, duplicate...
    elapsed_seconds: float
    # CPU seconds per stage (tasks.stage_times), this process's and its workers'
    cpu_seconds_by_stage: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@json_flow(name=FLOW_NAME, flow_run_name=ingest_files_run_name, timeout_seconds=6 * 3600)
def ingest_files(
    paths: list[str] | None = None,
    warehouse: str | None = None,
    pickup_mode: Literal["ledger", "move"] | None = None,
    batch_size: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Ingest the files under ``paths`` (default: the inbox) into the warehouse, with the
    given resolved ``settings`` (the command line's) or, without, those read here."""
    chosen: dict[str, Any] = {
        "warehouse": warehouse,
        "pickup_mode": pickup_mode,
        "batch_size": batch_size,
    }
    settings = settings.with_overrides(**chosen) if settings else load_settings(**chosen)
    roots = paths or [str(settings.inbox_dir)]
    if settings.task_runner == "local":
        return run_ingest_files(settings, [Path(p) for p in roots])
    on_runner = _ingest_files_on_runner.with_options(task_runner=extraction_runner(settings))
    return on_runner(settings, roots)


@flow(name=f"{FLOW_NAME}-batches", flow_run_name=ingest_files_run_name)
def _ingest_files_on_runner(settings: Settings, paths: list[str]) -> dict[str, Any]:
    """The parse batches go to the configured runner (a Dask cluster); the load stays here."""
    # Each Dask worker is already a process of its own: no worker processes of its own.
    settings = settings.with_overrides(worker_processes=1)
    return run_ingest_files(settings, [Path(p) for p in paths], on_runner=True)


def run_ingest_files(
    settings: Settings, roots: list[Path], *, on_runner: bool = False
) -> dict[str, Any]:
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    started = time.monotonic()
    cpu_before = stage_times.snapshot()
    scope = [os.path.abspath(root) for root in roots]
    with registered_run(settings, run_id, FLOW_NAME, scope) as run:
        if run.recovery.others:  # what ended runs left staged loads before this run's rows
            load_batches_task(settings, run.recovery.others)
        plan = plan_pickup_task(roots, settings)
        ordered: list[str] = []  # staged batches in the run's order: the order they load in
        if plan.rejects:
            staged = stage_pickup_rejects_task(plan, settings, run_id, run.epoch)
            ordered.extend([staged] if staged else [])
        adopted = [StagedBatchRef(a.path, a.first_input) for a in run.recovery.adopted]
        work = order_work(plan.candidates, adopted, settings.batch_size, settings.batch_max_bytes)
        total = len(plan.candidates)
        report_progress("parse", 0, total)
        parsed = rejected = done = 0
        tally = SourceTally()
        tally.add_pickup_rejects(plan.rejects)
        loads: list[PrefectFuture[LoadReport]] = []
        indexing: list[PrefectFuture[DedupReport]] = []
        submitted = AllSubmitted()
        if on_runner:  # all batches at once on the runner; the load waits for the end
            finished = _parse_batches_on_runner(work, settings, run_id, run.epoch)
        else:
            finished = _parse_batches_here(work, settings, run_id, run.epoch, submitted)
        busy: list[PrefectFuture[Any]] = []  # the warehouse job submitted last
        unindexed = 0  # articles parsed since the last dedup pass was submitted
        unloaded = 0  # articles parsed since the last load was submitted
        for staged_dir, outcome in finished:
            ordered.extend(outcome.archive_batches if outcome is not None else ())
            ordered.append(staged_dir)
            if outcome is not None:
                parsed += outcome.articles
                unindexed += outcome.articles
                unloaded += outcome.articles
                rejected += outcome.rejects
                done += outcome.files
                tally.add_batch(outcome.by_source)
                report_progress("parse", done, total)
            more_to_parse = done < total
            # Load and index what is staged, in the run's order, while the next batches are
            # parsed (in worker processes: the warehouse work has this one to itself), once
            # ``dedup_pass_articles`` are waiting: each load opens and checkpoints the file and
            # scans tables that grow with the warehouse, so a load per batch would make that
            # cost grow per article. Once every batch is submitted, waiting for more would
            # leave it all to the run's final load, which the workers sit idle through: it
            # then takes only the batches still being parsed.
            load_now = unloaded >= settings.dedup_pass_articles or submitted.all
            if (
                not on_runner
                and more_to_parse
                and load_now
                and (not busy or busy[-1].state.is_final())
            ):
                loads.append(load_batches_task.submit(settings, ordered))
                busy = [loads[-1]]
                ordered, unloaded = [], 0
                if unindexed >= settings.dedup_pass_articles:
                    indexing.append(
                        dedup_pending_task.submit(
                            settings, in_run=True, wait_for=[loads[-1]], return_state=False
                        )
                    )
                    busy, unindexed = [indexing[-1]], 0
        ordered.append(run.finish("completed"))
        report_progress("load", 0, 1)
        dedup = DedupReport()
        for pass_ in indexing:  # a failed pass leaves its articles to the final one
            result = pass_.result(raise_on_failure=False)
            if isinstance(result, DedupReport):
                dedup.add(result)
        load = LoadReport()
        for loading in loads:
            load.add(loading.result())
        load.add(load_batches_task(settings, ordered))
        # near-copies and stories; busy -> pending until next run
        dedup.add(dedup_pending_task(settings))
        # Parsing and signing are done: the workers (~150 MB each) would sit idle beside the
        # index's writer, the run's largest step. A run of a deployment is a process of its
        # own, so the next run would start its pool anyway; a flow of this process that is
        # using them keeps them.
        stop_idle_workers()
        epoch = run.epoch
        by_source = files_by_source(load, tally, dedup.of_run(epoch))
        rejected += len(plan.rejects)
        # The index's commit mostly waits on the disk (fsyncs): the run's artifacts go out
        # meanwhile (here: a runner's tasks may run elsewhere), its summary table after it.
        # A busy index or warehouse: the next run catches up.
        searching = None if on_runner else update_search_index_task.submit(settings)
        publish_ingest_files_artifacts(
            settings, load, plan.candidates, run_id=run_id, by_source=by_source,
            any_rejects=bool(rejected or load.rejected),
        )  # fmt: skip
        if searching is not None:
            searching.result()
        else:
            update_search_index_task(settings)
        report_progress("load", 1, 1)
    summary = IngestSummary(
        run_id=run_id,
        files=total,
        parsed=parsed,
        rejected=rejected,
        unchanged=plan.unchanged,
        still_being_written=plan.still_being_written,
        new=load.new,
        duplicate=load.duplicate,
        loaded_rejects=load.rejected,
        warehouse=str(settings.warehouse_file),
        warehouse_busy=load.busy,
        pending_batches=load.pending_batches,
        by_source=by_source,
        elapsed_seconds=round(time.monotonic() - started, 2),
        cpu_seconds_by_stage=stage_times.since(cpu_before),
    ).as_dict()
    publish_ingest_files_summary(summary)
    return summary


def _parse_batches_on_runner(
    work: list[WorkItem], settings: Settings, run_id: str, epoch: datetime
) -> Iterator[tuple[str, BatchOutcome | None]]:
    """All batches at once on the flow's task runner; staged batches in the run's order once
    all are done (the load waits for the end anyway)."""
    # Not quote()d as in the local path: Dask rebuilds that annotation (a named tuple) as a
    # plain tuple, and the task would get the tuple instead of the batch.
    futures = {
        item.seq: ingest_file_batch_task.submit(list(item.candidates), settings, run_id, epoch,
                                                item.seq)
        for item in work
        if isinstance(item, ParseBatch)
    }  # fmt: skip
    outcomes = {seq: future.result() for seq, future in futures.items()}
    for item in work:
        if isinstance(item, ParseBatch):
            yield outcomes[item.seq].staged_dir, outcomes[item.seq]
        else:
            yield item.path, None


@dataclass
class AllSubmitted:
    """Set once every batch of the run is submitted for parsing."""

    all: bool = False


def _parse_batches_here(
    work: list[WorkItem],
    settings: Settings,
    run_id: str,
    epoch: datetime,
    submitted: AllSubmitted,
) -> Iterator[tuple[str, BatchOutcome | None]]:
    """One batch more at a time than there are worker processes (``worker_processes``) being
    parsed, each staged batch yielded in the run's order, whichever worker finished first: the
    extra one waits for the first worker free, so none idles while the next batch is submitted,
    nor while an earlier batch is still parsed (a finished batch waiting for its turn to be
    yielded holds no place)."""
    if needs_worker_processes(work):
        start_workers(settings.worker_processes)
    else:
        settings = settings.with_overrides(worker_processes=1)
    workers = settings.worker_processes
    most = workers + 1 if workers > 1 else 1
    changed = threading.Condition()
    parsing: set[int] = set()  # seq of the batches submitted and not finished

    def finished(seq: int, _: object) -> None:
        with changed:
            parsing.discard(seq)
            changed.notify_all()

    in_flight: deque[tuple[WorkItem, PrefectFuture[BatchOutcome] | None]] = deque()
    for item in work:
        if not isinstance(item, ParseBatch):
            in_flight.append((item, None))
            continue
        while True:
            while in_flight and _done(in_flight[0][0], parsing, changed):
                yield _result(*in_flight.popleft())
            with changed:
                if len(parsing) < most:
                    parsing.add(item.seq)
                    break
                changed.wait()
        # quote(): Prefect would otherwise walk all the candidates looking for futures.
        future = ingest_file_batch_task.submit(
            quote(list(item.candidates)), settings, run_id, epoch, item.seq
        )
        future.add_done_callback(functools.partial(finished, item.seq))
        in_flight.append((item, future))
    submitted.all = True
    while in_flight:
        yield _result(*in_flight.popleft())


def _done(item: WorkItem, parsing: set[int], changed: threading.Condition) -> bool:
    with changed:
        return not isinstance(item, ParseBatch) or item.seq not in parsing


def _result(
    item: WorkItem, future: PrefectFuture[BatchOutcome] | None
) -> tuple[str, BatchOutcome | None]:
    if future is None:
        assert isinstance(item, StagedBatchRef)
        return item.path, None
    outcome = future.result()
    return outcome.staged_dir, outcome
