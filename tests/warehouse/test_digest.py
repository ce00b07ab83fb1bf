"""The day's top stories, read from a real warehouse, and their markdown."""

from __future__ import annotations

from datetime import date

from tasks.digest import digest_markdown, digest_table
from tests.search.support import build, corpus
from warehouse.digest import top_stories

DAY0 = date(2024, 3, 4)


def test_stories_are_ranked_by_distinct_sources_with_one_link_each(settings):
    build(settings, corpus())
    stories = top_stories(settings.warehouse_file, DAY0, limit=10, wait_seconds=5)
    assert [(s.sources, s.articles) for s in stories] == [(3, 3)]
    story = stories[0]
    assert story.title == "Riverton approves the Arlen bridge"
    assert [link.source for link in story.links] == ["harbor-gazette", "valley-times", "wire-one"]
    assert all(link.url and link.url.startswith("https://") for link in story.links)
    next_day = top_stories(settings.warehouse_file, date(2024, 3, 5), limit=10, wait_seconds=5)
    assert [s.title for s in next_day] == ["Ferry workers end three-day strike"]
    assert top_stories(settings.warehouse_file, date(2023, 1, 1), limit=10, wait_seconds=5) == []


def test_markdown_and_table_of_the_digest(settings):
    build(settings, corpus())
    stories = top_stories(settings.warehouse_file, DAY0, limit=10, wait_seconds=5)
    markdown = digest_markdown(DAY0, stories)
    assert markdown.startswith("# Top stories of 2024-03-04\n")
    assert "1. **Riverton approves the Arlen bridge** — 3 source(s), 3 article(s)" in markdown
    assert "   - [wire-one: Riverton approves the Arlen bridge](https://wire-one/w1)" in markdown
    assert digest_table(stories)[0] == {
        "rank": 1,
        "title": "Riverton approves the Arlen bridge",
        "sources": 3,
        "articles": 3,
        "outlets": "harbor-gazette, valley-times, wire-one",
        "story_id": stories[0].story_id,
    }
    assert "No articles dated 2023-01-01" in digest_markdown(date(2023, 1, 1), [])
