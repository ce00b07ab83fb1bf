"""The backfill flow over a simulated news site (real HTTP on 127.0.0.1, real DuckDB, real
Prefect API from the session harness)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from settings import load_settings
from staging.batches import stage_batch
from staging.read import pending_batches
from tasks.progress_rows import DAY_LOG_TABLE, day_log_row
from tests.flows.backfill_support import write_sources_file
from tests.simsite import SimSite
from warehouse.query import run_query

START = date(2024, 5, 1)
DAYS = 4


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    with SimSite(start=START, days=DAYS, per_day=2, crawl_delay=None) as running:
        yield running


@pytest.fixture
def data_dir(tmp_path: Path, site: SimSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    sources = write_sources_file(tmp_path / "sources.toml", site, names=("news", "wire"))
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(sources))
    return tmp_path / "data"


def _run(**parameters: Any) -> Any:
    from flows.backfill import backfill

    state = asyncio.run(backfill(**parameters, return_state=True))
    return state


def _rows(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    return run_query(data_dir / "newsflow.duckdb", sql, wait_seconds=5).rows


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


def test_a_backfill_runs_one_child_per_day_and_records_each_source_day(
    prefect_harness: None, data_dir: Path, site: SimSite
) -> None:
    end = date(2024, 5, 3)
    state = _run(start_date=START, end_date=end, max_concurrency=2)
    assert state.is_completed(), state.message
    summary = state.result()
    assert summary["day_runs"] == 3
    assert 1 <= summary["peak_concurrency"] <= 2

    statuses = _rows(data_dir, "SELECT source, day, status, urls FROM backfill_days ORDER BY 1, 2")
    expected_days = [date(2024, 5, d) for d in (1, 2, 3)]
    assert statuses == [("news", d, "done", 2) for d in expected_days] + [
        ("wire", d, "done", 1) for d in expected_days
    ]
    in_range = [
        a for a in site.articles["news"] + site.articles["wire"] if a.published.date() <= end
    ]
    titles = {r[0] for r in _rows(data_dir, "SELECT title FROM articles")}
    assert titles == {a.title for a in in_range}

    children = _child_runs(state.state_details.flow_run_id)
    assert sorted(c.name for c in children) == [f"backfill {d}" for d in expected_days]


def test_rerun_modes_pick_missing_failed_or_all_days_without_duplicating_rows(
    prefect_harness: None, data_dir: Path
) -> None:
    first = _run(start_date=START, end_date=date(2024, 5, 2), sources=["news"])
    assert first.is_completed(), first.message
    articles_before = _rows(data_dir, "SELECT count(*) FROM articles")[0][0]
    assert articles_before == 4

    # missing: the two done days are skipped, the two new ones run.
    missing = _run(start_date=START, end_date=date(2024, 5, 4), sources=["news"])
    assert missing.result()["day_runs"] == 2

    # failed: record 2024-05-03 as failed (the row a failed day stages), then only it runs.
    settings = load_settings(data_dir=data_dir)
    failed_row = day_log_row(
        source="news", day=date(2024, 5, 3), status="failed",
        backfill_run_id="test", day_run_id="test", error="simulated",
    )  # fmt: skip
    stage_batch(
        settings.staging_dir, run_id="test", flow_name="test", articles=[], rejects=[],
        tables={DAY_LOG_TABLE: [failed_row]},
    )  # fmt: skip
    rerun_failed = _run(
        start_date=START, end_date=date(2024, 5, 4), sources=["news"], rerun="failed"
    )
    assert rerun_failed.result()["day_runs"] == 1
    assert _rows(
        data_dir, "SELECT status, attempts FROM backfill_days WHERE day = '2024-05-03'"
    ) == [("done", 3)]

    # all: every day again, and not one more article or sighting.
    sightings_before = _rows(data_dir, "SELECT count(*) FROM sightings")[0][0]
    everything = _run(start_date=START, end_date=date(2024, 5, 4), sources=["news"], rerun="all")
    assert everything.result()["day_runs"] == 4
    assert _rows(data_dir, "SELECT count(*) FROM articles")[0][0] == 8
    assert _rows(data_dir, "SELECT count(*) FROM sightings")[0][0] == sightings_before
    assert _rows(data_dir, "SELECT count(*), min(attempts) FROM backfill_days") == [(4, 2)]


def test_a_dry_run_writes_nothing_and_publishes_the_plan(
    prefect_harness: None, data_dir: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    state = _run(start_date=START, end_date=date(2024, 5, 3), dry_run=True, newest_first=True)
    assert state.is_completed(), state.message
    assert state.result()["day_runs"] == 3
    assert not (data_dir / "newsflow.duckdb").exists()
    assert pending_batches(data_dir / "staging") == []

    async def artifacts() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
                )
            )

    (plan,) = asyncio.run(artifacts())
    assert plan.key == "backfill-plan"
    rows = json.loads(plan.data)
    assert [row["day"] for row in rows] == ["2024-05-03", "2024-05-02", "2024-05-01"]
    assert all(row["run"] == "news, wire" for row in rows)


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"start_date": date(2024, 5, 3), "end_date": START}, "is before start_date"),
        ({"start_date": date(2020, 1, 1), "end_date": date(2024, 1, 1)}, "more than the maximum"),
        ({"start_date": START, "end_date": START, "sources": ["nope"]}, "unknown source(s): nope"),
        ({"start_date": date(2999, 1, 1), "end_date": date(2999, 1, 2)}, "in the future"),
    ],
)
def test_bad_parameters_fail_the_run_before_any_work(
    prefect_harness: None, data_dir: Path, parameters: dict[str, Any], message: str
) -> None:
    state = _run(**parameters)
    assert state.is_failed()
    assert "invalid backfill request" in state.message
    assert message in state.message
    assert not data_dir.exists()  # nothing staged, nothing written


def test_the_parameter_schema_gives_the_ui_date_pickers_a_dropdown_and_a_checkbox() -> None:
    from prefect.utilities.callables import parameter_schema

    from flows.backfill import backfill

    schema = parameter_schema(backfill).model_dump_for_openapi()
    properties = schema["properties"]
    assert schema["required"] == ["start_date", "end_date"]
    assert properties["start_date"]["format"] == "date"
    assert properties["end_date"]["format"] == "date"
    assert properties["rerun"]["enum"] == ["missing", "failed", "all"]
    assert properties["rerun"]["default"] == "missing"
    assert properties["dry_run"]["type"] == "boolean"
    assert properties["max_concurrency"]["type"] == "integer"
    assert properties["newest_first"]["default"] is False
