"""``newsflow sql`` writes nothing: every attempt to write, attach, install, change settings or
read files (without the opt-in) is refused with one line and exit 2, and no file appears."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from warehouse.connection import write_connection

_register_commands()
runner = CliRunner()

WRITES = [
    "COPY articles TO 'out.csv'",
    "COPY (SELECT * FROM articles) TO 'out.parquet' (FORMAT parquet)",
    "/* harmless */ CoPy/**/(SELECT 1) tO 'out.csv'",
    "-- a comment first\ncopy rejects to 'out.csv'",
    "SELECT 1; COPY (SELECT 1) TO 'out.csv'",
    "SELECT 1 ; ; copy (select 2) to 'out.csv';",
    "COPY (WITH x AS (SELECT 1 AS a) SELECT * FROM x) TO 'out.json' (FORMAT json)",
    "WITH x AS (SELECT 1) SELECT * FROM x; COPY (SELECT 1) TO '{tmp}/abs.csv'",
    "COPY (SELECT 1) TO 'data/staging/batch-x/articles.parquet'",
    "EXPORT DATABASE 'exported'",
    "export database 'exported' (format parquet)",
    "ATTACH 'new.duckdb' AS other",
    "ATTACH 'new.duckdb' AS other; CREATE TABLE other.t AS SELECT 1",
    "attach ':memory:' as m",
    "COPY FROM DATABASE memory TO other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "FORCE INSTALL json",
    "SET enable_external_access = true; COPY (SELECT 1) TO 'out.csv'",
    "RESET lock_configuration",
    "SET profiling_output = 'profile.json'; PRAGMA enable_profiling; SELECT 1",
    "PRAGMA enable_profiling = 'json'",
    "CALL enable_logging(storage = 'file', storage_path = 'logs')",
    "SELECT * FROM enable_logging(storage = 'file', storage_path = 'logs')",
    "EXPLAIN ANALYZE COPY (SELECT 1) TO 'out.csv'",
    "EXPLAIN (ANALYZE) COPY (SELECT 1) TO 'out.csv'",
    "PREPARE p AS COPY (SELECT 1) TO 'out.csv'; EXECUTE p",
    "CREATE TEMP TABLE t AS SELECT 1",
    "CREATE TABLE t AS SELECT 1",
    "DELETE FROM articles",
    "UPDATE rejects SET reason = 'x'",
    "DROP TABLE articles",
    "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES ('a', 'b', 'c', 'd', now())",
    "COMMENT ON TABLE articles IS 'mine now'",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "VACUUM",
    "SET VARIABLE x = 1",
    "USE memory",
    "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
]
READS_WITHOUT_OPT_IN = [
    "SELECT * FROM read_text('/etc/passwd')",
    "FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
    "SELECT * FROM 'notes.csv'",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM sniff_csv('notes.csv')",
    "SELECT * FROM read_parquet('{tmp}/*.parquet')",
]


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in __import__("os").environ if n.startswith("NEWSFLOW_")]:
        monkeypatch.delenv(name)
    with write_connection(tmp_path / "data" / "newsflow.duckdb") as connection:
        connection.execute(
            "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES ('x.png', 'binary', NULL, 'r1', now())"
        )
    (tmp_path / "data" / "staging").mkdir()
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    return tmp_path


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _sql(place: Path, query: str, *options: str):  # type: ignore[no-untyped-def]
    before = _files(place)
    result = runner.invoke(app, ["sql", *options, "--", query.replace("{tmp}", str(place))])
    assert _files(place) == before, "a file was created or changed"
    return result


@pytest.mark.parametrize("query", WRITES)
@pytest.mark.parametrize("options", [(), ("--allow-files",)], ids=["locked", "allow-files"])
def test_a_write_or_escape_is_refused_and_creates_nothing(
    place: Path, query: str, options: tuple[str, ...]
) -> None:
    result = _sql(place, query, *options)
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert message.startswith("refused"), message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("query", READS_WITHOUT_OPT_IN)
def test_reading_files_from_sql_needs_the_opt_in(place: Path, query: str) -> None:
    result = _sql(place, query)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("refused") and "--allow-files" in result.output


def test_with_the_opt_in_files_are_read_but_still_not_written(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "SELECT a + b AS total FROM read_csv('notes.csv')"
    result = _sql(place, query, "--allow-files", "--format", "csv")
    assert (result.exit_code, result.output) == (0, "total\n3\n")
    monkeypatch.setenv("NEWSFLOW_SQL_ALLOW_FILES", "true")
    assert _sql(place, query, "--format", "csv").output == "total\n3\n"
    refused = _sql(place, "COPY (SELECT 1) TO 'out.csv'", "--format", "csv")
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT count(*) AS n FROM rejects",
        "/* count */ select COUNT(*) as n from REJECTS;",
        "WITH r AS (SELECT * FROM rejects) SELECT count(*) AS n FROM r",
        "SELECT 0 AS n; SELECT count(*) AS n FROM rejects",
        "FROM (SELECT count(*) AS n FROM rejects)",
        "EXPLAIN ANALYZE SELECT count(*) AS n FROM rejects",
        "PRAGMA table_info('rejects')",
        "CALL pragma_version()",
        "DESCRIBE rejects",
        "SUMMARIZE rejects",
        "SHOW TABLES",
        "PIVOT rejects ON reason USING count(*)",
    ],
)
def test_reading_the_warehouse_still_works(place: Path, query: str) -> None:
    result = _sql(place, query, "--format", "csv")
    assert result.exit_code == 0, result.output
    if "AS n" in query and not query.startswith("EXPLAIN"):
        assert result.output == "n\n1\n"
