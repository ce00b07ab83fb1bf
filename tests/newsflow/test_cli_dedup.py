"""``newsflow dedup`` and ``newsflow dedup --rebuild`` on a real warehouse file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from settings import Settings
from tests.tasks.dedup.texts import WIRE, WIRE_TEXT
from tests.warehouse.dedup_support import article, ingest, query

_register_commands()
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.cli import common

    monkeypatch.setattr(common.console, "width", 250)


def test_dedup_indexes_pending_articles_and_rebuild_gives_the_same(settings: Settings) -> None:
    ingest(
        settings,
        [
            article(WIRE_TEXT, source="gazette", slug="1"),
            article("\n\n".join(WIRE[:5]), source="courier", slug="2"),
        ],
    )
    warehouse = str(settings.warehouse_file)
    first = runner.invoke(app, ["dedup", "--warehouse", warehouse])
    assert first.exit_code == 0, first.output
    assert "indexed 2 article(s): 1 near-copy" in first.output
    clusters = sorted(query(settings, "SELECT * FROM article_clusters"))
    again = runner.invoke(app, ["dedup", "--warehouse", warehouse])
    assert "indexed 0 article(s)" in again.output
    rebuilt = runner.invoke(app, ["dedup", "--warehouse", warehouse, "--rebuild"])
    assert rebuilt.exit_code == 0 and "indexed 2 article(s)" in rebuilt.output
    assert sorted(query(settings, "SELECT * FROM article_clusters")) == clusters
