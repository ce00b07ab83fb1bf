from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.migrate import migrate, migrations, views


def test_migrations_apply_once_on_an_empty_file_then_are_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    applied = migrate(path)
    assert applied == [m.name for m in migrations()]
    assert migrate(path) == []
    with duckdb.connect(str(path), read_only=True) as connection:
        recorded = connection.execute(
            "SELECT version, name FROM schema_migrations ORDER BY 1"
        ).fetchall()
        view_names = {
            r[0]
            for r in connection.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert recorded == [(m.version, m.name) for m in migrations()]
    assert {v.name.removesuffix(".sql") for v in views()} <= view_names


def test_migration_versions_are_unique_and_numbered() -> None:
    versions = [m.version for m in migrations()]
    assert len(versions) == len(set(versions))
    assert versions == sorted(versions)


def test_each_view_file_defines_the_view_it_is_named_after() -> None:
    for view in views():
        name = view.name.removesuffix(".sql")
        assert f"CREATE OR REPLACE VIEW {name} AS" in view.sql, view.name


def test_a_failing_migration_rolls_back_and_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warehouse import migrate as module
    from warehouse.errors import MigrationError

    path = tmp_path / "w.duckdb"
    migrate(path)
    broken = module.SqlFile(
        "999_broken.sql", "CREATE TABLE half_done (x INTEGER); SELECT * FROM missing_table;"
    )
    monkeypatch.setattr(module, "migrations", lambda folder=None: [*migrations(folder), broken])
    with pytest.raises(MigrationError, match=r"999_broken\.sql"):
        migrate(path)
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = {
            r[0] for r in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        versions = {
            r[0] for r in connection.execute("SELECT version FROM schema_migrations").fetchall()
        }
    assert "half_done" not in tables
    assert 999 not in versions
