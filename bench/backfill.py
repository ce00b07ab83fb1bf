"""Backfill a year: 365 days over a simulated news site on 127.0.0.1, a few articles a day.

    .venv/bin/python bench/backfill.py [--days 365] [--per-day 3] [--max-concurrency 2]

Two runs of the same work, each into a fresh data directory, in this order:
1. baseline: the backfill's plain functions with no Prefect (discover the days, read the status,
   plan, then each day's fetch + extract + stage on ``max_concurrency`` threads, one load);
2. the ``backfill`` flow against a temporary Prefect API (one child flow run per day).
Overhead per day-run = (flow time - baseline time) / days. Peak concurrency is read back from the
API: the most child runs whose [start, end] overlap (it must not exceed ``max_concurrency``).
Target: overhead <= 1 s per day-run. The last line is
``backfill: days=… total_s=… overhead_s_per_day=… peak_concurrency=…``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

START = date(2025, 1, 1)
TARGET_OVERHEAD_S = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=3)
    parser.add_argument("--max-concurrency", type=int, default=2)
    args = parser.parse_args(argv)
    for key, value in {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }.items():
        os.environ.setdefault(key, value)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-backfill-") as scratch:
        return _run(Path(scratch), args.days, args.per_day, args.max_concurrency)


def _run(scratch: Path, days: int, per_day: int, max_concurrency: int) -> int:
    from prefect.testing.utilities import prefect_test_harness

    from tests.flows.backfill_support import write_sources_file
    from tests.simsite import SimSite

    end = START + timedelta(days=days - 1)
    with SimSite(start=START, days=days, per_day=per_day, crawl_delay=None) as site:
        sources = write_sources_file(scratch / "sources.toml", site, names=("news",))
        os.environ["NEWSFLOW_SOURCES_FILE"] = str(sources)
        print(
            f"site: {days} days x {per_day} articles on 127.0.0.1; max_concurrency={max_concurrency}"
        )

        baseline_s, baseline_articles = _baseline(scratch / "baseline", end, max_concurrency)
        print(f"baseline (no Prefect): {baseline_s:.1f} s, {baseline_articles} articles")

        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=180):
            print(f"temporary Prefect API up in {time.perf_counter() - started:.1f} s")
            os.environ["NEWSFLOW_DATA_DIR"] = str(scratch / "flow")
            flow_s, state = _flow(end, max_concurrency)
            summary = state.result()
            peak = _peak_from_api(state.state_details.flow_run_id)
        articles = _count_articles(scratch / "flow")
    print(f"backfill flow: {flow_s:.1f} s, {summary['day_runs']} day runs, {articles} articles, "
          f"state {state.name}")  # fmt: skip
    overhead = (flow_s - baseline_s) / days
    print(f"peak concurrent child runs: {peak} from the API, {summary['peak_concurrency']} counted "
          f"by the flow (max_concurrency {max_concurrency})")  # fmt: skip
    print(f"overhead: {flow_s - baseline_s:.1f} s in all, {overhead:.2f} s per day-run "
          f"(target <= {TARGET_OVERHEAD_S:.1f} s: {'met' if overhead <= TARGET_OVERHEAD_S else 'MISSED'})")  # fmt: skip
    ok = state.is_completed() and articles == baseline_articles and peak <= max_concurrency
    if not ok:
        print("backfill: the flow run did not match the baseline (see above)")
    print(
        f"backfill: days={days} total_s={flow_s:.1f} overhead_s_per_day={overhead:.2f} "
        f"peak_concurrency={peak}"
    )
    return 0 if ok else 1


def _baseline(data_dir: Path, end: date, max_concurrency: int) -> tuple[float, int]:
    """The backfill's work through its plain functions only: no flow, no task, no API."""
    from flows.backfill import chosen_sources_file
    from settings import load_settings
    from staging.steps import StageTarget, stage_if_any, stage_steps
    from tasks.backfill.days import FLOW_NAME, discover_days, run_source_day
    from tasks.backfill.plan import plan_days, validate_request
    from tasks.fetch.batch import FLOW_NAME as FETCH_FLOW_NAME
    from tasks.fetch.batch import discovery_rows
    from tasks.fetch.models import FetchConfig
    from tasks.sources import load_sources
    from warehouse.backfill_status import read_day_statuses
    from warehouse.fetch_state import read_url_states
    from warehouse.load import load_staged

    started = time.perf_counter()
    settings = load_settings(data_dir=data_dir)
    (source,) = [s for s in load_sources(chosen_sources_file(settings)) if s.name == "news"]
    request = validate_request(
        start=START, end=end, sources=["news"], rerun="missing",
        max_concurrency=max_concurrency, newest_first=False, known_sources=["news"],
        max_days=settings.backfill_max_days, today=datetime.now(UTC).date(),
    )  # fmt: skip
    statuses = read_day_statuses(
        settings.warehouse_file, start=START, end=end,
        wait_seconds=settings.lock_wait_seconds, staging_dir=settings.staging_dir,
    )  # fmt: skip
    plans = plan_days(request, statuses)
    config = FetchConfig()
    found = discover_days(source, config, start=START, end=end)
    if found.discovery is not None:
        rows = discovery_rows(found.discovery, run_id="baseline")
        stage_if_any(rows, StageTarget.of(settings, "baseline", FETCH_FLOW_NAME))
    urls = [c.url for cs in found.by_day.values() for c in cs]
    states = read_url_states(
        settings.warehouse_file, urls,
        wait_seconds=settings.lock_wait_seconds, staging_dir=settings.staging_dir,
    )  # fmt: skip

    def one_day(day: date) -> None:
        candidates = found.by_day.get(day, [])
        steps = run_source_day(
            day, source, candidates, config=config,
            states={c.url: states[c.url] for c in candidates if c.url in states},
            settings=settings, backfill_run_id="baseline", day_run_id=f"baseline-{day}",
            refetch=False,
        )  # fmt: skip
        stage_steps(steps, StageTarget.of(settings, f"baseline-{day}", FLOW_NAME))

    with ThreadPoolExecutor(max_workers=max_concurrency) as pool:
        list(pool.map(one_day, [plan.day for plan in plans]))
    load_staged(settings)
    elapsed = time.perf_counter() - started
    return elapsed, _count_articles(data_dir)


def _flow(end: date, max_concurrency: int) -> tuple[float, Any]:
    from flows.backfill import backfill

    async def run() -> Any:
        return await backfill(
            start_date=START,
            end_date=end,
            sources=["news"],
            max_concurrency=max_concurrency,
            return_state=True,
        )

    started = time.perf_counter()
    state = asyncio.run(run())
    return time.perf_counter() - started, state


def _peak_from_api(parent_id: Any) -> int:
    """The most child runs that were running at the same moment, from their API timestamps."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    children: list[Any] = []
    with get_client(sync_client=True) as client:
        offset = 0
        while True:
            page = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent_id])
                ),
                offset=offset,
                limit=200,
            )
            children += page
            offset += len(page)
            if len(page) < 200:
                break
    events = sorted(
        [(c.start_time, 1) for c in children if c.start_time]
        + [(c.end_time, -1) for c in children if c.end_time]
    )  # at equal times an end (-1) sorts before a start (+1): touching runs do not overlap
    peak = running = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


def _count_articles(data_dir: Path) -> int:
    from warehouse.query import run_query

    rows = run_query(data_dir / "newsflow.duckdb", "SELECT count(*) FROM articles", wait_seconds=30)
    return int(rows.rows[0][0])


if __name__ == "__main__":
    raise SystemExit(main())
