"""The embedded API the CLI launches before importing Prefect: a real server process."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

import flows.embedded_api as embedded_api
from flows.embedded_start import SKIP_BLOCK_REGISTRATION, blocks_registered, start_skips
from tasks.fetch.health import api_answers


def test_the_launched_api_answers_until_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    api_url = embedded_api.start_embedded_api()
    assert embedded_api._pending is not None
    process: subprocess.Popen[bytes] = embedded_api._pending[0]
    try:
        embedded_api.wait_for_embedded_api()
        assert embedded_api._pending is None
        assert api_answers(api_url, timeout=5.0)
    finally:
        embedded_api.stop_embedded_api()
    # Shut down when asked (uvicorn re-raises the signal once it has), not killed.
    assert process.returncode == -signal.SIGTERM
    assert not api_answers(api_url, timeout=1.0)
    # Its first start registered Prefect's block types: a second one skips that and answers.
    assert blocks_registered(tmp_path / "prefect")
    again = embedded_api.start_embedded_api()
    assert embedded_api._pending is not None
    process = embedded_api._pending[0]
    try:
        embedded_api.wait_for_embedded_api()
        assert api_answers(again, timeout=5.0)
    finally:
        embedded_api.stop_embedded_api()
    assert process.poll() is not None


def test_block_registration_is_skipped_once_this_home_registered_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_MEMO_STORE_PATH", raising=False)
    for name in ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL",
                 *SKIP_BLOCK_REGISTRATION):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    assert start_skips(tmp_path, None) == {}  # no memo store: register
    (tmp_path / "memo_store.toml").write_text('other = "x"\n')
    assert start_skips(tmp_path, None) == {}
    (tmp_path / "memo_store.toml").write_text('block_auto_registration = "88522c"\n')
    assert start_skips(tmp_path, None) == SKIP_BLOCK_REGISTRATION
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/x")
    assert start_skips(tmp_path, None) == {}  # not the memo store's database


def test_a_new_home_after_the_first_starts_from_its_saved_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.prefect_template import template_file

    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", raising=False)
    cache = tmp_path / "cache"
    for home in ("first", "second"):
        monkeypatch.setenv("PREFECT_HOME", str(tmp_path / home))
        (tmp_path / home).mkdir()
        api_url = embedded_api.start_embedded_api(cache)
        seeded = (tmp_path / home / "prefect.db").exists()  # before its server started
        assert embedded_api._pending is not None
        try:
            embedded_api.wait_for_embedded_api()
            assert api_answers(api_url, timeout=5.0)
        finally:
            embedded_api.stop_embedded_api()
        assert seeded == (home == "second")
        assert template_file(cache).is_file()  # saved by the first, once migrated
    # The copy is a full Prefect database: its server found it at head and served from it.
    tables = sqlite3.connect(tmp_path / "second" / "prefect.db")
    try:
        assert tables.execute("SELECT count(*) FROM block_type").fetchone()[0] > 0
        assert tables.execute("SELECT count(*) FROM flow_run").fetchone() == (0,)
    finally:
        tables.close()
