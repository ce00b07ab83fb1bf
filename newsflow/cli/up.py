"""``newsflow up`` / ``down`` / ``status``: a local Prefect server, work pool, deployments, worker,
and the warm runner that flow commands are forked from (``newsflow.warm``).

The work is in ``flows.ops.stack`` (the only place that talks to Prefect); these commands only
read the settings and print.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newsflow.cli.common import console, error_console, settings_from_options
from newsflow.cli.help import Command

PortOption = Annotated[
    int | None, typer.Option("--port", help="Port of the Prefect server (default 4200).")
]


def register(app: typer.Typer) -> None:
    app.command("up", cls=Command)(up)
    app.command("down", cls=Command)(down)
    app.command("status", cls=Command)(status)


def up(
    port: PortOption = None,
    no_deploy: Annotated[bool, typer.Option("--no-deploy", help="Skip `prefect deploy`.")] = False,
) -> None:
    """Start a Prefect server on 127.0.0.1, create the pool, deploy prefect.yaml, start a worker
    and the warm runner (flow commands then start in about a second)."""
    from flows.ops.stack import StackError, StackLayout, stack_status, start_stack

    layout = StackLayout.from_settings(settings_from_options(), port=port)
    processes, details = stack_status(layout)
    alive = [record for record, running in processes if running]
    if alive:
        pids = ", ".join(f"{record.role} pid {record.pid}" for record in alive)
        if len(alive) == len(processes) and {r.role for r in alive} >= {"server", "worker"}:
            console.print(f"already running ({pids}): UI {details.get('ui', layout.ui_url)}")
            console.print("`newsflow status` shows it, `newsflow down` stops it")
            return
        error_console.print(
            f"partly running ({pids}; the others stopped): run `newsflow down`, then `newsflow up`"
        )
        raise typer.Exit(1)
    try:
        start_stack(layout, say=console.print, deploy=not no_deploy)
    except (StackError, OSError) as exc:
        error_console.print(f"[red]newsflow up failed:[/red] {exc}")
        error_console.print("processes started so far are recorded: run `newsflow down`")
        raise typer.Exit(1) from exc


def down(port: PortOption = None) -> None:
    """Stop exactly the processes `newsflow up` started (by their recorded PIDs)."""
    from flows.ops.stack import StackLayout, stop_stack

    outcomes = stop_stack(
        StackLayout.from_settings(settings_from_options(), port=port), say=console.print
    )
    if not outcomes:
        console.print("nothing recorded: `newsflow up` has not started anything here")


def status(port: PortOption = None) -> None:
    """Show the processes `newsflow up` started, and the UI address."""
    from flows.ops.stack import StackLayout, stack_status

    layout = StackLayout.from_settings(settings_from_options(), port=port)
    processes, details = stack_status(layout)
    if not processes:
        console.print("not running (nothing recorded)")
        raise typer.Exit(1)
    for record, alive in processes:
        state = "running" if alive else "stopped"
        console.print(f"{record.role:7} pid {record.pid:<8} {state:8} log {record.log_file}")
    console.print(f"UI: {details.get('ui', layout.ui_url)}")
    if not all(alive for _, alive in processes):
        raise typer.Exit(1)
