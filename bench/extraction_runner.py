"""Run one extractor over the benchmark pages in its own process, timing and measuring it."""

from __future__ import annotations

import gzip
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.extraction_peers import Prediction, load


@dataclass(frozen=True)
class PageSpec:
    set_name: str
    page_id: str
    path: Path
    url: str | None
    truth: dict[str, Any]


@dataclass
class RunResult:
    name: str
    predictions: dict[tuple[str, str], Prediction] = field(default_factory=dict)
    errors: dict[tuple[str, str], str] = field(default_factory=dict)
    seconds: float = 0.0  # extraction only: decompressing the page is not counted
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: float = 0.0


def run_extractor(name: str, pages: list[PageSpec]) -> RunResult:
    """Extract every page with ``name``; start-up (imports) is excluded from the time."""
    extractor = load(name)
    result = RunResult(name)
    for page in pages:
        html = gzip.decompress(page.path.read_bytes())
        key = (page.set_name, page.page_id)
        started = time.perf_counter()
        try:
            result.predictions[key] = extractor(html, page.url)
        except Exception as error:  # a crash is scored as a miss, and reported
            result.errors[key] = f"{type(error).__name__}: {error}"
        elapsed = time.perf_counter() - started
        result.seconds += elapsed
        if elapsed > result.slowest[0]:
            result.slowest = (elapsed, f"{page.set_name}/{page.page_id}")
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result
