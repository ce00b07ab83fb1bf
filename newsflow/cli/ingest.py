"""``newsflow ingest``: pick up article files and load them into the warehouse."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsflow.cli.common import (
    WarehouseOption,
    console,
    fail,
    prepare_prefect_environment,
    print_reject_reasons,
    progress_bars,
    settings_from_options,
)
from newsflow.cli.help import Command
from newsflow.cli.source_table import sources_table as per_source_table
from tasks.start_up import imports_done


def register(app: typer.Typer) -> None:
    app.command("ingest", cls=Command)(ingest)


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to ingest (default: the inbox, <data dir>/inbox)."),
    ] = None,
    warehouse: WarehouseOption = None,
    move: Annotated[
        bool,
        typer.Option(
            "--move/--leave",
            help="Move taken files to processed/<date>/ and rejected/<date>/ "
            "(default: leave them in place and remember them in the ledger).",
        ),
    ] = False,
    batch_size: Annotated[int | None, typer.Option(help="Files per batch task.")] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Ingest the sample articles shipped with newsflow.")
    ] = False,
    timings: Annotated[
        bool,
        typer.Option(
            "--timings", help="Also print the CPU time each stage took, in all and per file."
        ),
    ] = False,
) -> None:
    """Ingest .txt, .html, .json and .jsonl article files (optionally gzipped)."""
    missing = [str(p) for p in paths or [] if not os.path.lexists(p)]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}", code=2)
    if sample:
        paths = [*(paths or []), sample_data_dir()]
        move = False  # never move the package's own files
    settings = settings_from_options(
        warehouse=warehouse, pickup_mode="move" if move else None, batch_size=batch_size
    )
    users_server = prepare_prefect_environment(settings)
    from flows.embedded import embedded_run_settings
    from flows.ingest_files import ingest_files

    imports_done()

    roots = [str(p) for p in paths] if paths else None
    with (
        embedded_run_settings(heartbeats=users_server),
        progress_bars({"parse": "parsing files", "load": "loading warehouse"}),
    ):
        summary = ingest_files(
            paths=roots,
            settings=settings,
        )
    console.print(summary_table(summary))
    if summary.get("by_source"):
        console.print(sources_table(summary))
    if timings:
        console.print(timings_table(summary))
    if summary["rejected"] or summary["loaded_rejects"]:  # else none of its rows is a reject
        print_reject_reasons(settings, summary)


def sample_data_dir() -> Path:
    return Path(str(resources.files("newsflow") / "sample_data"))


def summary_table(summary: dict[str, Any]) -> Table:
    """The run in one row: files taken and the articles they held counted apart (a JSON list is
    one file and many articles), then what became of the articles, and the rejected inputs."""
    table = Table(title="newsflow ingest", show_header=True)
    for name in ("files", "articles", "new", "duplicate", "rejected", "unchanged"):
        table.add_column(name, justify="right")
    table.add_column("warehouse")
    by_source = summary.get("by_source") or []
    files = sum(int(row["seen"]) for row in by_source) if by_source else summary["files"]
    table.add_row(
        str(files),
        str(summary["parsed"]),
        str(summary["new"]),
        str(summary["duplicate"]),
        str(summary["rejected"]),
        str(summary["unchanged"]),
        summary["warehouse"],
    )
    if summary["warehouse_busy"]:
        table.caption = (
            f"warehouse busy: {summary['pending_batches']} batch(es) staged; "
            "they load on the next run or with `newsflow load`"
        )
    elif summary["still_being_written"]:
        table.caption = f"{summary['still_being_written']} file(s) still being written: next run"
    return table


def timings_table(summary: dict[str, Any]) -> Table:
    """CPU seconds per stage, this process's and its worker processes', and per file taken."""
    table = Table(title="CPU time by stage", show_header=True)
    table.add_column("stage")
    table.add_column("CPU s", justify="right")
    table.add_column("ms/file", justify="right")
    files = max(1, int(summary["files"]))
    seconds = summary.get("cpu_seconds_by_stage") or {}
    for stage, value in seconds.items():
        table.add_row(stage, f"{value:.2f}", f"{1000 * value / files:.1f}")
    total = sum(seconds.values())
    table.add_row("total", f"{total:.2f}", f"{1000 * total / files:.1f}", style="bold")
    return table


def sources_table(summary: dict[str, Any]) -> Table:
    """Per source folder: files, and apart what became of the articles they held."""
    elapsed = float(summary.get("elapsed_seconds") or 0.0)
    return per_source_table(summary["by_source"], noun="file", elapsed=elapsed)
