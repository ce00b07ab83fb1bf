"""Artifacts every run publishes in the Prefect UI: per-source counts, top reject reasons,
slowest hosts, and where the warehouse is.

Async: every flow that publishes them (backfill, reprocess, maintenance) is async.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact

from newsflow.settings import Settings
from warehouse.backfill_report import RunReport, read_run_report
from warehouse.errors import WarehouseBusy
from warehouse.load import LoadReport


async def publish_source_table(
    key: str, rows: Sequence[Mapping[str, Any]], *, description: str
) -> None:
    """One row per source: seen / new / duplicate / rejected (and whatever else is useful)."""
    await acreate_table_artifact(key=key, table=[dict(r) for r in rows], description=description)


async def publish_run_report(
    key_prefix: str, settings: Settings, run_ids: Sequence[str]
) -> RunReport:
    """Top reject reasons and slowest hosts of ``run_ids``, read back from the warehouse."""
    try:
        report = await asyncio.to_thread(
            read_run_report,
            settings.warehouse_file,
            run_ids,
            wait_seconds=settings.lock_wait_seconds,
        )
    except WarehouseBusy:
        await acreate_markdown_artifact(
            key=f"{key_prefix}-rejects",
            markdown="The warehouse was busy: reject reasons and host timings are not available.",
        )
        return RunReport()
    await acreate_table_artifact(
        key=f"{key_prefix}-rejects",
        table=[{"reason": reason, "count": count} for reason, count in report.reject_reasons]
        or [{"reason": "(none)", "count": 0}],
        description="Top reject reasons of this run",
    )
    await acreate_table_artifact(
        key=f"{key_prefix}-hosts",
        table=[
            {"host": h, "requests": n, "mean_s": round(mean, 3), "max_s": round(peak, 3),
             "failed": failed}
            for h, n, mean, peak, failed in report.slow_hosts
        ] or [{"host": "(no requests)", "requests": 0, "mean_s": 0, "max_s": 0, "failed": 0}],
        description="Slowest hosts of this run (mean request time)",
    )  # fmt: skip
    return report


async def publish_warehouse_location(key_prefix: str, settings: Settings, load: LoadReport) -> None:
    state = (
        f"busy: {load.pending_batches} batch(es) stay staged for the next load"
        if load.busy
        else f"loaded {load.batches_loaded} batch(es): {load.new} new, "
        f"{load.duplicate} duplicate, {load.rejected} rejected"
    )
    await acreate_markdown_artifact(
        key=f"{key_prefix}-warehouse",
        markdown=(
            f"**Warehouse:** `{settings.warehouse_file.resolve()}`\n\n"
            f"**Staging:** `{settings.staging_dir.resolve()}`\n\n"
            f"**Load:** {state}\n\n"
            f'Query it with `newsflow sql "SELECT * FROM backfill_days ORDER BY day"`.'
        ),
        description="Where this run's rows are",
    )
