"""Extraction on a real Dask cluster (2 worker processes): reprocess re-extracts stored raw
pages with no network, ingest_files parses dropped files there; loading stays in the flow's
process either way: no duplicate rows."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.flows.backfill_support import write_sources_file
from tests.simsite import SimSite
from tests.support.files import GOOD_BODY, write_text_article
from warehouse.query import run_query

pytestmark = [
    pytest.mark.slow,
    # Dask's shutdown can warn about its own sockets (Prefect's are closed: see conftest).
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c.scheduler_address


def _tasks_run_by_workers(address: str) -> int:
    from distributed import Client

    with Client(address) as client:
        counts = client.run(lambda dask_worker: dask_worker.state.executed_count)
    return sum(counts.values())


def test_reprocess_runs_extraction_on_a_dask_cluster_without_refetching(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster: str
) -> None:
    from flows.backfill import backfill
    from flows.reprocess import reprocess

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    with SimSite(start=date(2024, 5, 1), days=2, per_day=2, crawl_delay=None) as site:
        monkeypatch.setenv(
            "NEWSFLOW_SOURCES_FILE", str(write_sources_file(tmp_path / "s.toml", site))
        )
        assert asyncio.run(backfill(start_date=date(2024, 5, 1), end_date=date(2024, 5, 2)))
        requests_after_backfill = site.log.count()

    monkeypatch.setenv("NEWSFLOW_TASK_RUNNER", "dask")
    monkeypatch.setenv("NEWSFLOW_DASK_ADDRESS", cluster)
    result = reprocess(start_date=date(2024, 5, 1), end_date=date(2024, 5, 2))
    assert result["pages"] == 4
    assert result["articles"] == 4
    assert result["new"] == 0 and result["duplicate"] == 4  # same parser, same text
    assert requests_after_backfill > 0
    rows = run_query(
        tmp_path / "data" / "newsflow.duckdb", "SELECT count(*) FROM articles", wait_seconds=5
    ).rows
    assert rows == [(4,)]
    _assert_reprocess_artifacts()


def _assert_reprocess_artifacts() -> None:
    """The run's per-source table (seen / new / duplicate / rejected) and the others."""
    import json
    from typing import Any

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    async def latest(key: str) -> Any:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                sort=ArtifactSort.CREATED_DESC,
                limit=1,
            )
        return found[0] if found else None

    sources = asyncio.run(latest("reprocess-sources"))
    assert json.loads(sources.data) == [
        {"source": "news", "seen": 4, "new": 0, "duplicate": 4, "rejected": 0}
    ]
    assert asyncio.run(latest("reprocess-rejects")) is not None
    assert asyncio.run(latest("reprocess-warehouse")) is not None


def test_ingest_files_parses_its_batches_on_a_dask_cluster_and_loads_once(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster: str
) -> None:
    from flows.ingest_files import ingest_files

    inbox = tmp_path / "inbox"
    for n in range(11):
        write_text_article(inbox / "wire" / f"{n}.txt", f"Story {n}", [f"{GOOD_BODY} Part {n}."])
    write_text_article(inbox / "wire" / "copy.txt", "Story 0", [f"{GOOD_BODY} Part 0."])
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    monkeypatch.setenv("NEWSFLOW_TASK_RUNNER", "dask")
    monkeypatch.setenv("NEWSFLOW_DASK_ADDRESS", cluster)

    first = ingest_files(paths=[str(inbox)], batch_size=4)
    assert (first["files"], first["new"], first["duplicate"], first["rejected"]) == (12, 11, 1, 0)
    assert _tasks_run_by_workers(cluster) >= 3  # the three parse batches ran on the workers
    again = ingest_files(paths=[str(inbox)], batch_size=4)
    assert (again["files"], again["new"], again["unchanged"]) == (0, 0, 12)
    warehouse = tmp_path / "data" / "newsflow.duckdb"
    counts = "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings)"
    assert run_query(warehouse, counts, wait_seconds=5).rows == [(11, 12)]
