"""What newsflow retries: transient failures with backoff, never bad input."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tasks.wrappers.retry import is_transient, is_transient_api_error, start_with_retries
from warehouse.errors import WarehouseBusy


def _status_error(status: int) -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "http://127.0.0.1/api/flow_runs/")
    return httpx.HTTPStatusError(
        "x", request=request, response=httpx.Response(status, request=request)
    )


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_an_overloaded_api_is_transient(status: int) -> None:
    assert is_transient_api_error(_status_error(status))


@pytest.mark.parametrize(
    "error",
    [_status_error(400), _status_error(404), _status_error(422), ValueError("bad"), KeyError("k")],
)
def test_a_refused_request_or_a_bug_is_not(error: Exception) -> None:
    assert not is_transient_api_error(error)


def test_no_answer_at_all_is_transient() -> None:
    assert is_transient_api_error(httpx.ConnectError("refused"))
    assert is_transient_api_error(httpx.ReadTimeout("slow"))
    assert is_transient_api_error(ConnectionResetError())


def test_task_level_retries_cover_io_and_a_busy_warehouse_only() -> None:
    assert is_transient(OSError("disk")) and is_transient(WarehouseBusy("held"))
    assert not is_transient(ValueError("bad input"))


def test_start_with_retries_backs_off_then_gives_up_or_succeeds() -> None:
    calls: list[int] = []
    messages: list[str] = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _status_error(503)
        return "created"

    result = asyncio.run(
        start_with_retries(flaky, what="child", backoff_seconds=0.01, on_retry=messages.append)
    )
    assert (result, len(calls), len(messages)) == ("created", 3, 2)
    assert "attempt 2 of 4" in messages[0]

    async def broken() -> str:
        calls.append(1)
        raise ValueError("bad parameters")

    calls.clear()
    with pytest.raises(ValueError):
        asyncio.run(start_with_retries(broken, what="child", backoff_seconds=0.01))
    assert len(calls) == 1  # never retried


def test_tasks_that_touch_the_disk_or_warehouse_retry_transient_failures() -> None:
    from tasks.wrappers import dedup, fetch, ingest
    from tasks.wrappers.retry import retry_if_transient

    retried = [
        ingest.plan_pickup_task,
        ingest.stage_pickup_rejects_task,
        ingest.load_staged_task,
        ingest.record_run_task,
        dedup.dedup_pending_task,
        fetch.read_document_states_task,
        fetch.read_page_states_task,
        fetch.stage_discovery_task,
        fetch.stage_documents_task,
    ]
    for task in retried:
        assert task.retries == 3 and task.retry_condition_fn is retry_if_transient, task.name
    # These may have staged or moved part of their work when they fail: not retried whole.
    assert ingest.ingest_file_batch_task.retries == 0
    assert fetch.fetch_page_batch_task.retries == 0


@pytest.mark.usefixtures("prefect_harness")
def test_a_transient_failure_is_retried_and_bad_input_is_not() -> None:
    from prefect import flow, task

    from tasks.wrappers.retry import TRANSIENT_RETRIES

    attempts: list[str] = []
    policy = {**TRANSIENT_RETRIES, "retry_delay_seconds": 0, "retry_jitter_factor": None}

    @task(**policy)
    def step(error: str) -> str:
        attempts.append(error)
        if error == "busy" and len(attempts) < 3:
            raise WarehouseBusy("held by another process")
        if error == "bad":
            raise ValueError("bad input")
        return "done"

    @flow
    def run(error: str) -> str:
        return step(error)

    assert run("busy") == "done" and attempts == ["busy"] * 3
    attempts.clear()
    with pytest.raises(ValueError):
        run("bad")
    assert attempts == ["bad"]
