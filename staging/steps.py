"""Staging what a step returned: one batch (``stage``), or every batch a step yields as it goes
(``stage_steps``), each staged before the step goes on, so the order on disk is the step's."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from settings import Settings
from staging.batches import stage_batch
from tasks.models import BatchRows, StagedSteps

R = TypeVar("R")


@dataclass(frozen=True)
class StageTarget:
    """Where and for whom a run's batches are staged."""

    staging_dir: Path
    run_id: str
    flow_name: str
    warehouse: Path | None = None
    epoch: datetime | None = None  # the run's start: its articles count as first seen then
    number_rows: bool = False  # the run loads in its own order (``stage_batch``)

    @classmethod
    def of(
        cls,
        settings: Settings,
        run_id: str,
        flow_name: str,
        epoch: datetime | None = None,
        *,
        number_rows: bool = False,
    ) -> StageTarget:
        """The settings' staging folder, for the settings' warehouse."""
        return cls(
            settings.staging_dir, run_id, flow_name, settings.warehouse_file, epoch, number_rows
        )


def stage(rows: BatchRows, target: StageTarget) -> Path:
    """Stage one batch; return its directory."""
    return stage_batch(
        target.staging_dir, run_id=target.run_id, flow_name=target.flow_name,
        articles=rows.articles, rejects=rows.rejects, ledger=rows.ledger, tables=rows.tables,
        warehouse=target.warehouse, epoch=target.epoch, seq=rows.seq,
        number_rows=target.number_rows,
    )  # fmt: skip


def stage_if_any(rows: BatchRows | None, target: StageTarget) -> Path | None:
    """Stage ``rows`` unless a step returned None (nothing to stage)."""
    return None if rows is None else stage(rows, target)


def stage_steps(steps: StagedSteps[R], target: StageTarget) -> R:
    """Run ``steps`` to its end, staging each batch it yields; return what it returns."""
    with contextlib.closing(steps):  # a failed stage ends the step (its readers stop)
        try:
            rows = next(steps)
            while True:
                rows = steps.send(stage(rows, target))
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]
