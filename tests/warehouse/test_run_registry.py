"""A run is alive while its process holds its registry file's lock; kill -9 frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from warehouse.run_registry import RunEntry, dead_runs, live_run_ids, register_run

HOLDER = """
import sys
from datetime import UTC, datetime
from warehouse.run_registry import RunEntry, register_run
now = datetime.now(UTC)
entry = RunEntry("child-run", "ingest_files", now, now, "/w.duckdb", ("/in",), 0, "h")
run = register_run(__import__("pathlib").Path(sys.argv[1]), entry)
print("registered", flush=True)
sys.stdin.readline()
"""


def _entry(run_id: str) -> RunEntry:
    now = datetime.now(UTC)
    return RunEntry(run_id, "ingest_files", now, now, "/w.duckdb", ("/in",), os.getpid(), "h")


def test_a_run_is_alive_in_its_own_process_and_gone_once_closed(tmp_path: Path) -> None:
    with register_run(tmp_path, _entry("mine")):
        assert live_run_ids(tmp_path) == {"mine"}
        assert dead_runs(tmp_path) == []
    assert live_run_ids(tmp_path) == set() and dead_runs(tmp_path) == []


def test_a_killed_run_is_dead_with_what_it_registered(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None and child.stdout.readline().strip() == "registered"
        assert live_run_ids(tmp_path) == {"child-run"}
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    [dead] = dead_runs(tmp_path)
    assert (dead.run_id, dead.flow_name, dead.scope) == ("child-run", "ingest_files", ("/in",))
    assert live_run_ids(tmp_path) == set()
