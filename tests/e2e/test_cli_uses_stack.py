"""CLI flow commands find the stack `newsflow up` started and run on it (so the runs show in its
UI); without one, or with a stale record of one, they run embedded; PREFECT_API_URL wins.

Everything runs as real processes: the stack on a free 127.0.0.1 port, and `newsflow ingest`
as a separate process (Prefect fixes its settings when imported, as it is in this one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.ops.processes import ProcessRecord, _start_ticks, save_records
from flows.ops.stack import STATE_FILE_NAME, running_stack_api_url
from newsflow.cli.common import prepare_prefect_environment
from settings import load_settings
from tests.e2e.stack import free_port
from tests.support.health_api import answering_health_api

NEWSFLOW = [sys.executable, "-c", "from newsflow.cli import main; main()"]
ARTICLE = (
    "Ferry strike ends\n\nFerry workers ended a three-day strike on Monday after a pay deal.\n"
)


def newsflow(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSFLOW, *arguments], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSFLOW_"))}
    return {
        **base,
        "NEWSFLOW_DATA_DIR": str(tmp_path / "data"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


@pytest.fixture
def stack_port(env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    up = newsflow(env, "up", "--no-deploy", "--port", str(port))
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        yield port
    finally:
        newsflow(env, "down", "--port", str(port))


@pytest.mark.slow
def test_ingest_runs_on_the_running_stack_and_its_run_is_recorded_there(
    env: dict[str, str], stack_port: int, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, "utf-8")
    ingest = newsflow(env, "ingest", str(article))
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert "newsflow ingest" in ingest.stdout  # the summary, written by the runner's child
    # Forked by the stack's runner (its status came from the child itself, maybe before the
    # runner reaped it and logged that: the log is only read for the start).
    runner_log = Path(env["NEWSFLOW_DATA_DIR"], "prefect", "logs", "runner.log").read_text()
    assert f"running `newsflow ingest {article}` as pid" in runner_log

    api_url = f"http://127.0.0.1:{stack_port}/api"
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        runs = client.read_flow_runs()
        flows = {flow.id: flow.name for flow in client.read_flows()}
    completed = [r for r in runs if r.state is not None and r.state.is_completed()]
    assert "ingest_files" in {flows[r.flow_id] for r in completed}


def _record_server(data_dir: Path, record: ProcessRecord, api_url: str) -> None:
    state = data_dir / "prefect" / STATE_FILE_NAME
    state.parent.mkdir(parents=True)
    save_records(state, [record], ui=api_url.removesuffix("/api"), api=api_url)


def _this_process() -> ProcessRecord:
    return ProcessRecord("server", os.getpid(), _start_ticks(os.getpid()), "this test", "log")


@pytest.fixture
def answering_api() -> Iterator[str]:
    with answering_health_api() as api_url:
        yield api_url


@pytest.fixture
def clean_prefect_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """What prepare_prefect_environment sets is undone after the test."""
    for name in (
        "PREFECT_API_URL",
        "PREFECT_API_SSL_CERT_FILE",
        "PREFECT_HOME",
        "PREFECT_LOGGING_LEVEL",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("clean_prefect_env")
def test_a_live_recorded_server_that_answers_is_used(tmp_path: Path, answering_api: str) -> None:
    _record_server(tmp_path, _this_process(), answering_api)
    prepare_prefect_environment(load_settings(data_dir=tmp_path))
    assert os.environ["PREFECT_API_URL"] == answering_api
    # plain http on this machine: Prefect's clients get a one-certificate CA file, not certifi's
    assert Path(os.environ["PREFECT_API_SSL_CERT_FILE"]).parent == (tmp_path / "prefect").resolve()


@pytest.mark.usefixtures("clean_prefect_env")
def test_an_explicit_prefect_api_url_wins(
    tmp_path: Path, answering_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record_server(tmp_path, _this_process(), answering_api)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    prepare_prefect_environment(load_settings(data_dir=tmp_path))
    assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:1/api"


def test_a_stale_record_means_embedded_mode(tmp_path: Path, answering_api: str) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    record = ProcessRecord("server", int(gone.stdout), 1, "exited", "log")
    _record_server(tmp_path, record, answering_api)
    assert running_stack_api_url(load_settings(data_dir=tmp_path)) is None


def test_a_live_server_whose_api_does_not_answer_means_embedded_mode(tmp_path: Path) -> None:
    _record_server(tmp_path, _this_process(), f"http://127.0.0.1:{free_port()}/api")
    assert running_stack_api_url(load_settings(data_dir=tmp_path), timeout=0.5) is None


def test_no_record_means_embedded_mode(tmp_path: Path) -> None:
    assert running_stack_api_url(load_settings(data_dir=tmp_path)) is None
