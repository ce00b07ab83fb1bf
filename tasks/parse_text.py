"""Plain-text article files: the first line is the title, then paragraphs.

A first line too long to be a title (over ``MAX_TITLE_CHARS``) is the start of the text: the
article then has no title, and a warning says so. The text is never split into a list of all
its lines: a 20 MB file of short lines would cost gigabytes.
"""

from __future__ import annotations

import re

from tasks.clean import clean_body, clean_line
from tasks.errors import InputRejected
from tasks.models import Article
from tasks.normalise import MAX_TITLE_CHARS, cut_long_body, normalise_article

_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def parse_text_article(text: str, *, location: str, source: str | None) -> Article:
    first = _VISIBLE.search(text)
    if first is None:
        raise InputRejected("empty file", "the file has no text")
    start = first.start()
    end_of_line = _LINE_END.search(text, start)
    line_end = end_of_line.start() if end_of_line else len(text)
    warnings: list[str] = []
    if line_end - start > MAX_TITLE_CHARS:
        warnings.append(
            f"title: the first line has {line_end - start:,} characters, too many for a "
            "title; read as text, without a title"
        )
        title, rest = None, text[start:]
    else:
        title = clean_line(text[start:line_end]) or None
        rest = text[end_of_line.end() :] if end_of_line else ""
    body = clean_body(cut_long_body(rest, warnings), title)
    if not body:
        raise InputRejected("no article text", "the file has a title line and nothing else")
    article = Article(
        title=title,
        body=body,
        source=source,
        location=location,
        extra={"extraction_method": "text"},
        warnings=tuple(warnings),
    )
    return normalise_article(article)
