"""Benchmark the fetcher's throughput against the politeness-bound maximum.

    .venv/bin/python bench/fetch.py [--pages 2000] [--hosts 5] [--latency 0.05] [--concurrency 2]

A separate process serves ``--hosts`` hosts on 127.0.0.1 (one port each), adding ``--latency``
seconds to every response. With ``--concurrency`` requests in flight per host and no minimum
delay, no client can beat hosts × concurrency / latency pages/s: that is the politeness-bound
maximum. The baseline, measured in the same run, is a bare httpx loop with the same number of
threads and none of newsflow's machinery (robots, gates, safety checks, streaming limits).
CPU time per page counts the fetching process only (the servers run elsewhere).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tasks.fetch.batch import fetch_pages  # noqa: E402
from tasks.fetch.discovery import Candidate  # noqa: E402
from tasks.fetch.models import FetchConfig  # noqa: E402

_PAGE = ("<html><head><title>t</title></head><body><article>" + "<p>words</p>" * 300).encode()


def _serve(hosts: int, latency: float, ports: multiprocessing.Queue, stop: threading.Event) -> None:  # type: ignore[type-arg]
    from tests.simsite.server import Reply, RequestLog, SimHost

    def route(path: str, headers: dict[str, str]) -> Reply:
        if path == "/robots.txt":
            return Reply(status=404, body=b"")
        return Reply(body=_PAGE)

    log = RequestLog()
    servers = [SimHost(f"h{i}", route, log, latency) for i in range(hosts)]
    for server in servers:
        server.start()
    ports.put([s.port for s in servers])
    stop.wait()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _bare_httpx(urls: list[str], threads: int) -> float:
    started = time.perf_counter()
    with httpx.Client(limits=httpx.Limits(max_connections=threads)) as client:

        def get(url: str) -> int:
            return len(client.get(url).content)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(get, urls))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args(argv)

    context = multiprocessing.get_context("spawn")
    ports_queue = context.Queue()
    stop = context.Event()
    server = context.Process(target=_serve, args=(args.hosts, args.latency, ports_queue, stop))
    server.start()
    try:
        ports = ports_queue.get(timeout=60)
        per_host = args.pages // args.hosts
        urls = [f"http://127.0.0.1:{port}/p/{i}.html" for i in range(per_host) for port in ports]
        bound = args.hosts * args.concurrency / args.latency
        threads = args.hosts * args.concurrency

        baseline_seconds = _bare_httpx(urls, threads)
        config = FetchConfig(
            allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, concurrency=args.concurrency
        )
        candidates = [Candidate(u, "bench") for u in urls]
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        results = fetch_pages(candidates, config, {})
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
    finally:
        stop.set()
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()

    ok = sum(1 for r in results if r.outcome == "ok")
    rate = len(urls) / seconds
    baseline_rate = len(urls) / baseline_seconds
    print(f"pages: {len(urls)} on {args.hosts} hosts, {args.latency * 1000:g} ms latency, "
          f"concurrency {args.concurrency} per host; fetched ok: {ok}")  # fmt: skip
    print(f"politeness-bound maximum: {bound:.1f} pages/s")
    print(f"bare httpx baseline ({threads} threads): {baseline_rate:.1f} pages/s "
          f"({baseline_rate / bound:.0%} of the bound)")  # fmt: skip
    print(f"newsflow fetcher: {rate:.1f} pages/s ({rate / bound:.0%} of the bound, "
          f"{rate / baseline_rate:.0%} of bare httpx)")  # fmt: skip
    print(f"cpu per page: {cpu / len(urls) * 1000:.2f} ms (fetching process only)")
    print(f"fetch: {rate / bound:.0%} of politeness-bound max ({rate:.1f} pages/s, "
          f"{cpu / len(urls) * 1000:.2f} ms cpu/page) (target ≥ 80%)")  # fmt: skip
    return 0 if ok == len(urls) else 1


if __name__ == "__main__":
    raise SystemExit(main())
