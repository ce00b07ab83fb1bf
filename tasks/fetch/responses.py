"""Reading response headers: media type, content-type checks, Retry-After, redirects."""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from tasks.fetch.errors import (
    BadRedirect,
    FetchError,
    RobotsDisallowed,
    UnsafeUrl,
    WrongContentType,
)
from tasks.fetch.models import FetchResult, Kind, RequestRecord, Validators

_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_XML_HINTS = ("xml", "rss", "atom", "json", "text/", "gzip", "octet-stream")


@dataclass
class Answer:
    status: int
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None


def media_type(header: str | None) -> str | None:
    if not header:
        return None
    message = Message()
    message["content-type"] = header
    return message.get_content_type().lower()


def check_content_type(kind: Kind, media: str | None, url: str) -> None:
    if media is None or kind == "robots":
        return
    ok = media in _PAGE_TYPES if kind == "page" else any(hint in media for hint in _XML_HINTS)
    if not ok:
        raise WrongContentType(f"{url} is {media}, not a {kind}")


def declared_length(headers: httpx.Headers) -> int | None:
    """Content-Length when it is one plain ASCII number (``'²'.isdigit()`` is true too)."""
    value = headers.get("content-length", "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` of seconds or an HTTP date; None when absent or
    unreadable, 0 for a date in the past."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value) if len(value) < 16 else math.inf
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - (time.time() if now is None else now)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return max(0.0, seconds)


def redirect_target(current: str, location: str) -> str:
    try:
        target = str(httpx.URL(current).join(location.strip()))
        parts = urlsplit(target)
        _ = parts.port, parts.hostname  # both raise on a malformed authority
        return target
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise BadRedirect(f"{current} redirects to {location[:200]!r}: {exc}") from exc


def result_of(
    url: str,
    final_url: str,
    answer: Answer,
    validators: Validators | None,
    log: list[RequestRecord],
) -> FetchResult:
    remembered = validators.content_hash if validators else None
    if answer.status == 304:
        return FetchResult(
            url=url,
            final_url=final_url,
            outcome="not_modified",
            status=304,
            etag=answer.etag or (validators.etag if validators else None),
            last_modified=answer.last_modified
            or (validators.last_modified if validators else None),
            content_hash=remembered,
            unchanged=True,
            requests=tuple(log),
        )
    digest = hashlib.sha256(answer.body).hexdigest()
    return FetchResult(
        url=url,
        final_url=final_url,
        outcome="ok",
        status=answer.status,
        body=answer.body,
        content_type=answer.content_type,
        charset=answer.charset,
        etag=answer.etag,
        last_modified=answer.last_modified,
        content_hash=digest,
        unchanged=remembered == digest,
        requests=tuple(log),
    )


def failure_of(url: str, final_url: str, exc: FetchError, log: list[RequestRecord]) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=final_url,
        outcome="refused" if isinstance(exc, UnsafeUrl | RobotsDisallowed) else "failed",
        status=getattr(exc, "status", None),
        reason=exc.reason,
        detail=str(exc),
        retryable=exc.retryable,
        retry_after=exc.retry_after,
        requests=tuple(log),
    )


def conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators and _sendable(validators.etag):
        headers["If-None-Match"] = str(validators.etag)
    if validators and _sendable(validators.last_modified):
        headers["If-Modified-Since"] = str(validators.last_modified)
    return headers


def _sendable(value: str | None) -> bool:
    """A remembered validator goes back only as a plain header value (a server's ETag with
    line breaks or non-ASCII would otherwise fail every later fetch of the URL)."""
    return bool(value) and str(value).isascii() and str(value).isprintable()
