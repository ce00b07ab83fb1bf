"""Sitemap parsing: urlsets, indexes, Google News, gzip, plain text, broken and hostile files."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tasks.discover.robots_rules import RobotsRules
from tasks.discover.sitemaps import SitemapRejected, parse_sitemap, parse_w3c_datetime
from tests.simsite import content

EVAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "feeds" / "sitemaps"
BASE = "https://news.example"
ARTICLES = content.make_articles("news", start=date(2024, 5, 1), days=3, per_day=2)


def test_news_sitemap_gives_publication_dates_and_titles() -> None:
    parsed = parse_sitemap(content.news_sitemap(ARTICLES, BASE).encode(), BASE + "/news.xml")
    assert parsed.kind == "urlset" and len(parsed.entries) == 6
    first = parsed.entries[0]
    assert first.url == BASE + ARTICLES[0].path
    assert first.news_published == ARTICLES[0].published
    assert first.news_title == ARTICLES[0].title


def test_gzipped_urlset_with_lastmod() -> None:
    data = gzip.compress(content.urlset(ARTICLES, BASE).encode())
    parsed = parse_sitemap(data)
    assert parsed.kind == "urlset"
    assert parsed.entries[2].lastmod == datetime(2024, 5, 2, tzinfo=UTC)


def test_index_lists_child_sitemaps() -> None:
    index = content.sitemap_index([(f"{BASE}/a.xml", "2024-05-01"), ("/b.xml.gz", None)])
    parsed = parse_sitemap(index.encode(), BASE + "/sitemap_index.xml")
    assert parsed.kind == "index"
    assert [s.url for s in parsed.sitemaps] == [f"{BASE}/a.xml", f"{BASE}/b.xml.gz"]


def test_plain_text_sitemap() -> None:
    parsed = parse_sitemap(b"https://a.example/1\n\nhttps://a.example/2?utm_source=x\n")
    assert parsed.kind == "text"
    assert [e.url for e in parsed.entries] == ["https://a.example/1", "https://a.example/2"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (content.BILLION_LAUGHS.replace("rss", "urlset").encode(), "xml entity expansion"),
        (b"<html><body>hi</body></html>", "not a sitemap"),
        (b"\x1f\x8b\x08\x00garbage", "corrupt gzip"),
        (b"just words", "not a sitemap"),
    ],
)
def test_unusable_sitemaps_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SitemapRejected) as caught:
        parse_sitemap(data)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-01T10:30:00Z", datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
        ("2024-05-01T12:30:00+02:00", datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
        ("yesterday", None),
        (None, None),
    ],
)
def test_w3c_datetimes(text: str | None, expected: datetime | None) -> None:
    assert parse_w3c_datetime(text) == expected


def test_robots_sitemaps_and_crawl_delay() -> None:
    rules = RobotsRules.parse(
        "User-agent: newsflow\nDisallow: /drafts/\nCrawl-delay: 2.5\n\n"
        "User-agent: *\nDisallow: /\nCrawl-delay: 9\n\n"
        "Sitemap: https://a.example/sitemap.xml\nsitemap: /news.xml\n"
    )
    assert rules.crawl_delay("newsflow") == 2.5
    assert rules.crawl_delay("otherbot") == 9
    assert rules.can_fetch("newsflow", "https://a.example/story")
    assert not rules.can_fetch("newsflow", "https://a.example/drafts/x")
    assert not rules.can_fetch("otherbot", "https://a.example/story")
    assert rules.sitemaps("https://a.example/robots.txt") == [
        "https://a.example/sitemap.xml",
        "https://a.example/news.xml",
    ]


@pytest.mark.skipif(not EVAL.is_dir(), reason="evaluation data not present")
def test_eval_sitemaps() -> None:
    news = parse_sitemap((EVAL / "ultimate-sitemap-parser" / "google-news.xml").read_bytes())
    assert news.entries and all(e.news_published for e in news.entries)
    index = parse_sitemap((EVAL / "advertools" / "sitemap_index.xml").read_bytes())
    assert index.kind == "index" and index.sitemaps
    gz = parse_sitemap((EVAL / "advertools" / "regular_sitemap.xml.gz").read_bytes())
    assert gz.entries
    with pytest.raises(SitemapRejected) as broken:
        parse_sitemap((EVAL / "advertools" / "error_sitemap.xml").read_bytes())
    assert broken.value.reason == "malformed sitemap"
    robots = RobotsRules.parse((EVAL / "advertools" / "robots.txt").read_text())
    assert robots.sitemaps("https://example.com/robots.txt")
