"""The command exits with its status, its exit handlers run, and its output is all there,
though it skips the interpreter's module teardown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from warehouse.connection import write_connection

BOOT = """
import atexit, sys
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.argv = ["newsflow", *sys.argv[1:]]
from newsflow.cli import main
main()
"""


def _newsflow(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BOOT, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_success_and_failure_keep_their_status_and_run_exit_handlers(tmp_path: Path) -> None:
    version = _newsflow("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith("newsflow ")
    assert "exit handler ran" in version.stderr

    missing = _newsflow("ingest", str(tmp_path / "no-such-dir"), cwd=tmp_path)
    assert missing.returncode == 2
    assert "no-such-dir" in missing.stderr + missing.stdout
    assert "exit handler ran" in missing.stderr

    unknown = _newsflow("no-such-command", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "exit handler ran" in unknown.stderr


def test_long_output_is_flushed_whole(tmp_path: Path) -> None:
    data = {"NEWSFLOW_DATA_DIR": str(tmp_path / "data")}
    with write_connection(tmp_path / "data" / "newsflow.duckdb"):
        pass  # an empty, migrated warehouse
    query = "SELECT range AS n FROM range(5000)"
    done = subprocess.run(
        [sys.executable, "-c", BOOT, "sql", "--format", "csv", query],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, **data},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "4999"
