"""Raw capture: fetched pages kept as WARC response records in ``<data_dir>/raw``.

One ``.warc.gz`` file per batch, each record its own gzip member, written under a temporary
name and renamed into place; the (file, offset, length) of each record is returned so rows can
point at it and a newer parser can re-extract without fetching again.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.fetch.models import FetchResult


@dataclass(frozen=True)
class RawRef:
    warc_file: str  # relative to the raw directory
    offset: int
    length: int

    def as_dict(self) -> dict[str, object]:
        return {"warc": self.warc_file, "offset": self.offset, "length": self.length}


def write_warc(raw_dir: Path, name: str, results: list[FetchResult]) -> dict[str, RawRef]:
    """Write the bodies of ``results`` to ``raw_dir/<day>/<name>.warc.gz``; refs by URL."""
    if not results:
        return {}
    relative = Path(f"{datetime.now(UTC):%Y-%m-%d}") / f"{name}.warc.gz"
    target = raw_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".tmp-{target.name}")
    refs: dict[str, RawRef] = {}
    with temporary.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for result in results:
            start = handle.tell()
            writer.write_record(_record(writer, result))
            refs[result.url] = RawRef(relative.as_posix(), start, handle.tell() - start)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return refs


def read_warc_body(raw_dir: Path, ref: RawRef) -> bytes:
    """The page bytes stored at ``ref``."""
    with (raw_dir / ref.warc_file).open("rb") as handle:
        handle.seek(ref.offset)
        chunk = handle.read(ref.length)
    for record in ArchiveIterator(io.BytesIO(chunk)):
        body: bytes = record.content_stream().read()
        return body
    raise ValueError(f"no WARC record at {ref}")


def _record(writer: WARCWriter, result: FetchResult):  # type: ignore[no-untyped-def]
    headers = [("Content-Type", _content_type(result)), ("Content-Length", str(len(result.body)))]
    if result.etag:
        headers.append(("ETag", result.etag))
    if result.last_modified:
        headers.append(("Last-Modified", result.last_modified))
    http_headers = StatusAndHeaders(f"{result.status or 200} OK", headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        result.final_url,
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": result.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Target-URI": result.final_url,
        },
    )


def _content_type(result: FetchResult) -> str:
    media = result.content_type or "application/octet-stream"
    return f"{media}; charset={result.charset}" if result.charset else media
