"""The HTTP client against the simulated site's real servers on 127.0.0.1."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from tasks.fetch import FetchConfig, Fetcher, Validators
from tasks.fetch.politeness import GateRegistry
from tasks.fetch.robots_cache import RobotsCache
from tests.simsite import SimSite

LOCAL = frozenset({"127.0.0.1"})


def config(**overrides: object) -> FetchConfig:
    values: dict[str, object] = {
        "allowed_hosts": LOCAL,
        "min_delay": 0.0,
        "concurrency": 4,
        "backoff_base": 0.05,
        "read_timeout": 1.0,
        "request_deadline": 5.0,
        "max_body_bytes": 2 * 1024 * 1024,
        "retries": 2,
    }
    values.update(overrides)
    return FetchConfig(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    with SimSite(crawl_delay=None, slow_seconds=2.5) as running:
        yield running


def fetcher(**overrides: object) -> Fetcher:
    return Fetcher(config(**overrides), gates=GateRegistry(), robots=RobotsCache())


def test_fetches_a_page_with_charset_and_hash(site: SimSite) -> None:
    article = site.articles["news"][0]
    with fetcher() as client:
        result = client.fetch(site.article_url(article))
    assert result.outcome == "ok" and result.status == 200
    assert article.title.encode() in result.body
    assert result.charset == "utf-8" and result.content_type == "text/html"
    assert result.content_hash and len(result.content_hash) == 64
    kinds = [r.kind for r in result.requests]
    assert kinds == ["robots", "page"]


def test_robots_disallow_is_refused_without_a_request(site: SimSite) -> None:
    before = site.log.count("news", "/private/secret.html")
    with fetcher() as client:
        result = client.fetch(site.url("news", "/private/secret.html"))
    assert result.outcome == "refused" and result.reason == "disallowed by robots.txt"
    assert site.log.count("news", "/private/secret.html") == before


def test_retries_a_500_then_succeeds(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.fault_url("flaky"))
    assert result.outcome == "ok"
    assert [r.status for r in result.requests if r.kind == "page"] == [500, 200]


def test_honours_retry_after_on_429(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.fault_url("rate_limited"))
    assert result.outcome == "ok"
    hits = site.log.entries("faults", "/rate-limited.html")
    assert len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.95


def test_a_retry_after_beyond_the_cap_gives_up_and_remembers_it(site: SimSite) -> None:
    site2 = SimSite(crawl_delay=None)
    with site2, fetcher(max_retry_after=0.5) as client:
        result = client.fetch(site2.fault_url("rate_limited"))
    assert result.outcome == "failed" and result.reason == "http 429"
    assert result.retryable and result.retry_after == 1.0


def test_connection_reset_is_retried_then_fails(site: SimSite) -> None:
    before = site.log.count("faults", "/reset.html")
    with fetcher() as client:
        result = client.fetch(site.fault_url("reset"))
    assert result.outcome == "failed" and result.reason == "transport error"
    assert result.retryable
    assert site.log.count("faults", "/reset.html") - before == 3
    assert all(r.error for r in result.requests if r.kind == "page")


def test_backoff_grows_between_attempts(site: SimSite) -> None:
    slept: list[float] = []
    client = Fetcher(
        config(backoff_base=0.2), gates=GateRegistry(), robots=RobotsCache(), sleep=slept.append
    )
    with client:
        result = client.fetch(site.fault_url("reset"))
    assert result.reason == "transport error"
    # base * 2**attempt plus up to as much jitter
    assert len(slept) == 2 and 0.2 <= slept[0] <= 0.4 and 0.4 <= slept[1] <= 0.8


def test_slow_response_times_out(site: SimSite) -> None:
    with fetcher(retries=0, read_timeout=0.5) as client:
        result = client.fetch(site.fault_url("slow"))
    assert result.outcome == "failed" and "timeout" in (result.detail or "")


def test_redirect_loop_is_detected(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.fault_url("loop"))
    assert result.outcome == "failed" and result.reason == "redirect loop"
    assert len([r for r in result.requests if r.kind == "page"]) == 2


def test_huge_body_stops_at_the_limit(site: SimSite) -> None:
    with fetcher(max_body_bytes=1024 * 1024) as client:
        result = client.fetch(site.fault_url("huge"))
    assert result.outcome == "failed" and result.reason == "body too large"
    assert result.requests[-1].bytes <= 1024 * 1024 + 64 * 1024


def test_gzip_bomb_stops_at_the_limit(site: SimSite) -> None:
    with fetcher(max_body_bytes=1024 * 1024) as client:
        result = client.fetch(site.fault_url("bomb"))
    assert result.outcome == "failed" and result.reason == "body too large"
    assert not result.retryable


def test_wrong_content_type_is_rejected(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.fault_url("image"))
    assert result.outcome == "failed" and result.reason == "wrong content type"


def test_404_is_not_retried(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.fault_url("gone"))
    assert result.reason == "http 404" and not result.retryable
    assert len([r for r in result.requests if r.kind == "page"]) == 1


def test_conditional_get_gets_a_304(site: SimSite) -> None:
    with fetcher() as client:
        first = client.fetch(site.fault_url("etag"))
        second = client.fetch(site.fault_url("etag"), validators=Validators(etag=first.etag))
    assert first.outcome == "ok" and first.etag == '"v1"'
    assert second.outcome == "not_modified" and second.unchanged and second.body == b""
    assert site.log.entries("faults", "/etag.html")[-1].headers["if-none-match"] == '"v1"'


def test_unchanged_body_is_recognised_by_its_hash(site: SimSite) -> None:
    url = site.article_url(site.articles["news"][1])
    with fetcher() as client:
        first = client.fetch(url)
        second = client.fetch(url, validators=Validators(content_hash=first.content_hash))
    assert not first.unchanged
    assert second.outcome == "ok" and second.unchanged


def test_gzipped_sitemap_passes_through_as_bytes(site: SimSite) -> None:
    with fetcher() as client:
        result = client.fetch(site.url("news", "/sitemaps/pages.xml.gz"), "sitemap")
    assert result.outcome == "ok"
    assert gzip.decompress(result.body).startswith(b"<?xml")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://localhost:1/",
    ],
)
def test_unsafe_urls_are_refused_without_a_request(url: str) -> None:
    with Fetcher(config(allowed_hosts=frozenset())) as client:
        result = client.fetch(url)
    assert result.outcome == "refused" and result.reason == "unsafe url"
    assert result.requests == ()


def test_loopback_is_refused_unless_allowed(site: SimSite) -> None:
    with fetcher(allowed_hosts=frozenset()) as client:
        result = client.fetch(site.url("news", "/feed.xml"), "feed")
    assert result.reason == "unsafe url"
