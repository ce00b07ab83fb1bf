"""Re-extract the stored raw pages of a date range with the current parser; no refetch.

Extraction batches run on the configured task runner (threads, or a Dask cluster with
``NEWSFLOW_TASK_RUNNER=dask``); staging and the single load stay in this process.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from prefect import flow
from prefect.runtime import flow_run

from flows.artifacts import publish_run
from flows.run_lifecycle import registered_run
from flows.runners import extraction_runner
from settings import Settings, load_settings
from tasks.backfill.plan import BackfillRequestError
from tasks.wrappers.backfill import reextract_batch_task, stage_reextracted_task
from tasks.wrappers.ingest import load_batches_task, load_run_task
from warehouse.backfill_raw import read_raw_pages
from warehouse.load_report import NO_SOURCE

PAGES_PER_BATCH = 100


@flow(
    name="reprocess", flow_run_name="reprocess {start_date}..{end_date}", timeout_seconds=6 * 3600
)
def reprocess(start_date: date, end_date: date) -> dict[str, Any]:
    """Re-extract every stored raw page published (else fetched) from start_date to end_date."""
    settings = load_settings()
    if end_date < start_date:
        raise BackfillRequestError(
            f"invalid reprocess request: end_date {end_date} is before start_date {start_date}"
        )
    runner_flow = _reprocess_batches.with_options(task_runner=extraction_runner(settings))
    return runner_flow(settings, start_date, end_date)


@flow(name="reprocess-batches", flow_run_name="reprocess batches {start}..{end}")
def _reprocess_batches(settings: Settings, start: date, end: date) -> dict[str, Any]:
    run_id = str(flow_run.get_id() or f"local-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    with registered_run(settings, run_id, "reprocess", [str(start), str(end)]) as run:
        if run.recovery.others or run.recovery.adopted:  # what dead runs left loads first
            load_batches_task(
                settings, [*run.recovery.others, *(a.path for a in run.recovery.adopted)]
            )
        pages = read_raw_pages(
            settings.warehouse_file, start=start, end=end, wait_seconds=settings.lock_wait_seconds
        )
        futures = [
            reextract_batch_task.submit(pages[i : i + PAGES_PER_BATCH], settings)
            for i in range(0, len(pages), PAGES_PER_BATCH)
        ]
        made: Counter[str] = Counter()
        rejected: Counter[str] = Counter()
        source_of = {p.url: p.source or NO_SOURCE for p in pages}
        for seq, future in enumerate(futures, 1):
            batch = future.result()
            stage_reextracted_task(batch, settings, run_id, run.epoch, seq)
            made.update(a.source or NO_SOURCE for a in batch.articles)
            rejected.update(source_of.get(r.input, NO_SOURCE) for r in batch.rejects)
        articles, rejects = made.total(), rejected.total()
        run.finish("completed")
        load = load_run_task(settings, run_id)
    seen = Counter(source_of.values())
    rows = [
        {
            "source": name,
            "seen": seen[name],
            "new": load.new_by_source.get(name, 0),
            "duplicate": max(made[name] - load.new_by_source.get(name, 0), 0),
            "rejected": rejected[name],
        }
        for name in sorted(seen | made | rejected)
    ]
    publish_run("reprocess", settings, sources=rows, run_ids=[run_id], load=load, hosts=False)
    return {
        "pages": len(pages),
        "articles": articles,
        "rejected": rejects,
        "new": load.new,
        "duplicate": load.duplicate,
    }
