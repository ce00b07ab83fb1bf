"""Prefect task of the search index: bring it up to date after a load and dedup."""

from __future__ import annotations

import asyncio

from prefect import task
from prefect.cache_policies import NO_CACHE

from newsflow.settings import Settings
from search.update import IndexReport, update_index


@task(name="update the search index", cache_policy=NO_CACHE)
def update_search_index_task(settings: Settings) -> IndexReport:
    """No retries: a busy index or warehouse is reported, and the next run catches up from the
    index's watermark."""
    return update_index(settings)


@task(name="update the search index", cache_policy=NO_CACHE)
async def update_search_index_async_task(settings: Settings) -> IndexReport:
    """The same for async flows (backfill), off the event loop."""
    return await asyncio.to_thread(update_index, settings)
