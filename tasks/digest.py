"""The digest of a day's top stories as markdown and as a table (plain values in, text out)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tasks.models import DigestStory


def digest_markdown(day: date, stories: list[DigestStory]) -> str:
    lines = [f"# Top stories of {day.isoformat()}", ""]
    if not stories:
        lines.append(f"No articles dated {day.isoformat()} (UTC) in the warehouse.")
        return "\n".join(lines) + "\n"
    lines.append("Ranked by the number of distinct sources that carried each story that day.")
    lines.append("")
    for rank, story in enumerate(stories, 1):
        sources = ", ".join(link.source for link in story.links)
        lines.append(
            f"{rank}. **{_escaped(story.title)}** — {story.sources} source(s), "
            f"{story.articles} article(s): {_escaped(sources)}"
        )
        for link in story.links:
            label = _escaped(f"{link.source}: {link.title}" if link.title else link.source)
            lines.append(f"   - [{label}]({link.url})" if link.url else f"   - {label}")
    return "\n".join(lines) + "\n"


def digest_table(stories: list[DigestStory]) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank,
            "title": story.title,
            "sources": story.sources,
            "articles": story.articles,
            "outlets": ", ".join(link.source for link in story.links),
            "story_id": story.story_id,
        }
        for rank, story in enumerate(stories, 1)
    ]


def _escaped(text: str) -> str:
    """Markdown's link and emphasis characters shown as themselves."""
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())
