"""Common Crawl News (CC-NEWS): which WARC files hold a day, and reading one as a stream.

Each month's files are listed in ``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` under the base URL
(Common Crawl's public HTTPS endpoint by default, or a mirror), one path a line, each file named
``CC-NEWS-<UTC yyyymmddHHMMSS>-<serial>.warc.gz`` after the moment it was started. A day's files
are those whose stamp falls on that UTC day.

A file is read through ``RangeReader``: a read-only stream over ``Fetcher.stream_range`` (the
one HTTP client: guard, robots.txt, one connection at a time by default, retries with backoff,
``Retry-After``). When the connection breaks mid-file it asks again with ``Range`` from the
byte it got to, so ``tasks.warc_input`` never notices; ``open_at(offset)`` starts a file
anywhere (resuming a killed run at its first record not yet staged).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import BinaryIO
from urllib.parse import urljoin

from tasks.fetch.client import Fetcher
from tasks.fetch.decoding import gunzip_bounded
from tasks.fetch.errors import FetchError, TransportFailed
from tasks.fetch.models import RequestRecord

CC_BASE_URL = "https://data.commoncrawl.org/"
PATHS_MAX_BYTES = 16 * 1024 * 1024  # a month lists a few thousand paths: far below this
_STAMP = re.compile(r"CC-NEWS-(\d{14})-(\d+)\.warc(?:\.gz)?$")
_STALLS_ALLOWED = 5  # consecutive resumes that bring no new byte before giving up


@dataclass(frozen=True)
class ArchiveFile:
    path: str  # as listed, relative to the base URL
    url: str
    stamp: datetime
    size: int | None = None


@dataclass
class DayListing:
    day: date
    files: list[ArchiveFile] = field(default_factory=list)
    listed: int = 0  # files of the whole month
    requests: list[RequestRecord] = field(default_factory=list)
    error: str | None = None  # the month's list could not be read


def paths_url(base_url: str, day: date) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(base, f"crawl-data/CC-NEWS/{day:%Y}/{day:%m}/warc.paths.gz")


def file_stamp(path: str) -> datetime | None:
    match = _STAMP.search(path.strip())
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def files_by_day(paths_text: str, base_url: str) -> dict[date, list[ArchiveFile]]:
    """Every listed file with a valid stamp, by the UTC day of its stamp, in stamp order."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    by_day: dict[date, list[ArchiveFile]] = {}
    for line in paths_text.splitlines():
        path = line.strip()
        stamp = file_stamp(path) if path and not path.startswith("#") else None
        if stamp is not None:
            by_day.setdefault(stamp.date(), []).append(
                ArchiveFile(path, urljoin(base, path.lstrip("/")), stamp)
            )
    for files in by_day.values():
        files.sort(key=lambda f: (f.stamp, f.path))
    return by_day


def list_month(fetcher: Fetcher, base_url: str, day: date) -> tuple[str, list[RequestRecord]]:
    """The month's ``warc.paths.gz``, unpacked; ``FetchError`` when it cannot be read."""
    url = paths_url(base_url, day)
    result = fetcher.fetch(url, "sitemap")
    if not result.ok:
        raise _ListingFailed(f"{url}: {result.reason} {result.detail or ''}".strip(), result)
    body = result.body
    try:
        if body[:2] == b"\x1f\x8b":
            body = gunzip_bounded(body, PATHS_MAX_BYTES)
        return body.decode("utf-8", "replace"), list(result.requests)
    except ValueError as exc:
        raise _ListingFailed(f"{url}: not a gzip list of paths ({exc})", result) from exc


class _ListingFailed(FetchError):
    reason = "CC-NEWS file list not read"

    def __init__(self, detail: str, result: object) -> None:
        super().__init__(detail)
        self.requests: list[RequestRecord] = list(getattr(result, "requests", ()))


def list_day(fetcher: Fetcher, base_url: str, day: date, max_files: int | None) -> DayListing:
    """The WARC files of ``day`` (at most ``max_files``, the earliest first)."""
    listing = DayListing(day)
    try:
        text, listing.requests = list_month(fetcher, base_url, day)
    except _ListingFailed as exc:
        listing.requests, listing.error = exc.requests, str(exc)
        return listing
    month = files_by_day(text, base_url)
    listing.listed = sum(len(files) for files in month.values())
    files = month.get(day, [])
    listing.files = files[:max_files] if max_files else files
    return listing


def archive_size(fetcher: Fetcher, url: str, log: list[RequestRecord]) -> int | None:
    """The file's size as the server states it (the body is not read)."""
    with fetcher.stream_range(url, 0, log) as body:
        return body.total


class RangeReader(io.RawIOBase):
    """A read-only stream of ``url`` from ``offset`` on, resumed with ``Range`` on breaks."""

    def __init__(
        self,
        fetcher: Fetcher,
        url: str,
        offset: int,
        log: list[RequestRecord],
        on_bytes: Callable[[int], None] | None = None,
        on_size: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_size = on_size
        self.url = url
        self.position = offset
        self.resumes = 0
        self._fetcher = fetcher
        self._log = log
        self._on_bytes = on_bytes
        self._stack: ExitStack | None = None
        self._pieces: Iterator[bytes] | None = None
        self._total: int | None = None
        self._pending = b""
        self._stalls = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        wanted = size if size is not None and size >= 0 else 1 << 62
        while not self._pending:
            piece = self._next_piece()
            if piece is None:
                return b""
            self._pending = piece
        data, self._pending = self._pending[:wanted], self._pending[wanted:]
        self.position += len(data)
        if self._on_bytes is not None:
            self._on_bytes(len(data))
        return data

    def _next_piece(self) -> bytes | None:
        while True:
            if self._pieces is None:
                self._open()
            assert self._pieces is not None
            try:
                piece = next(self._pieces)
                self._stalls = 0
                return piece
            except StopIteration:
                self._close_body()
                if self._total is None or self._at_end():
                    return None
                self._resume(f"{self.url} ended at byte {self._end_position()}, not {self._total}")
            except TransportFailed as exc:
                self._close_body()
                self._resume(str(exc))

    def _at_end(self) -> bool:
        return self._total is not None and self._end_position() >= self._total

    def _end_position(self) -> int:
        return self.position + len(self._pending)

    def _resume(self, why: str) -> None:
        self._stalls += 1
        self.resumes += 1
        if self._stalls > _STALLS_ALLOWED:
            raise TransportFailed(f"{why}; gave up after {_STALLS_ALLOWED} resumes without data")

    def _open(self) -> None:
        stack = ExitStack()
        body = stack.enter_context(
            self._fetcher.stream_range(self.url, self._end_position(), self._log)
        )
        self._stack, self._pieces = stack, body.pieces()
        if self._total is None and body.total is not None and self._on_size is not None:
            self._on_size(body.total)
        self._total = body.total if body.total is not None else self._total

    def _close_body(self) -> None:
        if self._stack is not None:
            stack, self._stack, self._pieces = self._stack, None, None
            stack.close()

    def close(self) -> None:
        self._close_body()
        super().close()


def archive_opener(
    fetcher: Fetcher,
    url: str,
    log: list[RequestRecord],
    on_bytes: Callable[[int], None] | None = None,
    on_size: Callable[[int], None] | None = None,
) -> Callable[[int], BinaryIO]:
    """``open_at(offset)`` for ``tasks.warc_input.read_warc_chunks``; ``on_size`` hears the
    file's size once, the first time a server states it."""
    told: list[int] = []

    def tell_once(size: int) -> None:
        if not told and on_size is not None:
            told.append(size)
            on_size(size)

    def open_at(offset: int) -> BinaryIO:
        reader = RangeReader(fetcher, url, offset, log, on_bytes, tell_once)
        return reader  # type: ignore[return-value]

    return open_at
