"""The retry policy of newsflow's tasks: transient failures retry with backoff, bad input never.

Transient: the network or the disk hiccuped (``OSError``: connection refused or reset,
timeouts), or another process held the warehouse (``WarehouseBusy``). Everything else (bad
input, a bug) fails at once: retrying would fail the same way, and bad input already lands in
``rejects`` with its reason.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import exponential_backoff

from warehouse.errors import WarehouseBusy

T = TypeVar("T")

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OSError, WarehouseBusy)
RETRIES = 3
# 2 s, 4 s, 8 s, each ±50 % so retries of parallel tasks do not arrive together.
RETRY_DELAYS = exponential_backoff(backoff_factor=2)
RETRY_JITTER = 0.5


def is_transient(error: BaseException | None) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)


def retry_if_transient(task: Any, task_run: TaskRun, state: State[Any]) -> bool:
    """``retry_condition_fn`` for ``@task``: retry only a transient failure."""
    try:
        state.result(raise_on_failure=True)
    except BaseException as error:  # classify whatever the task raised
        return is_transient(error)
    return False


TRANSIENT_RETRIES: dict[str, Any] = {
    "retries": RETRIES,
    "retry_delay_seconds": RETRY_DELAYS,
    "retry_jitter_factor": RETRY_JITTER,
    "retry_condition_fn": retry_if_transient,
}


# Creating a child flow run goes through the Prefect API; its client already retries a few
# status codes, and these are what is left to retry at our level: the API being briefly gone
# or overloaded. Anything else (bad parameters, a bug) fails at once.
API_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
CHILD_RUN_ATTEMPTS = 4
CHILD_RUN_BACKOFF_SECONDS = 2.0  # then 4 s, 8 s (each ±50 %)


def is_transient_api_error(error: BaseException) -> bool:
    """A retryable status from the API, or no answer at all (httpx's transport errors).

    Classified by shape, not by importing httpx: only ``tasks/fetch`` imports network code.
    """
    status = getattr(getattr(error, "response", None), "status_code", None)
    if isinstance(status, int):
        return status in API_RETRY_STATUSES
    return isinstance(error, OSError) or any(
        kind.__name__ == "TransportError" and kind.__module__.startswith("httpx")
        for kind in type(error).__mro__
    )


async def start_with_retries(
    start: Callable[[], Awaitable[T]],
    *,
    what: str,
    attempts: int | None = None,
    backoff_seconds: float | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> T:
    """``await start()``, again after a transient API error (backoff with jitter), at most
    ``attempts`` times (default ``CHILD_RUN_ATTEMPTS``); the last error, or a non-transient
    one, is raised."""
    attempts = attempts or CHILD_RUN_ATTEMPTS
    backoff_seconds = CHILD_RUN_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
    for attempt in range(1, attempts + 1):
        try:
            return await start()
        except Exception as error:
            if attempt == attempts or not is_transient_api_error(error):
                raise
            delay = backoff_seconds * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
            if on_retry is not None:
                on_retry(
                    f"{what}: {type(error).__name__}: {error}; "
                    f"attempt {attempt + 1} of {attempts} in {delay:.1f} s"
                )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
