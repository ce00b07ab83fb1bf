"""A streamed ``GET`` from a byte offset on (HTTP ``Range``), for archives too large to hold.

``RangeBody`` is what ``Fetcher.stream_range`` yields once the response headers are in: the
bytes from ``offset`` on, piece by piece. A ``206`` must start at the offset asked for; a server
that ignores ``Range`` (``200``) is read from the start and the bytes before the offset are
dropped; ``416`` means the offset is at or past the end (no bytes). Errors while the body is
read are ``TransportFailed``: the caller resumes with a new range from where it got to.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx

from tasks.fetch.errors import BadRange, FetchError, HttpStatus, TransportFailed
from tasks.fetch.models import RequestRecord
from tasks.urls import host_of

_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)", re.IGNORECASE)
RANGE_NOT_SATISFIABLE = 416


class RangeBody:
    def __init__(
        self,
        response: httpx.Response,
        url: str,
        offset: int,
        *,
        attempt: int,
        started_at: datetime,
        retry_after: float | None,
    ) -> None:
        self.url = url
        self.offset = offset
        self.status = response.status_code
        self.total: int | None = None  # the whole file's size, when the server says it
        self.received = 0
        self._response = response
        self._attempt = attempt
        self._started_at = started_at
        self._started = time.monotonic()
        self._skip = 0
        self.error: str | None = None
        self._check(response, retry_after)

    def _check(self, response: httpx.Response, retry_after: float | None) -> None:
        declared = _CONTENT_RANGE.match(response.headers.get("content-range", "").strip())
        if declared and declared.group(2).isdigit():
            self.total = int(declared.group(2))
        if self.status == 206:
            if (
                declared is None
                or declared.group(1) is None
                or int(declared.group(1)) != self.offset
            ):
                raise BadRange(f"{self.url}: asked for bytes {self.offset}-, got {declared}")
        elif self.status == 200:
            self._skip = self.offset  # Range ignored: the whole file comes
            length = response.headers.get("content-length", "")
            self.total = int(length) if length.isdigit() else None
        elif self.status == RANGE_NOT_SATISFIABLE and self.offset > 0:
            return  # nothing left from this offset on
        else:
            raise HttpStatus(self.status, retry_after=retry_after)

    def pieces(self) -> Iterator[bytes]:
        """The body from ``offset`` on; ``TransportFailed`` if the connection breaks."""
        if self.status == RANGE_NOT_SATISFIABLE:
            return
        try:
            for piece in self._response.iter_raw():
                self.received += len(piece)
                if self._skip:
                    dropped = min(self._skip, len(piece))
                    self._skip -= dropped
                    piece = piece[dropped:]
                if piece:
                    yield piece
        except (httpx.TransportError, httpx.StreamError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            raise TransportFailed(f"{self.url} broke off: {self.error}") from exc

    def record(self) -> RequestRecord:
        return RequestRecord(
            url=self.url,
            host=host_of(self.url),
            started_at=self._started_at,
            status=self.status,
            bytes=self.received,
            elapsed=round(time.monotonic() - self._started, 6),
            error=self.error,
            attempt=self._attempt,
            kind="archive",
        )


def failed_attempt_record(
    url: str, started_at: datetime, error: FetchError, attempt: int
) -> RequestRecord:
    """The log row of an attempt that got no body."""
    return RequestRecord(
        url=url, host=host_of(url), started_at=started_at, status=getattr(error, "status", None),
        bytes=0, elapsed=round((datetime.now(UTC) - started_at).total_seconds(), 6),
        error=error.reason, attempt=attempt, kind="archive",
    )  # fmt: skip
