"""Content decoding (bounded), the SSRF guard, WARC capture and page-to-article hints."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest

from tasks.fetch.articles import article_from_page
from tasks.fetch.decoding import decode_stream
from tasks.fetch.errors import BadEncoding, UnsafeUrl
from tasks.fetch.models import FetchResult
from tasks.fetch.safety import check_url_allowed
from tasks.fetch.warc import read_warc_body, write_warc
from tasks.models import Article, Reject

TEXT = b"<p>" + b"news " * 5000 + b"</p>"


def chunks(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(TEXT)),
        ("identity", TEXT),
        (None, TEXT),
    ],
    # Stable ids: gzip output holds a timestamp, and xdist workers must collect equal names.
    ids=["gzip", "deflate", "raw-deflate", "br", "identity", "none"],
)
def test_decodes_every_supported_encoding(encoding: str | None, encoded: bytes) -> None:
    assert b"".join(decode_stream(chunks(encoded), encoding)) == TEXT


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_bombs_come_out_in_small_pieces(encoding: str) -> None:
    zeros = b"\0" * (50 * 1024 * 1024)
    bomb = gzip.compress(zeros, 1) if encoding == "gzip" else brotli.compress(zeros, quality=1)
    pieces = decode_stream([bomb], encoding)
    first = [next(pieces) for _ in range(4)]
    assert all(len(p) <= 256 * 1024 for p in first)  # bounded pieces, never the 50 MB


def test_corrupt_and_unknown_encodings() -> None:
    with pytest.raises(BadEncoding):
        list(decode_stream([b"\x1f\x8b\x08\x00not gzip at all"], "gzip"))
    with pytest.raises(BadEncoding):
        decode_stream([b"x"], "compress")


@pytest.mark.parametrize(
    "url",
    ["http://[::ffff:127.0.0.1]/", "http://169.254.169.254/", "http://metadata.google.internal/",
     "http://100.64.0.1/", "http://224.0.0.1/", "http://0.0.0.0/", "gopher://a.example/",
     "http:///nohost"],
)  # fmt: skip
def test_guard_refuses(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        check_url_allowed(url)


def test_guard_allows_public_addresses_and_listed_hosts() -> None:
    check_url_allowed("http://93.184.216.34/")
    check_url_allowed("http://127.0.0.1:8080/", {"127.0.0.1"})
    check_url_allowed("http://10.1.2.3:9000/", {"10.1.2.3:9000"})
    with pytest.raises(UnsafeUrl):
        check_url_allowed("http://10.1.2.3:9001/", {"10.1.2.3:9000"})


def page(body: bytes, url: str = "https://a.example/2024/05/02/x.html") -> FetchResult:
    return FetchResult(url, url, "ok", status=200, body=body, content_type="text/html",
                       charset="utf-8", content_hash="h")  # fmt: skip


def test_warc_round_trip(tmp_path: Path) -> None:
    results = [page(b"<html>one</html>", "https://a.example/1"), page(TEXT, "https://a.example/2")]
    refs = write_warc(tmp_path, "batch", results)
    assert read_warc_body(tmp_path, refs["https://a.example/2"]) == TEXT
    assert read_warc_body(tmp_path, refs["https://a.example/1"]) == b"<html>one</html>"
    assert not list(tmp_path.rglob(".tmp-*"))


def test_feed_hints_fill_what_the_page_lacks() -> None:
    paragraphs = "".join(
        f"<p>{'Council votes on the river bridge plan today. ' * 8}</p>" for _ in range(4)
    )
    html = f"<html><body><main>{paragraphs}</main></body></html>".encode()
    hints = {"title": "Bridge vote", "published": "2024-05-02T06:15:00+00:00",
             "author": "news@example.com (Ann Ray)"}  # fmt: skip
    made = article_from_page(page(html), "s", hints, None)
    assert isinstance(made, Article)
    assert made.published_at == datetime(2024, 5, 2, 6, 15, tzinfo=UTC)
    assert made.authors == ("Ann Ray",)
    assert made.canonical_url == "https://a.example/2024/05/02/x.html"
    assert made.extra["hints"] == hints


def test_a_page_without_text_is_rejected_with_a_reason() -> None:
    made = article_from_page(page(b"<html><body></body></html>"), "s", {}, None)
    assert isinstance(made, Reject) and made.reason == "no article text"
