"""Daily maintenance: load what is staged, checkpoint (and compact) the warehouse, prune staging.

Compaction copies the warehouse into a fresh file and swaps it in atomically while holding the
single-writer lock (see ``warehouse.maintenance``); a busy warehouse skips it with a message in
the run's artifacts, and the next day's run tries again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import acreate_table_artifact
from prefect.runtime import flow_run

from flows.artifacts import apublish_run
from settings import load_settings
from tasks.wrappers.backfill import load_staged_async_task
from tasks.wrappers.maintenance import checkpoint_task, prune_task
from warehouse.load_report import LoadReport

REPORT_WINDOW = timedelta(days=1)


def _run_name() -> str:
    forced = " (compact)" if flow_run.parameters.get("force_compact") else ""
    return f"maintenance {datetime.now(UTC):%Y-%m-%d}{forced}"


@flow(name="maintenance", flow_run_name=_run_name, timeout_seconds=3600)
async def maintenance(force_compact: bool = False) -> dict[str, Any]:
    """Load staged batches, checkpoint the warehouse (compacting it when at least
    ``compact_when_free_share`` of it is free space, or always with ``force_compact``), and
    prune old failed batches. Its artifacts report the last day's sources, rejects and hosts."""
    settings = load_settings()
    logger = get_run_logger()
    started = datetime.now(UTC)
    load = await load_staged_async_task(settings)
    checkpoint = None
    if settings.warehouse_file.exists():
        checkpoint = await checkpoint_task(settings, force_compact)
    pruned = await prune_task(settings)
    logger.info("maintenance: %s; %s; %s", load, checkpoint or "no warehouse yet", pruned)
    await acreate_table_artifact(
        key="maintenance",
        table=[
            {"step": "load", "result": f"{load.batches_loaded} batch(es), busy={load.busy}"},
            {"step": "checkpoint", "result": str(checkpoint or "no warehouse yet")},
            {"step": "prune", "result": f"{pruned.removed_failed_batches} failed batch(es)"},
        ],
        description="What the daily maintenance did",
    )
    await apublish_run(
        "maintenance",
        settings,
        sources=_loaded_by_source(load),
        run_ids=[],
        load=load,
        since=started - REPORT_WINDOW,
    )
    return {
        "loaded_batches": load.batches_loaded,
        "compacted": bool(checkpoint and checkpoint.compacted),
        "checkpoint": str(checkpoint or "no warehouse yet"),
        "skipped": checkpoint.skipped if checkpoint else None,
        "pruned_failed_batches": pruned.removed_failed_batches,
    }


def _loaded_by_source(load: LoadReport) -> list[dict[str, Any]]:
    """What this run's load brought in, per source (seen and duplicate only as totals)."""
    rows: list[dict[str, Any]] = [
        {"source": name, "seen": None, "new": new, "duplicate": None, "rejected": None}
        for name, new in sorted(load.new_by_source.items())
    ]
    rows.append(
        {
            "source": "(all loaded batches)",
            "seen": load.new + load.duplicate + load.rejected,
            "new": load.new,
            "duplicate": load.duplicate,
            "rejected": load.rejected,
        }
    )
    return rows
