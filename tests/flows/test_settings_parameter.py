"""A flow given resolved settings uses them as they are: no second read of the environment."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.ingest_files import ingest_files
from settings import Settings
from tests.support.files import GOOD_BODY, write_text_article

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_ingest_files_takes_the_callers_settings_over_the_environment(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(elsewhere))
    monkeypatch.setenv("NEWSFLOW_BATCH_SIZE", "not a number")  # a second parse would fail
    inbox = tmp_path / "inbox"
    write_text_article(inbox / "a" / "one.txt", "One", [GOOD_BODY])
    summary = ingest_files(paths=[str(inbox)], settings=settings)
    assert summary["new"] == 1
    assert not elsewhere.exists()
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_a_flow_without_settings_reads_them_from_the_environment(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    inbox = tmp_path / "inbox"
    write_text_article(inbox / "a" / "one.txt", "One", [GOOD_BODY])
    assert ingest_files(paths=[str(inbox)])["new"] == 1
    assert settings.warehouse_file.is_file()
