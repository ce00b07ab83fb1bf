"""How long one page whose server trickles its headers holds the fetcher (issue 15).

A server on 127.0.0.1 sends a header line every 0.3 s for up to 60 s, so no socket read ever
times out. The fetcher must give up at its request deadline (times its retries, within the
URL's retry budget), not when the server stops.

    .venv/bin/python bench/web_deadline.py [--deadline 2] [--budget 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.fetch.client import Fetcher
from tasks.fetch.models import FetchConfig
from tasks.fetch.politeness import GateRegistry
from tasks.fetch.robots_cache import RobotsCache
from tests.support.fault_server import FaultHost, trickle


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadline", type=float, default=2.0)
    parser.add_argument("--budget", type=float, default=5.0)
    args = parser.parse_args()
    host = FaultHost({"/slow.html": trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n", 0.3)})
    host.start()
    config = FetchConfig(
        allowed_hosts=frozenset({"127.0.0.1"}),
        min_delay=0.0,
        request_deadline=args.deadline,
        retry_budget=args.budget,
    )
    started = time.monotonic()
    with Fetcher(config, gates=GateRegistry(), robots=RobotsCache()) as client:
        result = client.fetch(host.url("/slow.html"))
    took = time.monotonic() - started
    host.stop()
    attempts = len([r for r in result.requests if r.kind == "page"])
    print(f"outcome: {result.outcome} {result.reason} after {attempts} attempt(s)")
    target = args.budget + args.deadline
    print(f"web_deadline: trickled_headers_give_up={took:.1f} s (target <= {target:g} s)")


if __name__ == "__main__":
    main()
