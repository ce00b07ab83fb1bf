"""``newsflow migrate``: bring the warehouse's schema up to date, and say what changed."""

from __future__ import annotations

from typing import Annotated

import typer

from newsflow.cli.common import WarehouseOption, console, settings_from_options
from newsflow.cli.help import Command
from warehouse.connection import write_connection
from warehouse.migrate import accept_changed_migrations, changed_migrations


def register(app: typer.Typer) -> None:
    app.command("migrate", cls=Command)(migrate)


def migrate(
    warehouse: WarehouseOption = None,
    accept_changed: Annotated[
        bool,
        typer.Option(
            "--accept-changed",
            help="Record the current checksum of migrations changed after they were applied"
            " (they do not run again).",
        ),
    ] = False,
) -> None:
    """Apply pending migrations; list migrations changed since they were applied (exit 1 if
    any, unless --accept-changed records them)."""
    settings = settings_from_options(warehouse=warehouse)
    with write_connection(settings.warehouse_file) as connection:
        if accept_changed:
            accepted = accept_changed_migrations(connection)
            for change in accepted:
                console.print(f"accepted {change.name}: checksum now {change.file_checksum}")
            console.print(f"{len(accepted)} changed migration(s) accepted")
            return
        changed = changed_migrations(connection)
    if changed:
        for change in changed:
            console.print(str(change))
        raise typer.Exit(1)
    console.print(f"{settings.warehouse_file}: schema up to date")
