"""A run's life around its work: settle dead runs, register, and record how it ended.

Every flow that stages rows runs inside ``registered_run``: it first notices runs that died
(``warehouse.recovery``), registers itself as alive (``warehouse.run_registry``), and at the
end stages its closing record: the one the flow gives (``RunContext.finish``), or ``failed``
if the flow raised. A run killed outright leaves its registry file unlocked: the next run
notices it as ``crashed``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from settings import Settings
from staging.batches import RunRecord, warehouse_key
from tasks.wrappers.ingest import record_run_task, recover_task
from warehouse.recovery import Recovery
from warehouse.run_registry import RunEntry, register_run, this_host


@dataclass
class RunContext:
    run_id: str
    flow_name: str
    started_at: datetime
    recovery: Recovery
    settings: Settings
    end_record: str | None = None

    @property
    def epoch(self) -> datetime:
        """When this run's articles count as first seen (a resumed run's epoch)."""
        return self.recovery.epoch

    def finish(self, status: str = "completed") -> str:
        """Stage the run's closing record (it loads after the run's batches); its path."""
        record = RunRecord(self.run_id, self.flow_name, self.started_at, datetime.now(UTC), status)
        self.end_record = record_run_task(record, self.settings)
        return self.end_record


@contextmanager
def child_run(
    settings: Settings, run_id: str, flow_name: str, epoch: datetime, parent_run_id: str
) -> Iterator[RunContext]:
    """A sub-run (a backfill's day): alive while it runs, with its own end record, and the
    parent's epoch; its parent settles dead runs, not it."""
    started = datetime.now(UTC)
    entry = RunEntry(
        run_id=run_id, flow_name=flow_name, epoch=epoch, started_at=started,
        warehouse=warehouse_key(settings.warehouse_file), scope=(parent_run_id,),
        pid=os.getpid(), host=this_host(),
    )  # fmt: skip
    live = register_run(settings.runs_dir, entry)
    context = RunContext(run_id, flow_name, started, Recovery(epoch), settings)
    try:
        yield context
    finally:
        try:
            if context.end_record is None:
                context.finish("failed")
        finally:
            live.close()


@contextmanager
def registered_run(
    settings: Settings, run_id: str, flow_name: str, scope: Sequence[str]
) -> Iterator[RunContext]:
    started = datetime.now(UTC)
    entry = RunEntry(
        run_id=run_id, flow_name=flow_name, epoch=started, started_at=started,
        warehouse=warehouse_key(settings.warehouse_file), scope=tuple(sorted(scope)),
        pid=os.getpid(), host=this_host(),
    )  # fmt: skip
    recovery = recover_task(settings, entry)
    live = register_run(settings.runs_dir, replace(entry, epoch=recovery.epoch))
    context = RunContext(run_id, flow_name, started, recovery, settings)
    try:
        yield context
    finally:
        try:
            if context.end_record is None:
                context.finish("failed")
        finally:
            live.close()
