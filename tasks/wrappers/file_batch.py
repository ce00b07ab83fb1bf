"""The worker entry points of a batch of dropped files: read the WARC files' progress, run the
step (``tasks.ingest_batch``) and stage what it yields; the timed one also returns its CPU
seconds per stage. Plain functions, no Prefect: a worker process imports this module by name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from settings import Settings
from staging.steps import StageTarget, stage_steps
from tasks.ingest_batch import FLOW_NAME, BatchOutcome, ingest_file_batch, warc_keys
from tasks.pickup import Candidate
from tasks.stage_times import collecting, timed


def ingest_and_stage_file_batch(
    candidates: Sequence[Candidate],
    *,
    settings: Settings,
    run_id: str,
    epoch: datetime | None = None,
    seq: int = 0,
) -> BatchOutcome:
    keys = warc_keys(candidates)
    archives = {}
    if keys:
        # Imported here: DuckDB is ~14 MB of every parse worker's memory, needed only for WARCs.
        from warehouse.warc_progress import read_archive_progress

        archives = read_archive_progress(
            settings.warehouse_file,
            keys,
            wait_seconds=settings.lock_wait_seconds,
            staging_dir=settings.staging_dir,
        )
    steps = ingest_file_batch(
        candidates, settings=settings, run_id=run_id, archives=archives, seq=seq
    )
    # The run loads its batches in its own order (``flows.ingest_files``), indexing as it goes.
    target = StageTarget.of(settings, run_id, FLOW_NAME, epoch, number_rows=True)
    return stage_steps(steps, target)


def ingest_and_stage_file_batch_timed(
    candidates: Sequence[Candidate],
    *,
    settings: Settings,
    run_id: str,
    epoch: datetime | None = None,
    seq: int = 0,
) -> tuple[BatchOutcome, dict[str, float]]:
    """The batch's outcome and its CPU seconds per stage. What the parse stages (read, decode,
    parse, extract, clean) do not claim counts as staging: writing the batch and its ledger."""
    with collecting() as seconds, timed("staging"):
        outcome = ingest_and_stage_file_batch(
            candidates, settings=settings, run_id=run_id, epoch=epoch, seq=seq
        )
    return outcome, seconds
