"""Daily upkeep of the warehouse file and the staging area (the ``maintenance`` flow).

DuckDB reuses freed blocks but never shrinks its file; the checkpoint reports the share of free
blocks so a later compaction step can be triggered by it.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from warehouse.connection import write_connection

COMPACT_WHEN_FREE_SHARE = 0.5


@dataclass(frozen=True)
class CheckpointReport:
    bytes_before: int
    bytes_after: int
    compacted: bool
    free_share: float  # free blocks / total blocks after the checkpoint


def checkpoint_and_compact(
    path: Path, *, wait_seconds: float, compact_when_free_share: float = COMPACT_WHEN_FREE_SHARE
) -> CheckpointReport:
    """FORCE CHECKPOINT the warehouse (the WAL is folded into the file) and report its size.

    Raises ``WarehouseBusy`` when another process holds the file longer than ``wait_seconds``.
    """
    before = path.stat().st_size if path.exists() else 0
    compacted = False
    with write_connection(path, wait_seconds=wait_seconds) as connection:
        connection.execute("FORCE CHECKPOINT")
        row = connection.execute(
            "SELECT total_blocks, free_blocks FROM pragma_database_size()"
        ).fetchone()
        total, free = (int(row[0]), int(row[1])) if row else (0, 0)
        # Compaction (copying into a fresh file) is not done yet: COPY FROM DATABASE fails on
        # views that name ``main.`` explicitly. Report the free share so it can be watched.
        compacted = False
        free_share = free / total if total else 0.0
    return CheckpointReport(before, path.stat().st_size, compacted, round(free_share, 3))


@dataclass(frozen=True)
class PruneReport:
    removed_failed_batches: int
    removed_temporaries: int


def prune_staging(staging_dir: Path, failed_dir: Path, *, keep_days: int) -> PruneReport:
    """Remove batches set aside as unloadable, and abandoned temporaries, older than ``keep_days``.

    Pending batches are never touched: they are loaded, not pruned.
    """
    cutoff = time.time() - keep_days * 86400
    removed_failed = removed_tmp = 0
    if failed_dir.is_dir():
        for batch in failed_dir.iterdir():
            if batch.stat().st_mtime < cutoff:
                shutil.rmtree(batch, ignore_errors=True)
                removed_failed += 1
    if staging_dir.is_dir():
        for leftover in staging_dir.glob(".tmp-*"):
            if leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
                removed_tmp += 1
    return PruneReport(removed_failed, removed_tmp)
