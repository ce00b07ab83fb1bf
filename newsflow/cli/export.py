"""``newsflow export``: write a table, view or query to Parquet, CSV or JSON lines."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsflow.cli.common import (
    WaitOption,
    WarehouseOption,
    console,
    fail,
    settings_from_options,
)
from newsflow.cli.help import Command
from warehouse.describe import UnknownRelation
from warehouse.errors import QueryError, QueryRefused, WarehouseBusy
from warehouse.export import ExportError, ExportFormat, export, format_for

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def register(app: typer.Typer) -> None:
    app.command("export", cls=Command)(export_command)


def export_command(
    source: Annotated[
        str,
        typer.Argument(
            help='A table or view (articles), a query ("SELECT ..."), or - to read the query '
            "from stdin.",
            show_default=False,
        ),
    ],
    target: Annotated[
        Path,
        typer.Argument(
            help="The file to write (a folder with --partition-by).", show_default=False
        ),
    ],
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-F",
            help="parquet, csv or jsonl (default: from the file name).",
            show_default=False,
        ),
    ] = None,
    partition_by: Annotated[
        str | None,
        typer.Option(
            "--partition-by",
            help="day (UTC day of publication, else first sighting...) or a column: one "
            "folder per value (day=2026-01-05/...).",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace the target if it exists.")
    ] = False,
    warehouse: WarehouseOption = None,
    wait: WaitOption = None,
) -> None:
    """Write a table, view or query of the warehouse to a Parquet, CSV or JSON-lines file."""
    settings = settings_from_options(warehouse=warehouse, lock_wait_seconds=wait)
    chosen = output_format or format_for(target)
    if chosen is None:
        fail(
            f"which format for {target}? name it .parquet, .csv or .jsonl, or use --format", code=2
        )
    query = sys.stdin.read() if source == "-" else source
    is_name = bool(_NAME.match(query))
    try:
        report = export(
            settings.warehouse_file,
            target,
            relation=query if is_name else None,
            sql=None if is_name else query,
            output_format=chosen,
            partition_by=partition_by,
            overwrite=overwrite,
            wait_seconds=settings.lock_wait_seconds,
            protected=(  # folders newsflow reads as its own input: an export there is taken
                settings.staging_dir,
                settings.data_dir / "staging-failed",
                settings.runs_dir,
                settings.inbox_dir,
                settings.data_dir / "raw",
            ),
        )
    except (ExportError, QueryRefused, FileNotFoundError) as exc:
        fail(str(exc) if not isinstance(exc, FileNotFoundError) else f"error: {exc}", code=2)
    except UnknownRelation as exc:
        fail(f"error: {exc}", code=2)
    except QueryError as exc:
        fail(f"error: {exc}", code=1)
    except WarehouseBusy as exc:
        fail(f"error: {exc}", code=1)
    files = "" if report.files == 1 and not partition_by else f" in {report.files} file(s)"
    console.print(f"wrote {report.rows} row(s) to {target}{files}", highlight=False, soft_wrap=True)
