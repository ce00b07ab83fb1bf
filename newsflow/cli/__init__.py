"""The ``newsflow`` command. Each subcommand lives in its own module and registers itself here."""

from __future__ import annotations

from importlib import metadata
from typing import Annotated

import typer

from newsflow.cli.help import Group

app = typer.Typer(
    name="newsflow",
    help="Workflow-orchestrated news ingestion into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
)


def _register_commands() -> None:
    from newsflow.cli import (
        backfill,
        dedup,
        digest,
        export,
        extract,
        fetch,
        ingest,
        load,
        schema,
        search,
        sources,
        sql,
        up,
    )

    commands = (ingest, sql, schema, export, load, extract, fetch, sources, dedup, search)
    for module in (*commands, digest, up, backfill):
        module.register(app)


def _version(value: bool) -> None:
    if value:
        try:
            version = metadata.version("newsflow")
        except metadata.PackageNotFoundError:  # run from a checkout that was never installed
            version = "unknown (not installed)"
        typer.echo(f"newsflow {version}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Workflow-orchestrated news ingestion into a DuckDB warehouse."""


def main() -> None:
    _register_commands()
    app()
