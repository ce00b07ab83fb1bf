"""What Prefect imports only when a process runs its first flow (its engines, concurrency
limits, telemetry, the anyio backend): about 0.15 s of a one-file command. The stack's warm
runner (``newsflow.warm``) imports them ahead, once, for every command it forks, and a command
without a stack imports them while Prefect's embedded API starts (``flows.embedded``); the
names of Prefect's own modules stay here, in ``flows/``."""

from __future__ import annotations

import importlib

ENGINE_MODULES = (
    "prefect.engine", "prefect.flow_engine", "prefect.task_engine", "prefect.concurrency",
    "prefect.concurrency.context", "prefect.concurrency.v1.context",
    "prefect.telemetry.run_telemetry", "prefect.utilities.visualization",
    "prefect._internal.control_listener", "prefect._internal.attempt_control",
    "prefect._internal.metrics", "prefect._internal.retries", "prefect._internal.states",
    "anyio._backends._asyncio", "anyio.streams.memory", "anyio.streams.stapled",
    "anyio.streams.tls",
)  # fmt: skip


def import_modules(names: list[str]) -> list[tuple[str, str]]:
    """Import each of ``names``; the ones that failed, with why (a module Prefect renamed is
    then only imported by the first flow run, as without a runner)."""
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            failed.append((name, repr(exc)))
    return failed
