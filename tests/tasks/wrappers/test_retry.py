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
