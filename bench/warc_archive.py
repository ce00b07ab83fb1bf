"""A CC-NEWS-like archive for ``bench/warc.py``: real pages under their own URLs, mixed with
records of other hosts.

Like a Common Crawl WARC: a ``warcinfo`` record first, then for every fetched URL a ``request``
and a ``response`` record (WARC/1.1, each record its own gzip member). Every kept page is a dev
eval page under the URL its truth gives; for each one ``filler_ratio`` responses of other hosts
follow: HTML pages (the eval pages' bytes again, under other hosts: real sizes), JSON, images and
``revisit`` records (no payload), in the proportions given in ``FILLER_KINDS``.
"""

from __future__ import annotations

import gzip
import json
import random
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

FILLER_KINDS = (("html", 0.7), ("json", 0.1), ("image", 0.1), ("revisit", 0.1))
_START = datetime(2024, 3, 5, tzinfo=UTC)


@dataclass(frozen=True)
class EvalPage:
    url: str
    body: bytes


def eval_pages(root: Path, limit: int | None = None) -> list[EvalPage]:
    """The dev eval pages that have a URL, each once (by URL), in a fixed order."""
    pages: dict[str, EvalPage] = {}
    for truth_file in sorted(root.glob("*/truth.jsonl")):
        for line in truth_file.read_text("utf-8").split("\n"):
            truth = json.loads(line) if line.strip() else {}
            url = truth.get("url")
            path = truth_file.parent / "pages" / f"{truth.get('id')}.html.gz"
            if isinstance(url, str) and urlsplit(url).hostname and path.exists():
                pages.setdefault(url, EvalPage(url, gzip.decompress(path.read_bytes())))
    return list(pages.values())[:limit]


def kept_domains(pages: list[EvalPage]) -> list[str]:
    return sorted({(urlsplit(p.url).hostname or "").removeprefix("www.") for p in pages})


@dataclass
class ArchiveStats:
    records: int = 0
    responses: int = 0
    kept: int = 0
    compressed_bytes: int = 0


def write_archive(
    target: Path,
    pages: list[EvalPage],
    *,
    filler_ratio: int = 4,
    seed: int = 18,
    level: int = 6,
    min_bytes: int = 0,
    keep_every: int = 1,
) -> ArchiveStats:
    """Write the archive; with ``min_bytes``, go round the pages until it is that large (only
    every ``keep_every``-th round's eval pages keep their own URLs: a big archive of which a
    small share is kept)."""
    rng = random.Random(seed)
    stats = ArchiveStats()
    with target.open("wb") as out:
        _write(out, _record("warcinfo", None, b"software: newsflow bench\r\n"), level, stats)
        rounds = 0
        while True:
            for index, page in enumerate(pages):
                moment = _START + timedelta(seconds=rounds * len(pages) + index)
                keep = rounds % keep_every == 0
                url = page.url if keep else _other_url(rng, index)
                _write_fetch(out, url, page.body, "text/html; charset=utf-8", moment, level, stats)
                stats.kept += keep
                for _ in range(filler_ratio):
                    _write_filler(out, rng, pages, moment, level, stats)
            rounds += 1
            if stats.compressed_bytes >= min_bytes:
                return stats


def _write_filler(
    out: BinaryIO,
    rng: random.Random,
    pages: list[EvalPage],
    moment: datetime,
    level: int,
    stats: ArchiveStats,
) -> None:
    kind = rng.choices([k for k, _ in FILLER_KINDS], [w for _, w in FILLER_KINDS])[0]
    url = _other_url(rng, rng.randrange(10**6))
    if kind == "revisit":
        http = b"HTTP/1.1 304 Not Modified\r\nContent-Type: text/html\r\n\r\n"
        _write(out, _record("revisit", url, http, moment), level, stats)
        stats.responses += 1
        return
    if kind == "html":
        body, media = rng.choice(pages).body, "text/html; charset=utf-8"
    elif kind == "json":
        body, media = (
            json.dumps({"items": [rng.random() for _ in range(400)]}).encode(),
            ("application/json"),
        )
    else:
        body, media = rng.randbytes(rng.randint(5_000, 60_000)), "image/jpeg"
    _write_fetch(out, url, body, media, moment, level, stats)


def _write_fetch(
    out: BinaryIO,
    url: str,
    body: bytes,
    media: str,
    moment: datetime,
    level: int,
    stats: ArchiveStats,
) -> None:
    host = urlsplit(url).hostname or ""
    path = urlsplit(url).path or "/"
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench\r\n\r\n".encode()
    _write(out, _record("request", url, request, moment), level, stats)
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nContent-Length: {len(body)}\r\n\r\n"
    _write(out, _record("response", url, head.encode() + body, moment), level, stats)
    stats.responses += 1


def _record(kind: str, url: str | None, block: bytes, moment: datetime = _START) -> bytes:
    headers = [
        "WARC/1.1",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
        f"WARC-Date: {moment:%Y-%m-%dT%H:%M:%SZ}",
    ]
    if url:
        headers.append(f"WARC-Target-URI: {url}")
    if kind == "warcinfo":
        headers.append("Content-Type: application/warc-fields")
    elif kind == "revisit":
        headers.append("WARC-Profile: http://netpreserve.org/warc/1.1/revisit/server-not-modified")
        headers.append("Content-Type: application/http; msgtype=response")
    else:
        msgtype = "request" if kind == "request" else "response"
        headers.append(f"Content-Type: application/http; msgtype={msgtype}")
    headers.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def _write(out: BinaryIO, record: bytes, level: int, stats: ArchiveStats) -> None:
    compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    member = compressor.compress(record) + compressor.flush()
    out.write(member)
    stats.records += 1
    stats.compressed_bytes += len(member)


def _other_url(rng: random.Random, index: int) -> str:
    return f"https://site{rng.randrange(5000)}.other-news.example/{index}/{rng.randrange(10**9)}"
