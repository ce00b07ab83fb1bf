"""Every table and view says what it holds, kept with the schema and read back from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.connection import write_connection
from warehouse.describe import UnknownRelation, describe, list_relations


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "newsflow.duckdb"
    with write_connection(path) as connection:
        connection.execute(
            "INSERT INTO rejects (input, reason, detail, run_id, rejected_at) VALUES ('x', 'binary', NULL, 'r1', now())"
        )
    return path


def test_every_table_and_view_has_a_description(warehouse: Path) -> None:
    relations = list_relations(warehouse, wait_seconds=1)
    assert {"articles", "rejects", "stories", "daily_articles"} <= {r.name for r in relations}
    assert {r.kind for r in relations} == {"table", "view"}
    undescribed = [r.name for r in relations if not r.description.strip()]
    assert undescribed == [], "describe them with COMMENT ON (migration or view file)"


def test_every_column_of_every_table_has_a_description(warehouse: Path) -> None:
    described = describe(warehouse, [], wait_seconds=1)
    undescribed = [
        f"{item.relation.name}.{column.name}"
        for item in described
        if item.relation.kind == "table"
        for column in item.columns
        if not column.description.strip()
    ]
    assert undescribed == [], "a migration that adds a column describes it: COMMENT ON COLUMN"


def test_relations_have_row_counts_and_columns_with_types(warehouse: Path) -> None:
    counts = {r.name: r.rows for r in list_relations(warehouse, wait_seconds=1)}
    assert counts["rejects"] == 1 and counts["articles"] == 0
    (rejects,) = describe(warehouse, ["REJECTS"], wait_seconds=1)
    assert [(c.name, c.type) for c in rejects.columns][:2] == [
        ("input", "VARCHAR"),
        ("reason", "VARCHAR"),
    ]
    assert rejects.relation.description.startswith("One row per bad input")


def test_an_unknown_name_says_which_exist(warehouse: Path) -> None:
    with pytest.raises(UnknownRelation, match="did you mean articles"):
        describe(warehouse, ["article"], wait_seconds=1)


def test_view_descriptions_survive_the_views_being_replaced(warehouse: Path) -> None:
    from warehouse.migrate import migrate_connection

    with write_connection(warehouse) as connection:
        connection.execute("CREATE OR REPLACE MACRO newsflow_views_key() AS 'stale'")
        migrate_connection(connection)  # re-applies every view file
    views = {r.name: r.description for r in list_relations(warehouse, wait_seconds=1)}
    assert views["stories"].startswith("One row per story")
