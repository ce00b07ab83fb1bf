"""Per-host politeness: at most ``concurrency`` requests in flight to a host, and request starts
at least ``min_delay`` seconds apart.

Gates are shared by every fetcher in the process (a module-level registry), so batches running
in parallel threads still respect one budget per host. A host is an authority (``host:port``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    def __init__(
        self,
        concurrency: int,
        min_delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self._base_delay = max(0.0, min_delay)
        self._crawl_delay = 0.0
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._clock = clock
        self._sleep = sleep

    @property
    def min_delay(self) -> float:
        return max(self._base_delay, self._crawl_delay)

    def set_min_delay(self, min_delay: float) -> None:
        """The source's own minimum delay (a robots.txt Crawl-delay still wins if longer)."""
        with self._lock:
            self._base_delay = max(0.0, min_delay)

    def honour_crawl_delay(self, seconds: float) -> None:
        with self._lock:
            self._crawl_delay = seconds if math.isfinite(seconds) and seconds > 0 else 0.0

    def push_back(self, seconds: float) -> None:
        """Hold every request to this host for ``seconds`` (a 429 or 503 with Retry-After)."""
        if not math.isfinite(seconds):
            return
        with self._lock:
            self._next_start = max(self._next_start, self._clock() + seconds)

    @contextmanager
    def slot(self) -> Iterator[None]:
        self._slots.acquire()
        try:
            with self._lock:
                now = self._clock()
                start = max(now, self._next_start)
                self._next_start = start + self.min_delay
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            self._slots.release()


class GateRegistry:
    """The gates of every host; ``clock`` and ``sleep`` are handed to each gate it makes."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def gate(self, host: str, *, concurrency: int, min_delay: float) -> HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None or gate.concurrency != max(1, concurrency):
                gate = HostGate(concurrency, min_delay, clock=self._clock, sleep=self._sleep)
                self._gates[host] = gate
            else:
                gate.set_min_delay(min_delay)
            return gate

    def clear(self) -> None:
        with self._lock:
            self._gates.clear()


SHARED_GATES = GateRegistry()
