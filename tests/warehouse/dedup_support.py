"""Helpers for the dedup warehouse tests: stage articles, load them with the real loader."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from settings import Settings
from staging.batches import stage_batch
from tasks.models import Article
from warehouse.connection import read_connection
from warehouse.load import load_staged

DAY0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


def article(
    body: str,
    *,
    title: str | None = None,
    source: str | None = "example.org",
    slug: str = "a",
    canonical_url: str | None = None,
    days: float = 0,
) -> Article:
    return Article(
        title=title,
        body=body,
        source=source,
        location=f"https://{source or 'nowhere'}/{slug}",
        url=f"https://{source or 'nowhere'}/{slug}",
        canonical_url=canonical_url,
        published_at=DAY0 + timedelta(days=days),
    )


def ingest(settings: Settings, articles: Sequence[Article], run_id: str = "run-1") -> None:
    stage_batch(
        settings.staging_dir, run_id=run_id, flow_name="test", articles=articles, rejects=()
    )
    report = load_staged(settings)
    assert not report.busy


def query(settings: Settings, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with read_connection(settings.warehouse_file) as connection:
        return connection.execute(sql, list(params)).fetchall()


def cluster_of(settings: Settings) -> dict[str, tuple[str, str]]:
    """url -> (copy_cluster_id, story_id) for every indexed article."""
    rows = query(
        settings,
        "SELECT a.url, c.copy_cluster_id, c.story_id FROM article_clusters AS c "
        "JOIN articles AS a USING (article_id)",
    )
    return {url: (copy, story) for url, copy, story in rows}
