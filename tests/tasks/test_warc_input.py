from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasks.warc_input import (
    ReadLimits,
    WarcChunk,
    host_matches,
    local_opener,
    normalise_domains,
    read_warc_chunks,
)
from tests.support.warcs import Archive, article_html, http_response, page_record, record


def read_all(path: Path, **options: object) -> WarcChunk:
    """Every chunk folded into one."""
    total = WarcChunk(str(path), 0)
    for chunk in read_warc_chunks(local_opener(path), str(path), **options):  # type: ignore[arg-type]
        total.records += chunk.records
        total.pages += chunk.pages
        total.rejects += chunk.rejects
        total.skipped.update(chunk.skipped)
        total.done = chunk.done
    return total


def mixed_archive(version: str) -> Archive:
    news = "https://www.news.example/2024/03/05/harbour"
    return (
        Archive()
        .add(record("warcinfo", None, b"software: test\r\n", version=version))
        .add(record("request", news, b"GET / HTTP/1.1\r\nHost: www.news.example\r\n\r\n"))
        .add(page_record(news, "Harbour repairs", version=version))
        .add(page_record("https://sport.news.example/match", "Match report", version=version))
        .add(page_record("https://elsewhere.example/story", "Other host"))
        .add(record("revisit", news, b"HTTP/1.1 304 Not Modified\r\n\r\n"))
        .add(record("metadata", news, b"fetchTimeMs: 120\r\n"))
        .add(record("response", news + "/data", http_response(b"{}", content_type="application/json")))
        .add(record("response", news + "/gone", http_response(article_html("Gone"), status="404 Not Found")))
        .add(page_record(news + "/cut", "Cut short", extra_headers=("WARC-Truncated: length",)))
    )  # fmt: skip


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize("gzipped", [True, False])
def test_html_responses_of_the_kept_hosts_become_pages_and_the_rest_is_counted(
    tmp_path: Path, version: str, gzipped: bool
) -> None:
    data, offsets = mixed_archive(version).build(gzipped)
    path = tmp_path / ("cc.warc.gz" if gzipped else "cc.warc")
    path.write_bytes(data)

    result = read_all(path, domains=["news.example"])

    assert result.done and result.records == 10 and result.rejects == []
    assert [(p.url, p.offset) for p in result.pages] == [
        ("https://www.news.example/2024/03/05/harbour", offsets[2]),
        ("https://sport.news.example/match", offsets[3]),
    ]
    page = result.pages[0]
    assert page.location == f"{path}#{offsets[2]}"
    assert page.fetched_at == datetime(2024, 3, 5, 10, 20, 30, tzinfo=UTC)
    assert page.charset == "utf-8" and page.body.startswith(b"<!doctype html>")
    assert dict(result.skipped) == {
        "warcinfo": 1, "request": 1, "other host": 1, "revisit": 1, "metadata": 1,
        "not HTML": 1, "not 200": 1, "truncated": 1,
    }  # fmt: skip


def test_subdomains_are_kept_but_a_name_that_only_ends_alike_is_not() -> None:
    domains = normalise_domains(["News.Example.", "www.paper.example"])
    assert host_matches("news.example", domains)
    assert host_matches("a.b.news.example", domains)
    assert host_matches("paper.example", domains)
    assert not host_matches("badnews.example", domains)
    assert not host_matches("news.example.evil", domains)
    assert host_matches("anything.example", normalise_domains([]))


def test_a_corrupt_gzip_member_is_one_reject_at_its_offset_and_the_rest_loads(
    tmp_path: Path,
) -> None:
    archive = Archive()
    for number in range(6):
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    members = archive.members(gzipped=True)
    broken = bytearray(members[2])
    middle = len(broken) // 2
    broken[middle : middle + 30] = bytes(b ^ 0x5A for b in broken[middle : middle + 30])
    members[2] = bytes(broken)
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"".join(members))
    bad_offset = len(members[0]) + len(members[1])

    result = read_all(path)

    assert [p.url for p in result.pages] == [f"https://news.example/{n}" for n in (0, 1, 3, 4, 5)]
    assert [(r.input, r.reason, r.stage) for r in result.rejects] == [
        (f"{path}#{bad_offset}", "malformed WARC record", "parse")
    ]


def test_a_broken_header_in_a_plain_warc_is_one_reject_and_the_rest_loads(tmp_path: Path) -> None:
    archive = Archive()
    for number in range(4):
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    archive.records[1] = b"WARQ/9.9" + archive.records[1][8:]
    data, offsets = archive.build(gzipped=False)
    path = tmp_path / "plain.warc"
    path.write_bytes(data)

    result = read_all(path)

    assert [p.url for p in result.pages] == [f"https://news.example/{n}" for n in (0, 2, 3)]
    assert [r.input for r in result.rejects] == [f"{path}#{offsets[1]}"]


def test_a_truncated_last_gzip_member_is_a_reject_and_the_pages_before_it_load(
    tmp_path: Path,
) -> None:
    archive = Archive()
    for number in range(3):
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    data, offsets = archive.build(gzipped=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: offsets[2] + (len(data) - offsets[2]) // 2])

    result = read_all(path)

    assert [p.url for p in result.pages] == ["https://news.example/0", "https://news.example/1"]
    assert [r.input for r in result.rejects] == [f"{path}#{offsets[2]}"]
    assert result.done


def test_chunks_resume_where_the_previous_one_ended(tmp_path: Path) -> None:
    archive = Archive()
    for number in range(10):
        archive.add(record("request", f"https://news.example/{number}", b"GET / HTTP/1.1\r\n\r\n"))
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    data, offsets = archive.build(gzipped=True)
    path = tmp_path / "chunks.warc.gz"
    path.write_bytes(data)
    limits = ReadLimits(max_records=3)

    chunks = list(read_warc_chunks(local_opener(path), str(path), limits=limits))

    assert [c.records for c in chunks] == [3, 3, 3, 3, 3, 3, 2]
    assert [c.start_offset for c in chunks] == [0, *(offsets[i] for i in range(3, 20, 3))]
    assert [c.next_offset for c in chunks[:-1]] == [c.start_offset for c in chunks[1:]]
    assert chunks[-1].done and not any(c.done for c in chunks[:-1])
    resumed = read_warc_chunks(
        local_opener(path), str(path), start_offset=chunks[3].start_offset, limits=limits
    )
    assert [p.url for c in resumed for p in c.pages] == [p.url for c in chunks[3:] for p in c.pages]


def test_chunked_and_gzipped_http_bodies_are_decoded(tmp_path: Path) -> None:
    html = article_html("Encoded")
    packed = gzip.compress(html)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    block = http_response(
        chunked, extra_headers=("Transfer-Encoding: chunked", "Content-Encoding: gzip")
    )
    path = tmp_path / "encoded.warc"
    path.write_bytes(
        Archive().add(record("response", "https://news.example/e", block)).build(False)[0]
    )

    result = read_all(path)

    assert [p.body for p in result.pages] == [html]


def test_a_response_too_large_is_rejected_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    path.write_bytes(Archive().add(page_record("https://news.example/big", "Big")).build(False)[0])

    result = read_all(path, limits=ReadLimits(max_page_bytes=100))

    assert result.pages == [] and [r.reason for r in result.rejects] == ["WARC record too large"]


def test_a_file_that_is_not_a_warc_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "not.warc"
    path.write_bytes(b"just some text, not an archive\n" * 10)

    result = read_all(path)

    assert result.pages == [] and [r.input for r in result.rejects] == [f"{path}#0"]


def test_an_archive_cut_inside_a_record_header_is_a_reject_for_that_record(tmp_path: Path) -> None:
    archive = Archive()
    for number in range(2):
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    data, offsets = archive.build(gzipped=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: offsets[1] + 120])

    result = read_all(path)

    assert [p.url for p in result.pages] == ["https://news.example/0"]
    assert [r.input for r in result.rejects] == [f"{path}#{offsets[1]}"]
