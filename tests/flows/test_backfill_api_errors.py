"""A child run that cannot be created because the Prefect API answers 503 is retried with
backoff, and recorded as failed only when the API keeps failing.

The API is the session's real test server, reached through a small real proxy on 127.0.0.1
that answers 503 to the first ``fail`` requests creating a child flow run.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.flows.backfill_support import write_sources_file
from tests.simsite import SimSite
from warehouse.query import run_query

START = date(2024, 5, 1)
_HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "content-encoding"}


class FlakyApi:
    """Forwards to the real API; answers 503 to the first ``fail`` child-run creations."""

    def __init__(self, target: str, fail: int) -> None:
        self.target = target.rstrip("/")
        self.fail = fail
        self.refused = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/api"

    def _refuse(self, method: str, path: str, body: bytes) -> bool:
        if method != "POST" or not path.rstrip("/").endswith("/flow_runs") or not body:
            return False
        if json.loads(body).get("parent_task_run_id") is None:
            return False  # the parent's own run
        with self.lock:
            if self.refused < self.fail:
                self.refused += 1
                return True
        return False

    @staticmethod
    def forwarded(method: str, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        """The real API's answer. Its own 503s (a test server's database busy on a loaded
        machine) are retried here: the only faults the backfill should meet are the injected
        ones, since the client's retries are off."""
        for attempt in range(1, 11):
            answer = httpx.request(method, url, content=body, headers=headers, timeout=60)
            if answer.status_code != 503:
                break
            time.sleep(0.1 * attempt)
        return answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                if api._refuse(self.command, self.path, body):
                    self.send_response(503)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                path = self.path.removeprefix("/api")
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                answer = api.forwarded(self.command, api.target + path, body, headers)
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in _HOP_HEADERS:
                        self.send_header(key, value)
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _forward

        return Handler

    def __enter__(self) -> FlakyApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    with SimSite(start=START, days=2, per_day=1, crawl_delay=None) as running:
        yield running


@pytest.fixture
def data_dir(tmp_path: Path, site: SimSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    import tasks.wrappers.retry

    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    sources = write_sources_file(tmp_path / "sources.toml", site)
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(sources))
    monkeypatch.setattr(tasks.wrappers.retry, "CHILD_RUN_BACKOFF_SECONDS", 0.2)
    return tmp_path / "data"


def _backfill_through(api: FlakyApi) -> Any:
    from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

    from flows.backfill import backfill

    # The client's own retries off: what is tested is the backfill's.
    with temporary_settings({PREFECT_API_URL: api.url, PREFECT_CLIENT_MAX_RETRIES: 0}):
        return asyncio.run(
            backfill(
                start_date=START, end_date=date(2024, 5, 2), max_concurrency=1, return_state=True
            )
        )


def _statuses(data_dir: Path) -> list[tuple[Any, ...]]:
    return run_query(
        data_dir / "newsflow.duckdb",
        "SELECT day, status FROM backfill_days ORDER BY day",
        wait_seconds=5,
    ).rows


def test_a_child_run_refused_with_503_is_created_on_a_later_attempt(
    prefect_harness: None, data_dir: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    with FlakyApi(PREFECT_API_URL.value(), fail=2) as api:
        state = _backfill_through(api)
    assert api.refused == 2
    assert state.is_completed(), state.message
    assert _statuses(data_dir) == [(date(2024, 5, 1), "done"), (date(2024, 5, 2), "done")]


def test_a_child_run_the_api_keeps_refusing_is_recorded_as_failed(
    prefect_harness: None, data_dir: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    from tasks.wrappers.retry import CHILD_RUN_ATTEMPTS

    with FlakyApi(PREFECT_API_URL.value(), fail=CHILD_RUN_ATTEMPTS) as api:
        state = _backfill_through(api)
    assert api.refused == CHILD_RUN_ATTEMPTS  # every attempt of the first day
    assert state.is_failed()
    assert "rerun=failed" in str(state.message)
    assert _statuses(data_dir) == [(date(2024, 5, 1), "failed"), (date(2024, 5, 2), "done")]
