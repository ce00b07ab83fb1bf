"""``newsflow fetch``: fetch news from the configured sources (or ad-hoc feed/sitemap URLs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsflow.cli.common import (
    WarehouseOption,
    console,
    error_console,
    prepare_prefect_environment,
    print_reject_reasons,
    progress_bars,
    settings_from_options,
)
from newsflow.cli.help import Command
from newsflow.cli.source_table import sources_table
from tasks.start_up import imports_done

SourcesFileOption = Annotated[
    Path, typer.Option("--sources-file", help="Sources config (default: ./sources.toml).")
]
_LABELS = {"discover": "reading feeds and sitemaps", "fetch": "fetching pages", "load": "loading"}


def register(app: typer.Typer) -> None:
    app.command("fetch", cls=Command)(fetch)


def fetch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Source names from the sources file (default: every enabled one)."),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="A feed or sitemap URL to ingest ad hoc (repeatable)."),
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Let this otherwise refused host through (repeatable)."),
    ] = None,
    warehouse: WarehouseOption = None,
    sources_file: SourcesFileOption = Path("sources.toml"),
) -> None:
    """Discover new articles from feeds and sitemaps, fetch, extract and load them."""
    from tasks.sources import (
        SourcesError,
        adhoc_source,
        live_sources,
        load_sources,
        select_sources,
    )

    settings = settings_from_options(warehouse=warehouse)
    try:  # fail fast, before Prefect starts, on a bad sources file or URL
        for one in url or []:
            adhoc_source(one)
        if sources or not url:
            names = list(sources) if sources else None
            live_sources(select_sources(load_sources(sources_file), names), names)
    except SourcesError as exc:
        error_console.print(f"[red]sources error:[/red] {exc}")
        raise typer.Exit(2) from exc
    users_server = prepare_prefect_environment(settings)
    from flows.embedded import embedded_run_settings
    from flows.ingest_feeds import ingest_feeds

    imports_done()

    with embedded_run_settings(heartbeats=users_server), progress_bars(_LABELS):
        summary = ingest_feeds(
            sources=list(sources) if sources else None,
            urls=list(url) if url else None,
            allow_hosts=list(allow_host) if allow_host else None,
            sources_file=str(sources_file),
            settings=settings,
        )
    console.print(summary_table(summary))
    if summary["by_source"]:
        elapsed = float(summary.get("elapsed_seconds") or 0.0)
        console.print(sources_table(summary["by_source"], noun="page", elapsed=elapsed))
    print_reject_reasons(settings, summary)


def summary_table(summary: dict[str, Any]) -> Table:
    """Per source, the fetching: pages discovered, skipped as done, fetched, failed (what the
    pages held is the table below it)."""
    table = Table(title="newsflow fetch", show_header=True)
    columns = ("discovered", "already_done", "fetched", "not_modified", "failed")
    table.add_column("source")
    for name in columns:
        table.add_column(name.replace("_", " "), justify="right")
    for source, row in summary["sources"].items():
        table.add_row(source, *(str(row.get(name, 0)) for name in columns))
    notes = [f"warehouse {summary['warehouse']}: {summary['new']} new, "
             f"{summary['duplicate']} duplicate, {summary['rejected']} rejected"]  # fmt: skip
    if summary["warehouse_busy"]:
        notes.append(
            f"warehouse busy: {summary['pending_batches']} batch(es) staged; "
            "they load on the next run or with `newsflow load`"
        )
    left = sum(row.get("over_limit", 0) for row in summary["sources"].values())
    if left:
        notes.append(f"{left} page(s) over max_articles: next run")
    table.caption = "\n".join(notes)
    return table
