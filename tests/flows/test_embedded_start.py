"""What the embedded API skips at start: read from a real Prefect home, and seen in the settings
of a real server started with it (``GET /admin/settings``)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

import flows.embedded_api as embedded_api
from flows.embedded_start import (
    SKIP_AUTOMATION_SERVICES,
    SKIP_BLOCK_REGISTRATION,
    SKIP_MIGRATIONS,
    at_template_head,
    blocks_registered,
    enabled_automations,
    start_skips,
)
from flows.prefect_template import template_file

AUTOMATION = {
    "name": "a-test-automation",
    "trigger": {"type": "event", "expect": ["prefect.flow-run.Failed"], "posture": "Reactive",
                "threshold": 1, "within": 0},
    "actions": [{"type": "do-nothing"}],
}  # fmt: skip


@pytest.fixture
def no_user_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "PREFECT_API_DATABASE_CONNECTION_URL",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL",
        "PREFECT_MEMO_STORE_PATH",
        *SKIP_MIGRATIONS,
        *SKIP_AUTOMATION_SERVICES,
        *SKIP_BLOCK_REGISTRATION,
    ):
        monkeypatch.delenv(name, raising=False)


def _serve(home: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, Any]]:
    """Start the embedded API on ``home`` as the CLI does; return its URL and its settings."""
    monkeypatch.setenv("PREFECT_HOME", str(home))
    api_url = embedded_api.start_embedded_api(cache)
    embedded_api.wait_for_embedded_api()
    settings = httpx.get(f"{api_url}/admin/settings", timeout=30).json()
    return api_url, settings


def test_a_home_at_the_template_head_without_automations_skips_migrations_and_triggers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_settings: None
) -> None:
    cache, first, second = tmp_path / "cache", tmp_path / "first", tmp_path / "second"
    assert start_skips(first, cache) == {}  # nothing yet: the first server does it all
    try:
        _, settings = _serve(first, cache, monkeypatch)
    finally:
        embedded_api.stop_embedded_api()
    assert settings["server"]["database"]["migrate_on_start"] is True
    assert settings["server"]["services"]["triggers"]["enabled"] is True

    # The first server migrated and saved the template; a new home is seeded from it.
    assert at_template_head(first / "prefect.db", template_file(cache))
    assert blocks_registered(first) and enabled_automations(first / "prefect.db") == 0
    try:
        api_url, settings = _serve(second, cache, monkeypatch)
        assert start_skips(second, cache) == {
            **SKIP_BLOCK_REGISTRATION, **SKIP_MIGRATIONS, **SKIP_AUTOMATION_SERVICES
        }  # fmt: skip
        assert settings["server"]["database"]["migrate_on_start"] is False
        assert settings["server"]["services"]["triggers"]["enabled"] is False
        # Its database serves without the migrations' check: it was at their head.
        flow = httpx.post(f"{api_url}/flows/", json={"name": "skips"}, timeout=30)
        assert flow.status_code in (200, 201), flow.text
        # An automation made now is kept by the next command's server, with its services.
        made = httpx.post(f"{api_url}/automations/", json=AUTOMATION, timeout=30)
        assert made.status_code in (200, 201), made.text
    finally:
        embedded_api.stop_embedded_api()
    assert enabled_automations(second / "prefect.db") == 1
    assert start_skips(second, cache) == {**SKIP_BLOCK_REGISTRATION, **SKIP_MIGRATIONS}
    try:
        _, settings = _serve(second, cache, monkeypatch)
    finally:
        embedded_api.stop_embedded_api()
    assert settings["server"]["services"]["triggers"]["enabled"] is True


def _database(path: Path, revision: str | None, automations: list[bool] | None) -> Path:
    """A SQLite file with Prefect's two tables these checks read (and only those)."""
    connection = sqlite3.connect(path)
    with connection:
        if revision is not None:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        if automations is not None:
            connection.execute("CREATE TABLE automation (name VARCHAR, enabled BOOLEAN)")
            connection.executemany(
                "INSERT INTO automation VALUES ('a', ?)", [(on,) for on in automations]
            )
    connection.close()
    return path


@pytest.fixture
def home_and_cache(tmp_path: Path, no_user_settings: None) -> tuple[Path, Path]:
    """An empty Prefect home and template cache."""
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    cache.mkdir()
    return home, cache


def test_only_a_database_known_to_be_at_head_and_without_automations_skips(
    home_and_cache: tuple[Path, Path],
) -> None:
    home, cache = home_and_cache
    template = _database(template_file(cache), "head1", [])
    database = _database(home / "prefect.db", "older", [False, False])
    assert start_skips(home, cache) == SKIP_AUTOMATION_SERVICES  # disabled ones cannot fire
    assert not at_template_head(database, template)
    database.unlink()
    _database(home / "prefect.db", "head1", [False, True])
    assert start_skips(home, cache) == SKIP_MIGRATIONS
    assert start_skips(home, None) == {}  # no template to compare with
    # A home whose template is missing or unreadable migrates; an unreadable database keeps
    # every service (it cannot tell that there is no automation).
    template.write_bytes(b"not a database")
    assert start_skips(home, cache) == {}
    shutil.copyfile(home / "prefect.db", template)
    (home / "prefect.db").write_bytes(b"\0" * 4096)
    assert enabled_automations(home / "prefect.db") is None
    assert start_skips(home, cache) == {}
    (home / "prefect.db").unlink()
    assert start_skips(home, cache) == {}  # a new home: its server migrates


def test_settings_the_user_gave_are_kept(
    home_and_cache: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, cache = home_and_cache
    _database(template_file(cache), "head1", [])
    _database(home / "prefect.db", "head1", [])
    (home / "memo_store.toml").write_text('block_auto_registration = "88522c"\n')
    everything = {**SKIP_BLOCK_REGISTRATION, **SKIP_MIGRATIONS, **SKIP_AUTOMATION_SERVICES}
    assert start_skips(home, cache) == everything
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "true")
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_MIGRATE_ON_START", "true")
    assert start_skips(home, cache) == SKIP_BLOCK_REGISTRATION
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/x")
    assert start_skips(home, cache) == {}  # another database than the one read here
