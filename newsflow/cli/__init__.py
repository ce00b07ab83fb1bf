"""The ``newsflow`` command. Each subcommand lives in its own module and registers itself here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="newsflow",
    help="Workflow-orchestrated news ingestion into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    from newsflow.cli import (
        dedup,
        export,
        extract,
        fetch,
        ingest,
        load,
        schema,
        sources,
        sql,
        up,
    )

    for module in (ingest, sql, schema, export, load, extract, fetch, sources, dedup, up):
        module.register(app)


def main() -> None:
    _register_commands()
    app()
