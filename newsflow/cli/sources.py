"""``newsflow sources list|check``: show the configured sources; dry-run one of them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsflow.cli.common import console, error_console, settings_from_options
from newsflow.cli.help import Command, Group

SourcesFileOption = Annotated[
    Path, typer.Option("--sources-file", help="Sources config (default: ./sources.toml).")
]


def register(app: typer.Typer) -> None:
    group = typer.Typer(cls=Group, help="List the news sources, or check what one would ingest.")
    group.command("list", cls=Command)(list_sources)
    group.command("check", cls=Command)(check_source)
    app.add_typer(group, name="sources")


def list_sources(sources_file: SourcesFileOption = Path("sources.toml")) -> None:
    """List the sources in the sources file."""
    from tasks.sources import SourcesError, load_sources

    try:
        sources = load_sources(sources_file)
    except SourcesError as exc:
        error_console.print(f"[red]sources error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=str(sources_file))
    for column in ("name", "kind", "enabled", "urls", "min delay", "concurrency", "max articles"):
        table.add_column(column)
    for s in sources:
        table.add_row(
            s.name, s.kind, "yes" if s.enabled else "no", "\n".join(s.urls),
            f"{s.min_delay:g} s", str(s.concurrency), str(s.max_articles),
        )  # fmt: skip
    console.print(table)


def check_source(
    name: Annotated[str, typer.Argument(help="The source to check.")],
    sources_file: SourcesFileOption = Path("sources.toml"),
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Let this otherwise refused host through (repeatable)."),
    ] = None,
    show: Annotated[int, typer.Option(help="How many candidate URLs to print.")] = 20,
) -> None:
    """Fetch the source's feeds or sitemaps and report what it would ingest; writes nothing."""
    import dataclasses

    from tasks.fetch.discovery import discover
    from tasks.fetch.models import fetch_config_from
    from tasks.sources import SourcesError, load_sources, select_sources

    try:
        source = select_sources(load_sources(sources_file), [name])[0]
    except SourcesError as exc:
        error_console.print(f"[red]sources error:[/red] {exc}")
        raise typer.Exit(2) from exc
    config = dataclasses.replace(
        fetch_config_from(settings_from_options()), allowed_hosts=frozenset(allow_host or ())
    )
    found = discover(source, config)
    console.print(
        f"[bold]{source.name}[/bold] ({source.kind}): {len(found.candidates)} page(s) found, "
        f"{len(found.requests)} request(s), {len(found.rejects)} problem(s); "
        f"a run fetches at most {source.max_articles}"
    )
    for candidate in found.candidates[:show]:
        hints = candidate.hints
        console.print(f"  {candidate.url}  {hints.get('published', '')}  {hints.get('title', '')}")
    for reject in found.rejects[:show]:
        console.print(f"  [yellow]{reject.reason}[/yellow]: {reject.input} {reject.detail}")
    if not found.candidates:
        raise typer.Exit(1)
