"""Pieces the subcommands share: settings from options, Prefect's environment, output."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from newsflow import prefect_env
from newsflow.cli.render import Limits, OutputFormat
from settings import Settings, SettingsError, load_settings

WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w", help="Warehouse file (default: <data dir>/newsflow.duckdb)."),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-F",
        help="table (fits the terminal), csv, tsv, json (one array), ndjson or markdown.",
    ),
]
MaxRowsOption = Annotated[
    int,
    typer.Option("--max-rows", min=0, help="Table rows shown: the first and last half (0: all)."),
]
MaxWidthOption = Annotated[
    int | None,
    typer.Option(
        "--max-width",
        min=20,
        help="Table width in characters (default: the terminal's, or 120 when not a terminal).",
        show_default=False,
    ),
]
WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait", help="Seconds to wait while a load holds the warehouse.", show_default=False
    ),
]
DEFAULT_WIDTH = 120  # when stdout is not a terminal: the same output wherever it goes
console = Console()
error_console = Console(stderr=True)


def fail(message: str, *, code: int) -> NoReturn:
    """Print one line to stderr and exit with ``code`` (2: the command was used wrongly)."""
    error_console.print(message, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def output_limits(max_rows: int, max_width: int | None) -> Limits:
    if max_width is None:
        terminal = sys.stdout.isatty()
        max_width = shutil.get_terminal_size().columns if terminal else DEFAULT_WIDTH
    return Limits(max_rows=max_rows, max_width=max(max_width, 20))


def print_reject_reasons(settings: Settings, summary: Mapping[str, Any]) -> None:
    """The run's top reject reasons under its summary: from the summary when the flow gives
    them (``reject_reasons``: [{reason, count, example?, detail?}]), else from the warehouse."""
    from warehouse.errors import WarehouseBusy
    from warehouse.run_rejects import RejectReason, top_reject_reasons

    given = summary.get("reject_reasons")
    if given is not None:
        reasons = [
            RejectReason(
                str(r["reason"]),
                int(r["count"]),
                str(r.get("example", "")),
                str(r.get("detail", "")),
            )
            for r in given
        ]
    else:
        try:
            reasons = top_reject_reasons(
                settings.warehouse_file,
                str(summary.get("run_id", "")),
                wait_seconds=min(settings.lock_wait_seconds, 2.0),
            )
        except WarehouseBusy:
            console.print("reject reasons: not available while the warehouse is busy")
            return
    if not reasons:
        return
    console.print("top reject reasons:", highlight=False)
    width = max(len(str(r.count)) for r in reasons)
    for reason in reasons:
        example = f" (e.g. {reason.example}" + (f": {reason.detail})" if reason.detail else ")")
        line = f"  {reason.count:>{width}}  {reason.reason}{example if reason.example else ''}"
        console.print(Text(line), no_wrap=True, overflow="ellipsis", crop=True)
    run_id = summary.get("run_id")
    if run_id:
        query = f"SELECT input, reason, detail FROM rejects WHERE run_id = '{run_id}'"
        console.print(Text(f'  all of them: newsflow sql "{query}"'), soft_wrap=True)


@contextmanager
def stdout_closed_quietly() -> Iterator[None]:
    """`newsflow sql ... | head` ends quietly when ``head`` has read enough."""
    try:
        yield
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush goes nowhere
        raise typer.Exit(0) from None


def settings_from_options(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        error_console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def prepare_prefect_environment(settings: Settings) -> bool:
    """Where the flow runs of this command go, set before Prefect is imported: a server the
    user named (``PREFECT_API_URL``, always first), else the stack `newsflow up` runs for this
    data directory (the runs show in its UI), else Prefect's embedded API, launched now so that
    it starts while the command imports its flows (``embedded_run_settings`` waits for it).
    With the stack, the command is handed to the stack's warm runner when it takes it: this
    process then exits with the command's status (``newsflow.warm``).
    True when runs go to the user's server: only those keep Prefect's heartbeats."""
    users_server = bool(os.environ.get("PREFECT_API_URL"))
    prefect_env.set_defaults()
    if users_server:
        from warehouse.opening import warm_up_in_background

        warm_up_in_background()  # while Prefect is imported: every flow command opens it
        return True
    if "PREFECT_HOME" not in os.environ:  # the stack's home is this one too
        home = (settings.data_dir / "prefect").resolve()
        home.mkdir(parents=True, exist_ok=True)  # Prefect does not create missing parents
        os.environ["PREFECT_HOME"] = str(home)
    from flows.ops.stack import running_stack_api_url

    api_url = running_stack_api_url(settings)
    if api_url is not None:
        _hand_over_to_warm_runner(settings)
    if api_url is None and "prefect" not in sys.modules:  # once imported, Prefect starts its own
        from flows.embedded_api import CLIENT_SETTINGS, start_embedded_api

        api_url = start_embedded_api(settings.cache_dir)  # first: its start is the longest path
        for name, value in CLIENT_SETTINGS.items():
            os.environ.setdefault(name, value)
    from warehouse.opening import warm_up_in_background

    warm_up_in_background()
    if api_url is not None:
        prefect_env.use_api(api_url)
    return False


def _hand_over_to_warm_runner(settings: Settings) -> None:
    """Exit with the command's status when the stack's warm runner ran it; else return (no
    runner, or it refused: this process runs the command). Only a command started from the
    ``newsflow`` entry point is handed over, and never one the runner is running."""
    from newsflow import cli
    from newsflow.warm import child

    if cli.entry_argv is None or child.active:
        return
    from flows.ops.stack import running_stack_runner_socket

    socket_path = running_stack_runner_socket(settings)
    if socket_path is None:
        return
    from newsflow.warm.client import run_in_runner

    status = run_in_runner(socket_path, cli.entry_argv)
    if status is not None:
        raise typer.Exit(status)


@contextmanager
def progress_bars(labels: Mapping[str, str]) -> Iterator[None]:
    """Draw one bar per stage a flow reports (``flows.progress``) while the block runs."""
    from rich.progress import (  # only the flow commands draw bars
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

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
