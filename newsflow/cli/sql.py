"""``newsflow sql``: ad-hoc SQL against the warehouse, read-only."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import json
import sys
import uuid
from typing import Annotated, Any

import typer
from rich.table import Table

from newsflow.cli.common import WarehouseOption, console, error_console, settings_from_options
from warehouse.errors import QueryError, QueryRefused, WarehouseBusy
from warehouse.query import QueryResult, run_query


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("sql")(sql)


def sql(
    query: Annotated[str, typer.Argument(help='The SQL to run, e.g. "SELECT * FROM articles".')],
    warehouse: WarehouseOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, csv, or json (array of rows).")
    ] = OutputFormat.table,
    wait: Annotated[
        float | None, typer.Option(help="Seconds to wait while a load holds the warehouse.")
    ] = None,
    allow_files: Annotated[
        bool,
        typer.Option(
            "--allow-files",
            help="Let the SQL read local files (read_csv, read_parquet...); it still writes none.",
        ),
    ] = False,
) -> None:
    """Run SQL on the warehouse and print the result. It only reads: statements that would
    write, attach or read files, install or load extensions, or change settings are refused."""
    settings = settings_from_options(
        warehouse=warehouse, lock_wait_seconds=wait, sql_allow_files=allow_files or None
    )
    try:
        result = run_query(
            settings.warehouse_file,
            query,
            wait_seconds=settings.lock_wait_seconds,
            allow_files=settings.sql_allow_files,
        )
    except QueryRefused as exc:
        error_console.print(str(exc), highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    except QueryError as exc:
        error_console.print(f"[red]SQL error:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(1) from exc
    except (WarehouseBusy, FileNotFoundError) as exc:
        error_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    if output_format is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_plain(v) for v in row] for row in result.rows)
    elif output_format is OutputFormat.json:
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(records, default=_plain, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(_table(result))


def _table(result: QueryResult) -> Table:
    table = Table(show_header=True, header_style="bold")
    for index, column in enumerate(result.columns):
        sample = next((row[index] for row in result.rows if row[index] is not None), None)
        numeric = isinstance(sample, int | float | decimal.Decimal) and not isinstance(sample, bool)
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in result.rows:
        table.add_row(*("NULL" if v is None else str(_plain(v)) for v in row))
    table.caption = f"{len(result.rows)} row(s)"
    return table


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return value.hex()
    return value
