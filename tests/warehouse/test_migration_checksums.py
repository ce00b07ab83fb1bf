"""A migration changed after it was applied is reported, never silently ignored or re-run."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from warehouse import migrate as migrate_module
from warehouse.migrate import accept_changed_migrations, changed_migrations, migrate

PACKAGE_MIGRATIONS = Path(migrate_module.__file__).parent / "migrations"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(PACKAGE_MIGRATIONS, copy)
    return copy


def _edit_first(folder: Path) -> str:
    first = sorted(folder.glob("*.sql"))[0]
    first.write_text(first.read_text("utf-8") + "\n-- a comment added later\n", "utf-8")
    return first.name


def test_an_unchanged_folder_reports_nothing(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "w.duckdb"
    migrate(path, folder)
    with caplog.at_level(logging.WARNING, logger="newsflow.warehouse"):
        assert migrate(path, folder) == []
    assert caplog.records == []


def test_a_changed_migration_is_warned_once_then_accepted(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "w.duckdb"
    migrate(path, folder)
    name = _edit_first(folder)
    with caplog.at_level(logging.WARNING, logger="newsflow.warehouse"):
        assert migrate(path, folder) == []  # reported, not run again
        migrate(path, folder)
    [warning] = [r.getMessage() for r in caplog.records]
    assert name in warning and "--accept-changed" in warning
    with duckdb.connect(str(path)) as connection:
        assert [c.name for c in changed_migrations(connection, folder)] == [name]
        assert [c.name for c in accept_changed_migrations(connection, folder)] == [name]
        assert changed_migrations(connection, folder) == []


def test_the_cli_lists_changed_migrations_and_accepts_them(
    prefect_harness: None, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),  # this session's test API
        "NEWSFLOW_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "300",
    }
    command = [str(Path(sys.executable).parent / "newsflow"), "migrate"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0 and "schema up to date" in first.stdout, first.stderr
    warehouse = tmp_path / "data" / "newsflow.duckdb"
    with duckdb.connect(str(warehouse)) as connection:  # as if the file changed since
        connection.execute("UPDATE schema_migrations SET checksum = 'older' WHERE version = 10")
    changed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert changed.returncode == 1
    assert "changed after it was applied" in changed.stdout + changed.stderr
    article = tmp_path / "inbox" / "story.txt"
    article.parent.mkdir()
    article.write_text("Ferry strike ends\n\n" + "Crews returned to work today. " * 20, "utf-8")
    ingest = subprocess.run(
        [command[0], "ingest", str(article.parent)], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert ingest.stderr.count("changed after it was applied") == 1, ingest.stderr
    accepted = subprocess.run(
        [*command, "--accept-changed"], env=env, capture_output=True, text=True, check=False
    )
    assert accepted.returncode == 0 and "1 changed migration(s) accepted" in accepted.stdout
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "changed after" not in again.stdout + again.stderr
