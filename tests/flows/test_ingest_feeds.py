"""The HTTP ingest flow end to end against the simulated site, into a real DuckDB file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tasks.fetch.warc import RawRef, read_warc_body
from tests.simsite import SimSite

REPO = Path(__file__).resolve().parents[2]
FAST = {"backoff_base": 0.01, "read_timeout": 1.0, "request_deadline": 5.0, "retries": 1,
        "max_body_bytes": 2 * 1024 * 1024, "max_retry_after": 2.0}  # fmt: skip


@pytest.fixture
def site() -> Iterator[SimSite]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with SimSite(crawl_delay=0.05, slow_seconds=2.0) as running:
        yield running


def sources_file(tmp_path: Path, site: SimSite, **overrides: Any) -> Path:
    common = 'min_delay = 0.0\nconcurrency = 2\nallow_hosts = ["127.0.0.1"]\n'
    text = (
        f'[sources.news]\nkind = "feed"\nurls = ["{site.url("news", "/feed.xml")}"]\n{common}'
        f'[sources.wire]\nkind = "feed"\nurls = ["{site.url("wire", "/atom.xml")}"]\n{common}'
        f'[sources.faults]\nkind = "feed"\nurls = ["{site.url("faults", "/feed.xml")}"]\n{common}'
        f'[sources.listed]\nkind = "urls"\nurls = ["{site.url("news", "/private/secret.html")}", '
        f'"{site.fault_url("reset")}", "{site.fault_url("image")}"]\n{common}enabled = false\n'
        f'[sources.news-site]\nkind = "site"\nurls = ["{site.base("news")}/"]\n{common}'
        "enabled = false\n"
    )
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def run(tmp_path: Path, site: SimSite, **kwargs: Any) -> dict[str, Any]:
    from flows.ingest_feeds import ingest_feeds

    return ingest_feeds(
        sources_file=str(sources_file(tmp_path, site)),
        data_dir=str(tmp_path / "data"),
        fetch_options=FAST,
        **kwargs,
    )


def query(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(tmp_path / "data" / "newsflow.duckdb"), read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql).fetchall()


def test_ingests_feeds_and_records_every_fault(
    prefect_harness: None, tmp_path: Path, site: SimSite
) -> None:
    summary = run(tmp_path, site, sources=["news", "wire", "faults"])
    expected = len(site.articles["news"]) + len(site.articles["wire"])
    assert summary["sources"]["news"]["articles"] == len(site.articles["news"])
    urls = {row[0] for row in query(tmp_path, "SELECT url FROM articles WHERE source <> 'faults'")}
    assert urls == {site.article_url(a) for s in ("news", "wire") for a in site.articles[s]}
    assert len(urls) == expected

    bare = next(a for a in site.articles["news"] if a.template == "bare")
    row = query(
        tmp_path, f"SELECT published_at, title FROM articles WHERE url = '{site.article_url(bare)}'"
    )[0]
    assert row[0] == bare.published  # only the feed item had the date
    assert row[1] == bare.title

    reasons = dict(query(tmp_path, "SELECT input, reason FROM rejects"))
    assert reasons[site.fault_url("huge")] == "body too large"
    assert reasons[site.fault_url("bomb")] == "body too large"
    assert reasons[site.fault_url("image")] == "wrong content type"
    assert reasons[site.fault_url("loop")] == "redirect loop"
    assert reasons[site.fault_url("reset")] == "transport error"
    assert reasons[site.fault_url("gone")] == "http 404"
    assert site.fault_url("flaky") not in reasons  # 500 then 200: retried within the run
    assert site.fault_url("rate_limited") not in reasons

    log = query(tmp_path, "SELECT url, status, error FROM fetch_log")
    assert sum(1 for url, status, _ in log if url == site.fault_url("flaky")) == 2
    assert any(url.endswith("/robots.txt") for url, _, _ in log)

    retry = dict(query(tmp_path, "SELECT url, retry FROM fetch_state_latest WHERE kind = 'page'"))
    assert retry[site.fault_url("reset")] is True
    assert retry[site.fault_url("huge")] is False

    raw = query(
        tmp_path,
        f"SELECT warc_file, warc_offset, warc_length FROM raw_pages "
        f"WHERE url = '{site.article_url(bare)}'",
    )[0]
    body = read_warc_body(tmp_path / "data" / "raw", RawRef(raw[0], raw[1], raw[2]))
    assert bare.title.encode() in body


def test_a_second_run_fetches_no_page_again(
    prefect_harness: None, tmp_path: Path, site: SimSite
) -> None:
    run(tmp_path, site, sources=["news", "wire"])
    first = site.log.count()
    articles = query(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    summary = run(tmp_path, site, sources=["news", "wire"])
    again = site.log.entries()[first:]
    assert {e.path for e in again} <= {"/feed.xml", "/atom.xml"}
    feed_answers = query(
        tmp_path, "SELECT status FROM fetch_log WHERE kind = 'feed' ORDER BY started_at"
    )
    assert [s for (s,) in feed_answers] == [200, 200, 304, 304]  # conditional GET
    assert summary["new"] == 0
    assert query(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles")[0] == articles
    sightings = query(tmp_path, "SELECT count(*), count(DISTINCT location) FROM sightings")[0]
    assert sightings[0] == sightings[1]


def test_transient_failures_are_retried_on_a_later_run_and_refusals_are_not(
    prefect_harness: None, tmp_path: Path, site: SimSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tasks.fetch import plan

    monkeypatch.setattr(plan, "RETRY_BASE", timedelta(0))  # backoff over at once
    run(tmp_path, site, sources=["listed"])
    reasons = dict(query(tmp_path, "SELECT input, reason FROM rejects"))
    assert reasons[site.url("news", "/private/secret.html")] == "disallowed by robots.txt"
    assert site.log.count("news", "/private/secret.html") == 0
    resets = site.log.count("faults", "/reset.html")
    images = site.log.count("faults", "/photo.html")
    summary = run(tmp_path, site, sources=["listed"])
    assert summary["sources"]["listed"]["fetched"] == 1  # only the reset page, again
    assert site.log.count("faults", "/reset.html") == 2 * resets
    assert site.log.count("faults", "/photo.html") == images
    failures = query(
        tmp_path,
        f"SELECT failures, retry FROM fetch_state_latest WHERE url = '{site.fault_url('reset')}'",
    )
    assert failures == [(2, True)]


def test_site_source_walks_robots_sitemaps(
    prefect_harness: None, tmp_path: Path, site: SimSite
) -> None:
    summary = run(tmp_path, site, sources=["news-site"])
    assert summary["sources"]["news-site"]["articles"] == len(site.articles["news"])
    dates = query(tmp_path, "SELECT count(DISTINCT published_at::DATE) FROM articles")[0][0]
    assert dates == len(site.days)


def test_adhoc_url_needs_allow_host(prefect_harness: None, tmp_path: Path, site: SimSite) -> None:
    from flows.ingest_feeds import ingest_feeds

    feed = site.url("wire", "/atom.xml")
    refused = ingest_feeds(urls=[feed], data_dir=str(tmp_path / "data"), fetch_options=FAST)
    assert refused["new"] == 0
    assert query(tmp_path, "SELECT reason FROM rejects")[0][0] == "unsafe url"
    allowed = ingest_feeds(
        urls=[feed],
        allow_hosts=["127.0.0.1"],
        data_dir=str(tmp_path / "data"),
        fetch_options={**FAST, "min_delay": 0.0},
    )
    assert allowed["new"] == len(site.articles["wire"])


@pytest.mark.slow
def test_killed_midway_then_rerun_loses_and_duplicates_nothing(
    prefect_harness: None, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with SimSite(crawl_delay=None, latency=0.05, days=10, per_day=3) as site:
        script = (
            "from flows.ingest_feeds import ingest_feeds\n"
            f"ingest_feeds(sources=['news'], sources_file={str(sources_file(tmp_path, site))!r}, "
            f"data_dir={str(tmp_path / 'data')!r}, pages_per_batch=3, "
            f"fetch_options={FAST!r})\n"
        )
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
        child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=env)
        staging = tmp_path / "data" / "staging"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            staged = [p for p in staging.glob("*") if not p.name.startswith(".tmp")]
            if len(staged) >= 3:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL  # killed, not finished
        before_rerun = len([e for e in site.log.entries("news") if e.path.endswith(".html")])
        assert before_rerun < len(site.articles["news"])
        summary = run(tmp_path, site, sources=["news"])
        assert summary["pending_batches"] == 0
        rows = query(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
        assert rows == (len(site.articles["news"]), len(site.articles["news"]))
        pages = [e.path for e in site.log.entries("news") if e.path.endswith(".html")]
        assert len(pages) < 2 * len(site.articles["news"])  # staged pages were not refetched
