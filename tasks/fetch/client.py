"""The one HTTP client: polite, bounded, retrying, and refusing what is unsafe.

``Fetcher.fetch`` never raises for a bad URL or a bad response: it returns a ``FetchResult``
whose ``outcome`` says what happened and whose ``requests`` list every request sent (robots.txt
included), so the caller can log them and record failures.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Self

import httpx

from tasks.fetch.decoding import decode_stream
from tasks.fetch.errors import (
    BodyTooLarge,
    FetchError,
    HttpStatus,
    RedirectLoop,
    RobotsDisallowed,
    TooManyRedirects,
    TransportFailed,
    UnsafeUrl,
    WrongContentType,
)
from tasks.fetch.models import FetchConfig, FetchResult, Kind, RequestRecord, Validators
from tasks.fetch.politeness import SHARED_GATES, GateRegistry, HostGate
from tasks.fetch.robots import SHARED_ROBOTS, RobotsCache
from tasks.fetch.safety import check_url_allowed
from tasks.urls import host_of

_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_XML_HINTS = ("xml", "rss", "atom", "json", "text/", "gzip", "octet-stream")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None


class Fetcher:
    def __init__(
        self,
        config: FetchConfig,
        *,
        gates: GateRegistry = SHARED_GATES,
        robots: RobotsCache = SHARED_ROBOTS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._gates = gates
        self._robots = robots
        self._sleep = sleep
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.total_timeout,
        )
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            trust_env=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, kind: Kind = "page", validators: Validators | None = None
    ) -> FetchResult:
        log: list[RequestRecord] = []
        current = url
        visited = {url}
        try:
            for _hop in range(self.config.max_redirects + 1):
                check_url_allowed(current, self.config.allowed_hosts)
                gate = self._gate(current)
                if self.config.obey_robots and kind != "robots":
                    self._check_robots(current, gate, log)
                answer = self._get_with_retries(current, kind, validators, gate, log)
                if answer.location is None:
                    return self._result(url, current, answer, validators, log)
                following = str(httpx.URL(current).join(answer.location))
                if following in visited:
                    raise RedirectLoop(f"{current} redirects back to {following}")
                visited.add(following)
                current = following
            raise TooManyRedirects(f"more than {self.config.max_redirects} redirects from {url}")
        except FetchError as exc:
            return FetchResult(
                url=url,
                final_url=current,
                outcome="refused" if isinstance(exc, UnsafeUrl | RobotsDisallowed) else "failed",
                status=getattr(exc, "status", None),
                reason=exc.reason,
                detail=str(exc),
                retryable=exc.retryable,
                retry_after=exc.retry_after,
                requests=tuple(log),
            )

    def _gate(self, url: str) -> HostGate:
        return self._gates.gate(
            host_of(url), concurrency=self.config.concurrency, min_delay=self.config.min_delay
        )

    def _check_robots(self, url: str, gate: HostGate, log: list[RequestRecord]) -> None:
        rules = self._robots.rules_for(url, lambda where: self.fetch(where, "robots"), log)
        delay = rules.crawl_delay(self.config.robots_token)
        if delay is not None:
            gate.honour_crawl_delay(delay)
        if not rules.can_fetch(self.config.robots_token, url):
            raise RobotsDisallowed(f"robots.txt disallows {url}")

    def _get_with_retries(
        self,
        url: str,
        kind: Kind,
        validators: Validators | None,
        gate: HostGate,
        log: list[RequestRecord],
    ) -> _Answer:
        headers = _conditional_headers(validators)
        attempts = 1 + (1 if kind == "robots" else self.config.retries)
        for attempt in range(attempts):
            try:
                with gate.slot():
                    return self._attempt(url, kind, headers, attempt, log)
            except FetchError as exc:
                last_try = attempt == attempts - 1
                if not exc.retryable or last_try:
                    raise
                if exc.retry_after is not None:
                    if exc.retry_after > self.config.max_retry_after:
                        raise
                    gate.push_back(exc.retry_after)
                    self._sleep(exc.retry_after)
                else:
                    self._sleep(self._backoff(attempt))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff_base * (2**attempt)
        return float(min(self.config.backoff_max, base + random.uniform(0, base)))

    def _attempt(
        self, url: str, kind: Kind, headers: dict[str, str], attempt: int, log: list[RequestRecord]
    ) -> _Answer:
        started = time.monotonic()
        started_at = _utcnow()
        status: int | None = None
        received = 0
        error: str | None = None
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                answer = _Answer(
                    status=status,
                    content_type=_media_type(response.headers.get("content-type")),
                    charset=response.charset_encoding,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
                if status in _REDIRECTS and response.headers.get("location"):
                    answer.location = response.headers["location"]
                    return answer
                if status == 304:
                    return answer
                if status >= 400 or status < 200:
                    raise HttpStatus(status, retry_after=_retry_after(response.headers))
                _check_content_type(kind, answer.content_type, url)
                declared = response.headers.get("content-length", "")
                limit = self.config.max_body_bytes
                plain = not response.headers.get("content-encoding")
                if plain and declared.isdigit() and int(declared) > limit:
                    raise BodyTooLarge(f"{url} declares {declared} bytes (limit {limit})")
                parts: list[bytes] = []
                deadline = started + self.config.total_timeout
                for piece in decode_stream(
                    response.iter_raw(), response.headers.get("content-encoding")
                ):
                    received += len(piece)
                    if received > limit:
                        raise BodyTooLarge(f"{url} body over {limit} bytes")
                    if time.monotonic() > deadline:
                        raise TransportFailed(f"{url} took over {self.config.total_timeout:g} s")
                    parts.append(piece)
                answer.body = b"".join(parts)
                return answer
        except httpx.TimeoutException as exc:
            error = f"timeout: {type(exc).__name__}"
            raise TransportFailed(f"{url}: {error}") from exc
        except httpx.TransportError as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise TransportFailed(f"{url}: {error}") from exc
        except FetchError as exc:
            error = exc.reason
            raise
        finally:
            log.append(
                RequestRecord(
                    url=url,
                    host=host_of(url),
                    started_at=started_at,
                    status=status,
                    bytes=received,
                    elapsed=round(time.monotonic() - started, 6),
                    error=error,
                    attempt=attempt,
                    kind=kind,
                )
            )

    def _result(
        self,
        url: str,
        final_url: str,
        answer: _Answer,
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


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _media_type(header: str | None) -> str | None:
    if not header:
        return None
    message = Message()
    message["content-type"] = header
    return message.get_content_type().lower()


def _check_content_type(kind: Kind, media_type: str | None, url: str) -> None:
    if media_type is None or kind == "robots":
        return
    if kind == "page":
        ok = media_type in _PAGE_TYPES
    else:
        ok = any(hint in media_type for hint in _XML_HINTS)
    if not ok:
        raise WrongContentType(f"{url} is {media_type}, not a {kind}")


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
