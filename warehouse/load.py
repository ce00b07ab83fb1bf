"""Load staged batches into the warehouse: short transactions (a few batches each), then close
the file.

If another process holds the warehouse, nothing is lost: the batches stay staged and the next
run (or ``newsflow load``) loads them. A batch id is recorded in ``staged_batches`` inside the
transaction that loads its rows, so a batch that is loaded twice (a crash between commit and
cleanup) counts once. A batch is loaded only into the warehouse it names and only if its seal
verifies; one that does not verify is set aside in ``staging-failed/`` with its reason (and a
``rejects`` row). A batch whose rows cannot load is split until the bad rows are found: they
become ``rejects`` rows, the others load. Only faults of the machine (disk full, a warehouse
that cannot be written) stop a load: ``LoadFailed`` says what to do, and the batches wait.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb

from settings import Settings
from staging.batches import stage_batch, warehouse_key
from staging.read import (
    BatchInvalid,
    StagedBatch,
    discard_batch,
    pending_batches,
    read_meta,
    remove_stale_temporaries,
    verify_batch,
)
from tasks.models import Reject
from warehouse import load_rows, load_split, opening
from warehouse.connection import write_connection
from warehouse.errors import LoadFailed, WarehouseBusy
from warehouse.load_report import LOADER_FLOW, LoadReport
from warehouse.run_registry import live_run_ids

_STALE_TEMPORARY_SECONDS = 3600
_GROUP_BATCHES = 20
_MACHINE_FAULTS = (
    duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException,
    duckdb.InternalException, duckdb.PermissionException, duckdb.InterruptException, OSError,
)  # fmt: skip
_one_loader_per_process = threading.Lock()


def load_staged(settings: Settings) -> LoadReport:
    """Load every pending batch of this warehouse whose run has ended (a live run loads its own
    batches, in its own order), oldest first."""
    live = live_run_ids(settings.runs_dir)
    chosen = []
    for batch_dir in pending_batches(settings.staging_dir):
        try:
            run_id = read_meta(batch_dir).get("run_id")
        except (OSError, ValueError):
            run_id = None  # unreadable: verification sets it aside
        if run_id not in live:
            chosen.append(batch_dir)
    return load_batches(settings, chosen)


def load_run(settings: Settings, run_id: str) -> LoadReport:
    """Load the batches ``run_id`` staged, in the order it numbered them."""
    mine = []
    for batch_dir in pending_batches(settings.staging_dir):
        try:
            if read_meta(batch_dir).get("run_id") == run_id:
                mine.append(batch_dir)
        except (OSError, ValueError):
            continue
    return load_batches(settings, mine)


def load_batches(settings: Settings, batch_dirs: Sequence[Path]) -> LoadReport:
    """Load the given batches in the given order (the order decides which of two sightings of
    one text becomes the article); report what was loaded and what still waits."""
    report = LoadReport()
    with _one_loader_per_process:
        remove_stale_temporaries(settings.staging_dir, _STALE_TEMPORARY_SECONDS)
        batches = _verified(settings, batch_dirs, report)
        if batches:
            try:
                with write_connection(
                    settings.warehouse_file, wait_seconds=settings.load_wait_seconds
                ) as connection:
                    for group in _groups(batches):
                        _load_group_or_each(connection, group, settings, report)
            except WarehouseBusy:
                report.busy = True
            except _MACHINE_FAULTS as exc:
                raise LoadFailed(
                    f"loading {settings.warehouse_file} failed: {type(exc).__name__}: {exc}. "
                    "The batches stay staged: free disk space or fix the file's permissions, "
                    "then run `newsflow load` (or the next run loads them)."
                ) from exc
        report.pending_batches = count_pending(settings)
    return report


def count_pending(settings: Settings) -> int:
    """Batches staged for this warehouse and not loaded yet."""
    key = warehouse_key(settings.warehouse_file)
    count = 0
    for batch_dir in pending_batches(settings.staging_dir):
        try:
            named = read_meta(batch_dir).get("warehouse")
        except (OSError, ValueError):
            continue
        count += named is None or named == key
    return count


def _verified(
    settings: Settings, batch_dirs: Sequence[Path], report: LoadReport
) -> list[StagedBatch]:
    """The batches that verify and are for this warehouse; the others set aside or left."""
    chosen: list[StagedBatch] = []
    reasons: list[Reject] = []
    for batch_dir in batch_dirs:
        if not batch_dir.is_dir():
            continue  # loaded and removed meanwhile
        try:
            staged = verify_batch(batch_dir)
        except BatchInvalid as exc:
            target = _set_aside(batch_dir, settings.data_dir / "staging-failed", str(exc))
            report.failed_batches += 1
            reasons.append(
                Reject(str(target), "staged batch set aside: it does not verify", str(exc), "stage")
            )
            continue
        if not staged.is_for(settings.warehouse_file):
            report.other_warehouse += 1
            continue
        chosen.append(staged)
    if reasons:  # staged like any rows, so the reasons reach the warehouse even if it is busy
        note = stage_batch(
            settings.staging_dir, run_id=LOADER_FLOW, flow_name=LOADER_FLOW, articles=[],
            rejects=reasons, warehouse=settings.warehouse_file,
        )  # fmt: skip
        chosen.append(verify_batch(note))
    return chosen


def _groups(batches: list[StagedBatch]) -> list[list[StagedBatch]]:
    """Consecutive row batches of one run, up to ``_GROUP_BATCHES`` a group (one transaction
    each: a commit costs more than a batch's rows); a run's closing record on its own."""
    groups: list[list[StagedBatch]] = []
    for batch in batches:
        last = groups[-1] if groups else None
        if (
            last is not None
            and len(last) < _GROUP_BATCHES
            and not batch.is_run_record
            and not last[0].is_run_record
            and last[0].run_id == batch.run_id
        ):
            last.append(batch)
        else:
            groups.append([batch])
    return groups


def _load_group_or_each(
    connection: duckdb.DuckDBPyConnection,
    group: list[StagedBatch],
    settings: Settings,
    report: LoadReport,
) -> None:
    """Load the group in one transaction; if its rows cannot load, each batch in its own, and a
    batch that still fails row by row (``load_split``), so one bad row costs only itself."""
    try:
        report.add_counts(_load_with_room(connection, group))
    except _MACHINE_FAULTS:
        raise
    except load_rows.DATA_ERRORS as exc:
        if len(group) > 1:
            for single in group:
                _load_group_or_each(connection, [single], settings, report)
            return
        batch = group[0]
        if batch.is_run_record:
            _set_aside(batch.path, settings.data_dir / "staging-failed", f"{exc}")
            report.failed_batches += 1
            return
        report.add_counts(load_split.load_row_by_row(connection, batch, exc))
    for batch in group:
        discard_batch(batch.path)
        report.batches_loaded += 1


def _load_with_room(connection: duckdb.DuckDBPyConnection, group: list[StagedBatch]) -> LoadReport:
    """``load_rows.load_group``; a group that ran out of the connection's memory cap (DuckDB
    reads a whole vector of long texts at once) was rolled back, and is loaded again with a
    larger cap (``opening.larger_memory_limit``), which is then put back: else the same batches
    would fail every run."""
    cap = opening.MEMORY_LIMIT_MB  # the cap ``open_file`` gave the write connection
    try:
        counts, finished_under = opening.run_with_room(
            connection,
            lambda: load_rows.load_group(connection, group),
            cap,
            what=f"a load of {len(group)} staged batches",
        )
    except duckdb.OutOfMemoryException:
        opening.set_memory_limit(connection, cap)
        raise
    if finished_under != cap:
        opening.set_memory_limit(connection, cap)
    return counts


def _set_aside(batch_dir: Path, failed_dir: Path, reason: str) -> Path:
    """Move a batch that must not load to ``staging-failed/`` with its reason."""
    failed_dir.mkdir(parents=True, exist_ok=True)
    target = failed_dir / batch_dir.name
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    shutil.move(batch_dir, target)
    (target / "error.txt").write_text(reason + "\n", "utf-8")
    return target
