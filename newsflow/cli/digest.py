"""``newsflow digest``: the top stories of a day, as the daily digest deployment publishes them."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from newsflow.cli.common import WarehouseOption, console, error_console, settings_from_options
from newsflow.cli.help import Command
from tasks.digest import digest_markdown, digest_table
from warehouse.digest import top_stories
from warehouse.errors import WarehouseBusy


def register(app: typer.Typer) -> None:
    app.command("digest", cls=Command)(digest)


def digest(
    day: Annotated[
        str | None, typer.Option(help="The UTC day, YYYY-MM-DD (default: yesterday).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Stories to show.")] = 10,
    warehouse: WarehouseOption = None,
) -> None:
    """Print a day's top stories (ranked by distinct sources) as markdown, then the counts."""
    try:
        chosen = date.fromisoformat(day) if day else datetime.now(UTC).date() - timedelta(days=1)
    except ValueError:
        error_console.print(f"[red]error:[/red] --day {day!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    if not 1 <= limit <= 1000:
        error_console.print("[red]error:[/red] --limit must be between 1 and 1000")
        raise typer.Exit(2)
    settings = settings_from_options(warehouse=warehouse)
    try:
        stories = top_stories(
            settings.warehouse_file, chosen, limit=limit, wait_seconds=settings.lock_wait_seconds
        )
    except (WarehouseBusy, FileNotFoundError) as exc:
        error_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    sys.stdout.write(digest_markdown(chosen, stories))
    rows = digest_table(stories)
    if rows:
        table = Table(show_header=True, header_style="bold")
        for column in ("rank", "title", "sources", "articles", "outlets"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(
                *(str(row[c]) for c in ("rank", "title", "sources", "articles", "outlets"))
            )
        console.print(table)
