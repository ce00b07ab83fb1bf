"""Numbered SQL migrations, recorded in ``schema_migrations``, each in its own transaction.

``migrations/NNN_name.sql`` run once each, in order. ``views/*.sql`` hold one view a file
(``CREATE OR REPLACE VIEW``) and are re-applied whenever a migration ran or a view changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import MigrationError
from warehouse.opening import open_file

_LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    checksum VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class SqlFile:
    name: str
    sql: str

    @property
    def version(self) -> int:
        return int(self.name.split("_", 1)[0])

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


def _sql_files(folder: str) -> list[SqlFile]:
    root = resources.files("warehouse") / folder
    files = [
        SqlFile(e.name, e.read_text("utf-8")) for e in root.iterdir() if e.name.endswith(".sql")
    ]
    return sorted(files, key=lambda f: f.name)


def migrations() -> list[SqlFile]:
    return _sql_files("migrations")


def views() -> list[SqlFile]:
    return _sql_files("views")


def migrate_connection(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations and refresh views; return the names of migrations applied."""
    connection.execute(_LEDGER_DDL)
    applied = {
        row[0] for row in connection.execute("SELECT version FROM schema_migrations").fetchall()
    }
    views_key = hashlib.sha256("".join(v.checksum for v in views()).encode()).hexdigest()[:16]
    newly_applied = []
    for migration in migrations():
        if migration.version in applied:
            continue
        _run_in_transaction(connection, migration.name, migration.sql, migration)
        newly_applied.append(migration.name)
    if newly_applied or _stored_views_key(connection) != views_key:
        script = "\n;\n".join(v.sql for v in views())
        script += f"\n;\nCREATE OR REPLACE MACRO newsflow_views_key() AS '{views_key}'"
        _run_in_transaction(connection, "views", script, None)
    return newly_applied


def _stored_views_key(connection: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = connection.execute("SELECT newsflow_views_key()").fetchall()
    except duckdb.Error:
        return None
    return str(rows[0][0]) if rows else None


def _run_in_transaction(
    connection: duckdb.DuckDBPyConnection, label: str, sql: str, record: SqlFile | None
) -> None:
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute(sql)
        if record is not None:
            connection.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [record.version, record.name, record.checksum],
            )
        connection.execute("COMMIT")
    except duckdb.Error as exc:
        connection.execute("ROLLBACK")
        raise MigrationError(f"{label} failed: {exc}") from exc


def migrate(path: Path) -> list[str]:
    """Create or upgrade the warehouse at ``path``; return the migrations applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_file(path, read_only=False, wait_seconds=0)
    try:
        return migrate_connection(connection)
    finally:
        connection.close()
