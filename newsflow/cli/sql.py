"""``newsflow sql``: ad-hoc SQL against the warehouse, which only reads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsflow.cli.common import (
    FormatOption,
    MaxRowsOption,
    MaxWidthOption,
    WaitOption,
    WarehouseOption,
    error_console,
    fail,
    output_limits,
    settings_from_options,
    stdout_closed_quietly,
)
from newsflow.cli.help import Command
from newsflow.cli.render import OutputFormat, write_rows
from warehouse.errors import QueryError, QueryRefused, WarehouseBusy
from warehouse.query import open_query


def register(app: typer.Typer) -> None:
    app.command("sql", cls=Command)(sql)


def sql(
    query: Annotated[
        str | None,
        typer.Argument(
            help='The SQL, e.g. "SELECT * FROM articles"; - reads it from stdin.',
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the SQL from this file.", show_default=False),
    ] = None,
    warehouse: WarehouseOption = None,
    output_format: FormatOption = OutputFormat.table,
    max_rows: MaxRowsOption = 40,
    max_width: MaxWidthOption = None,
    wait: WaitOption = None,
    allow_files: Annotated[
        bool,
        typer.Option(
            "--allow-files",
            help="Let the SQL read local files (read_csv, read_parquet...); it still writes none.",
        ),
    ] = False,
) -> None:
    """Run SQL on the warehouse and print the result. It only reads: statements that would
    write, attach or read files, install or load extensions, or change settings are refused
    (exit 2). Several statements run in order; the last one's rows are printed."""
    text = _sql_text(query, file)
    settings = settings_from_options(
        warehouse=warehouse, lock_wait_seconds=wait, sql_allow_files=allow_files or None
    )
    limits = output_limits(max_rows, max_width)
    try:
        with (
            stdout_closed_quietly(),
            open_query(
                settings.warehouse_file,
                text,
                wait_seconds=settings.lock_wait_seconds,
                allow_files=settings.sql_allow_files,
            ) as cursor,
        ):
            write_rows(
                sys.stdout, cursor.columns, cursor.types, cursor.batches(), output_format, limits
            )
    except QueryRefused as exc:
        fail(str(exc), code=2)
    except QueryError as exc:
        error_console.print(f"[red]SQL error:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(1) from exc
    except FileNotFoundError as exc:
        fail(f"error: {exc}", code=2)
    except WarehouseBusy as exc:
        fail(f"error: {exc}", code=1)


def _sql_text(query: str | None, file: Path | None) -> str:
    if query is not None and file is not None:
        fail("give the SQL either as an argument or with --file, not both", code=2)
    if file is not None:
        try:
            return file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            fail(f"no such SQL file: {file}", code=2)
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read SQL file {file}: {exc}", code=2)
    if query == "-" or (query is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if query is None:
        fail('no SQL given: newsflow sql "SELECT ...", --file FILE, or - for stdin', code=2)
    return query
