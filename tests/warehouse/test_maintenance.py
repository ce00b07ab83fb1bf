"""Checkpoint/compaction of a real warehouse file, and pruning of the staging area."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tests.support.holder import held_by_another_process
from warehouse.connection import read_connection, write_connection
from warehouse.maintenance import (
    _swap_in,
    checkpoint_and_compact,
    compact_copy_path,
    prune_staging,
)


def _warehouse_with_deletes(path: Path) -> None:
    with write_connection(path) as connection:
        connection.execute(
            "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) SELECT 'input-' || range, 'reason ' || (range % 7), "
            "md5(range::VARCHAR) || md5((range + 1)::VARCHAR), 'run-' || (range % 3), "
            "TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range) FROM range(200000)"
        )
        connection.execute(
            "INSERT INTO backfill_day_log VALUES ('news', DATE '2026-01-05', 'done', 3, 3, 0, "
            "NULL, 'parent', 'child', TIMESTAMPTZ '2026-01-06 00:00:00+00')"
        )
        connection.execute("CHECKPOINT")
        connection.execute("DELETE FROM rejects WHERE input NOT LIKE 'input-1%'")


def _everything(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with read_connection(path) as connection:
        tables = [r[0] for r in connection.execute("SHOW TABLES").fetchall()]
        return {
            t: connection.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables
        }


def test_the_checkpoint_folds_the_wal_in_and_reports_the_free_share(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with write_connection(path) as connection:
        connection.execute(
            "CREATE TABLE scratch AS SELECT range AS n, md5(range::VARCHAR) AS pad FROM range(200000)"
        )
        connection.execute("CREATE TABLE keep AS SELECT range AS n FROM range(10)")
        connection.execute("CHECKPOINT")
        connection.execute("DROP TABLE scratch")
    report = checkpoint_and_compact(path, wait_seconds=1, compact_when_free_share=1.1)
    assert not report.compacted
    assert not path.with_name("w.duckdb.wal").exists()
    assert report.free_share > 0.5
    with read_connection(path) as connection:
        assert connection.execute("SELECT sum(n) FROM keep").fetchone() == (45,)


def test_compaction_keeps_every_row_and_shrinks_the_file_after_deletes(tmp_path: Path) -> None:
    path = tmp_path / "newsflow.duckdb"
    _warehouse_with_deletes(path)
    checkpoint_and_compact(path, wait_seconds=1, compact_when_free_share=1.1)  # fold the WAL
    before, size_before = _everything(path), path.stat().st_size

    report = checkpoint_and_compact(path, wait_seconds=1)

    assert report.compacted, report
    assert report.skipped is None
    assert path.stat().st_size < size_before / 2
    assert _everything(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsflow.duckdb"]
    with read_connection(path) as connection:  # views and macros came along
        assert connection.execute("SELECT status FROM backfill_days").fetchall() == [("done",)]
        assert connection.execute("SELECT newsflow_views_key()").fetchone() is not None
    with write_connection(path) as connection:  # and it is a working warehouse
        connection.execute(
            "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES ('x', 'r', 'd', 'run', now())"
        )


def test_a_busy_warehouse_skips_compaction_with_a_message_and_loses_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "newsflow.duckdb"
    _warehouse_with_deletes(path)
    checkpoint_and_compact(path, wait_seconds=1, compact_when_free_share=1.1)
    before, size_before = _everything(path), path.stat().st_size
    with held_by_another_process(path):
        report = checkpoint_and_compact(path, wait_seconds=0.5)
    assert not report.compacted
    assert report.skipped is not None and "held by another process" in report.skipped
    assert "next maintenance retries" in str(report)
    assert path.stat().st_size == size_before
    assert _everything(path) == before
    assert not compact_copy_path(path).exists()


def test_the_swap_never_replaces_a_file_another_process_has_open(tmp_path: Path) -> None:
    path = tmp_path / "newsflow.duckdb"
    _warehouse_with_deletes(path)
    before = _everything(path)
    copy = compact_copy_path(path)
    copy.write_bytes(b"not a warehouse")
    with held_by_another_process(path):
        problem = _swap_in(copy, path)
    assert problem is not None and "another process" in problem
    assert _everything(path) == before


def test_an_interrupted_compaction_leaves_the_warehouse_whole_and_is_cleaned_up(
    tmp_path: Path,
) -> None:
    path = tmp_path / "newsflow.duckdb"
    _warehouse_with_deletes(path)
    checkpoint_and_compact(path, wait_seconds=1, compact_when_free_share=1.1)
    before = _everything(path)
    # What a run killed in the middle of the copy leaves: a partial copy next to the file.
    leftover = compact_copy_path(path)
    leftover.write_bytes(b"\0" * 4096)
    leftover.with_name(leftover.name + ".wal").write_bytes(b"partial")
    assert _everything(path) == before

    report = checkpoint_and_compact(path, wait_seconds=1)
    assert report.compacted
    assert _everything(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsflow.duckdb"]


def test_pruning_removes_only_old_failed_batches_and_never_pending_ones(tmp_path: Path) -> None:
    staging, failed = tmp_path / "staging", tmp_path / "staging-failed"
    (staging / "000-pending").mkdir(parents=True)
    (failed / "old").mkdir(parents=True)
    (failed / "new").mkdir(parents=True)
    month_ago = time.time() - 30 * 86400
    os.utime(failed / "old", (month_ago, month_ago))
    os.utime(staging / "000-pending", (month_ago, month_ago))
    report = prune_staging(staging, failed, keep_days=14)
    assert report.removed_failed_batches == 1
    assert sorted(p.name for p in failed.iterdir()) == ["new"]
    assert (staging / "000-pending").is_dir()
