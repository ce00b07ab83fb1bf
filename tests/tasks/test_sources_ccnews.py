from __future__ import annotations

import pytest

from tasks.sources import CCNEWS_BASE_URL, SourcesError, live_sources, source_from_table


def test_a_ccnews_source_reads_its_domains_base_url_and_file_cap() -> None:
    source = source_from_table(
        "history", {"kind": "ccnews", "domains": ["www.News.example"], "max_files_per_day": 3}
    )

    assert source.is_archive and source.urls == (CCNEWS_BASE_URL,)
    assert source.domains == ("news.example",) and source.max_files_per_day == 3
    assert source.concurrency == 1  # one connection unless told otherwise
    assert source.allows("https://sport.news.example/a") and not source.allows("https://x.example/")


def test_a_mirror_base_url_is_its_one_url() -> None:
    source = source_from_table(
        "m", {"kind": "ccnews", "domains": ["a.example"], "base_url": "http://mirror.local/cc"}
    )
    assert source.urls == ("http://mirror.local/cc/",)


@pytest.mark.parametrize(
    "table",
    [
        {"kind": "ccnews"},
        {"kind": "ccnews", "domains": []},
        {"kind": "ccnews", "domains": "a.example"},
        {"kind": "ccnews", "domains": ["a.example"], "max_files_per_day": -1},
        {"kind": "ccnews", "domains": ["a.example"], "base_url": 5},
    ],
)
def test_a_ccnews_source_without_usable_settings_is_refused(table: dict[str, object]) -> None:
    with pytest.raises(SourcesError):
        source_from_table("bad", table)


def test_fetch_leaves_archive_sources_out_and_refuses_one_named() -> None:
    feed = source_from_table("feed", {"kind": "feed", "urls": ["https://a.example/rss"]})
    archive = source_from_table("history", {"kind": "ccnews", "domains": ["a.example"]})

    assert live_sources([feed, archive]) == [feed]
    with pytest.raises(SourcesError, match="newsflow backfill history"):
        live_sources([feed, archive], ["history"])
