"""Discovery against the simulated site: feeds, robots.txt sitemaps, bounds and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tasks.fetch.discovery import discover
from tasks.fetch.models import FetchConfig
from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tasks.sources import Source
from tests.simsite import SimSite

CONFIG = FetchConfig(allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, backoff_base=0.01)


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with SimSite(crawl_delay=None) as running:
        yield running


def source(kind: str, *urls: str, **extra: object) -> Source:
    return Source(name="t", kind=kind, urls=urls, min_delay=0.0, **extra)  # type: ignore[arg-type]


def test_json_feed_gives_candidates_with_hints(site: SimSite) -> None:
    found = discover(source("feed", site.url("news", "/feed.json")), CONFIG)
    assert [c.url for c in found.candidates] == [site.article_url(a) for a in site.articles["news"]]
    first = found.candidates[0].hints
    assert first["title"] == site.articles["news"][0].title
    assert first["published"] == site.articles["news"][0].published.isoformat()
    assert [kind for kind, _ in found.documents] == ["feed"]


def test_site_finds_sitemaps_through_robots_and_filters_by_age(site: SimSite) -> None:
    found = discover(source("site", site.base("news") + "/"), CONFIG)
    assert {c.url for c in found.candidates} == {site.article_url(a) for a in site.articles["news"]}
    dated = [c for c in found.candidates if "published" in c.hints]
    assert len(dated) == len(site.articles["news"])  # from the news sitemaps
    newest = max(a.published for a in site.articles["news"])
    recent = discover(
        source("news_sitemap", site.url("news", "/sitemap_index.xml"), max_age_days=2),
        CONFIG,
        now=newest + timedelta(hours=1),
    )
    cutoff = newest + timedelta(hours=1) - timedelta(days=2)
    expected = {site.article_url(a) for a in site.articles["news"] if a.published >= cutoff}
    assert {c.url for c in recent.candidates} == expected
    assert 0 < len(expected) < len(site.articles["news"])


def test_sitemap_recursion_is_bounded(site: SimSite) -> None:
    looped = discover(source("sitemap", site.url("faults", "/self-index.xml")), CONFIG)
    assert looped.candidates == []
    assert site.log.count("faults", "/self-index.xml") == 1
    few = discover(
        source("sitemap", site.url("news", "/sitemap_index.xml"), max_sitemaps=2), CONFIG
    )
    assert any(r.reason == "sitemap limit reached" for r in few.rejects)


def test_unsafe_and_foreign_links_are_rejected_with_reasons(site: SimSite) -> None:
    found = discover(source("feed", site.url("faults", "/mixed.xml")), CONFIG)
    reasons = {r.input: r.reason for r in found.rejects}
    assert reasons["ftp://127.0.0.1/a.html"] == "not an http(s) url"
    # feedparser rewrites it as file://etc/passwd; refused all the same
    assert [r for i, r in reasons.items() if i.startswith("file:")] == ["not an http(s) url"]
    assert reasons["https://elsewhere.example/x"] == "outside the source's domains"
    assert [c.url for c in found.candidates] == [site.fault_url("gone")]


def test_hostile_feed_is_rejected_and_discovery_goes_on(site: SimSite) -> None:
    found = discover(
        source("feed", site.fault_url("billion_laughs"), site.fault_url("external_entity"),
               site.url("wire", "/atom.xml"), allowed_domains=("127.0.0.1",)),
        CONFIG,
    )  # fmt: skip
    reasons = [r.reason for r in found.rejects]
    assert reasons == ["xml entity expansion", "xml external entity"]
    assert len(found.candidates) == len(site.articles["wire"])


def test_auto_source_tells_sitemaps_from_feeds(site: SimSite) -> None:
    as_sitemap = discover(source("auto", site.url("news", "/sitemap_index.xml")), CONFIG)
    as_feed = discover(source("auto", site.url("wire", "/atom.xml")), CONFIG)
    assert len(as_sitemap.candidates) == len(site.articles["news"])
    assert len(as_feed.candidates) == len(site.articles["wire"])
    assert isinstance(as_feed.candidates[0].hints.get("published"), str)
    assert datetime.fromisoformat(as_feed.candidates[0].hints["published"])
