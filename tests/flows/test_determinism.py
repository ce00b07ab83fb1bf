"""The warehouse does not depend on the number of worker processes or on which finished first:
1, 2 and 4 workers give the same tables (which copy is the article, its title and source,
cluster ids, story links, duplicates), and so does re-running it all with ``dedup --rebuild``.
Dedup passes run while the runs still load (every 10 articles, when the warehouse is free, so
they fall wherever the timing puts them), and families larger than the links a document keeps
make the order the documents are indexed in matter."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from tests.support.corpus import write_big_families, write_mixed_inbox
from tests.support.crash import run_newsflow
from tests.support.warehouse_compare import differences

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _ingest(inbox: Path, data: Path, workers: int) -> Path:
    env = {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "NEWSFLOW_DATA_DIR": str(data),
        "NEWSFLOW_BATCH_SIZE": "7",  # many small batches: workers finish out of order
        "NEWSFLOW_WORKER_PROCESSES": str(workers),
        "NEWSFLOW_SETTLE_SECONDS": "0",
        "NEWSFLOW_DEDUP_BATCH_SIZE": "25",
        "NEWSFLOW_DEDUP_PASS_ARTICLES": "10",
    }
    done = run_newsflow(["ingest", str(inbox)], env)
    assert done.returncode == 0, done.stdout + done.stderr
    return data / "newsflow.duckdb"


def _doc_order(warehouse: Path) -> list[str]:
    """The articles in the order dedup indexed them: what its capped look-ups depend on."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute("SELECT article_id FROM dedup_docs ORDER BY doc_no").fetchall()
    return [row[0] for row in rows]


def test_one_two_and_four_workers_give_the_same_warehouse(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_mixed_inbox(inbox, stories=80, seed=11)
    write_big_families(inbox)
    one = _ingest(inbox, tmp_path / "w1", 1)
    for workers in (2, 4):
        other = _ingest(inbox, tmp_path / f"w{workers}", workers)
        assert _doc_order(other) == _doc_order(one)
        assert differences(one, other) == {}
    env = {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "NEWSFLOW_DATA_DIR": str(tmp_path / "w4"),
    }
    rebuilt = run_newsflow(["dedup", "--rebuild"], env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert _doc_order(tmp_path / "w4" / "newsflow.duckdb") == _doc_order(one)
    assert differences(one, tmp_path / "w4" / "newsflow.duckdb") == {}
