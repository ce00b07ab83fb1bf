"""The maintenance flow on a real warehouse file under the session's Prefect API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.warehouse.test_maintenance import _everything, _warehouse_with_deletes


def _artifacts(flow_run_id: Any) -> dict[str, Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])
                )
            )

    return {a.key: a for a in asyncio.run(read())}


def test_maintenance_compacts_the_warehouse_and_publishes_its_report(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.maintenance import maintenance

    data = tmp_path / "data"
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(data))
    path = data / "newsflow.duckdb"
    _warehouse_with_deletes(path)
    before = _everything(path)

    state = asyncio.run(maintenance(return_state=True))  # type: ignore[call-overload]

    assert state.is_completed(), state.message
    result = state.result()
    assert result["compacted"] is True, result
    assert _everything(path) == before
    artifacts = _artifacts(state.state_details.flow_run_id)
    assert {
        "maintenance",
        "maintenance-sources",
        "maintenance-rejects",
        "maintenance-warehouse",
    } <= set(artifacts)
    steps = {row["step"]: row["result"] for row in json.loads(artifacts["maintenance"].data)}
    assert steps["checkpoint"].startswith("compacted")
    assert str(path.resolve()) in artifacts["maintenance-warehouse"].data
