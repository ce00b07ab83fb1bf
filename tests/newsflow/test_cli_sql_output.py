"""``newsflow sql``, ``tables`` and ``schema`` through the command line: where the SQL comes
from, the default width when stdout is not a terminal, and the exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from warehouse.connection import write_connection

_register_commands()
runner = CliRunner()


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in __import__("os").environ if n.startswith("NEWSFLOW_")]:
        monkeypatch.delenv(name)
    with write_connection(tmp_path / "data" / "newsflow.duckdb") as connection:
        for number in range(100):
            connection.execute(
                "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES (?, 'binary file', ?, 'r1', now())",
                [f"file-{number}.png", "the content looks like a PNG image " * 20],
            )
    return tmp_path


def test_sql_from_an_argument_a_file_or_stdin(place: Path) -> None:
    query = "SELECT count(*) AS n FROM rejects"
    assert runner.invoke(app, ["sql", query, "-F", "csv"]).output == "n\n100\n"
    (place / "count.sql").write_text("-- how many\n" + query + ";\n")
    assert runner.invoke(app, ["sql", "-f", "count.sql", "-F", "csv"]).output == "n\n100\n"
    assert runner.invoke(app, ["sql", "-", "-F", "csv"], input=query).output == "n\n100\n"
    assert runner.invoke(app, ["sql", "--format", "csv"], input=query).output == "n\n100\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["sql", "-f", "missing.sql"], "no such SQL file: missing.sql"),
        (["sql", "SELECT 1", "-f", "count.sql"], "not both"),
        (["sql", "SELECT 1", "-w", "nowhere/newsflow.duckdb"], "no warehouse at"),
        (["sql", "SELECT 1", "-F", "yaml"], "yaml"),
        (["schema", "nope"], "no table or view named 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(
    place: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_sql_error_exits_1_with_duckdb_message(place: Path) -> None:
    result = runner.invoke(app, ["sql", "SELECT nope FROM rejects"])
    assert result.exit_code == 1 and "Binder Error" in result.output


def test_not_a_terminal_gives_120_columns_and_40_rows(place: Path) -> None:
    result = runner.invoke(app, ["sql", "SELECT * FROM rejects"])
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) == 120
    assert len([line for line in lines if line.startswith("│")]) == 41  # 40 rows and …
    assert lines[-1] == "100 rows, 60 not shown (--max-rows)"
    narrow = runner.invoke(app, ["sql", "SELECT * FROM rejects", "--max-width", "50"])
    assert max(len(line) for line in narrow.output.splitlines()) <= 50


def test_tables_and_schema_describe_the_warehouse(place: Path) -> None:
    tables = runner.invoke(app, ["tables", "-F", "tsv"])
    assert tables.exit_code == 0
    assert "rejects\ttable\t100\tOne row per bad input" in tables.output
    assert "stories\tview\t0\tOne row per story" in tables.output
    schema = runner.invoke(app, ["schema", "rejects"])
    assert schema.exit_code == 0
    assert schema.output.startswith("rejects (table, 100 rows): One row per bad input")
    assert "│ reason " in schema.output and "Short reason" in schema.output
    everything = runner.invoke(app, ["schema", "-F", "csv"]).output
    assert "articles,published_at,TIMESTAMP WITH TIME ZONE,true," in everything
    assert "stories,title,VARCHAR,true,Title of the representative" in everything
