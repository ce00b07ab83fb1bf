"""The ``newsflow`` command. Each subcommand lives in its own module and registers itself here."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import Annotated, NoReturn

import typer

from newsflow.cli.help import Group
from tasks.start_up import collect_rarely

app = typer.Typer(
    name="newsflow",
    help="Workflow-orchestrated news ingestion into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
)


# Each command name and the module that registers it, in the order help lists them. A call
# imports only its command's module: `newsflow sql` never pays for Prefect or BeautifulSoup.
_COMMAND_MODULES = {
    "ingest": "ingest",
    "sql": "sql",
    "tables": "schema",
    "schema": "schema",
    "export": "export",
    "load": "load",
    "migrate": "migrate",
    "extract": "extract",
    "fetch": "fetch",
    "sources": "sources",
    "dedup": "dedup",
    "search": "search",
    "digest": "digest",
    "up": "up",
    "down": "up",
    "status": "up",
    "backfill": "backfill",
}


def _register_commands(args: list[str] | None = None) -> None:
    """Register the command named in ``args``, or every command (no args, help, unknown)."""
    from importlib import import_module

    command = next((arg for arg in args or [] if not arg.startswith("-")), None)
    if command in _COMMAND_MODULES:
        names = [_COMMAND_MODULES[command]]
    elif command is None and "--version" in (args or []) and "--help" not in (args or []):
        names = []  # the version alone needs no command
    else:
        names = list(dict.fromkeys(_COMMAND_MODULES.values()))
    for name in names:
        import_module(f"newsflow.cli.{name}").register(app)


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

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


# The arguments of the process's own command (``main``); None when the app is called otherwise
# (tests, another program): only a command of the process is handed to the warm runner.
entry_argv: list[str] | None = None


def main() -> NoReturn:
    global entry_argv
    entry_argv = sys.argv[1:]
    collect_rarely()  # until the command's imports are done (tasks.start_up.imports_done)
    _register_commands(sys.argv[1:])
    try:
        app()
    except SystemExit as done:
        exit_without_teardown(done.code)
    exit_without_teardown(0)


def exit_without_teardown(code: object) -> NoReturn:
    """Exit as the interpreter would (exit handlers run: Prefect sends its last logs and
    events, worker processes stop), but without tearing down every module one by one: with
    Prefect imported that takes a quarter of a second of each command."""
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    if any(t.is_alive() and not t.daemon for t in others):
        raise SystemExit(code)  # the interpreter waits for them: let it
    status = exit_status(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    warm_child = sys.modules.get("newsflow.warm.child")  # loaded in a command the runner forked
    if warm_child is not None:
        warm_child.report_exit(status)  # its caller is told, even if the runner is gone
    os._exit(status)


def exit_status(code: object) -> int:
    """The status the interpreter exits with for ``SystemExit(code)``: a message is printed
    to stderr and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
