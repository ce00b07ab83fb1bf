"""The query connection's own guards, each checked by running SQL on it directly (past the
statement check), so that either lock alone keeps ``newsflow sql`` from writing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.connection import write_connection
from warehouse.errors import QueryError, QueryRefused
from warehouse.query import locked_read_connection, run_query
from warehouse.sql_guard import read_only_statements


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "newsflow.duckdb"
    with write_connection(path) as connection:
        connection.execute(
            "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES ('x', 'binary', NULL, 'r1', now())"
        )
    (tmp_path / "notes.csv").write_text("a\n1\n")
    return path


def _refused_directly(path: Path, sql: str, *, allow_files: bool = False) -> str:
    with (
        locked_read_connection(path, wait_seconds=1, allow_files=allow_files) as connection,
        pytest.raises(duckdb.Error) as caught,
    ):
        connection.execute(sql)
    return str(caught.value)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("enable_external_access", "false"),
        ("allow_community_extensions", "false"),
        ("allow_unsigned_extensions", "false"),
        ("autoinstall_known_extensions", "false"),
        ("autoload_known_extensions", "false"),
        ("allow_persistent_secrets", "false"),
        ("python_enable_replacements", "false"),
        ("lock_configuration", "true"),
        ("access_mode", "read_only"),
        ("TimeZone", "utc"),
    ],
)
def test_the_connection_is_opened_with_the_guard_settings(
    warehouse: Path, setting: str, expected: str
) -> None:
    with locked_read_connection(warehouse, wait_seconds=1) as connection:
        value = connection.execute("SELECT current_setting(?)", [setting]).fetchone()
    assert value is not None and str(value[0]).lower() == expected


def test_external_access_off_refuses_copy_export_attach_and_file_reads(warehouse: Path) -> None:
    for sql in (
        "COPY rejects TO 'out.csv'",
        "EXPORT DATABASE 'exported'",
        "ATTACH 'other.duckdb' AS other",
        "SELECT * FROM read_csv('notes.csv')",
    ):
        assert "disabled by configuration" in _refused_directly(warehouse, sql), sql
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["newsflow.duckdb", "notes.csv"]


@pytest.mark.parametrize("allow_files", [False, True])
def test_no_extension_is_installed_or_loaded_and_no_network(
    warehouse: Path, allow_files: bool
) -> None:
    def refused(sql: str) -> str:
        return _refused_directly(warehouse, sql, allow_files=allow_files)

    assert "disabled" in refused("LOAD httpfs")
    assert "disabled" in refused("SELECT * FROM read_csv('https://example.invalid/x.csv')")
    if not allow_files:  # with files allowed, DuckDB would fetch extensions from its own
        # repositories: the statement check refuses INSTALL (test_cli_sql_read_only.py)
        assert "disabled" in refused("INSTALL httpfs")
        assert "disabled" in refused("INSTALL spatial FROM community")


def test_allowing_files_reads_them_but_attaches_nothing_writable(warehouse: Path) -> None:
    with locked_read_connection(warehouse, wait_seconds=1, allow_files=True) as connection:
        assert connection.execute("SELECT a FROM read_csv('notes.csv')").fetchall() == [(1,)]
    message = _refused_directly(warehouse, "ATTACH 'other.duckdb' AS other", allow_files=True)
    assert "read-only" in message
    assert "configuration has been locked" in _refused_directly(
        warehouse, "SET allowed_directories = []", allow_files=True
    )
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["newsflow.duckdb", "notes.csv"]


def test_the_locked_configuration_cannot_be_unlocked(warehouse: Path) -> None:
    for sql in (
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET autoload_known_extensions = true",
        "SET allow_community_extensions = true",
        "SET python_enable_replacements = true",
        "PRAGMA enable_profiling",
        "SELECT * FROM enable_logging(storage = 'file', storage_path = 'logs')",
    ):
        assert "configuration has been locked" in _refused_directly(warehouse, sql), sql


def test_python_variables_are_not_scanned_as_tables(warehouse: Path) -> None:
    rejects_in_python = [1, 2, 3]  # noqa: F841 (a replacement scan would find it)
    with (
        locked_read_connection(warehouse, wait_seconds=1) as connection,
        pytest.raises(duckdb.CatalogException),
    ):
        connection.execute("SELECT * FROM rejects_in_python")


def test_the_warehouse_itself_is_read_only(warehouse: Path) -> None:
    assert "read-only" in _refused_directly(warehouse, "DELETE FROM rejects")


def test_statements_are_judged_by_the_parser_not_by_keywords() -> None:
    assert len(read_only_statements("SELECT 'COPY x TO y' AS copy; SELECT 2 AS attach")) == 2
    with pytest.raises(QueryRefused, match=r"statement 2 .*COPY"):
        read_only_statements("SELECT 1; /* x */ copy (select 1) to 'x.csv'")
    with pytest.raises(QueryRefused, match="no SQL"):
        read_only_statements(" ; -- nothing\n")
    with pytest.raises(QueryError, match="syntax"):
        read_only_statements("SELEC 1")


def test_run_query_reads_rows(warehouse: Path) -> None:
    result = run_query(warehouse, "SELECT input, reason FROM rejects", wait_seconds=1)
    assert (result.columns, result.rows) == (["input", "reason"], [("x", "binary")])
