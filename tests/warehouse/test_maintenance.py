"""Checkpoint/compaction of a real warehouse file, and pruning of the staging area."""

from __future__ import annotations

import os
import time
from pathlib import Path

from warehouse.connection import read_connection, write_connection
from warehouse.maintenance import checkpoint_and_compact, prune_staging


def test_the_checkpoint_folds_the_wal_in_and_reports_the_free_share(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with write_connection(path) as connection:
        connection.execute(
            "CREATE TABLE scratch AS SELECT range AS n, md5(range::VARCHAR) AS pad FROM range(200000)"
        )
        connection.execute("CREATE TABLE keep AS SELECT range AS n FROM range(10)")
        connection.execute("CHECKPOINT")
        connection.execute("DROP TABLE scratch")
    report = checkpoint_and_compact(path, wait_seconds=1)
    assert not path.with_name("w.duckdb.wal").exists()
    assert report.free_share > 0.5
    with read_connection(path) as connection:
        assert connection.execute("SELECT sum(n) FROM keep").fetchone() == (45,)


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
