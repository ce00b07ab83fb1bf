"""CC-NEWS listing and streaming against a simulated Common Crawl on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tasks.fetch import FetchConfig, Fetcher
from tasks.fetch.ccnews import archive_opener, archive_size, file_stamp, list_day
from tasks.fetch.errors import FetchError
from tasks.fetch.models import RequestRecord
from tasks.fetch.politeness import GateRegistry
from tasks.fetch.robots_cache import RobotsCache
from tasks.warc_input import WarcChunk, local_opener, read_warc_chunks
from tests.support.simcc import SimCommonCrawl, serve
from tests.support.warcs import Archive, page_record, record

DAY = date(2024, 3, 5)
NAME = "CC-NEWS-20240305101500-00042.warc.gz"


def news_archive(stories: int = 12) -> tuple[bytes, list[int]]:
    archive = Archive().add(record("warcinfo", None, b"software: sim\r\n"))
    for number in range(stories):
        archive.add(record("request", f"https://news.example/{number}", b"GET / HTTP/1.1\r\n\r\n"))
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
        archive.add(page_record(f"https://other.example/{number}", f"Elsewhere {number}"))
    return archive.build(gzipped=True)


@pytest.fixture
def common_crawl() -> Iterator[SimCommonCrawl]:
    with serve(SimCommonCrawl()) as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    config = FetchConfig(
        allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=1, retries=3,
        read_timeout=5.0,
    )  # fmt: skip
    slept: list[float] = []
    with Fetcher(config, gates=GateRegistry(), robots=RobotsCache(), sleep=slept.append) as f:
        yield f


def read_pages(open_at, archive: str) -> tuple[list[str], WarcChunk]:  # type: ignore[no-untyped-def]
    last = None
    urls = []
    for chunk in read_warc_chunks(open_at, archive, domains=["news.example"]):
        urls += [p.url for p in chunk.pages]
        last = chunk
    assert last is not None
    return urls, last


def test_the_files_of_a_day_are_those_stamped_on_it(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    for name in (
        "CC-NEWS-20240304235959-00040.warc.gz",
        "CC-NEWS-20240305000000-00041.warc.gz",
        "CC-NEWS-20240305120000-00043.warc.gz",
        NAME,
        "CC-NEWS-20240306000001-00044.warc.gz",
        "CC-NEWS-garbage.warc.gz",
    ):
        common_crawl.add_file("2024/03", name, b"")

    listing = list_day(fetcher, common_crawl.base_url, DAY, max_files=None)
    capped = list_day(fetcher, common_crawl.base_url, DAY, max_files=2)

    assert listing.error is None and listing.listed == 5
    assert [f.path.rsplit("/", 1)[1] for f in listing.files] == [
        "CC-NEWS-20240305000000-00041.warc.gz", NAME, "CC-NEWS-20240305120000-00043.warc.gz",
    ]  # fmt: skip
    assert listing.files[0].url == f"{common_crawl.base_url}{listing.files[0].path}"
    assert [f.stamp for f in capped.files] == [f.stamp for f in listing.files[:2]]
    assert file_stamp(NAME) == datetime(2024, 3, 5, 10, 15, tzinfo=UTC)


def test_a_month_without_a_list_is_an_error_for_the_day(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    listing = list_day(fetcher, common_crawl.base_url, DAY, max_files=None)

    assert listing.files == [] and listing.error is not None and "404" in listing.error


def test_a_download_reset_twice_resumes_with_range_and_reads_every_record(
    common_crawl: SimCommonCrawl, fetcher: Fetcher, tmp_path: Path
) -> None:
    data, _ = news_archive()
    path = common_crawl.add_file("2024/03", NAME, data)
    common_crawl.reset_after[path] = [len(data) // 3, len(data) // 3]
    local = tmp_path / NAME
    local.write_bytes(data)
    log: list[RequestRecord] = []

    urls, last = read_pages(archive_opener(fetcher, common_crawl.base_url + path, log), "cc")

    assert urls == read_pages(local_opener(local), "local")[0]
    assert len(urls) == 12 and last.rejects == [] and last.done
    served = common_crawl.served(path)
    assert served[0] == "bytes=0-" and len(served) == 3
    assert served[1] == f"bytes={len(data) // 3}-" and served[2] == f"bytes={2 * (len(data) // 3)}-"
    assert sum(r.bytes for r in log if r.kind == "archive") == len(data)


def test_a_busy_server_is_waited_for_as_its_retry_after_says(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    data, _ = news_archive(3)
    path = common_crawl.add_file("2024/03", NAME, data)
    common_crawl.busy[path] = 2
    log: list[RequestRecord] = []

    urls, _ = read_pages(archive_opener(fetcher, common_crawl.base_url + path, log), "cc")

    assert len(urls) == 3
    assert [r.status for r in log if r.kind == "archive"] == [503, 503, 206]


def test_a_listed_file_that_is_missing_raises_a_fetch_error(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    path = common_crawl.list_missing("2024/03", NAME)
    opener = archive_opener(fetcher, common_crawl.base_url + path, [])

    with pytest.raises(FetchError) as raised:
        read_pages(opener, "cc")

    assert raised.value.reason == "http 404"


def test_a_truncated_last_member_is_a_reject_and_the_file_ends(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    archive = Archive()
    for number in range(5):
        archive.add(page_record(f"https://news.example/{number}", f"Story number {number}"))
    data, offsets = archive.build(gzipped=True)
    path = common_crawl.add_file(
        "2024/03", NAME, data[: offsets[-1] + (len(data) - offsets[-1]) // 2]
    )
    url = common_crawl.base_url + path

    urls, last = read_pages(archive_opener(fetcher, url, []), url)

    assert len(urls) == 4
    assert [(r.input, r.reason) for r in last.rejects] == [
        (f"{url}#{offsets[-1]}", "truncated WARC record")
    ]
    assert last.done


def test_a_server_without_range_support_is_read_from_the_start_and_skipped_ahead(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    data, offsets = news_archive(6)
    path = common_crawl.add_file("2024/03", NAME, data)
    common_crawl.ranges_supported = False
    common_crawl.reset_after[path] = [len(data) // 2]
    log: list[RequestRecord] = []

    urls, last = read_pages(archive_opener(fetcher, common_crawl.base_url + path, log), "cc")
    from_middle = [
        p.url
        for c in read_warc_chunks(
            archive_opener(fetcher, common_crawl.base_url + path, log), "cc",
            domains=["news.example"], start_offset=offsets[7],
        )
        for p in c.pages
    ]  # fmt: skip

    assert len(urls) == 6 and last.rejects == []
    assert from_middle == urls[2:]


def test_the_size_of_a_file_is_read_without_its_body(
    common_crawl: SimCommonCrawl, fetcher: Fetcher
) -> None:
    data, _ = news_archive(2)
    path = common_crawl.add_file("2024/03", NAME, data)

    assert archive_size(fetcher, common_crawl.base_url + path, []) == len(data)
