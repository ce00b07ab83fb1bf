"""Reading WARC archives (CC-NEWS files, newsflow's own ``data/raw`` captures, any crawler's):
records streamed one at a time and handed out in bounded chunks that say where to resume.

The reader is FastWARC (resiliparse): on the CC-NEWS-like archive of ``bench/warc.py`` it scans
and filters about 2.4 times as many records a second as warcio (see that script). Each record
is classified from its WARC headers first, so a record of another host, a ``request``,
``revisit``, ``metadata`` or ``warcinfo`` record is counted and skipped without its block being
read; a ``response`` of a kept host is parsed as HTTP (``tasks.warc_http``) and kept as a
``WarcPage`` when it is a complete 200 HTML page.

A record the library cannot read (a corrupt gzip member, a broken header) is a ``Reject`` naming
the archive and the record's offset; reading goes on at the next record found after it (the next
gzip member that starts a WARC record, or the next ``WARC/1.x`` line). ``open_at(offset)`` gives
a fresh stream positioned at ``offset`` (a local file seeked there, or an HTTP ``Range``
request), so a chunk's ``next_offset`` is all a caller must keep to resume a killed run.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from tasks.dates import utc_from_iso
from tasks.models import Reject
from tasks.warc_http import BadHttpMessage, parse_http_response

OpenAt = Callable[[int], BinaryIO]
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_BLOCK = 1 << 20
_WINDOW = 1 << 16  # bytes read past a candidate before judging it
_SKIPPED_TYPES = {  # keyed by int: FastWARC's record types are not hashable
    int(WarcRecordType.warcinfo): "warcinfo",
    int(WarcRecordType.request): "request",
    int(WarcRecordType.metadata): "metadata",
    int(WarcRecordType.revisit): "revisit",
    int(WarcRecordType.resource): "resource",
    int(WarcRecordType.conversion): "conversion",
    int(WarcRecordType.continuation): "continuation",
}
_RESPONSE = int(WarcRecordType.response)


@dataclass(frozen=True)
class WarcPage:
    """A complete 200 HTML response of a kept host, as archived."""

    archive: str
    offset: int
    url: str
    fetched_at: datetime | None
    status: int
    content_type: str | None
    charset: str | None
    body: bytes
    record_id: str | None = None

    @property
    def location(self) -> str:
        return f"{self.archive}#{self.offset}"


@dataclass
class WarcChunk:
    """Records ``start_offset`` up to ``next_offset`` (exclusive) of one archive."""

    archive: str
    start_offset: int
    next_offset: int = 0
    records: int = 0
    pages: list[WarcPage] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    done: bool = False  # the archive ends with this chunk

    @property
    def page_bytes(self) -> int:
        return sum(len(p.body) for p in self.pages)


@dataclass(frozen=True)
class ReadLimits:
    max_records: int = 2000  # records a chunk (scanned, kept or not)
    max_pages: int = 200  # kept pages a chunk
    max_page_bytes: int = 10 * 1024 * 1024  # a larger response is a reject, never read whole
    max_chunk_bytes: int = 64 * 1024 * 1024  # kept page bytes a chunk


DEFAULT_LIMITS = ReadLimits()


def host_matches(host: str, domains: AbstractSet[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one (every host when none are given).

    One set look-up per label of the host, however many domains there are."""
    if not domains:
        return True
    name = host.lower().rstrip(".")
    while True:
        if name in domains:
            return True
        dot = name.find(".")
        if dot < 0:
            return False
        name = name[dot + 1 :]


def normalise_domains(domains: Iterable[str]) -> frozenset[str]:
    """Lower case, no trailing dot, no ``www.``: a domain includes all its subdomains."""
    cleaned = (d.strip().lower().rstrip(".") for d in domains)
    return frozenset(d.removeprefix("www.") for d in cleaned if d)


def local_opener(path: Path) -> OpenAt:
    def open_at(offset: int) -> BinaryIO:
        handle = path.open("rb")
        handle.seek(offset)
        return handle

    return open_at


def read_warc_chunks(
    open_at: OpenAt,
    archive: str,
    *,
    domains: Sequence[str] = (),
    start_offset: int = 0,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[WarcChunk]:
    """The archive's records from ``start_offset`` on, in chunks; the last one has ``done``."""
    wanted = normalise_domains(domains)
    chunk = WarcChunk(archive, start_offset)
    position: int | None = start_offset
    while position is not None:
        current: int | None = None  # the record being handled, until it is done
        finished: int | None = None  # the last record handled completely
        begun: int = position
        stream = open_at(begun)  # failing to open is not the archive's fault: raised
        try:
            for record in ArchiveIterator(stream, parse_http=False, fsspec_args=False):
                current = record.stream_pos
                if _full(chunk, limits):
                    chunk.next_offset = current
                    yield chunk
                    chunk = WarcChunk(archive, current)
                chunk.records += 1
                _take(record, chunk, wanted, limits)
                finished = current
            position = None
        except (OSError, ValueError) as error:
            if current is None:
                bad = begun
            elif current != finished:
                bad = current
            else:
                gzipped = _is_gzipped(open_at)
                bad = _record_end(open_at, current, gzipped) or current
            chunk.rejects.append(
                Reject(f"{archive}#{bad}", "malformed WARC record", f"{error}", stage="parse")
            )
            chunk.records += 0 if bad == finished else 1
            position = _next_record_start(open_at, bad + 1, _is_gzipped(open_at))
        finally:
            stream.close()
    chunk.done = True
    chunk.next_offset = -1
    yield chunk


def _full(chunk: WarcChunk, limits: ReadLimits) -> bool:
    return (
        chunk.records >= limits.max_records
        or len(chunk.pages) >= limits.max_pages
        or chunk.page_bytes >= limits.max_chunk_bytes
    )


def _take(
    record: WarcRecord, chunk: WarcChunk, domains: AbstractSet[str], limits: ReadLimits
) -> None:
    """Count ``record`` as skipped, keep it as a page, or reject it."""
    kind = int(record.record_type)
    skipped = _SKIPPED_TYPES.get(kind)
    if skipped is None and kind != _RESPONSE:
        skipped = "other record type"
    if skipped is not None:
        chunk.skipped[skipped] += 1
        return
    url = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>")
    where = f"{chunk.archive}#{record.stream_pos}"
    host = urlsplit(url).hostname if url else None
    if not host:
        chunk.rejects.append(Reject(where, "malformed WARC record", "no WARC-Target-URI host"))
        return
    if not host_matches(host, domains):
        chunk.skipped["other host"] += 1
        return
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        chunk.skipped["not HTTP"] += 1
        return
    if record.headers.get("WARC-Truncated"):
        chunk.skipped["truncated"] += 1
        return
    if record.headers.get("Content-Length") is None:
        detail = "no Content-Length header: the record is cut off or not a WARC record"
        chunk.rejects.append(Reject(where, "malformed WARC record", detail))
        return
    if record.content_length > limits.max_page_bytes:
        detail = f"{record.content_length} bytes, over the {limits.max_page_bytes} limit"
        chunk.rejects.append(Reject(where, "WARC record too large", detail))
        return
    block = record.reader.read(record.content_length)
    if len(block) < record.content_length:
        detail = f"{len(block)} of {record.content_length} bytes: the archive ends mid-record"
        chunk.rejects.append(Reject(where, "truncated WARC record", detail))
        return
    try:
        response = parse_http_response(block, limits.max_page_bytes)
    except BadHttpMessage as exc:
        chunk.rejects.append(Reject(where, "malformed HTTP response in WARC record", str(exc)))
        return
    if response.status != 200:
        chunk.skipped["not 200"] += 1
        return
    media = response.media_type
    if media not in PAGE_TYPES and not (media is None and _looks_like_html(response.body)):
        chunk.skipped["not HTML"] += 1
        return
    chunk.pages.append(
        WarcPage(
            archive=chunk.archive,
            offset=record.stream_pos,
            url=url,
            fetched_at=_warc_date(record),
            status=response.status,
            content_type=media or "text/html",
            charset=response.charset,
            body=response.body,
            record_id=record.record_id,
        )
    )


def _warc_date(record: WarcRecord) -> datetime | None:
    return utc_from_iso(record.headers.get("WARC-Date") or "")


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _is_gzipped(open_at: OpenAt) -> bool:
    with closing(open_at(0)) as stream:
        return stream.read(3) == _GZIP_MAGIC


def _record_end(open_at: OpenAt, start: int, gzipped: bool) -> int | None:
    """Where the record after the one at ``start`` begins (``None`` if it cannot be told)."""
    with closing(open_at(start)) as stream:
        if gzipped:
            decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
            consumed = 0
            try:
                while not decoder.eof:
                    block = stream.read(_SCAN_BLOCK)
                    if not block:
                        return None
                    decoder.decompress(block, 1)  # output is not needed, only the end
                    while decoder.unconsumed_tail and not decoder.eof:
                        decoder.decompress(decoder.unconsumed_tail, 1 << 16)
                    consumed += len(block) - len(decoder.unused_data)
            except zlib.error:
                return None
            return start + consumed
        head = stream.read(64 * 1024)
    header_end = head.find(b"\r\n\r\n")
    for line in head[:header_end].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return start + header_end + 4 + int(value.strip()) + 4
    return None


def _next_record_start(open_at: OpenAt, after: int, gzipped: bool) -> int | None:
    """The first offset at or after ``after`` where a readable WARC record begins."""
    # A plain record starts a line: look for the newline before it (from one byte earlier).
    begin = after if gzipped else max(after - 1, 0)
    marker = _GZIP_MAGIC if gzipped else b"\nWARC/1."
    lead = 0 if gzipped else 1
    with closing(open_at(begin)) as stream:
        base, buffer = begin, b""
        while True:
            block = stream.read(_SCAN_BLOCK)
            buffer += block
            found = buffer.find(marker)
            while found >= 0:
                window = buffer[found + lead : found + lead + _WINDOW]
                if len(window) < _WINDOW and block:
                    break  # read more before judging this candidate
                if _starts_record(window, gzipped):
                    return base + found + lead
                found = buffer.find(marker, found + 1)
            if not block:
                return None
            keep = max(len(buffer) - _WINDOW, 0) if found < 0 else found
            base, buffer = base + keep, buffer[keep:]


def _starts_record(window: bytes, gzipped: bool) -> bool:
    if gzipped:
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(window, 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")
    return window[7:8] in (b"0", b"1") and window[8:9] in (b"\r", b"\n")
