"""How flows started from the CLI run: on Prefect's embedded API, or on a server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.context import SettingsContext, get_settings_context

from flows.embedded_api import embedded_api_pending, wait_for_embedded_api
from flows.engine_preload import ENGINE_MODULES, import_modules


@contextmanager
def embedded_run_settings(*, heartbeats: bool | None = None) -> Iterator[None]:
    """Wait for the embedded API the CLI launched, if any; then run without Prefect's
    heartbeats unless ``heartbeats`` (default: when ``PREFECT_API_URL`` is set). On the
    embedded API nothing watches them (it lives only as long as this process), nor on the stack
    `newsflow up` runs (no crash-detection automation there), and stopping the heartbeat thread
    adds up to a second to every run. A server the user named may have automations that do.

    While the embedded API still starts (its start is the command's longest path), the modules
    Prefect imports only for a process's first run are imported first: the command would
    otherwise import them after the wait, once the API answers."""
    if embedded_api_pending():
        import_modules(list(ENGINE_MODULES))
    wait_for_embedded_api()
    if heartbeats is None:
        heartbeats = bool(os.environ.get("PREFECT_API_URL"))
    if heartbeats:
        yield
        return
    # What ``temporary_settings`` does, without validating every setting again (about 25 ms
    # under load): a copy of the current settings, heartbeats off.
    context = get_settings_context()
    current = context.settings
    flows = current.flows.model_copy(update={"heartbeat_frequency": None})
    with SettingsContext(
        profile=context.profile, settings=current.model_copy(update={"flows": flows})
    ):
        yield
