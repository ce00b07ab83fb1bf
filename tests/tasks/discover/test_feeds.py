"""Feed parsing: our own small feeds, hostile XML, and a few real feeds from the eval set."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tasks.discover.feeds import FeedRejected, parse_feed
from tests.simsite import content

EVAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "feeds"
BASE = "https://news.example"
ARTICLES = content.make_articles("news", start=date(2024, 5, 1), days=2, per_day=2)


def test_rss_items_carry_canonical_links_and_hints() -> None:
    feed = parse_feed(content.rss_feed(ARTICLES, BASE).encode(), f"{BASE}/feed.xml")
    assert feed.format == "rss20" and not feed.malformed
    assert len(feed.items) == 4
    newest = max(ARTICLES, key=lambda a: a.published)
    item = feed.items[0]
    assert item.link == f"{BASE}{newest.path}"  # utm_* parameters removed
    assert item.title == newest.title and item.guid == newest.slug
    assert item.published == newest.published
    assert item.author and newest.author in item.author


def test_atom_relative_links_resolve_against_xml_base() -> None:
    feed = parse_feed(content.atom_feed(ARTICLES, BASE).encode(), f"{BASE}/atom.xml")
    assert feed.format == "atom10"
    assert [i.link for i in feed.items] == [f"{BASE}{a.path}" for a in ARTICLES]
    assert feed.items[0].published == ARTICLES[0].published


def test_json_feed() -> None:
    feed = parse_feed(content.json_feed(ARTICLES, BASE).encode(), f"{BASE}/feed.json")
    assert feed.format == "json"
    assert feed.items[1].link == f"{BASE}{ARTICLES[1].path}"
    assert feed.items[1].published == ARTICLES[1].published
    assert feed.items[1].author == ARTICLES[1].author


def test_broken_feed_still_yields_items_and_is_marked_malformed() -> None:
    broken = b'<rss version="2.0"><channel><title>x</title><item><title>A &amp B</title>'
    broken += b"<link>https://a.example/1</link></item><item><title>two</title>"
    feed = parse_feed(broken)
    assert feed.malformed and feed.problem
    assert feed.items[0].link == "https://a.example/1"


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (content.BILLION_LAUGHS, "xml entity expansion"),
        (content.EXTERNAL_ENTITY, "xml external entity"),
    ],
)
def test_hostile_xml_is_rejected_before_expansion(document: str, reason: str) -> None:
    # How fast: bench/hostile_inputs.py (a timed assertion fails on a busy machine).
    with pytest.raises(FeedRejected) as caught:
        parse_feed(document.encode())
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "document",
    [b"<html><body><p>hello</p></body></html>", b'{"hello": 1}', b"not xml at all"],
)
def test_what_is_not_a_feed_is_rejected(document: bytes) -> None:
    with pytest.raises(FeedRejected) as caught:
        parse_feed(document)
    assert caught.value.reason == "not a feed"


def test_dates_are_utc() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>t</title><item><link>https://a.example/x</link>'
        b"<pubDate>Wed, 01 May 2024 12:00:00 +0200</pubDate></item></channel></rss>"
    )
    assert parse_feed(rss).items[0].published == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


@pytest.mark.skipif(not EVAL.is_dir(), reason="evaluation data not present")
@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("node-feedparser/rss2sample.xml", 4),
        ("rss-parser/heise.atom", None),
        ("feedjira/json_feed.json", None),
    ],
)
def test_real_feeds_from_the_eval_set(name: str, items: int | None) -> None:
    feed = parse_feed((EVAL / "realworld" / name).read_bytes(), "https://example.org/feed")
    assert feed.items
    if items is not None:
        assert len(feed.items) == items
    assert sum(1 for i in feed.items if i.link) >= len(feed.items) // 2
