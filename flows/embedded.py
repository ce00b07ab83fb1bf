"""How flows run against Prefect's embedded API (no server started by the user)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@contextmanager
def embedded_run_settings() -> Iterator[None]:
    """Flow runs against Prefect's embedded API send no heartbeats: that API lives only as long
    as this process, nothing there watches for them, and stopping the heartbeat thread adds up
    to a second to every run. Runs against a server (``PREFECT_API_URL``) keep them."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
