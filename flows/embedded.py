"""How flows started from the CLI run: on Prefect's embedded API, or on a server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@contextmanager
def embedded_run_settings(*, heartbeats: bool | None = None) -> Iterator[None]:
    """Flow runs from the CLI send no heartbeats unless ``heartbeats`` (default: only when
    ``PREFECT_API_URL`` is set). On the embedded API nothing watches them (it lives only as long
    as this process), nor on the stack `newsflow up` runs (no crash-detection automation there);
    stopping the heartbeat thread adds up to a second to every run. A server the user named may
    have automations that watch them: runs there keep them."""
    if heartbeats is None:
        heartbeats = bool(os.environ.get("PREFECT_API_URL"))
    if heartbeats:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
