"""An archived page into an ``Article``, by the same path as a page fetched live.

``tasks.fetch.articles.article_from_page`` extracts it (charset from the archived HTTP headers,
canonical URL from the page), so a page seen live and in an archive is one article with two
sightings; the sighting's location is ``<archive>#<record offset>``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from tasks.fetch.articles import article_from_page
from tasks.fetch.models import FetchResult
from tasks.models import Article, Reject
from tasks.warc_input import WarcPage

_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def warc_page_article(page: WarcPage, source: str | None) -> Article | Reject:
    """Extract one archived page; a page the extractor cannot use is a reject naming it."""
    name = source or _host(page.url)
    result = FetchResult(
        url=page.url,
        final_url=page.url,
        outcome="ok",
        status=page.status,
        body=page.body,
        content_type=page.content_type,
        charset=page.charset,
        content_hash=hashlib.sha256(page.body).hexdigest(),
        fetched_at=page.fetched_at or _NO_DATE,
    )
    try:
        outcome = article_from_page(result, name, {}, None)
    except RecursionError:
        return Reject(page.location, "page nested too deeply", page.url, source=source)
    if isinstance(outcome, Reject):
        detail = f"{page.url}: {outcome.detail}" if outcome.detail else page.url
        return Reject(page.location, outcome.reason, detail, stage="parse", source=source)
    extra = dict(outcome.extra)
    fetch = dict(extra.get("fetch", {}))
    if page.fetched_at is None:
        fetch.pop("fetched_at", None)
    extra["fetch"] = fetch
    extra.pop("hints", None)
    extra["warc"] = {"archive": page.archive, "offset": page.offset, "record_id": page.record_id}
    return dataclasses.replace(outcome, location=page.location, extra=extra)


def warc_pages_articles(
    pages: Sequence[WarcPage], source: str | None
) -> tuple[list[Article], list[Reject]]:
    """Every page of a chunk (one call in a worker process for a slice of a chunk)."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    for page in pages:
        outcome = warc_page_article(page, source)
        (rejects if isinstance(outcome, Reject) else articles).append(outcome)  # type: ignore[arg-type]
    return articles, rejects


def _host(url: str) -> str:
    host = urlsplit(url).hostname or "warc"
    return host.removeprefix("www.")
