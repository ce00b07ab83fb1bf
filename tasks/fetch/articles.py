"""A fetched page and its feed/sitemap hints into an ``Article`` (or a ``Reject``).

The page wins where it says something; the hints fill in what it lacks (a page without a date
takes its feed item's date). No network here: the page bytes are already fetched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tasks.extract import extract_article
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import RawRef
from tasks.models import Article, Reject
from tasks.urls import InvalidUrl, canonicalize_url


def article_from_page(
    result: FetchResult, source: str, hints: dict[str, Any], raw: RawRef | None
) -> Article | Reject:
    try:
        extracted = extract_article(result.body, result.final_url, http_charset=result.charset)
    except Exception as exc:
        return Reject(result.url, "extraction failed", f"{type(exc).__name__}: {exc}")
    body = extracted.body.strip()
    if not body:
        return Reject(result.url, "no article text", "; ".join(extracted.warnings))
    published = _more_precise(extracted.published_at, _hint_datetime(hints.get("published")))
    authors = extracted.authors or _hint_authors(hints.get("author"))
    extra: dict[str, Any] = {
        "fetch": {
            "final_url": result.final_url,
            "status": result.status,
            "content_hash": result.content_hash,
            "fetched_at": result.fetched_at.isoformat(),
        },
        "hints": hints,
        "extraction": {"method": extracted.method, "warnings": list(extracted.warnings)},
    }
    if raw is not None:
        extra["raw"] = raw.as_dict()
    for name in ("description", "section", "top_image"):
        value = getattr(extracted, name)
        if value:
            extra[name] = value
    if extracted.tags:
        extra["tags"] = list(extracted.tags)
    if extracted.is_paywalled:
        extra["is_paywalled"] = True
    if extracted.modified_at:
        extra["modified_at"] = extracted.modified_at.astimezone(UTC).isoformat()
    return Article(
        title=extracted.title or hints.get("title"),
        body=body,
        source=source,
        location=result.url,
        authors=tuple(authors),
        published_at=published.astimezone(UTC) if published else None,
        language=extracted.language,
        url=_canonical(result.final_url) or result.url,
        canonical_url=_canonical(extracted.canonical_url, result.final_url)
        or _canonical(result.final_url),
        extra=extra,
    )


def _canonical(url: str | None, base: str | None = None) -> str | None:
    if not url:
        return None
    try:
        return canonicalize_url(url, base)
    except InvalidUrl:
        return None


def _more_precise(page: datetime | None, hint: datetime | None) -> datetime | None:
    """The page's date, unless it is a bare day (e.g. read from the URL) that the feed or
    sitemap gives with a time."""
    if page is None or hint is None:
        return page or hint
    page_utc, hint_utc = page.astimezone(UTC), hint.astimezone(UTC)
    bare_day = page_utc.hour == page_utc.minute == page_utc.second == 0
    if bare_day and page_utc.date() == hint_utc.date():
        return hint_utc
    return page


def _hint_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _hint_authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str) or not value.strip():
        return ()
    # RSS <author> is "email (Name)"; keep the name.
    text = value.strip()
    if "(" in text and text.endswith(")"):
        text = text[text.index("(") + 1 : -1]
    return (text.strip(),) if "@" not in text else ()
