"""Politeness, measured as request arrival times at the simulated hosts."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from tasks.fetch import FetchConfig, Fetcher
from tasks.fetch.politeness import GateRegistry, HostGate
from tasks.fetch.robots import RobotsCache
from tests.simsite import SimSite


def _fetch_all(client: Fetcher, urls: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(client.fetch, urls))
    assert all(r.outcome == "ok" for r in results), [r.detail for r in results]


def test_crawl_delay_spaces_requests_to_one_host() -> None:
    with SimSite(crawl_delay=0.3) as site:
        config = FetchConfig(allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=4)
        with Fetcher(config, gates=GateRegistry(), robots=RobotsCache()) as client:
            _fetch_all(client, [site.article_url(a) for a in site.articles["news"][:5]])
        starts = [e.at for e in site.log.entries("news") if e.path != "/robots.txt"]
    assert len(starts) == 5
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.28


def test_concurrency_is_bounded_per_host_but_hosts_run_in_parallel() -> None:
    with SimSite(crawl_delay=None, latency=0.2) as site:
        config = FetchConfig(allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=2)
        urls = [site.article_url(a) for a in site.articles["news"][:6]]
        urls += [site.article_url(a) for a in site.articles["wire"][:6]]
        with Fetcher(config, gates=GateRegistry(), robots=RobotsCache()) as client:
            _fetch_all(client, urls)
        for host in ("news", "wire"):
            starts = sorted(e.at for e in site.log.entries(host) if e.path != "/robots.txt")
            # 2 in flight, 0.2 s a response: the 3rd request starts after the 1st ends
            assert all(starts[i + 2] - starts[i] >= 0.19 for i in range(len(starts) - 2))
        first_news = min(e.at for e in site.log.entries("news") if e.path != "/robots.txt")
        first_wire = min(e.at for e in site.log.entries("wire") if e.path != "/robots.txt")
        assert abs(first_news - first_wire) < 0.2


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
