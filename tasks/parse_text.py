"""Plain-text article files: the first line is the title, then paragraphs."""

from __future__ import annotations

from tasks.clean import clean_body, clean_line
from tasks.errors import InputRejected
from tasks.models import Article


def parse_text_article(text: str, *, location: str, source: str | None) -> Article:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if clean_line(line)), None)
    if first is None:
        raise InputRejected("empty file", "the file has no text")
    title = clean_line(lines[first])
    body = clean_body("\n".join(lines[first + 1 :]), title)
    if not body:
        raise InputRejected("no article text", "the file has a title line and nothing else")
    return Article(title=title, body=body, source=source, location=location)
