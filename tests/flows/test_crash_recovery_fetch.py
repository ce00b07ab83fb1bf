"""kill -9 in a fetch run (pages staged, inside a load, inside dedup), then a plain re-run: the
warehouse holds what an uninterrupted run gives, and no page is fetched twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from tests.simsite import SimSite
from tests.support.crash import KillPoint, run_newsflow, run_newsflow_killed_at
from tests.support.warehouse_compare import differences, run_statuses

pytestmark = pytest.mark.usefixtures("prefect_harness")

POINTS = [
    KillPoint("staging.steps", "stage_batch", nth=3),  # the first batch of pages
    KillPoint("warehouse.load_rows", "_insert_articles_and_sightings", nth=1),
    KillPoint("warehouse.dedup_run", "index_batch", nth=1),
]


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    with SimSite(crawl_delay=None, per_day=3) as running:
        yield running


def _sources(folder: Path, site: SimSite) -> Path:
    common = 'min_delay = 0.0\nconcurrency = 2\nallow_hosts = ["127.0.0.1"]\n'
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sources.toml"
    path.write_text(
        f'[sources.news]\nkind = "feed"\nurls = ["{site.url("news", "/feed.xml")}"]\n{common}'
        f'[sources.wire]\nkind = "feed"\nurls = ["{site.url("wire", "/atom.xml")}"]\n{common}'
    )
    return path


def _fetch(folder: Path, site: SimSite, point: KillPoint | None = None) -> int:
    env = {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "NEWSFLOW_DATA_DIR": str(folder / "data"),
        "NEWSFLOW_FETCH_BACKOFF_SECONDS": "0.01",
        "NEWSFLOW_FETCH_RETRIES": "1",
    }
    args = ["fetch", "--sources-file", str(_sources(folder, site))]
    done = run_newsflow_killed_at(point, args, env) if point else run_newsflow(args, env)
    assert done.returncode in (0, -9), done.stdout + done.stderr
    return done.returncode


def _page_requests(folder: Path) -> list[tuple[str, int]]:
    with duckdb.connect(str(folder / "data" / "newsflow.duckdb"), read_only=True) as connection:
        return connection.execute(
            "SELECT url, count(*) FROM fetch_log WHERE url LIKE '%.html' GROUP BY url"
        ).fetchall()


@pytest.mark.parametrize("point", POINTS, ids=str)
def test_a_fetch_rerun_after_kill_9_gives_the_uninterrupted_warehouse(
    point: KillPoint, site: SimSite, tmp_path: Path
) -> None:
    assert _fetch(tmp_path / "uninterrupted", site) == 0
    reference = tmp_path / "uninterrupted" / "data" / "newsflow.duckdb"
    assert _fetch(tmp_path / "killed", site, point) == -9
    assert _fetch(tmp_path / "killed", site) == 0
    warehouse = tmp_path / "killed" / "data" / "newsflow.duckdb"
    assert differences(reference, warehouse) == {}
    statuses = run_statuses(warehouse)
    if point.function == "stage_batch":
        assert ("ingest_feeds", "crashed") in statuses
    else:  # killed in its last load or dedup, after it had staged its end: it had completed
        assert statuses == [("ingest_feeds", "completed")] * 2
    assert all(count == 1 for _, count in _page_requests(tmp_path / "killed"))  # none twice
