"""The day's biggest stories, published in the Prefect UI: a markdown artifact (titles,
sources, links) and a table artifact of the counts. Scheduled daily after the ingests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from settings import load_settings
from tasks.digest import digest_markdown, digest_table
from tasks.wrappers.digest import top_stories_task

DEFAULT_STORIES = 10


def _day(day: date | None) -> date:
    return day if day is not None else datetime.now(UTC).date() - timedelta(days=1)


def _run_name() -> str:
    day = flow_run.parameters.get("day")
    return f"digest {day or _day(None)}"


@flow(name="digest", flow_run_name=_run_name, timeout_seconds=1800)
def digest(
    day: date | None = None, limit: int = DEFAULT_STORIES, warehouse: str | None = None
) -> dict[str, Any]:
    """Top stories of ``day`` (a UTC day; default: yesterday), by distinct sources."""
    settings = load_settings(warehouse=warehouse)
    chosen = _day(day)
    stories = top_stories_task(settings, chosen, limit)
    create_markdown_artifact(
        key="digest", markdown=digest_markdown(chosen, stories), description=f"Top stories {chosen}"
    )
    rows = digest_table(stories)
    if rows:
        create_table_artifact(key="digest-counts", table=rows, description=f"Counts {chosen}")
    return {"day": chosen.isoformat(), "stories": rows}
