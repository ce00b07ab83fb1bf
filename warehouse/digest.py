"""The day's biggest stories: stories with articles dated that UTC day, ranked by how many
distinct outlets carried them that day (then articles, then the earliest, then the id)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tasks.models import DigestStory, StoryLink
from warehouse.connection import read_connection

_TOP_STORIES = """
WITH day_articles AS (
    SELECT
        coalesce(c.story_id, a.article_id) AS story_id,
        a.article_id,
        a.title,
        coalesce(a.canonical_url, a.url) AS url,
        coalesce(d.outlet, a.source, '(unknown)') AS outlet,
        coalesce(a.published_at, a.first_seen_at) AS event_at
    FROM articles AS a
    LEFT JOIN (SELECT DISTINCT ON (article_id) * FROM article_clusters) AS c USING (article_id)
    LEFT JOIN (SELECT DISTINCT ON (article_id) article_id, outlet FROM dedup_docs) AS d
        USING (article_id)
    WHERE CAST(timezone('UTC', coalesce(a.published_at, a.first_seen_at)) AS DATE) = ?
),
per_outlet AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY story_id, outlet ORDER BY event_at, article_id) AS nth
    FROM day_articles
),
ranked AS (
    SELECT
        story_id,
        count(DISTINCT outlet) AS sources,
        count(*) AS articles,
        min(event_at) AS first_at,
        arg_min(title, (event_at, article_id)) FILTER (WHERE title IS NOT NULL) AS title,
        list({'source': outlet, 'title': coalesce(title, ''), 'url': url} ORDER BY outlet)
            FILTER (WHERE nth = 1) AS links
    FROM per_outlet
    GROUP BY story_id
)
SELECT story_id, coalesce(title, '(untitled)'), sources, articles, first_at, links
FROM ranked
ORDER BY sources DESC, articles DESC, first_at, story_id
LIMIT ?
"""


def top_stories(path: Path, day: date, *, limit: int, wait_seconds: float) -> list[DigestStory]:
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        rows = connection.execute(_TOP_STORIES, [day, limit]).fetchall()
    return [
        DigestStory(
            story_id=story_id,
            title=title,
            sources=int(sources),
            articles=int(articles),
            first_at=first_at,
            links=[StoryLink(link["source"], link["title"], link["url"]) for link in links],
        )
        for story_id, title, sources, articles, first_at, links in rows
    ]
