"""``ingest_file_batch`` with its CPU seconds per stage, for the worker process that runs it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from settings import Settings
from tasks.ingest_batch import BatchOutcome, ingest_file_batch
from tasks.pickup import Candidate
from tasks.stage_times import collecting, timed


def ingest_file_batch_timed(
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
        outcome = ingest_file_batch(
            candidates, settings=settings, run_id=run_id, epoch=epoch, seq=seq
        )
    return outcome, seconds
