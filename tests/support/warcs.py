"""WARC archives for tests, built byte by byte so that each field (and each fault) is explicit."""

from __future__ import annotations

import gzip
import uuid
from dataclasses import dataclass, field

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body>
<article><h1>{title}</h1>
<p>{lead} The council met on Tuesday evening to discuss the harbour, the ferries and the
long list of repairs that the storm had left behind along the waterfront.</p>
<p>Residents asked for a timetable, and the mayor promised one before the end of the month,
with the first works to start as soon as the contractors could be found.</p>
<p>Fishermen said the old pier had been unsafe for years and that nobody had listened to them
until the storm made the danger plain for everyone to see.</p>
</article></body></html>"""


def article_html(title: str, lead: str = "") -> bytes:
    return ARTICLE.format(title=title, lead=lead).encode("utf-8")


def http_response(
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    extra_headers: tuple[str, ...] = (),
) -> bytes:
    lines = [f"HTTP/1.1 {status}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines.extend(extra_headers)
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def record(
    kind: str,
    url: str | None,
    block: bytes,
    *,
    version: str = "1.1",
    date: str = "2024-03-05T10:20:30Z",
    extra_headers: tuple[str, ...] = (),
) -> bytes:
    headers = [
        f"WARC/{version}",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
        f"WARC-Date: {date}",
    ]
    if url is not None:
        headers.append(f"WARC-Target-URI: {url}")
    if kind in ("response", "request", "revisit"):
        msgtype = "request" if kind == "request" else "response"
        headers.append(f"Content-Type: application/http; msgtype={msgtype}")
    headers.extend(extra_headers)
    headers.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def page_record(url: str, title: str, **options: object) -> bytes:
    body = article_html(title, lead=f"{title}: the latest.")
    return record("response", url, http_response(body), **options)  # type: ignore[arg-type]


@dataclass
class Archive:
    """Records in order; ``bytes(gzipped=...)`` and the offset each record starts at."""

    records: list[bytes] = field(default_factory=list)

    def add(self, data: bytes) -> Archive:
        self.records.append(data)
        return self

    def members(self, gzipped: bool) -> list[bytes]:
        return [gzip.compress(r, 6) if gzipped else r for r in self.records]

    def build(self, gzipped: bool) -> tuple[bytes, list[int]]:
        members = self.members(gzipped)
        offsets, position = [], 0
        for member in members:
            offsets.append(position)
            position += len(member)
        return b"".join(members), offsets
