"""A real local newsflow stack for the end-to-end tests: `newsflow up` on a free port, a
temporary data directory (so a temporary PREFECT_HOME), analytics off, and a simulated news
site on 127.0.0.1 as the only configured source.

One stack serves every test of a module (starting it costs about a minute on a busy machine).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from typer.testing import CliRunner, Result

from newsflow.cli import _register_commands, app
from tests.flows.backfill_support import write_sources_file
from tests.simsite import SimSite
from warehouse.query import run_query

SITE_START = date(2024, 5, 1)
SITE_DAYS = 6
RUN_TIMEOUT_SECONDS = 300.0
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

_register_commands()
runner = CliRunner()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Stack:
    port: int
    data_dir: Path
    site: SimSite

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.ui_url}/api"

    def cli(self, *arguments: str) -> Result:
        """A `newsflow` command against this stack (the real typer app, in this process)."""
        return runner.invoke(app, [*arguments, "--port", str(self.port)])

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return run_query(self.data_dir / "newsflow.duckdb", sql, wait_seconds=30).rows

    @contextmanager
    def client(self) -> Iterator[Any]:
        """Prefect's sync client, talking to this stack's server."""
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with (
            temporary_settings({PREFECT_API_URL: self.api_url}),
            get_client(sync_client=True) as client,
        ):
            yield client

    def deployment(self, name: str) -> Any:
        with self.client() as client:
            return client.read_deployment_by_name(name)

    def wait_for_run(self, flow_run_id: UUID, timeout: float = RUN_TIMEOUT_SECONDS) -> Any:
        """Poll the flow run until it reaches a final state; return it."""
        deadline = time.monotonic() + timeout
        with self.client() as client:
            while True:
                run = client.read_flow_run(flow_run_id)
                if run.state is not None and run.state.type.value in FINAL_STATES:
                    return run
                if time.monotonic() > deadline:
                    state = run.state.name if run.state else "no state"
                    raise AssertionError(f"flow run {flow_run_id} still {state} after {timeout}s")
                time.sleep(1.0)

    def runs_of(self, deployment_id: UUID, **parameters: Any) -> list[Any]:
        """The flow runs of a deployment created with ``parameters`` (among others)."""
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

        with self.client() as client:
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
            )
        return [r for r in runs if parameters.items() <= r.parameters.items()]

    def child_run_names(self, parent_id: UUID) -> list[str]:
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

        with self.client() as client:
            children = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent_id])
                )
            )
        return sorted(child.name for child in children)


SCHEDULE_TIMEZONE = "Europe/Berlin"
WORK_POOL = "newsflow-e2e"


def prepare_site_and_settings(tmp: Path, site: SimSite, monkeypatch: Any) -> Path:
    """Point newsflow (this process and every process `up` starts) at ``tmp`` and the site."""
    data_dir = tmp / "data"
    sources = write_sources_file(tmp / "sources.toml", site, names=("news", "wire"))
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(sources))
    monkeypatch.setenv("NEWSFLOW_SCHEDULE_TIMEZONE", SCHEDULE_TIMEZONE)  # not UTC: it is used
    monkeypatch.setenv("NEWSFLOW_WORK_POOL", WORK_POOL)  # not the default: it is used
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    monkeypatch.setenv("PREFECT_WORKER_QUERY_SECONDS", "2")  # pick runs up quickly
    return data_dir


def pause_schedules(stack: Stack) -> None:
    """No scheduled ingest may start in the middle of a test: pause the scheduled deployments."""
    with stack.client() as client:
        for deployment in client.read_deployments():
            if deployment.schedules:
                client.pause_deployment(deployment.id)
