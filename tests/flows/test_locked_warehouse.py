"""DuckDB has one writer and then no readers: a held warehouse must never lose parsed rows."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from flows.ingest_files import ingest_files
from settings import Settings
from tests.support.files import GOOD_BODY, write_text_article
from tests.support.holder import held_by_another_process
from warehouse.migrate import migrate

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _ingest(settings: Settings, inbox: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    monkeypatch.setenv("NEWSFLOW_LOAD_WAIT_SECONDS", "0.5")
    return ingest_files(paths=[str(inbox)], warehouse=str(settings.warehouse_file))


def test_rows_parsed_while_the_warehouse_is_held_are_staged_then_loaded_once(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(settings.warehouse_file)
    inbox = tmp_path / "inbox"
    for number in range(5):
        write_text_article(
            inbox / "src" / f"{number}.txt", f"Story {number}", [f"{GOOD_BODY} {number}"]
        )
    with held_by_another_process(settings.warehouse_file):
        busy = _ingest(settings, inbox, monkeypatch)
    assert busy["warehouse_busy"] and busy["pending_batches"] >= 1
    assert busy["parsed"] == 5
    write_text_article(inbox / "src" / "late.txt", "Late story", [f"{GOOD_BODY} late"])
    after = _ingest(settings, inbox, monkeypatch)  # `ingest` again, not `load`: nothing twice
    assert not after["warehouse_busy"] and after["pending_batches"] == 0
    assert after["parsed"] == 1  # only the new file: the staged ones are not read again
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        titles = sorted(r[0] for r in connection.execute("SELECT title FROM articles").fetchall())
        sightings = connection.execute("SELECT count(*) FROM sightings").fetchone()
        ledger = connection.execute("SELECT count(*) FROM file_ledger").fetchone()
        runs = connection.execute("SELECT sum(seen), sum(new) FROM ingest_runs").fetchone()
    assert titles == sorted([f"Story {n}" for n in range(5)] + ["Late story"])
    assert sightings == (6,) and ledger == (6,) and runs == (6, 6)
    again = _ingest(settings, inbox, monkeypatch)
    assert (again["new"], again["duplicate"], again["unchanged"]) == (0, 0, 6)


def test_sql_waits_for_a_writer_then_reads(settings: Settings, tmp_path: Path) -> None:
    from warehouse.errors import WarehouseBusy
    from warehouse.query import run_query

    migrate(settings.warehouse_file)
    with ThreadPoolExecutor(1) as pool:
        with held_by_another_process(settings.warehouse_file, read_only=False):
            with pytest.raises(WarehouseBusy):
                run_query(settings.warehouse_file, "SELECT 1", wait_seconds=0.3)
            waiting = pool.submit(
                run_query, settings.warehouse_file, "SELECT count(*) FROM articles", wait_seconds=30
            )
            time.sleep(1.0)
            assert not waiting.done()
        assert waiting.result(timeout=60).rows == [(0,)]
