"""Reading fetch state from a real warehouse file, overlaid with rows still staged."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from settings import load_settings
from staging.batches import stage_batch
from warehouse.fetch_state import read_document_states, read_due_retries, read_url_states
from warehouse.load import load_staged

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def row(url: str, outcome: str, at: datetime, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {"url": url, "kind": "page", "source": "s", "outcome": outcome,
        "failures": 0, "retry": False, "run_id": "r", "recorded_at": at}  # fmt: skip
    values.update(extra)
    return values


def stage(staging: Path, rows: list[dict[str, object]]) -> None:
    stage_batch(staging, run_id="r", flow_name="test", articles=[], rejects=[],
                tables={"fetch_state": rows})  # fmt: skip


def test_latest_state_wins_and_staged_rows_count(tmp_path: Path) -> None:
    settings = load_settings({}, data_dir=tmp_path / "data")
    warehouse, staging = settings.warehouse_file, settings.staging_dir
    assert read_url_states(warehouse, ["https://a/1"], wait_seconds=0) == {}
    stage(staging, [
        row("https://a/1", "failed", NOW, retry=True, failures=1, next_attempt_after=NOW,
            hints={"title": "t"}),
        row("https://a/2", "failed", NOW, retry=True, failures=1,
            next_attempt_after=NOW + timedelta(days=1)),
        row("https://a/feed", "ok", NOW, kind="feed", etag='"v1"'),
    ])  # fmt: skip
    assert load_staged(settings).batches_loaded == 1
    states = read_url_states(warehouse, ["https://a/1", "https://a/2", "https://x"], wait_seconds=1)
    assert set(states) == {"https://a/1", "https://a/2"}
    assert states["https://a/1"].hints == {"title": "t"} and states["https://a/1"].retry

    due = read_due_retries(warehouse, ["s"], now=NOW, wait_seconds=1)
    assert [s.url for s in due] == ["https://a/1"]
    assert read_document_states(warehouse, ["s"], wait_seconds=1)["https://a/feed"].etag == '"v1"'

    stage(staging, [row("https://a/1", "ok", NOW + timedelta(minutes=5))])  # not loaded yet
    overlaid = read_url_states(warehouse, ["https://a/1"], wait_seconds=1, staging_dir=staging)
    assert overlaid["https://a/1"].outcome == "ok"
    load_staged(settings)
    assert read_due_retries(warehouse, ["s"], now=NOW, wait_seconds=1) == []


def test_busy_warehouse_reads_as_unknown(tmp_path: Path) -> None:
    settings = load_settings({}, data_dir=tmp_path / "data")
    stage(settings.staging_dir, [row("https://a/1", "ok", NOW)])
    load_staged(settings)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"c = duckdb.connect({str(settings.warehouse_file)!r})\nprint('held', flush=True)\n"
         "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        states = read_url_states(settings.warehouse_file, ["https://a/1"], wait_seconds=0.2)
    finally:
        holder.kill()
        holder.communicate()
    assert states == {}
    assert read_url_states(settings.warehouse_file, ["https://a/1"], wait_seconds=1)
