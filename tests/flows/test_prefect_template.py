"""The template of Prefect's database that a new Prefect home starts from: real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flows.prefect_template import save_template, seed_new_home, template_file


@pytest.fixture(autouse=True)
def _database_in_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", raising=False)


def _migrated_database(home: Path, revision: str = "a1b2c3") -> Path:
    """A database as a server leaves it: WAL mode, a writer still connected, rows in the WAL."""
    home.mkdir(parents=True, exist_ok=True)
    database = home / "prefect.db"
    writer = sqlite3.connect(database)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the rows stay in the WAL file
    writer.execute("CREATE TABLE alembic_version (version_num TEXT)")
    writer.execute("INSERT INTO alembic_version VALUES (?)", [revision])
    writer.execute("CREATE TABLE block_type (name TEXT)")
    writer.executemany("INSERT INTO block_type VALUES (?)", [("a",), ("b",)])
    writer.commit()
    (home / "memo_store.toml").write_text('block_auto_registration = "88522c"\n')
    return database


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_a_new_home_starts_from_the_template_its_first_server_saved(tmp_path: Path) -> None:
    cache, first, second = tmp_path / "cache", tmp_path / "first", tmp_path / "second"
    first.mkdir()
    template = seed_new_home(first, cache)
    assert template == template_file(cache)  # no template yet: the server is to save one
    assert list(first.iterdir()) == []
    database = _migrated_database(first)
    save_template(database, first / "memo_store.toml", template)
    assert _rows(template, "PRAGMA journal_mode") == [("delete",)]  # readable on its own
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no partial left

    second.mkdir()
    assert seed_new_home(second, cache) is None
    assert _rows(second / "prefect.db", "SELECT name FROM block_type") == [("a",), ("b",)]
    assert _rows(second / "prefect.db", "SELECT * FROM alembic_version") == [("a1b2c3",)]
    assert (second / "memo_store.toml").read_text() == 'block_auto_registration = "88522c"\n'
    assert sorted(p.name for p in second.iterdir()) == ["memo_store.toml", "prefect.db"]


@pytest.mark.parametrize("left_over", ["prefect.db", "prefect.db-wal"])
def test_a_home_with_a_database_is_left_alone(tmp_path: Path, left_over: str) -> None:
    cache, home = tmp_path / "cache", tmp_path / "home"
    source = _migrated_database(tmp_path / "source")
    save_template(source, tmp_path / "source" / "memo_store.toml", template_file(cache))
    home.mkdir()
    (home / left_over).write_bytes(b"their own")
    assert seed_new_home(home, cache) is None
    assert sorted(p.name for p in home.iterdir()) == [left_over]
    assert (home / left_over).read_bytes() == b"their own"


def test_a_database_kept_elsewhere_is_not_seeded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/x")
    home = tmp_path / "home"
    home.mkdir()
    assert seed_new_home(home, tmp_path / "cache") is None
    assert list(home.iterdir()) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000),  # torn header
        lambda t: t.write_bytes(b""),
        lambda t: sqlite3.connect(t).execute("CREATE TABLE other (x)").connection.close(),
    ],
    ids=["garbage", "empty", "not Prefect's"],
)
def test_an_unusable_template_is_deleted_and_the_home_migrates(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache, home = tmp_path / "cache", tmp_path / "home"
    cache.mkdir()
    home.mkdir()
    template = template_file(cache)
    damage(template)
    assert seed_new_home(home, cache) == template
    assert not template.exists()
    assert list(home.iterdir()) == []


def test_a_database_another_process_made_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.prefect_template as prefect_template

    cache, home = tmp_path / "cache", tmp_path / "home"
    source = _migrated_database(tmp_path / "source")
    save_template(source, tmp_path / "source" / "memo_store.toml", template_file(cache))
    home.mkdir()
    real_copy = prefect_template.shutil.copyfile

    def copy_while_another_process_seeds(src: Path, dst: Path) -> Path:
        (home / "prefect.db").write_bytes(b"the other process's")
        return Path(real_copy(src, dst))

    monkeypatch.setattr(prefect_template.shutil, "copyfile", copy_while_another_process_seeds)
    assert seed_new_home(home, cache) is None
    assert (home / "prefect.db").read_bytes() == b"the other process's"
    assert not [p for p in home.iterdir() if p.name.endswith(".partial")]


def test_a_home_not_made_yet_is_made_and_seeded(tmp_path: Path) -> None:
    cache, home = tmp_path / "cache", tmp_path / "not" / "made"
    source = _migrated_database(tmp_path / "source")
    save_template(source, tmp_path / "source" / "memo_store.toml", template_file(cache))
    assert seed_new_home(home, cache) is None
    assert _rows(home / "prefect.db", "SELECT * FROM alembic_version") == [("a1b2c3",)]


def test_a_home_that_cannot_be_written_is_left_to_prefect(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    source = _migrated_database(tmp_path / "source")
    save_template(source, tmp_path / "source" / "memo_store.toml", template_file(cache))
    (tmp_path / "a-file").write_text("not a folder")
    assert seed_new_home(tmp_path / "a-file" / "home", cache) is None  # no error raised
