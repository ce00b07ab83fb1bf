"""Every run publishes its artifacts in the UI: a table per source (seen / new / duplicate /
rejected), the top reject reasons, the slowest hosts (runs that fetch) and where the
warehouse is. Real flows, real HTTP on 127.0.0.1, the session's real Prefect API."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tests.flows.backfill_support import write_sources_file
from tests.simsite import SimSite
from tests.support.files import GOOD_BODY, write_text_article
from tests.support.holder import held_by_another_process
from tests.support.hostile_files import article_text
from warehouse.migrate import migrate

SOURCE_COLUMNS = ["source", "seen", "new", "duplicate", "rejected"]


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with SimSite(start=date(2024, 5, 1), days=2, per_day=2, crawl_delay=None) as running:
        yield running


def _artifacts(*flow_run_ids: Any) -> dict[str, Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=list(flow_run_ids))
                )
            )

    return {a.key: a for a in asyncio.run(read())}


def _child_runs(parent_id: Any) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    async def read() -> list[Any]:
        async with get_client() as client:
            return await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent_id])
                )
            )

    return asyncio.run(read())


def _run_name(flow_run_id: Any) -> str:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return str(client.read_flow_run(flow_run_id).name)


def _table(artifact: Any) -> list[dict[str, Any]]:
    return list(json.loads(artifact.data))


def test_the_file_pickup_publishes_sources_reject_reasons_and_the_warehouse(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest_files import ingest_files

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    inbox = tmp_path / "data" / "inbox"
    write_text_article(inbox / "wire" / "a.txt", "Story A", [GOOD_BODY + " A."])
    write_text_article(inbox / "wire" / "copy.txt", "Story A", [GOOD_BODY + " A."])
    write_text_article(inbox / "harbor" / "b.txt", "Story B", [GOOD_BODY + " B."])
    (inbox / "harbor" / "empty.txt").write_text(" \n", "utf-8")
    (inbox / "harbor" / "notes.docx").write_bytes(b"PK\x03\x04")
    listing = [{"title": f"List {n}", "body": article_text(f"list {n}")} for n in range(3)]
    (inbox / "harbor" / "list.json").write_text(json.dumps(listing), "utf-8")

    summary = ingest_files()

    assert re.fullmatch(
        r"ingest files inbox \d{4}-\d\d-\d\d \d\d:\d\d", _run_name(summary["run_id"])
    )
    artifacts = _artifacts(summary["run_id"])
    sources = _table(artifacts["ingest-files-new-by-source"])
    # seen counts files, articles apart: the JSON list is 1 file and 3 articles.
    columns = [*SOURCE_COLUMNS[:4], "near_copy", "new_stories", "rejected", "articles"]
    assert [list(row) for row in sources] == [columns] * 2
    assert [list(row.values()) for row in sources] == [
        # b.txt differs from a.txt by one word: a near-copy; the index also puts a.txt in the
        # story of a list item (so the run's 5 new articles make 3 stories)
        ["harbor", 4, 4, 0, 1, 3, 2, 4],
        ["wire", 2, 1, 1, 0, 0, 0, 2],
    ]
    (run,) = _table(artifacts["ingest-files-summary"])
    assert run["elapsed_seconds"] > 0
    assert run["files_per_second"] == round(6 / run["elapsed_seconds"], 1)
    reasons = {row["reason"]: row["count"] for row in _table(artifacts["ingest-files-rejects"])}
    assert reasons == {"empty file": 1, "unsupported file type": 1}
    assert "ingest-files-hosts" not in artifacts  # nothing fetched
    assert (
        str((tmp_path / "data" / "newsflow.duckdb").resolve())
        in artifacts["ingest-files-warehouse"].data
    )


def test_the_feed_ingest_publishes_sources_reject_reasons_hosts_and_the_warehouse(
    prefect_harness: None, tmp_path: Path, site: SimSite
) -> None:
    from flows.ingest_feeds import ingest_feeds

    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.news]\nkind = "feed"\nurls = ["{site.url("news", "/feed.xml")}"]\n'
        'min_delay = 0.0\nallow_hosts = ["127.0.0.1"]\n'
        f'[sources.faults]\nkind = "urls"\nurls = ["{site.fault_url("gone")}"]\n'
        'min_delay = 0.0\nallow_hosts = ["127.0.0.1"]\n',
        "utf-8",
    )
    result = ingest_feeds(
        sources_file=str(sources),
        data_dir=str(tmp_path / "data"),
        fetch_options={"retries": 0, "read_timeout": 2.0},
    )

    assert _run_name(result["run_id"]).startswith("ingest feeds enabled sources 20")
    artifacts = _artifacts(result["run_id"])
    rows = {row["source"]: row for row in _table(artifacts["ingest-feeds-sources"])}
    assert list(rows["news"])[:7] == [*SOURCE_COLUMNS[:4], "near_copy", "new_stories", "rejected"]
    assert rows["news"]["seen"] == rows["news"]["new"] == len(site.articles["news"])
    news = rows["news"]
    assert news["duplicate"] == 0 and 1 <= news["new_stories"] + news["near_copy"] <= news["new"]
    assert (rows["faults"]["new"], rows["faults"]["rejected"]) == (0, 1)
    reasons = [row["reason"] for row in _table(artifacts["ingest-feeds-rejects"])]
    assert len(reasons) == 1 and "404" in reasons[0]
    hosts = {row["host"] for row in _table(artifacts["ingest-feeds-hosts"])}
    assert hosts == {
        site.base("news").removeprefix("http://"),
        site.base("faults").removeprefix("http://"),
    }
    assert "ingest-feeds-warehouse" in artifacts


def test_a_backfill_and_each_of_its_day_runs_publish_their_artifacts(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: SimSite
) -> None:
    from flows.backfill import backfill

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(write_sources_file(tmp_path / "s.toml", site)))
    state = asyncio.run(
        backfill(start_date=date(2024, 5, 1), end_date=date(2024, 5, 2), return_state=True)
    )
    assert state.is_completed(), state.message

    parent = _artifacts(state.state_details.flow_run_id)
    assert {"backfill-sources", "backfill-rejects", "backfill-hosts", "backfill-warehouse"} <= set(
        parent
    )
    [news] = _table(parent["backfill-sources"])
    assert (news["source"], news["seen"], news["new"], news["duplicate"], news["rejected"]) == (
        "news",
        4,
        4,
        0,
        0,
    )
    assert any(row["requests"] > 0 for row in _table(parent["backfill-hosts"]))

    children = _child_runs(state.state_details.flow_run_id)
    assert len(children) == 2
    for child in children:
        mine = _artifacts(child.id)
        assert {
            "backfill-day-sources",
            "backfill-day-rejects",
            "backfill-day-hosts",
            "backfill-day-warehouse",
        } <= set(mine)
        [row] = _table(mine["backfill-day-sources"])
        assert (row["source"], row["seen"], row["status"]) == ("news", 2, "done")
        [host] = _table(mine["backfill-day-hosts"])
        assert host["requests"] >= 2  # the day's two pages, read back from its staged batches


def test_a_run_against_a_held_warehouse_shows_new_and_duplicate_pending_not_0(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest_files import ingest_files

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    monkeypatch.setenv("NEWSFLOW_LOAD_WAIT_SECONDS", "0.5")
    warehouse = tmp_path / "data" / "newsflow.duckdb"
    migrate(warehouse)
    inbox = tmp_path / "data" / "inbox"
    write_text_article(inbox / "wire" / "a.txt", "Story A", [GOOD_BODY + " A."])
    (inbox / "wire" / "empty.txt").write_text(" \n", "utf-8")

    with held_by_another_process(warehouse, read_only=False):
        summary = ingest_files()

    assert summary["warehouse_busy"]
    [wire] = _table(_artifacts(summary["run_id"])["ingest-files-new-by-source"])
    assert wire == {
        "source": "wire",
        "seen": 2,
        "new": "pending (warehouse busy)",
        "duplicate": "pending (warehouse busy)",
        "near_copy": "pending (warehouse busy)",
        "new_stories": "pending (warehouse busy)",
        "rejected": 1,
        "articles": 1,
    }
