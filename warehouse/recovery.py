"""What a starting run does about runs that died: notice them, and take over what they left.

A registered run (``warehouse.run_registry``) whose process is gone and that staged no end
record crashed: the starting run stages a ``crashed`` record for it (loaded like any batch, so
the note survives a busy warehouse). If the dead run did the same work (same flow, warehouse
and folders or sources), the new run *resumes* it: it takes the dead run's epoch, so its
articles count as first seen at the same instant an uninterrupted run would have given them,
and it adopts the batches the dead run staged but never loaded, to load each at its place in
the run's order. The batches of other ended runs load first, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from settings import Settings
from staging.batches import RunRecord, stage_run, warehouse_key
from staging.read import pending_batches, read_meta, remove_temporaries_of, staged_rows
from warehouse.connection import read_connection
from warehouse.errors import WarehouseBusy
from warehouse.run_registry import RunEntry, dead_runs, forget_runs, live_run_ids


@dataclass(frozen=True)
class AdoptedBatch:
    path: str
    first_input: str  # the smallest path it covers: its place in the run's order


@dataclass
class Recovery:
    epoch: datetime  # the instant this run's articles count as first seen
    resumed: list[str] = field(default_factory=list)  # crashed runs this one continues
    crashed: list[str] = field(default_factory=list)  # dead runs noticed now
    adopted: list[AdoptedBatch] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # ended runs' batches: load them first


def recover(settings: Settings, entry: RunEntry, *, now: datetime | None = None) -> Recovery:
    """Settle the dead runs of this warehouse before ``entry`` (not registered yet) starts."""
    key = warehouse_key(settings.warehouse_file)
    dead = [d for d in dead_runs(settings.runs_dir) if d.warehouse == key]
    metas = _pending_metas(settings, key)
    ended = {m["run_id"] for _, m in metas if m.get("kind") == "run" and m["status"] != "crashed"}
    ended |= _ended_in_warehouse(settings, [d.run_id for d in dead if d.run_id not in ended])
    crashed = [d for d in dead if d.run_id not in ended]
    noticed = now or datetime.now(UTC)
    for run in crashed:
        record = RunRecord(run.run_id, run.flow_name, run.started_at, None, "crashed")
        stage_run(settings.staging_dir, record, warehouse=settings.warehouse_file,
                  noticed_at=noticed)  # fmt: skip
    # Runs recorded as running that have no registry file at all (every run registers before
    # it stages anything, so these died before newsflow kept a registry) crashed too.
    registered = {d.run_id for d in dead} | live_run_ids(settings.runs_dir)
    for run_id, flow_name, started_at in _running_in_warehouse(settings):
        if run_id not in registered:
            record = RunRecord(run_id, flow_name, started_at, None, "crashed")
            stage_run(settings.staging_dir, record, warehouse=settings.warehouse_file,
                      noticed_at=noticed)  # fmt: skip
    resumed = [d for d in crashed if d.same_work(entry)]
    epoch = min((d.epoch for d in resumed), default=entry.epoch)
    recovery = Recovery(epoch, [d.run_id for d in resumed], [d.run_id for d in crashed])
    metas = _pending_metas(settings, key)  # with the crash records just staged
    for path, meta in metas:
        if resumed and _same_epoch_batch(meta, entry.flow_name, epoch):
            recovery.adopted.append(AdoptedBatch(str(path), _first_input(path)))
        else:
            recovery.others.append(str(path))
    for run in dead:
        remove_temporaries_of(settings.staging_dir, run.run_id)
    forget_runs(settings.runs_dir, [d.run_id for d in dead])
    return recovery


def staged_ledger(settings: Settings) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of the files taken by batches still staged for this warehouse (by ended
    runs): the pickup must not read them again, or they would count twice."""
    key = warehouse_key(settings.warehouse_file)
    taken: dict[str, tuple[int, int]] = {}
    for path, _ in _pending_metas(settings, key):
        for row in staged_rows(path, "ledger.jsonl"):
            try:
                taken[str(row["path"])] = (int(row["size"]), int(row["mtime_ns"]))
            except (KeyError, TypeError, ValueError):
                continue
    return taken


def _pending_metas(settings: Settings, key: str) -> list[tuple[Path, dict[str, Any]]]:
    live = live_run_ids(settings.runs_dir)
    found: list[tuple[Path, dict[str, Any]]] = []
    for path in pending_batches(settings.staging_dir):
        try:
            meta = read_meta(path)
        except (OSError, ValueError):
            found.append((path, {}))  # the loader sets it aside with its reason
            continue
        if meta.get("run_id") in live or meta.get("warehouse") not in (None, key):
            continue
        found.append((path, meta))
    return found


def _same_epoch_batch(meta: dict[str, Any], flow_name: str, epoch: datetime) -> bool:
    if meta.get("kind") != "batch" or meta.get("flow_name") != flow_name:
        return False
    try:
        return datetime.fromisoformat(str(meta.get("epoch"))) == epoch
    except ValueError:
        return False


def _first_input(batch: Path) -> str:
    paths = [str(row.get("path")) for row in staged_rows(batch, "ledger.jsonl")]
    return min(paths, default="")


def _ended_in_warehouse(settings: Settings, run_ids: list[str]) -> set[str]:
    """Which of ``run_ids`` the warehouse already records as ended (their end record loaded);
    unknown when it is busy: they are noted as crashed, and a completed record loaded later
    still wins."""
    if not run_ids:
        return set()
    rows = _query(
        settings,
        "SELECT run_id FROM ingest_runs WHERE list_contains(?, run_id) "
        "AND status NOT IN ('running', 'crashed')",
        [run_ids],
    )
    return {str(row[0]) for row in rows}


def _running_in_warehouse(settings: Settings) -> list[tuple[str, str, datetime]]:
    rows = _query(
        settings, "SELECT run_id, flow_name, started_at FROM ingest_runs WHERE status = 'running'"
    )
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]


def _query(settings: Settings, sql: str, parameters: list[Any] | None = None) -> list[Any]:
    if not settings.warehouse_file.exists():
        return []
    try:
        with read_connection(settings.warehouse_file, wait_seconds=1.0) as connection:
            return connection.execute(sql, parameters).fetchall()
    except (WarehouseBusy, duckdb.Error):
        return []
