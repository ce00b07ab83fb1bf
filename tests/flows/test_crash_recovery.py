"""kill -9 at any point of an ingest, then a plain re-run: the warehouse holds exactly what an
uninterrupted run gives (rejects, ledger, sightings and run counts included), and the run
that died is marked ``crashed``. Real processes, a real DuckDB file, the test Prefect API."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL

from staging.read import pending_batches, read_meta
from tests.support.corpus import write_mixed_inbox
from tests.support.crash import KillPoint, run_newsflow, run_newsflow_killed_at
from tests.support.warehouse_compare import differences, run_statuses

pytestmark = pytest.mark.usefixtures("prefect_harness")

POINTS = [
    # a batch staged (in the run's process, one worker), not loaded yet
    KillPoint("staging.steps", "stage_batch", nth=2),
    # half-way through writing a staged batch's files
    KillPoint("staging.batches", "_write_file", nth=5),
    # inside a load transaction while the run parses: rows inserted, not committed
    KillPoint("warehouse.load_rows", "_insert_articles_and_sightings", nth=1),
    # a load committed, its batches not removed yet
    KillPoint("warehouse.load_rows", "load_parts", nth=1),
    # inside a near-copy / story indexing transaction (this small run's only pass is the
    # final one, after its end was staged: in-run passes wait for 1,000 parsed articles)
    KillPoint("warehouse.dedup_run", "index_batch", nth=1),
    # the run's end staged, the last load not done
    KillPoint("tasks.wrappers.ingest", "stage_run", nth=1, when="after"),
]
# Points after the run's end is staged: the killed run is recorded as completed, and the rerun
# finishes what it left (the warehouse comparison above checks that).
AFTER_THE_RUNS_END = {"stage_run", "index_batch"}
# Points inside a load while the run still parses: a run loads while it parses once
# ``dedup_pass_articles`` are staged, so this small run is given a pass of 10 articles there
# (the passes' sizes do not change the warehouse: the reference keeps the default).
IN_RUN_LOADS = {"_insert_articles_and_sightings", "load_parts"}


def _env(data_dir: Path) -> dict[str, str]:
    return {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "NEWSFLOW_DATA_DIR": str(data_dir),
        "NEWSFLOW_BATCH_SIZE": "15",
        "NEWSFLOW_WORKER_PROCESSES": "1",
        "NEWSFLOW_SETTLE_SECONDS": "0",
        "NEWSFLOW_DEDUP_BATCH_SIZE": "40",
    }


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "inbox"
    write_mixed_inbox(folder)
    return folder


@pytest.fixture(scope="module")
def reference(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("uninterrupted") / "data"
    done = run_newsflow(["ingest", str(inbox)], _env(data))
    assert done.returncode == 0, done.stdout + done.stderr
    return data / "newsflow.duckdb"


@pytest.mark.parametrize("point", POINTS, ids=str)
def test_a_rerun_after_kill_9_gives_the_uninterrupted_warehouse(
    point: KillPoint, inbox: Path, reference: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    env = _env(data)
    if point.function in IN_RUN_LOADS:
        env["NEWSFLOW_DEDUP_PASS_ARTICLES"] = "10"
    killed = run_newsflow_killed_at(point, ["ingest", str(inbox)], env)
    assert killed.returncode == -9, f"not killed at {point}: {killed.stdout}{killed.stderr}"
    again = run_newsflow(["ingest", str(inbox)], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert differences(reference, data / "newsflow.duckdb") == {}
    statuses = run_statuses(data / "newsflow.duckdb")
    assert statuses[-1] == ("ingest_files", "completed")
    if point.function in AFTER_THE_RUNS_END:  # its end was staged: it did complete
        assert statuses == [("ingest_files", "completed")] * 2
    else:
        assert ("ingest_files", "crashed") in statuses
    assert not list((data / "runs").glob("*.run.json"))  # nobody left registered
    assert not list((data / "staging").iterdir())  # nothing left staged
    rerun = run_newsflow(["ingest", str(inbox)], _env(data))  # and again: nothing changes
    assert rerun.returncode == 0
    assert differences(reference, data / "newsflow.duckdb") == {}


def test_a_kill_inside_an_in_run_dedup_pass_then_a_rerun_gives_the_uninterrupted_warehouse(
    inbox: Path, reference: Path, tmp_path: Path
) -> None:
    """A dedup pass every 10 parsed articles (``dedup_pass_articles``): the first indexing
    transaction is a pass inside the run, submitted while batches are still parsed. The
    reference indexed everything in its final pass: the passes' sizes do not change the
    warehouse either.

    The pass runs beside the parsing, so on a loaded machine the last batch can be parsed and
    the run's end staged before the pass's first transaction (seen in CI): the killed run is
    then ``completed``, like a kill in the final pass, else ``crashed``. Which one it must be is
    read from the staging folder at the kill, not assumed."""
    data = tmp_path / "data"
    env = {**_env(data), "NEWSFLOW_DEDUP_PASS_ARTICLES": "10"}
    point = KillPoint("warehouse.dedup_run", "index_batch", nth=1)
    killed = run_newsflow_killed_at(point, ["ingest", str(inbox)], env)
    assert killed.returncode == -9, f"not killed at {point}: {killed.stdout}{killed.stderr}"
    assert run_statuses(data / "newsflow.duckdb") == [("ingest_files", "running")]
    staged = [read_meta(batch) for batch in pending_batches(data / "staging")]
    end_staged = any(meta.get("kind") == "run" for meta in staged)
    again = run_newsflow(["ingest", str(inbox)], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert differences(reference, data / "newsflow.duckdb") == {}
    assert run_statuses(data / "newsflow.duckdb") == [
        ("ingest_files", "completed" if end_staged else "crashed"),
        ("ingest_files", "completed"),
    ]
    assert not list((data / "staging").iterdir())
