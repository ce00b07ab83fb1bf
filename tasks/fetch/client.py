"""The one HTTP client: polite, bounded, retrying, and refusing what is unsafe.

``Fetcher.fetch`` never raises for a bad URL or a bad response: it returns a ``FetchResult``
whose ``outcome`` says what happened and whose ``requests`` list every request sent (robots.txt
included), so the caller can log them and record failures.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import httpx

from tasks.fetch.deadline import DeadlineTransport, request_deadline
from tasks.fetch.decoding import decode_stream
from tasks.fetch.errors import (
    BadRedirect,
    BodyTooLarge,
    DeadlineExceeded,
    EmptyBody,
    FetchError,
    HttpStatus,
    InternalError,
    RedirectLoop,
    RobotsDisallowed,
    TooManyRedirects,
    TransportFailed,
    UnsafeUrl,
)
from tasks.fetch.models import FetchConfig, FetchResult, Kind, RequestRecord, Validators
from tasks.fetch.politeness import SHARED_GATES, GateRegistry, HostGate
from tasks.fetch.ranges import RangeBody, failed_attempt_record
from tasks.fetch.responses import (
    Answer,
    check_content_type,
    conditional_headers,
    declared_length,
    failure_of,
    media_type,
    redirect_target,
    result_of,
    retry_after,
)
from tasks.fetch.robots_cache import MAX_ROBOTS_BYTES, SHARED_ROBOTS, RobotsCache
from tasks.fetch.safety import check_url_allowed
from tasks.urls import host_of

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Fetcher:
    """``clock`` and ``sleep`` (monotonic seconds) decide the retry budget and the waits
    between attempts; each attempt's own deadline is enforced on the sockets."""

    def __init__(
        self,
        config: FetchConfig,
        *,
        gates: GateRegistry = SHARED_GATES,
        robots: RobotsCache = SHARED_ROBOTS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._gates = gates
        self._robots = robots
        self._sleep = sleep
        self._clock = clock
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.request_deadline,
        )
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            transport=DeadlineTransport(limits),
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
        hops = [url]
        try:
            return self._follow(url, kind, validators, log, hops)
        except FetchError as exc:
            return failure_of(url, hops[-1], exc, log)
        except Exception as exc:  # the per-URL boundary: a bug met here costs this URL only
            return failure_of(url, hops[-1], InternalError(f"{type(exc).__name__}: {exc}"), log)

    def _follow(
        self,
        url: str,
        kind: Kind,
        validators: Validators | None,
        log: list[RequestRecord],
        hops: list[str],
    ) -> FetchResult:
        budget_end = self._clock() + self.config.retry_budget
        current = url
        for _hop in range(self.config.max_redirects + 1):
            check_url_allowed(current, self.config.allowed_hosts)
            gate = self._gate(current)
            if self.config.obey_robots and kind != "robots":
                self._check_robots(current, gate, log)
            answer = self._get_with_retries(current, kind, validators, gate, log, budget_end)
            if answer.location is None:
                return result_of(url, current, answer, validators, log)
            following = redirect_target(current, answer.location)
            if following in hops:
                raise RedirectLoop(f"{current} redirects back to {following}")
            hops.append(following)
            current = following
        raise TooManyRedirects(f"more than {self.config.max_redirects} redirects from {url}")

    @contextmanager
    def stream_range(self, url: str, offset: int, log: list[RequestRecord]) -> Iterator[RangeBody]:
        """``GET url`` from byte ``offset`` on, streamed, under the rules of ``fetch`` (the
        guard, robots.txt, the host's slot, held until the body is closed; retries with backoff
        within the retry budget until the headers are in, each attempt's connect and headers
        within the request deadline). The body has no total deadline (an archive is large):
        a stalled read times out and the caller resumes from where it got to. No redirects."""
        check_url_allowed(url, self.config.allowed_hosts)
        gate = self._gate(url)
        if self.config.obey_robots:
            self._check_robots(url, gate, log)
        headers = {"Range": f"bytes={offset}-", "Accept-Encoding": "identity"}
        budget_end = self._clock() + self.config.retry_budget
        attempts = 1 + self.config.retries
        for attempt in range(attempts):
            stack = ExitStack()
            started_at = _utcnow()
            try:
                stack.enter_context(gate.slot())
                with request_deadline(self.config.request_deadline):
                    response = stack.enter_context(self._client.stream("GET", url, headers=headers))
                body = RangeBody(
                    response, url, offset, attempt=attempt, started_at=started_at,
                    retry_after=retry_after(response.headers),
                )  # fmt: skip
            except (FetchError, httpx.TransportError) as exc:
                stack.close()
                error = exc if isinstance(exc, FetchError) else TransportFailed(f"{url}: {exc}")
                log.append(failed_attempt_record(url, started_at, error, attempt))
                wait = self._backoff(attempt) if error.retry_after is None else error.retry_after
                if (
                    not error.retryable
                    or attempt == attempts - 1
                    or wait > self.config.max_retry_after
                    or self._clock() + wait >= budget_end
                ):
                    raise error from exc
                if error.retry_after is not None:
                    gate.push_back(wait)
                self._sleep(wait)
                continue
            with stack:
                try:
                    yield body
                finally:
                    log.append(body.record())
            return

    def _gate(self, url: str) -> HostGate:
        return self._gates.gate(
            host_of(url), concurrency=self.config.concurrency, min_delay=self.config.min_delay
        )

    def _check_robots(self, url: str, gate: HostGate, log: list[RequestRecord]) -> None:
        rules = self._robots.rules_for(url, lambda where: self.fetch(where, "robots"), log)
        delay = rules.crawl_delay(self.config.robots_token)
        if delay is not None:
            gate.honour_crawl_delay(min(delay, self.config.max_crawl_delay))
        if not rules.can_fetch(self.config.robots_token, url):
            raise RobotsDisallowed(f"robots.txt disallows {url}")

    def _get_with_retries(
        self,
        url: str,
        kind: Kind,
        validators: Validators | None,
        gate: HostGate,
        log: list[RequestRecord],
        budget_end: float,
    ) -> Answer:
        headers = conditional_headers(validators)
        attempts = 1 + (1 if kind == "robots" else self.config.retries)
        for attempt in range(attempts):
            left = budget_end - self._clock()
            if left <= 0:
                budget = self.config.retry_budget
                raise DeadlineExceeded(f"{url}: the retry budget of {budget:g} s is spent")
            try:
                with gate.slot():
                    seconds = min(self.config.request_deadline, left)
                    return self._attempt(url, kind, headers, attempt, log, seconds)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    raise
                wait = self._backoff(attempt) if exc.retry_after is None else exc.retry_after
                if exc.retry_after is not None and wait > self.config.max_retry_after:
                    raise
                if self._clock() + wait >= budget_end:
                    budget = self.config.retry_budget
                    exc.args = (f"{exc} (not retried: waiting {wait:g} s would pass the "
                                f"retry budget of {budget:g} s)",)  # fmt: skip
                    raise
                if exc.retry_after is not None:
                    gate.push_back(wait)
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff_base * (2**attempt)
        return float(min(self.config.backoff_max, base + random.uniform(0, base)))

    def _attempt(
        self,
        url: str,
        kind: Kind,
        headers: dict[str, str],
        attempt: int,
        log: list[RequestRecord],
        seconds: float,
    ) -> Answer:
        started = time.monotonic()
        started_at = _utcnow()
        status: int | None = None
        received = 0
        error: str | None = None
        try:
            with request_deadline(seconds) as deadline:
                try:
                    with self._client.stream("GET", url, headers=headers) as response:
                        status = response.status_code
                        answer = self._answer(url, kind, response)
                        if answer.location is not None or status == 304:
                            return answer
                        limit = self.config.max_body_bytes
                        parts: list[bytes] = []
                        encoding = response.headers.get("content-encoding")
                        for piece in decode_stream(response.iter_raw(), encoding):
                            received += len(piece)
                            if kind == "robots" and received > MAX_ROBOTS_BYTES:
                                parts.append(piece)  # RFC 9309: read the first 500 KiB
                                break
                            if received > limit:
                                raise BodyTooLarge(f"{url} body over {limit} bytes")
                            if time.monotonic() > deadline:
                                raise DeadlineExceeded(_too_slow(url, seconds))
                            parts.append(piece)
                        answer.body = b"".join(parts)
                        if not answer.body and kind != "robots":
                            raise EmptyBody(f"{url} answered {status} with an empty body")
                        return answer
                except httpx.TimeoutException as exc:
                    if time.monotonic() >= deadline:
                        raise DeadlineExceeded(_too_slow(url, seconds)) from exc
                    raise TransportFailed(f"{url}: timeout: {type(exc).__name__}") from exc
                except httpx.RemoteProtocolError as exc:
                    if "location header" in str(exc).lower():  # httpx reads Location itself
                        raise BadRedirect(f"{url}: {exc}") from exc
                    raise TransportFailed(f"{url}: {type(exc).__name__}: {exc}") from exc
                except httpx.TransportError as exc:
                    raise TransportFailed(f"{url}: {type(exc).__name__}: {exc}") from exc
                except httpx.InvalidURL as exc:
                    raise UnsafeUrl(f"{url} is not a URL httpx can send: {exc}") from exc
        except FetchError as exc:
            error = str(exc) if isinstance(exc, TransportFailed) else exc.reason
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

    def _answer(self, url: str, kind: Kind, response: httpx.Response) -> Answer:
        """The response's headers read, or the reason it is not taken before its body."""
        status = response.status_code
        answer = Answer(
            status=status,
            content_type=media_type(response.headers.get("content-type")),
            charset=response.charset_encoding,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        if status == 304:
            return answer
        if status in _REDIRECTS and response.headers.get("location", "").strip():
            answer.location = response.headers["location"]
            return answer
        if status >= 400 or status < 200:
            raise HttpStatus(status, retry_after=retry_after(response.headers))
        if status >= 300:
            raise BadRedirect(f"{url} answered {status} without a usable Location")
        check_content_type(kind, answer.content_type, url)
        declared = declared_length(response.headers)
        limit = self.config.max_body_bytes
        if (
            kind != "robots"
            and not response.headers.get("content-encoding")
            and (declared or 0) > limit
        ):
            raise BodyTooLarge(f"{url} declares {declared} bytes (limit {limit})")
        return answer


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _too_slow(url: str, seconds: float) -> str:
    return f"{url}: no complete answer within {seconds:g} s (connect, headers and body)"
