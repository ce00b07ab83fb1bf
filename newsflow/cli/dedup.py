"""``newsflow dedup``: index pending articles for near-copies and stories, or rebuild it all."""

from __future__ import annotations

from typing import Annotated

import typer

from newsflow.cli.common import WarehouseOption, console, settings_from_options
from newsflow.cli.help import Command
from tasks.dedup.linking import ALGORITHMS
from warehouse.dedup_run import dedup_pending


def register(app: typer.Typer) -> None:
    app.command("dedup", cls=Command)(dedup)


def dedup(
    warehouse: WarehouseOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Clear the index and rebuild every cluster.")
    ] = False,
) -> None:
    """Find near-copies and story clusters (exit 3 if the warehouse is busy)."""
    settings = settings_from_options(warehouse=warehouse)
    report = dedup_pending(settings, ALGORITHMS, rebuild=rebuild)
    if report.busy:
        console.print(f"warehouse {settings.warehouse_file} is busy: articles stay pending")
        raise typer.Exit(3)
    console.print(
        f"indexed {report.indexed} article(s): {report.near_copy_links} near-copy, "
        f"{report.version_links} version and {report.story_links} story link(s); "
        f"{report.pending} pending"
    )
