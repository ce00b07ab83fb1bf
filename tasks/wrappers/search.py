"""Prefect task of the search index: bring it up to date after a load and dedup."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from search.update import IndexReport, update_index
from settings import Settings
from tasks.stage_times import timed
from warehouse.errors import WarehouseError


@task(name="update the search index", cache_policy=NO_CACHE)
def update_search_index_task(settings: Settings) -> IndexReport:
    """No retries: a busy index or warehouse is reported, and the next run catches up from the
    index's watermark. A failing update (a full disk, a damaged index) is logged as an error
    but does not fail the run that loaded the articles: they are safe in the warehouse, and the
    index keeps its last commit until an update succeeds."""
    with timed("search index"):
        return _guarded(lambda: update_index(settings))


def _guarded(update: Callable[[], IndexReport]) -> IndexReport:
    try:
        return update()
    except (OSError, ValueError, WarehouseError) as exc:
        get_run_logger().error("search index not updated (the next run tries again): %s", exc)
        return IndexReport(error=str(exc))


@task(name="update the search index", cache_policy=NO_CACHE)
async def update_search_index_async_task(settings: Settings) -> IndexReport:
    """The same for async flows (backfill), off the event loop."""
    return await asyncio.to_thread(_guarded, lambda: update_index(settings))
