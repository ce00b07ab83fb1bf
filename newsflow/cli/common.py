"""Pieces the subcommands share: settings from options, Prefect's environment, output."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsflow.settings import Settings, SettingsError, load_settings

WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w", help="Warehouse file (default: <data dir>/newsflow.duckdb)."),
]
console = Console()
error_console = Console(stderr=True)


def settings_from_options(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        error_console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def prepare_prefect_environment(settings: Settings) -> None:
    """Defaults for running flows in Prefect's embedded mode, unless the user set them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The first start creates its database; on a busy 2-core machine that can take a minute.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    if "PREFECT_API_URL" not in os.environ and "PREFECT_HOME" not in os.environ:
        home = (settings.data_dir / "prefect").resolve()
        home.mkdir(parents=True, exist_ok=True)  # Prefect does not create missing parents
        os.environ["PREFECT_HOME"] = str(home)


@contextmanager
def progress_bars(labels: Mapping[str, str]) -> Iterator[None]:
    """Draw one bar per stage a flow reports (``flows.progress``) while the block runs."""
    from flows.progress import set_progress_listener

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    bars: dict[str, Any] = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            bars[stage] = progress.add_task(labels.get(stage, stage), total=total or 1)
        progress.update(bars[stage], completed=done, total=total or 1)

    with progress:
        set_progress_listener(on_progress)
        try:
            yield
        finally:
            set_progress_listener(None)
