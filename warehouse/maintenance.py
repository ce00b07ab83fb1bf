"""Daily upkeep of the warehouse file and the staging area (the ``maintenance`` flow).

Checkpoint: ``FORCE CHECKPOINT`` folds the WAL into the file. DuckDB reuses freed blocks but
never shrinks its file, so when at least ``compact_when_free_share`` of the blocks are free the
warehouse is compacted: copied into a fresh file (``COPY FROM DATABASE``), checked table by
table, and swapped in with one atomic rename. The rule that keeps it safe:

- the copy is made while this process holds the warehouse (the single writer); a busy
  warehouse skips the compaction with a clear message, and the next maintenance tries again;
- between closing DuckDB and the rename, the old file is held with the same kind of lock DuckDB
  takes, and it is renamed over only if nobody wrote to it in between and no WAL is left;
- an interrupted run leaves the old file intact and at most a ``.compact-tmp`` file, which the
  next run removes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from staging.durable import fsync_path
from warehouse.connection import write_connection
from warehouse.errors import WarehouseBusy

COMPACT_WHEN_FREE_SHARE = 0.5
_COPY_ALIAS = "newsflow_compact_copy"


@dataclass(frozen=True)
class CheckpointReport:
    bytes_before: int
    bytes_after: int
    compacted: bool
    free_share: float  # free blocks / total blocks after the checkpoint
    skipped: str | None = None  # why nothing was done (busy warehouse, a write in between)

    def __str__(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        action = "compacted" if self.compacted else "checkpointed"
        return (
            f"{action}: {self.bytes_before:,} -> {self.bytes_after:,} bytes "
            f"(free share {self.free_share:.0%} before compaction)"
        )


def compact_copy_path(path: Path) -> Path:
    return path.with_name(path.name + ".compact-tmp")


def checkpoint_and_compact(
    path: Path,
    *,
    wait_seconds: float,
    compact_when_free_share: float = COMPACT_WHEN_FREE_SHARE,
) -> CheckpointReport:
    """Checkpoint the warehouse, and compact it when enough of it is free space.

    Never raises ``WarehouseBusy``: a busy warehouse is reported as skipped.
    """
    before = path.stat().st_size
    copy = compact_copy_path(path)
    _remove_leftovers(copy)
    try:
        with write_connection(path, wait_seconds=wait_seconds) as connection:
            connection.execute("FORCE CHECKPOINT")
            free_share = _free_share(connection)
            wanted = free_share >= compact_when_free_share
            if wanted:
                _copy_into(connection, copy)
    except WarehouseBusy as busy:
        _remove_leftovers(copy)
        return CheckpointReport(before, before, False, 0.0, f"{busy}; the next maintenance retries")
    except BaseException:
        _remove_leftovers(copy)
        raise
    if not wanted:
        return CheckpointReport(before, path.stat().st_size, False, round(free_share, 3))
    problem = _swap_in(copy, path)
    if problem is not None:
        _remove_leftovers(copy)
        return CheckpointReport(before, path.stat().st_size, False, round(free_share, 3), problem)
    return CheckpointReport(before, path.stat().st_size, True, round(free_share, 3))


def _free_share(connection: duckdb.DuckDBPyConnection) -> float:
    row = connection.execute("SELECT total_blocks, free_blocks FROM pragma_database_size()")
    total, free = (int(v) for v in row.fetchone() or (0, 0))
    return free / total if total else 0.0


def _copy_into(connection: duckdb.DuckDBPyConnection, copy: Path) -> None:
    """Copy every table, view, macro and sequence into ``copy`` and check the row counts."""
    source = _quoted(_current_database(connection))
    connection.execute(f"ATTACH '{_sql_string(str(copy))}' AS {_COPY_ALIAS}")
    try:
        # The source is named by its catalog (the file's stem), not ``main``: ``main`` is the
        # schema inside it.
        connection.execute(f"COPY FROM DATABASE {source} TO {_COPY_ALIAS}")
        tables = connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        for (table,) in tables:
            name = _quoted(table)
            counts = connection.execute(
                f"SELECT (SELECT count(*) FROM {source}.main.{name}), "
                f"(SELECT count(*) FROM {_COPY_ALIAS}.main.{name})"
            ).fetchone()
            if counts is None or counts[0] != counts[1]:
                raise RuntimeError(f"compaction copy of {table} differs: {counts}")
        connection.execute(f"CHECKPOINT {_COPY_ALIAS}")
    finally:
        connection.execute(f"DETACH {_COPY_ALIAS}")


def _swap_in(copy: Path, path: Path) -> str | None:
    """Rename ``copy`` over ``path`` unless someone touched ``path`` since the copy."""
    copied_state = _state(path)
    fsync_path(copy)
    with path.open("rb+") as held:
        try:
            # The same POSIX record lock DuckDB takes: no DuckDB process can open it meanwhile.
            fcntl.lockf(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return "another process opened the warehouse before the swap; the next run retries"
        if _state(path) != copied_state:
            return "the warehouse changed before the swap; the next run retries"
        if _wal(path).exists():
            return "the warehouse has a write-ahead log before the swap; the next run retries"
        os.replace(copy, path)
        fsync_path(path.parent, directory=True)
    return None


def _state(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _remove_leftovers(copy: Path) -> None:
    for leftover in (copy, _wal(copy)):
        leftover.unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _current_database(connection: duckdb.DuckDBPyConnection) -> str:
    row = connection.execute("SELECT current_database()").fetchone()
    if row is None:
        raise RuntimeError("DuckDB reported no current database")
    return str(row[0])


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return value.replace("'", "''")


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
