"""The digest flow publishes the day's top stories as artifacts; the CLI prints the same."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from tests.flows.test_maintenance import _artifacts
from tests.search.support import build, corpus

_register_commands()


def test_digest_flow_publishes_markdown_and_counts_and_the_cli_prints_the_same(
    prefect_harness, settings
):
    from flows.digest import digest

    build(settings, corpus())
    state = digest(day=date(2024, 3, 4), warehouse=str(settings.warehouse_file), return_state=True)
    assert state.is_completed(), state.message
    artifacts = _artifacts(state.state_details.flow_run_id)
    markdown = artifacts["digest"].data
    assert "1. **Riverton approves the Arlen bridge** — 3 source(s)" in markdown
    assert "digest-counts" in artifacts

    printed = CliRunner().invoke(
        app, ["digest", "--day", "2024-03-04", "-w", str(settings.warehouse_file)]
    )
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.startswith(markdown)
    bad = CliRunner().invoke(app, ["digest", "--day", "monday", "-w", str(settings.warehouse_file)])
    assert bad.exit_code == 2
