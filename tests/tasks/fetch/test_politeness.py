"""Politeness, measured as request arrival times at the simulated hosts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tasks.fetch import FetchConfig, Fetcher
from tasks.fetch.politeness import GateRegistry, HostGate
from tasks.fetch.robots_cache import RobotsCache
from tests.simsite import SimSite


def _fetch_all(client: Fetcher, urls: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(client.fetch, urls))
    assert all(r.outcome == "ok" for r in results), [r.detail for r in results]


def test_crawl_delay_spaces_requests_to_one_host() -> None:
    # A frozen clock and a sleep that only records: the gate's requested waits are what is
    # checked, not wall-clock spacing (which a loaded machine stretches or bunches).
    slept: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            slept.append(seconds)

    gates = GateRegistry(clock=lambda: 100.0, sleep=sleep)
    with SimSite(crawl_delay=0.3) as site:
        config = FetchConfig(allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=4)
        with Fetcher(config, gates=gates, robots=RobotsCache()) as client:
            _fetch_all(client, [site.article_url(a) for a in site.articles["news"][:5]])
        assert site.log.count("news") == 6  # robots.txt and the five pages
    # robots.txt goes first (no delay known yet), then each page 0.3 s after the one before
    assert sorted(slept) == pytest.approx([0.3, 0.6, 0.9, 1.2])


def test_an_endless_crawl_delay_is_capped() -> None:
    slept: list[float] = []
    gates = GateRegistry(clock=lambda: 0.0, sleep=slept.append)
    with SimSite(crawl_delay=1e9) as site:
        config = FetchConfig(
            allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, max_crawl_delay=2.5
        )
        with Fetcher(config, gates=gates, robots=RobotsCache()) as client:
            for article in site.articles["news"][:3]:
                assert client.fetch(site.article_url(article)).outcome == "ok"
    assert slept == [2.5, 5.0]


def test_concurrency_is_bounded_per_host_but_hosts_run_in_parallel() -> None:
    with SimSite(crawl_delay=None, latency=0.2) as site:
        config = FetchConfig(allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=2)
        urls = [site.article_url(a) for a in site.articles["news"][:6]]
        urls += [site.article_url(a) for a in site.articles["wire"][:6]]
        with Fetcher(config, gates=GateRegistry(), robots=RobotsCache()) as client:
            _fetch_all(client, urls)
        for host in ("news", "wire"):
            # Counted by the server, not read from arrival times (a loaded machine stretches or
            # bunches those): never more than 2 requests to one host at once.
            assert 1 <= site.log.peak_in_flight(host) <= 2
        # Hosts run side by side: wire's first page is asked for before news's last one (by
        # order of arrival, not by how close together, which a loaded machine decides).
        last_news = max(e.at for e in site.log.entries("news") if e.path != "/robots.txt")
        first_wire = min(e.at for e in site.log.entries("wire") if e.path != "/robots.txt")
        assert first_wire < last_news


def test_gate_spaces_starts_and_push_back_holds_the_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = HostGate(1, 0.5, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with gate.slot():
            pass
    assert slept == [0.5, 0.5]
    gate.push_back(10)
    with gate.slot():
        pass
    assert slept[-1] == 10
