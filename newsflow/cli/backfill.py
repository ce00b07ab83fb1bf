"""``newsflow backfill``: the backfill flow (the same one the Prefect UI form starts) from the
command line, with progress bars and the summary."""

from __future__ import annotations

import asyncio
from datetime import date
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

_LABELS = {
    "archive files": "WARC files",
    "archive MB": "MB downloaded",
    "articles kept": "articles kept",
}
_RERUN = ("missing", "failed", "all")


def register(app: typer.Typer) -> None:
    app.command("backfill", cls=Command)(backfill)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def backfill(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to backfill (default: every enabled one)."),
    ] = None,
    start_date: Annotated[
        str, typer.Option("--start-date", help="First UTC day (YYYY-MM-DD).")
    ] = "",
    end_date: Annotated[
        str, typer.Option("--end-date", help="Last UTC day, included (default: start).")
    ] = "",
    rerun: Annotated[
        str,
        typer.Option(help="missing: days not done yet; failed: failed days only; all: every day."),
    ] = "missing",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan (and WARC files) only.")
    ] = False,
    sources_file: Annotated[
        Path | None, typer.Option("--sources-file", help="Sources config (./sources.toml).")
    ] = None,
    warehouse: WarehouseOption = None,
    max_concurrency: Annotated[int, typer.Option(help="Days run at once.")] = 2,
    newest_first: Annotated[bool, typer.Option(help="Most recent days first.")] = False,
) -> None:
    """Backfill a date range: web sources from their sitemaps and archive pages, ccnews
    sources from Common Crawl News, dropped files again. Status per (source, day) goes to the
    backfill_days view; exit 1 when a day failed (rerun with --rerun failed)."""
    if not start_date:
        raise typer.BadParameter("give --start-date YYYY-MM-DD", param_hint="--start-date")
    if rerun not in _RERUN:
        raise typer.BadParameter(f"one of {', '.join(_RERUN)}", param_hint="--rerun")
    first = _day(start_date)
    last = _day(end_date) if end_date else first
    settings = settings_from_options(warehouse=warehouse)
    users_server = prepare_prefect_environment(settings)
    from flows.backfill import backfill as backfill_flow
    from flows.embedded import embedded_run_settings

    imports_done()

    parameters: dict[str, Any] = {
        "start_date": first, "end_date": last, "sources": tuple(sources or ()), "rerun": rerun,
        "dry_run": dry_run, "max_concurrency": max_concurrency, "newest_first": newest_first,
        "sources_file": str(sources_file.resolve()) if sources_file else None,
        "settings": settings.with_overrides(warehouse=settings.warehouse_file.resolve()),
    }  # fmt: skip
    with embedded_run_settings(heartbeats=users_server), progress_bars(_LABELS):
        state: Any = asyncio.run(backfill_flow(**parameters, return_state=True))  # type: ignore[arg-type]
    try:
        summary = state.result(raise_on_failure=False)
    except Exception as exc:  # the run could not even start its work
        error_console.print(f"[red]backfill failed:[/red] {exc}")
        raise typer.Exit(2) from exc
    if not isinstance(summary, dict):
        error_console.print(f"[red]backfill failed:[/red] {state.message or summary}")
        raise typer.Exit(2)
    console.print(summary_table(summary))
    if "elapsed_seconds" in summary:  # it ran (a dry run only plans)
        elapsed = float(summary["elapsed_seconds"])
        console.print(sources_table(summary["sources"], noun="input", elapsed=elapsed))
        print_reject_reasons(settings, summary)
    if summary.get("archive_files"):
        console.print(files_table(summary["archive_files"]))
    console.print(state.message or "")
    if state.is_failed():
        raise typer.Exit(1)


def summary_table(summary: dict[str, Any]) -> Table:
    request = summary["request"]
    table = Table(
        title=f"newsflow backfill {request['start']} .. {request['end']} ({request['rerun']})"
    )
    columns = ("source", "days_done", "days_failed", "undated")
    for name in columns:
        table.add_column(name.replace("_", " "), justify="left" if name == "source" else "right")
    for row in summary["sources"]:
        table.add_row(*(str(row.get(name, "")) for name in columns))
    table.caption = (
        f"{summary['day_runs']} day run(s) of {summary['days_in_range']} day(s); "
        "inputs: pages (web), WARC files (ccnews) or files"
    )
    return table


def files_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="WARC files (dry run)")
    for name in ("day", "source", "file", "MB", "state"):
        table.add_column(name, justify="right" if name == "MB" else "left")
    total = 0
    for row in rows:
        size = row.get("bytes")
        total += size or 0
        megabytes = f"{size / 1e6:,.1f}" if isinstance(size, int) else "?"
        table.add_row(row["day"], row["source"], row["file"], megabytes, row["state"])
    table.caption = f"{len(rows)} file(s), {total / 1e9:,.2f} GB in all"
    return table
