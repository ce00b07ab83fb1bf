"""Prefect task of the digest: read the day's top stories from the warehouse."""

from __future__ import annotations

from datetime import date

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from tasks.models import DigestStory
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.digest import top_stories


@task(name="top stories of the day", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def top_stories_task(settings: Settings, day: date, limit: int) -> list[DigestStory]:
    return top_stories(
        settings.warehouse_file, day, limit=limit, wait_seconds=settings.lock_wait_seconds
    )
