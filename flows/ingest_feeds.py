"""Fetch news over HTTP: discover pages from feeds and sitemaps, fetch them politely in a
bounded pool, extract them in batches, stage everything durably, then load the warehouse.

Killing a run loses nothing: every batch is staged atomically, and a feed's or sitemap's
validators are staged only after its pages, so the next run reads it again in full.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest_artifacts import feeds_by_source, publish_ingest_feeds_artifacts
from flows.json_parameters import json_flow
from flows.progress import report_progress
from flows.run_lifecycle import registered_run
from flows.run_names import ingest_feeds_run_name
from settings import Settings, load_settings
from tasks.fetch.batch import FLOW_NAME, PageBatchOutcome
from tasks.fetch.discovery import Discovery
from tasks.fetch.models import FetchConfig, Validators, fetch_config_from
from tasks.fetch.plan import PagePlan, plan_pages
from tasks.sources import (
    DEFAULT_SOURCES_FILE,
    Source,
    adhoc_source,
    live_sources,
    load_sources,
    select_sources,
)
from tasks.wrappers.dedup import dedup_pending_task
from tasks.wrappers.fetch import (
    discover_task,
    fetch_page_batch_task,
    read_document_states_task,
    read_page_states_task,
    stage_discovery_task,
    stage_documents_task,
)
from tasks.wrappers.ingest import load_batches_task, load_run_task
from tasks.wrappers.search import update_search_index_task

# Prefect's default thread pool has no bound; batches each run their own polite pool of
# connections, so a few at a time is plenty.
MAX_PARALLEL_BATCHES = 4
PAGES_PER_BATCH = 50
_SEQ_PER_SOURCE = 1_000_000  # a source's staged batches are numbered within its own range


@json_flow(
    name=FLOW_NAME,
    flow_run_name=ingest_feeds_run_name,
    task_runner=ThreadPoolTaskRunner(max_workers=MAX_PARALLEL_BATCHES),
    timeout_seconds=6 * 3600,
)
def ingest_feeds(
    sources: list[str] | None = None,
    urls: list[str] | None = None,
    allow_hosts: list[str] | None = None,
    warehouse: str | None = None,
    data_dir: str | None = None,
    sources_file: str | None = None,
    pages_per_batch: int = PAGES_PER_BATCH,
    fetch_options: dict[str, Any] | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Ingest the named sources (default: every enabled one in sources.toml) and any ad-hoc
    feed or sitemap ``urls``; ``allow_hosts`` lets otherwise refused (private) hosts through.
    ``settings``: resolved ones (the command line's); empty, they are read here."""
    if settings is None:
        settings = load_settings(warehouse=warehouse, data_dir=data_dir)
    else:
        settings = settings.with_overrides(warehouse=warehouse, data_dir=data_dir)
    allowed = tuple(allow_hosts or ())
    chosen = choose_sources(sources, urls, allowed, Path(sources_file or DEFAULT_SOURCES_FILE))
    config = dataclasses.replace(
        fetch_config_from(settings, fetch_options),
        allowed_hosts=frozenset(h.lower() for h in allowed),
    )
    return run_ingest_feeds(settings, chosen, config, pages_per_batch=pages_per_batch)


def choose_sources(
    names: list[str] | None, urls: list[str] | None, allow_hosts: tuple[str, ...], path: Path
) -> list[Source]:
    adhoc = [adhoc_source(u, allow_hosts=allow_hosts) for u in urls or []]
    if urls and not names:
        return adhoc
    configured = live_sources(select_sources(load_sources(path), names), names)
    return configured + adhoc


def run_ingest_feeds(
    settings: Settings, sources: Sequence[Source], config: FetchConfig, *, pages_per_batch: int
) -> dict[str, Any]:
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    started = time.monotonic()
    with registered_run(settings, run_id, FLOW_NAME, [s.name for s in sources]) as run:
        if run.recovery.others or run.recovery.adopted:  # what dead runs left loads first
            load_batches_task(
                settings, [*run.recovery.others, *(a.path for a in run.recovery.adopted)]
            )
        summaries = _fetch_and_stage(settings, sources, config, run_id, run.epoch,
                                     pages_per_batch)  # fmt: skip
        failed_batches = sum(s["batch_errors"] for s in summaries.values())
        run.finish("completed" if not failed_batches else "completed with errors")
        report_progress("load", 0, 1)
        load = load_run_task(settings, run_id)
        dedup = dedup_pending_task(settings)  # near-copies, versions, stories; busy: next run
        epoch = run.epoch
        update_search_index_task(settings)  # busy -> the next run catches up
        report_progress("load", 1, 1)
    for name, summary in summaries.items():
        summary["new"] = load.new_by_source.get(name, 0)
    result = {
        "run_id": run_id,
        "sources": summaries,
        "by_source": feeds_by_source(summaries, load, dedup.of_run(epoch)),
        "elapsed_seconds": round(time.monotonic() - started, 2),
        "new": load.new,
        "duplicate": load.duplicate,
        "rejected": load.rejected,
        "warehouse": str(settings.warehouse_file),
        "warehouse_busy": load.busy,
        "pending_batches": load.pending_batches,
    }
    publish_ingest_feeds_artifacts(settings, result, load)
    return result


def _fetch_and_stage(
    settings: Settings,
    sources: Sequence[Source],
    config: FetchConfig,
    run_id: str,
    epoch: datetime,
    pages_per_batch: int,
) -> dict[str, dict[str, Any]]:
    """Discover, fetch and stage every source; the per-source summaries. Each staged batch is
    numbered by its place (source, then batch), the order the run's rows load in."""
    documents = read_document_states_task(settings, [s.name for s in sources])
    validators = {
        url: Validators(s.etag, s.last_modified, s.content_hash) for url, s in documents.items()
    }
    report_progress("discover", 0, len(sources))
    discovery_futures = [discover_task.submit(s, config, validators) for s in sources]
    batches: dict[str, list[PrefectFuture[PageBatchOutcome]]] = {s.name: [] for s in sources}
    plans: dict[str, PagePlan] = {}
    discoveries: dict[str, Discovery] = {}
    for done, (source, future) in enumerate(zip(sources, discovery_futures, strict=True), 1):
        base = done * _SEQ_PER_SOURCE
        discovery = future.result()
        discoveries[source.name] = discovery
        stage_discovery_task(discovery, settings, run_id, epoch, base)
        now = datetime.now(UTC)
        states, due = read_page_states_task(
            settings, [c.url for c in discovery.candidates], source.name, now
        )
        plan = plan_pages(
            discovery.candidates, states, due, now=now, max_articles=source.max_articles
        )
        plans[source.name] = plan
        for number, start in enumerate(range(0, len(plan.to_fetch), pages_per_batch), 1):
            chunk = plan.to_fetch[start : start + pages_per_batch]
            batches[source.name].append(
                fetch_page_batch_task.submit(
                    chunk, source, config, states, settings, run_id, epoch, base + number
                )
            )
        report_progress("discover", done, len(sources))
    summaries = _collect(sources, discoveries, plans, batches)
    for index, source in enumerate(sources, 1):
        summary = summaries[source.name]
        stage_documents_task(
            discoveries[source.name],
            settings,
            run_id,
            documents,
            complete=plans[source.name].over_limit == 0 and not summary["batch_errors"],
            epoch=epoch,
            seq=(index + 1) * _SEQ_PER_SOURCE - 1,
        )
    return summaries


def _collect(
    sources: Sequence[Source],
    discoveries: dict[str, Discovery],
    plans: dict[str, PagePlan],
    batches: dict[str, list[PrefectFuture[PageBatchOutcome]]],
) -> dict[str, dict[str, Any]]:
    total = sum(len(p.to_fetch) for p in plans.values())
    fetched = 0
    report_progress("fetch", 0, total)
    summaries: dict[str, dict[str, Any]] = {}
    for source in sources:
        plan, discovery = plans[source.name], discoveries[source.name]
        summary: dict[str, Any] = {
            "discovered": len(discovery.candidates),
            "discovery_rejects": len(discovery.rejects),
            "already_done": plan.already_done,
            "waiting_retry": plan.waiting,
            "given_up": plan.given_up,
            "over_limit": plan.over_limit,
            "fetched": 0,
            "articles": 0,
            "rejects": 0,
            "not_modified": 0,
            "failed": 0,
            "batch_errors": 0,
        }
        for future in batches[source.name]:
            try:
                outcome = future.result()
            except Exception:
                summary["batch_errors"] += 1
                continue
            summary["fetched"] += outcome.pages
            summary["articles"] += outcome.articles
            summary["rejects"] += outcome.rejects
            summary["not_modified"] += outcome.not_modified
            summary["failed"] += outcome.failed
            fetched += outcome.pages
            report_progress("fetch", fetched, total)
        summaries[source.name] = summary
    return summaries
