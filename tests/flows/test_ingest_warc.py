"""WARC files dropped in the inbox, through the real ``ingest_files`` flow."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from flows.ingest_files import ingest_files
from settings import Settings
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import write_warc
from tests.support.warcs import Archive, article_html, http_response, page_record, record

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _run(settings: Settings, root: Path) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
        patch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
        return ingest_files(paths=[str(root)], warehouse=str(settings.warehouse_file))


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_dropped_warc_files_load_their_pages_with_file_and_offset_sightings(
    settings: Settings, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "crawls").mkdir(parents=True)
    cc = Archive().add(record("warcinfo", None, b"software: test\r\n"))
    for number in range(3):
        cc.add(page_record(f"https://news.example/{number}", f"Harbour story {number}"))
        cc.add(record("revisit", f"https://news.example/{number}", b"HTTP/1.1 304 x\r\n\r\n"))
    cc.add(
        record(
            "response",
            "https://news.example/logo",
            http_response(b"GIF89a", content_type="image/gif"),
        )
    )
    members = cc.members(gzipped=True)
    members[3] = members[3][:40] + bytes(b ^ 0x33 for b in members[3][40:90]) + members[3][90:]
    (inbox / "crawls" / "cc.warc.gz").write_bytes(b"".join(members))
    bad_offset = sum(len(m) for m in members[:3])
    plain, offsets = Archive().add(page_record("https://wire.example/a", "Wire story")).build(False)
    (inbox / "crawls" / "wire.warc").write_bytes(plain)
    (inbox / "crawls" / "empty.warc").write_bytes(b"")

    first = _run(settings, inbox)
    again = _run(settings, inbox)

    articles = _rows(settings, "SELECT url, source FROM articles ORDER BY url")
    assert articles == [
        ("https://news.example/0", "crawls"), ("https://news.example/2", "crawls"),
        ("https://wire.example/a", "crawls"),
    ]  # fmt: skip
    sightings = {r[0] for r in _rows(settings, "SELECT location FROM sightings")}
    assert f"{inbox / 'crawls' / 'wire.warc'}#{offsets[0]}" in {
        s.replace(str(inbox.resolve()), str(inbox)) for s in sightings
    }
    assert all("#" in s for s in sightings)
    rejects = _rows(settings, "SELECT input, reason, source FROM rejects ORDER BY reason")
    assert [r[1:] for r in rejects] == [
        ("empty file", "crawls"), ("malformed WARC record", "crawls"),
    ]  # fmt: skip
    assert rejects[1][0].endswith(f"cc.warc.gz#{bad_offset}")
    assert first["new"] == 3 and again["new"] == 0 and again["unchanged"] == 3
    progress = _rows(
        settings, "SELECT count(*) FILTER (WHERE done), sum(records) FROM warc_progress"
    )
    assert progress == [
        (3, 9)
    ]  # read to the end: cc (8 records, the bad one included), wire (1), empty


def test_a_page_seen_live_and_in_an_archive_is_one_article_with_two_sightings(
    settings: Settings, tmp_path: Path
) -> None:
    body = article_html("Ferry strike ends", lead="Ferry workers returned on Monday.")
    fetched = FetchResult(
        url="https://news.example/ferry", final_url="https://news.example/ferry", outcome="ok",
        status=200, body=body, content_type="text/html", charset="utf-8", content_hash="x",
        fetched_at=datetime(2024, 3, 5, 9, tzinfo=UTC),
    )  # fmt: skip
    inbox = tmp_path / "inbox"
    refs = write_warc(inbox / "raw", "capture", [fetched])
    (inbox / "cc").mkdir(parents=True)
    (inbox / "cc" / "cc.warc").write_bytes(
        Archive()
        .add(record("response", "https://news.example/ferry", http_response(body)))
        .build(False)[0]
    )

    summary = _run(settings, inbox)

    assert (summary["new"], summary["duplicate"]) == (1, 1)
    [(count, urls)] = _rows(settings, "SELECT count(*), list(DISTINCT canonical_url) FROM articles")
    assert (count, urls) == (1, ["https://news.example/ferry"])
    locations = sorted(r[0] for r in _rows(settings, "SELECT location FROM sightings"))
    assert len(locations) == 2 and all("#" in loc for loc in locations)
    assert any(
        loc.endswith(f"{refs['https://news.example/ferry'].warc_file.split('/')[-1]}#0")
        for loc in locations
    )
