"""The collector runs rarely while a command starts and as usual once its imports are done."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tasks.start_up import (
    DEFAULT_THRESHOLDS,
    START_UP_THRESHOLDS,
    collect_rarely,
    imports_done,
)

BOOT = """
import atexit, gc, sys
atexit.register(lambda: print("gc", gc.get_threshold(), gc.get_freeze_count() > 0))
sys.argv = ["newsflow", *sys.argv[1:]]
from newsflow.cli import main
main()
"""


@pytest.fixture
def collector_restored() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("collector_restored")
def test_rarely_while_starting_then_as_usual_with_the_start_up_frozen() -> None:
    assert DEFAULT_THRESHOLDS == (700, 10, 10)  # Python's, read before anything changed them
    collect_rarely()
    assert gc.get_threshold() == START_UP_THRESHOLDS
    made_at_start_up = [object() for _ in range(10)]
    imports_done()
    assert gc.get_threshold() == DEFAULT_THRESHOLDS
    assert gc.get_freeze_count() >= len(made_at_start_up)


def test_ingest_runs_its_flow_with_the_usual_collector(tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text("Ferry timetable\n\nThe harbour ferries leave every twenty minutes.\n")
    os.utime(article, (1e9, 1e9))  # settled: not watched while it may still be written
    done = subprocess.run(
        [sys.executable, "-c", BOOT, "ingest", str(article)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={
            **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
            "NEWSFLOW_DATA_DIR": str(tmp_path / "data"),
        },
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"gc {DEFAULT_THRESHOLDS} True"
