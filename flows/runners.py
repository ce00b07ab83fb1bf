"""The task runner for extraction batches: local threads by default, a Dask cluster on request.

``NEWSFLOW_TASK_RUNNER=dask`` with ``NEWSFLOW_DASK_ADDRESS=tcp://scheduler:8786`` sends the
batches to an existing cluster (many machines); without an address prefect-dask starts a local
cluster. Loading never runs there: the flow loads once, in its own process (one writer).
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ThreadPoolTaskRunner

from settings import Settings, SettingsError

LOCAL_THREADS = 4


def extraction_runner(settings: Settings) -> Any:
    if settings.task_runner == "local":
        return ThreadPoolTaskRunner(max_workers=LOCAL_THREADS)
    if settings.task_runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner()
    raise SettingsError(f"task_runner must be 'local' or 'dask', not {settings.task_runner!r}")
