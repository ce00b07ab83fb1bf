"""``newsflow load``: load batches that were staged while the warehouse was busy."""

from __future__ import annotations

import typer

from newsflow.cli.common import WarehouseOption, console, settings_from_options
from newsflow.cli.help import Command
from warehouse.load import load_staged


def register(app: typer.Typer) -> None:
    app.command("load", cls=Command)(load)


def load(warehouse: WarehouseOption = None) -> None:
    """Load staged batches into the warehouse (exit 3 if it is still busy)."""
    settings = settings_from_options(warehouse=warehouse)
    report = load_staged(settings)
    console.print(
        f"loaded {report.batches_loaded} batch(es): {report.new} new, "
        f"{report.duplicate} duplicate, {report.rejected} rejected"
        + (
            f"; {report.failed_batches} set aside in staging-failed/"
            if report.failed_batches
            else ""
        )
    )
    if report.busy:
        console.print(
            f"warehouse {settings.warehouse_file} is busy: {report.pending_batches} batch(es) wait"
        )
        raise typer.Exit(3)
