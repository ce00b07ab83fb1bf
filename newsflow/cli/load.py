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
    notes = []
    if report.rows_rejected_at_load:
        notes.append(f"{report.rows_rejected_at_load} row(s) could not load (see rejects)")
    if report.failed_batches:
        notes.append(
            f"{report.failed_batches} batch(es) did not verify: set aside in staging-failed/"
        )
    if report.other_warehouse:
        notes.append(f"{report.other_warehouse} batch(es) wait for another warehouse")
    console.print(
        f"loaded {report.batches_loaded} batch(es): {report.new} new, "
        f"{report.duplicate} duplicate, {report.rejected} rejected"
        + "".join(f"; {note}" for note in notes)
    )
    if report.busy:
        console.print(
            f"warehouse {settings.warehouse_file} is busy: {report.pending_batches} batch(es) wait"
        )
        raise typer.Exit(3)
