"""The last step of every parser: each field of an article made storable, or dropped, and said so.

A problem with one field never rejects the article: an unpaired surrogate becomes U+FFFD,
control characters go, an absurdly long title or body is cut, an impossible date or a value of
the wrong type is dropped; each repair adds a line to ``Article.warnings`` ("published: year
9999 is in the future; dropped"). Only an article left without any body is rejected (stage
``normalise``). Afterwards every string encodes as UTF-8, the date is aware UTC within
1600..now+1 day, and ``extra`` is JSON that any JSON reader accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from tasks.dates import checked_moment
from tasks.errors import InputRejected
from tasks.extra import clean_extra
from tasks.file_names import shown_path
from tasks.models import Article
from tasks.text_repair import SURROGATE, repair_text, storable

MAX_TITLE_CHARS = 1_000
# The longest real articles (long reads, full reports) are a few hundred thousand characters;
# a larger "body" is a data dump, and DuckDB cannot stage an object over 16 MB.
MAX_BODY_CHARS = 1_000_000
MAX_AUTHORS = 50
MAX_AUTHOR_CHARS = 200
MAX_SOURCE_CHARS = 300
MAX_LANGUAGE_CHARS = 35  # the longest well-formed BCP 47 tags
MAX_URL_CHARS = 8_192
MAX_WARNINGS = 50

_LINE_BREAKS = re.compile("[\n\t\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def normalise_article(article: Article, *, now: datetime | None = None) -> Article:
    """``article`` with every field storable; raises InputRejected if no body is left."""
    warnings: list[str] = []
    body = _body(article.body, warnings)
    if not body.strip():
        raise InputRejected(
            "no article text", "nothing is left of the body once repaired", stage="normalise"
        )
    published = article.published_at
    if published is not None:
        if isinstance(published, datetime):
            published, problem = checked_moment(published, now=now)
        else:
            published, problem = None, f"a {type(published).__name__} is not a date; dropped"
        if problem:
            warnings.append(f"published: {problem}")
    extra, extra_problems = clean_extra(article.extra)
    warnings.extend(f"extra{problem}" for problem in extra_problems)
    location = article.location
    if SURROGATE.search(location):
        location = shown_path(location)
    return replace(
        article,
        title=_line(article.title, "title", MAX_TITLE_CHARS, warnings, cut=True),
        body=body,
        source=_line(article.source, "source", MAX_SOURCE_CHARS, warnings),
        location=location,
        authors=_authors(article.authors, warnings),
        published_at=published,
        language=_line(article.language, "language", MAX_LANGUAGE_CHARS, warnings),
        url=_line(article.url, "url", MAX_URL_CHARS, warnings),
        canonical_url=_line(article.canonical_url, "canonical_url", MAX_URL_CHARS, warnings),
        extra=extra,
        warnings=capped_warnings([*article.warnings, *warnings]),
    )


def cut_text(text: str, limit: int) -> str:
    """The first ``limit`` characters at most, ending at a paragraph, line or word if one is
    in the last half."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for separator in ("\n\n", "\n", " "):
        end = head.rfind(separator)
        if end >= limit // 2:
            return head[:end]
    return head


def cut_long_body(text: str, warnings: list[str]) -> str:
    """A body over ``MAX_BODY_CHARS`` cut before it is cleaned (cleaning only shrinks it)."""
    if len(text) <= MAX_BODY_CHARS:
        return text
    warnings.append(
        f"body: {len(text):,} characters, more than any article; "
        f"cut to the first {MAX_BODY_CHARS:,}"
    )
    return cut_text(text, MAX_BODY_CHARS)


def capped_warnings(warnings: Iterable[str]) -> tuple[str, ...]:
    kept = list(dict.fromkeys(storable(w) for w in warnings))
    if len(kept) > MAX_WARNINGS:
        more = len(kept) - MAX_WARNINGS + 1
        kept = [*kept[: MAX_WARNINGS - 1], f"warnings: {more:,} more not listed"]
    return tuple(kept)


def _body(body: object, warnings: list[str]) -> str:
    if not isinstance(body, str):
        return ""
    body = cut_long_body(body, warnings)
    body, problems = repair_text(body)
    warnings.extend(f"body: {p}" for p in problems)
    return body


def _line(
    value: object, name: str, limit: int, warnings: list[str], *, cut: bool = False
) -> str | None:
    """One single-line field: repaired, and cut (the title) or dropped when too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        warnings.append(f"{name}: a {type(value).__name__} is not text; dropped")
        return None
    text, problems = repair_text(value)
    if _LINE_BREAKS.search(text) or "  " in text or text != text.strip():
        text = _SPACES.sub(" ", text).strip()
    warnings.extend(f"{name}: {p}" for p in problems)
    if len(text) > limit:
        if not cut:
            warnings.append(f"{name}: {len(text):,} characters, over {limit:,}; dropped")
            return None
        warnings.append(f"{name}: {len(text):,} characters, cut to {limit:,}")
        text = cut_text(text, limit)
    return text or None


def _authors(authors: object, warnings: list[str]) -> tuple[str, ...]:
    if not isinstance(authors, tuple | list):
        warnings.append(f"authors: a {type(authors).__name__} is not a list of names; dropped")
        return ()
    kept: list[str] = []
    for author in authors:
        name = _line(author, "authors", MAX_AUTHOR_CHARS, warnings)
        if name and name not in kept:
            kept.append(name)
    if len(kept) > MAX_AUTHORS:
        warnings.append(f"authors: {len(kept):,} names; only the first {MAX_AUTHORS} kept")
        kept = kept[:MAX_AUTHORS]
    return tuple(kept)
