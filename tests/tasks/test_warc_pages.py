from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tasks.fetch.articles import article_from_page
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import write_warc
from tasks.models import Article, Reject
from tasks.warc_input import local_opener, read_warc_chunks
from tasks.warc_pages import warc_page_article

PAGE = """<html><head><title>Café owners count the cost</title></head><body><article>
<h1>Café owners count the cost</h1>
<p>The café on the corner had served coffee for forty years before the flood reached it,
and its owners said on Monday that they would open again whatever the insurers decided.</p>
<p>Neighbours brought buckets and brooms, and by the evening the floor was dry enough to
walk on, although the old piano by the window will never play again.</p>
</article></body></html>"""


def fetched(body: bytes, charset: str | None) -> FetchResult:
    return FetchResult(
        url="https://news.example/cafe",
        final_url="https://news.example/cafe",
        outcome="ok",
        status=200,
        body=body,
        content_type="text/html",
        charset=charset,
        content_hash="x",
        fetched_at=datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
    )


def test_a_raw_capture_reads_back_with_its_http_charset_as_the_article_seen_live(
    tmp_path: Path,
) -> None:
    body = PAGE.encode("windows-1252")  # no <meta charset>: only the HTTP header says it
    refs = write_warc(tmp_path, "batch", [fetched(body, "windows-1252")])
    archive = tmp_path / refs["https://news.example/cafe"].warc_file

    pages = [p for c in read_warc_chunks(local_opener(archive), str(archive)) for p in c.pages]
    from_archive = warc_page_article(pages[0], "news")
    live = article_from_page(fetched(body, "windows-1252"), "news", {}, None)

    assert isinstance(from_archive, Article) and isinstance(live, Article)
    assert from_archive.title == "Café owners count the cost"
    assert "The café on the corner" in from_archive.body
    assert (from_archive.body, from_archive.canonical_url) == (live.body, live.canonical_url)
    assert from_archive.location == f"{archive}#{refs['https://news.example/cafe'].offset}"
    assert from_archive.source == "news"
    assert from_archive.extra["warc"]["offset"] == pages[0].offset
    assert from_archive.extra["fetch"]["fetched_at"] == "2024-03-05T09:00:00+00:00"


def test_a_page_without_text_is_a_reject_naming_the_record(tmp_path: Path) -> None:
    empty = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    refs = write_warc(tmp_path, "batch", [fetched(empty, "utf-8")])
    archive = tmp_path / refs["https://news.example/cafe"].warc_file
    pages = [p for c in read_warc_chunks(local_opener(archive), str(archive)) for p in c.pages]

    outcome = warc_page_article(pages[0], None)

    assert isinstance(outcome, Reject)
    assert outcome.input == pages[0].location and outcome.reason == "no article text"
