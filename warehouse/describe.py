"""What the warehouse holds: its tables and views, their columns and types, and the description
of each, read back from the schema's own comments (``COMMENT ON``, see migration 060)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from errors import UnknownRelation as UnknownRelation
from warehouse.query import locked_read_connection

_RELATIONS = """
SELECT table_name, 'table', comment FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
UNION ALL
SELECT view_name, 'view', comment FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
ORDER BY 2, 1
"""
_COLUMNS = """
SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
ORDER BY column_index
"""


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # table | view
    rows: int
    description: str


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str


@dataclass(frozen=True)
class RelationSchema:
    relation: Relation
    columns: list[Column]


def list_relations(path: Path, *, wait_seconds: float) -> list[Relation]:
    """Every table and view of the warehouse with its row count and description."""
    with locked_read_connection(path, wait_seconds=wait_seconds) as connection:
        return _relations(connection)


def describe(path: Path, names: list[str], *, wait_seconds: float) -> list[RelationSchema]:
    """The columns of the named tables and views (all of them when ``names`` is empty)."""
    with locked_read_connection(path, wait_seconds=wait_seconds) as connection:
        relations = _relations(connection)
        by_name = {relation.name.lower(): relation for relation in relations}
        chosen = []
        for name in names:
            if name.lower() not in by_name:
                raise UnknownRelation(unknown_relation_message(name, [r.name for r in relations]))
            chosen.append(by_name[name.lower()])
        return [
            RelationSchema(relation, _columns(connection, relation.name))
            for relation in (chosen or relations)
        ]


def _relations(connection: duckdb.DuckDBPyConnection) -> list[Relation]:
    found = []
    for name, kind, comment in connection.execute(_RELATIONS).fetchall():
        counted = connection.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()
        rows = int(counted[0]) if counted else 0
        found.append(Relation(name, kind, rows, comment or ""))
    return found


def _columns(connection: duckdb.DuckDBPyConnection, name: str) -> list[Column]:
    return [
        Column(column, data_type, bool(nullable), comment or "")
        for column, data_type, nullable, comment in connection.execute(_COLUMNS, [name]).fetchall()
    ]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def unknown_relation_message(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return f"no table or view named {name!r}; {hint}`newsflow tables` lists them"
