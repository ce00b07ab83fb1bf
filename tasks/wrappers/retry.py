"""The retry policy of newsflow's tasks: transient failures retry with backoff, bad input never.

Transient: the network or the disk hiccuped (``OSError``: connection refused or reset,
timeouts), or another process held the warehouse (``WarehouseBusy``). Everything else (bad
input, a bug) fails at once: retrying would fail the same way, and bad input already lands in
``rejects`` with its reason.
"""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import exponential_backoff

from warehouse.errors import WarehouseBusy

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
