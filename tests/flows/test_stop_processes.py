"""``newsflow down``'s stop of one recorded process: SIGTERM, then SIGKILL only for a process
that outlives its grace time. Real detached processes; no assertion on how long anything takes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from flows.ops.processes import ProcessRecord, is_running, spawn, stop

_IGNORES_SIGTERM = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(sys.argv[1], "w").close()  # ready: the handler is in place
time.sleep(600)
"""


def _spawn(tmp_path: Path, code: str, *args: str) -> ProcessRecord:
    return spawn(
        "worker",
        [sys.executable, "-c", code, *args],
        env=os.environ,
        cwd=tmp_path,
        log_file=tmp_path / "process.log",
    )


def test_a_process_that_ends_on_sigterm_is_stopped_not_killed(tmp_path: Path) -> None:
    record = _spawn(tmp_path, "import time; time.sleep(600)")
    assert is_running(record)
    # A grace time no loaded machine reaches: the outcome cannot depend on the clock.
    assert stop(record, grace_seconds=3600) == "stopped"
    assert not is_running(record)


def test_a_process_that_ignores_sigterm_is_killed_after_its_grace_time(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    record = _spawn(tmp_path, _IGNORES_SIGTERM, str(ready))
    while not ready.exists():
        assert is_running(record), (tmp_path / "process.log").read_text()
        time.sleep(0.05)
    assert stop(record, grace_seconds=0.2) == "killed"
    assert not is_running(record)
    assert stop(record) == "not running"
