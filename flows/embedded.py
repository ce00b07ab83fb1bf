"""How flows started from the CLI run: on Prefect's embedded API, or on a server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows.embedded_api import wait_for_embedded_api


@contextmanager
def embedded_run_settings(*, heartbeats: bool | None = None) -> Iterator[None]:
    """Wait for the embedded API the CLI launched, if any; then run without Prefect's
    heartbeats unless ``heartbeats`` (default: when ``PREFECT_API_URL`` is set). On the
    embedded API nothing watches them (it lives only as long as this process), nor on the stack
    `newsflow up` runs (no crash-detection automation there), and stopping the heartbeat thread
    adds up to a second to every run. A server the user named may have automations that do."""
    wait_for_embedded_api()
    if heartbeats is None:
        heartbeats = bool(os.environ.get("PREFECT_API_URL"))
    if heartbeats:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
