"""``newsflow tables`` and ``newsflow schema``: what the warehouse holds, described."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from newsflow.cli.common import (
    FormatOption,
    MaxWidthOption,
    WaitOption,
    WarehouseOption,
    fail,
    output_limits,
    settings_from_options,
    stdout_closed_quietly,
)
from newsflow.cli.help import Command
from newsflow.cli.render import OutputFormat, plural, write_rows
from warehouse.describe import describe, list_relations
from warehouse.errors import QueryError, WarehouseBusy


def register(app: typer.Typer) -> None:
    app.command("tables", cls=Command)(tables)
    app.command("schema", cls=Command)(schema)


def tables(
    warehouse: WarehouseOption = None,
    output_format: FormatOption = OutputFormat.table,
    max_width: MaxWidthOption = None,
    wait: WaitOption = None,
) -> None:
    """List the tables and views with their row counts and what each holds."""
    settings = settings_from_options(warehouse=warehouse, lock_wait_seconds=wait)
    try:
        relations = list_relations(settings.warehouse_file, wait_seconds=settings.lock_wait_seconds)
    except (QueryError, WarehouseBusy, FileNotFoundError) as exc:
        fail(f"error: {exc}", code=2 if isinstance(exc, FileNotFoundError) else 1)
    rows = [(r.name, r.kind, r.rows, r.description) for r in relations]
    with stdout_closed_quietly():
        write_rows(
            sys.stdout,
            ["name", "kind", "rows", "description"],
            ["VARCHAR", "VARCHAR", "BIGINT", "VARCHAR"],
            [rows],
            output_format,
            output_limits(0, max_width),
            noun=("table or view", "tables and views"),
        )


def schema(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Tables or views to describe (default: all).", show_default=False),
    ] = None,
    warehouse: WarehouseOption = None,
    output_format: FormatOption = OutputFormat.table,
    max_width: MaxWidthOption = None,
    wait: WaitOption = None,
) -> None:
    """Show the columns of tables and views: name, type, and what each holds."""
    settings = settings_from_options(warehouse=warehouse, lock_wait_seconds=wait)
    try:
        described = describe(
            settings.warehouse_file, list(names or []), wait_seconds=settings.lock_wait_seconds
        )
    except (QueryError, WarehouseBusy, FileNotFoundError) as exc:
        fail(f"error: {exc}", code=1 if isinstance(exc, WarehouseBusy) else 2)
    limits = output_limits(0, max_width)
    with stdout_closed_quietly():
        if output_format is not OutputFormat.table:
            flat = [
                (d.relation.name, c.name, c.type, c.nullable, c.description)
                for d in described
                for c in d.columns
            ]
            columns = ["relation", "column", "type", "nullable", "description"]
            types = ["VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR"]
            write_rows(sys.stdout, columns, types, [flat], output_format, limits)
            return
        for number, item in enumerate(described):
            relation = item.relation
            if number:
                sys.stdout.write("\n")
            title = f"{relation.name} ({relation.kind}, {plural(relation.rows, 'row')})"
            if relation.description:
                title += f": {relation.description}"
            heading = Console(file=sys.stdout, width=limits.max_width, highlight=False)
            heading.print(Text(title, style="bold", no_wrap=True, overflow="ellipsis"))
            rows = [(c.name, c.type, c.description) for c in item.columns]
            write_rows(
                sys.stdout,
                ["column", "type", "description"],
                ["VARCHAR", "VARCHAR", "VARCHAR"],
                [rows],
                OutputFormat.table,
                limits,
                noun=("column", "columns"),
            )
