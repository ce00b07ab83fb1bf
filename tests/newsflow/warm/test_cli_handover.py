"""`newsflow ingest` itself hands its command to the stack's runner: a recorded stack whose
server answers (a health endpoint on 127.0.0.1) and whose runner is the fake one, whose
children report what they were given instead of ingesting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.ops.processes import ProcessRecord, _start_ticks, save_records
from flows.ops.stack import RUNNER_SOCKET_NAME, STATE_FILE_NAME
from tests.newsflow.warm.test_runner import (
    STATE_WAIT_SECONDS,
    FakeRunner,
    caller_env,
    start_runner,
    stop_runner,
)
from tests.support.health_api import answering_health_api

NEWSFLOW = [sys.executable, "-c", "from newsflow.cli import main; main()"]


def _record(pid: int, role: str) -> ProcessRecord:
    return ProcessRecord(role, pid, _start_ticks(pid), "test", "log")


@pytest.fixture
def recorded_stack(tmp_path: Path) -> Iterator[tuple[Path, FakeRunner]]:
    """A data folder whose recorded stack is this process (the server, answering) and a fake
    runner started with the stack's Prefect home, as `newsflow up` starts the real one."""
    data_dir = tmp_path / "data"
    home = (data_dir / "prefect").resolve()
    runner = start_runner(home / RUNNER_SOCKET_NAME, env=caller_env(PREFECT_HOME=str(home)))
    try:
        with answering_health_api() as api_url:
            records = [_record(os.getpid(), "server"), _record(runner.process.pid, "runner")]
            save_records(home / STATE_FILE_NAME, records, api=api_url)
            yield data_dir, runner
    finally:
        stop_runner(runner)


def test_a_flow_command_is_handed_to_the_running_stacks_runner(
    recorded_stack: tuple[Path, FakeRunner], tmp_path: Path
) -> None:
    data_dir, _runner = recorded_stack
    article = tmp_path / "one.txt"
    article.write_text("A title\n\nA body.\n", "utf-8")
    done = subprocess.run(
        [*NEWSFLOW, "ingest", "one.txt"],
        cwd=tmp_path,
        env=caller_env(NEWSFLOW_DATA_DIR=str(data_dir)),
        capture_output=True,
        text=True,
        timeout=STATE_WAIT_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == {"handed over": ["ingest", "one.txt"], "cwd": str(tmp_path)}


def test_without_a_runner_record_the_command_runs_itself(tmp_path: Path) -> None:
    """A stack started before runners existed (or whose runner is gone): no hand-over."""
    from flows.ops.stack import running_stack_runner_socket
    from settings import load_settings

    home = tmp_path / "data" / "prefect"
    save_records(home / STATE_FILE_NAME, [_record(os.getpid(), "server")], api="x")
    (home / RUNNER_SOCKET_NAME).write_text("left behind")
    assert running_stack_runner_socket(load_settings(data_dir=tmp_path / "data")) is None
