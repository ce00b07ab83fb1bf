"""Shared fixtures: a Prefect test harness for the session, the eval data, settings."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests judge results, never speed: on a loaded 2-core machine an example can take
# seconds, which Hypothesis' default 200 ms deadline and its too-slow health check would fail.
hypothesis_settings.register_profile(
    "newsflow", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("newsflow")

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
# The session's own cache (the template of Prefect's database, flows.prefect_template): the
# user's cache is left alone, and every test's new data directory after the first copies it.
os.environ.setdefault("NEWSFLOW_CACHE_DIR", tempfile.mkdtemp(prefix="newsflow-test-cache-"))

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


def _close_prefect_default_storage_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefect 3.9 reads the server's default result storage with a client it never closes
    (``prefect.results._read_server_default_result_storage_block_id`` and its async twin), so
    every flow run drops a keep-alive socket to the API. The garbage collector frees it later,
    inside whatever test runs then, where ``filterwarnings = error`` turns it into a failure.
    Same calls, with the client closed."""
    import prefect.results as results
    from prefect.client.orchestration import get_client

    errors = (results.PrefectHTTPStatusError, results.httpx.HTTPError, RuntimeError, ValueError)

    def read_block_id() -> UUID | None:
        try:
            with get_client(sync_client=True) as client:
                configuration: Any = client.read_server_default_result_storage()
        except errors:
            return None
        return configuration.default_result_storage_block_id  # type: ignore[no-any-return]

    async def aread_block_id() -> UUID | None:
        try:
            async with get_client() as client:
                configuration: Any = await client.read_server_default_result_storage()
        except errors:
            return None
        return configuration.default_result_storage_block_id  # type: ignore[no-any-return]

    monkeypatch.setattr(results, "_read_server_default_result_storage_block_id", read_block_id)
    monkeypatch.setattr(results, "_aread_server_default_result_storage_block_id", aread_block_id)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API (own database) for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with pytest.MonkeyPatch.context() as monkeypatch:
        _close_prefect_default_storage_clients(monkeypatch)
        with prefect_test_harness(server_startup_timeout=180):
            yield


@pytest.fixture(autouse=True)
def _collect_prefect_garbage(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that talked to the Prefect API, collect its garbage now: a socket left open
    is then reported against the test that left it, not against whichever test the collector
    happens to run in later."""
    yield
    if "prefect_harness" in request.fixturenames:
        gc.collect()


@pytest.fixture(autouse=True)
def _prefect_and_newsflow_environment_restored() -> Iterator[None]:
    """A command run in-process (CliRunner) sets PREFECT_* variables in ``os.environ`` for its
    process, as it should; a later test must not inherit them (a stale PREFECT_API_URL names a
    server that is gone)."""
    watched = ("PREFECT_", "NEWSFLOW_")
    before = {k: v for k, v in os.environ.items() if k.startswith(watched)}
    yield
    for key in [k for k in os.environ if k.startswith(watched)]:
        if key not in before:
            del os.environ[key]
    os.environ.update(before)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (seed and eval data) is not present next to the repository")
    return SHARED


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from settings import load_settings

    return load_settings({}, data_dir=tmp_path / "data", settle_seconds=0)
