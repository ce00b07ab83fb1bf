"""robots.txt per origin, fetched once and kept for an hour, shared by every fetcher in the
process (the rules themselves: ``tasks.discover.robots_rules``). Missing (4xx) means everything
is allowed; unreachable (5xx, network error) means nothing is, for now (RFC 9309 §2.3.1)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from tasks.decode import decode_declared
from tasks.discover.robots_rules import RobotsRules, robots_url_for
from tasks.fetch.models import FetchResult, RequestRecord

_TTL_SECONDS = 3600.0
MAX_ROBOTS_BYTES = 512 * 1024


class RobotsCache:
    def __init__(self, ttl_seconds: float = _TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._rules: dict[str, tuple[float, RobotsRules]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(
        self,
        url: str,
        fetch: Callable[[str], FetchResult],
        log: list[RequestRecord],
    ) -> RobotsRules:
        robots_url = robots_url_for(url)
        with self._guard:
            lock = self._locks.setdefault(robots_url, threading.Lock())
        with lock:
            cached = self._rules.get(robots_url)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
            result = fetch(robots_url)
            log.extend(result.requests)
            rules = _rules_from(result)
            self._rules[robots_url] = (time.monotonic(), rules)
            return rules

    def clear(self) -> None:
        with self._guard:
            self._rules.clear()


def _rules_from(result: FetchResult) -> RobotsRules:
    if result.outcome == "ok":
        return RobotsRules.parse(decode_declared(result.body[:MAX_ROBOTS_BYTES], result.charset))
    if result.status is not None and 400 <= result.status < 500 and result.status != 429:
        return RobotsRules.allow_all()
    return RobotsRules.unreachable()


SHARED_ROBOTS = RobotsCache()
