"""Fuzzing every discovery parser: random and mutated documents never escape the parser's
boundary; what comes out is items or a reject, with clean text and plausible UTC dates."""

from __future__ import annotations

import gzip
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.discover.feeds import FeedRejected, ParsedFeed, parse_feed
from tasks.discover.robots_rules import RobotsRules
from tasks.discover.sitemaps import ParsedSitemap, SitemapRejected, parse_sitemap
from tests.support.fuzz import assert_clean, json_values, mutated

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = "https://news.example/feed"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
<item><title>One &amp; two</title><link>https://news.example/a/1</link><guid>g1</guid>
<pubDate>Wed, 01 May 2024 12:00:00 +0200</pubDate><author>a@b.example (Ann)</author>
<description>First &lt;b&gt;story&lt;/b&gt;</description></item>
<item><title>Three</title><link>/a/2</link><pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2024-05-01T10:00:00Z</updated>
<entry><title>Atom one</title><link href="/w/1"/><id>urn:1</id>
<published>2024-05-01T10:00:00+02:00</published><author><name>Bo</name></author></entry>
<entry><title>Atom two</title><link rel="alternate" href="https://wire.example/w/2"/>
<id>urn:2</id><updated>2024-05-02T10:00:00Z</updated></entry></feed>"""
JSON_FEED: dict[str, Any] = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON news",
    "home_page_url": "https://json.example/",
    "items": [
        {"id": "1", "url": "https://json.example/j/1", "title": "J one",
         "date_published": "2024-05-01T10:00:00Z", "authors": [{"name": "Cy"}]},
        {"id": 2, "url": "/j/2", "title": "J two", "date_modified": "2024-05-02"},
    ],
}  # fmt: skip
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a/1</loc><lastmod>2024-05-01T10:00:00+02:00</lastmod>
<news:news><news:publication_date>2024-05-01</news:publication_date>
<news:title>N one</news:title></news:news></url>
<url><loc>/a/2</loc><lastmod>2024-05-02</lastmod></url></urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
<sitemap><loc>https://news.example/s2.xml.gz</loc></sitemap></sitemapindex>"""
ROBOTS = (
    "User-agent: *\nDisallow: /private/\nAllow: /private/ok\nCrawl-delay: 1.5\n\n"
    "User-agent: newsflow\nDisallow: /x\nSitemap: https://news.example/sitemap.xml\n"
    "Sitemap: /relative.xml\n"
)
FEEDS = [RSS, ATOM, json.dumps(JSON_FEED).encode()]
SITEMAPS = [
    URLSET,
    INDEX,
    gzip.compress(URLSET),
    b"https://news.example/t/1\nhttps://news.example/t/2\n",
]


def check_feed(data: bytes, content_type: str | None = None) -> None:
    try:
        feed = parse_feed(data, BASE, content_type=content_type)
    except FeedRejected as exc:
        assert exc.reason and isinstance(exc.detail, str)
        exc.detail.encode("utf-8")
        return
    assert isinstance(feed, ParsedFeed)
    assert_clean(feed, "feed")
    for item in feed.items:
        assert item.link is None or item.link.startswith(("http://", "https://"))


def check_sitemap(data: bytes) -> None:
    try:
        sitemap = parse_sitemap(data, BASE)
    except SitemapRejected as exc:
        assert exc.reason
        exc.detail.encode("utf-8")
        return
    assert isinstance(sitemap, ParsedSitemap)
    assert_clean(sitemap, "sitemap")
    for entry in [*sitemap.entries, *sitemap.sitemaps]:
        assert entry.url.startswith(("http://", "https://"))


def test_the_seed_documents_parse() -> None:
    assert [len(parse_feed(f, BASE).items) for f in FEEDS] == [2, 2, 2]
    assert [len(parse_sitemap(s, BASE).entries) for s in SITEMAPS] == [2, 0, 2, 2]
    assert len(parse_sitemap(INDEX, BASE).sitemaps) == 2


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from([None, "application/rss+xml", "text/html",
                                                  "application/feed+json"]))  # fmt: skip
def test_feed_parser_survives_random_bytes(data: bytes, content_type: str | None) -> None:
    check_feed(data, content_type)


@FUZZ
@given(st.sampled_from(FEEDS).flatmap(mutated))
def test_feed_parser_survives_mutated_feeds(data: bytes) -> None:
    check_feed(data)


@FUZZ
@given(st.sampled_from(["items", "authors", "author", "id", "url", "title", "date_published",
                        "version", "home_page_url", "summary", "external_url", "name"]),
       json_values, st.booleans())  # fmt: skip
def test_json_feed_of_any_types_never_escapes(key: str, value: Any, in_item: bool) -> None:
    document = json.loads(json.dumps(JSON_FEED))
    if key == "name":
        document["items"][0]["authors"] = [{"name": value}, value]
    elif in_item:
        document["items"][0][key] = value
    else:
        document[key] = value
    data = json.dumps(document, ensure_ascii=bool(in_item)).encode("utf-8", "surrogatepass")
    check_feed(data)


def test_json_feed_nesting_far_too_deep_is_a_reject() -> None:
    deep = b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100_000
    deep += b"]" * 100_000 + b"}"
    check_feed(deep)


@FUZZ
@given(st.binary(max_size=2048))
def test_sitemap_parser_survives_random_bytes(data: bytes) -> None:
    check_sitemap(data)


@FUZZ
@given(st.sampled_from(SITEMAPS).flatmap(mutated))
def test_sitemap_parser_survives_mutated_sitemaps(data: bytes) -> None:
    check_sitemap(data)


@FUZZ
@given(
    st.text(max_size=400)
    | st.sampled_from([ROBOTS]).flatmap(
        lambda seed: mutated(seed.encode()).map(lambda b: b.decode("utf-8", "surrogateescape"))
    )
)
def test_robots_rules_survive_any_text(text: str) -> None:  # fmt: skip
    rules = RobotsRules.parse(text)
    assert isinstance(rules.can_fetch("newsflow", "https://news.example/private/x"), bool)
    delay = rules.crawl_delay("newsflow")
    assert delay is None or 0 <= delay < float("inf")
    for url in rules.sitemaps("https://news.example/robots.txt"):
        assert url.startswith(("http://", "https://"))
        url.encode("utf-8")
