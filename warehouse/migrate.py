"""Numbered SQL migrations, recorded in ``schema_migrations``, each in its own transaction.

``migrations/NNN_name.sql`` run once each, in order. ``views/*.sql`` hold one view a file
(``CREATE OR REPLACE VIEW``) and are re-applied whenever a migration ran or a view changed.
A migration's checksum is recorded when it runs; a file changed after it ran is reported (a
warning on the ``newsflow.warehouse`` logger) each time the warehouse is opened for writing,
until ``newsflow migrate --accept-changed`` records the new checksum. It is never run again:
a changed migration means this warehouse was built by other SQL than the file now holds.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import MigrationError
from warehouse.opening import open_file

log = logging.getLogger("newsflow.warehouse")
_reported: set[tuple[str, str]] = set()  # (migration, file checksum): warned once a process

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


@dataclass(frozen=True)
class ChangedMigration:
    name: str
    recorded_checksum: str
    file_checksum: str

    def __str__(self) -> str:
        return (
            f"migration {self.name} changed after it was applied to this warehouse (checksum"
            f" {self.recorded_checksum} recorded, {self.file_checksum} now); it does not run"
            " again. If the change is harmless, `newsflow migrate --accept-changed` records it"
        )


def _sql_files(folder: str | Path) -> list[SqlFile]:
    root = resources.files("warehouse") / folder if isinstance(folder, str) else folder
    files = [
        SqlFile(e.name, e.read_text("utf-8")) for e in root.iterdir() if e.name.endswith(".sql")
    ]
    return sorted(files, key=lambda f: f.name)


def migrations(folder: Path | None = None) -> list[SqlFile]:
    """The migrations of ``folder`` (default: the package's own), in order."""
    return _sql_files(folder if folder is not None else "migrations")


def views() -> list[SqlFile]:
    return _sql_files("views")


def migrate_connection(
    connection: duckdb.DuckDBPyConnection, folder: Path | None = None
) -> list[str]:
    """Apply pending migrations and refresh views; return the names of migrations applied.
    Migrations changed since they were applied are logged as warnings."""
    connection.execute(_LEDGER_DDL)
    recorded = dict(
        connection.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    )
    views_key = hashlib.sha256("".join(v.checksum for v in views()).encode()).hexdigest()[:16]
    newly_applied = []
    for migration in migrations(folder):
        if migration.version in recorded:
            if recorded[migration.version] != migration.checksum:
                _report(
                    ChangedMigration(
                        migration.name, recorded[migration.version], migration.checksum
                    )
                )
            continue
        _run_in_transaction(connection, migration.name, migration.sql, migration)
        newly_applied.append(migration.name)
    if newly_applied or _stored_views_key(connection) != views_key:
        script = "\n;\n".join(v.sql for v in views())
        script += f"\n;\nCREATE OR REPLACE MACRO newsflow_views_key() AS '{views_key}'"
        _run_in_transaction(connection, "views", script, None)
    return newly_applied


def _report(change: ChangedMigration) -> None:
    if (change.name, change.file_checksum) not in _reported:
        _reported.add((change.name, change.file_checksum))
        log.warning("%s", change)


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


def changed_migrations(
    connection: duckdb.DuckDBPyConnection, folder: Path | None = None
) -> list[ChangedMigration]:
    """Applied migrations whose file's checksum differs from the one recorded."""
    connection.execute(_LEDGER_DDL)
    recorded = dict(
        connection.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    )
    return [
        ChangedMigration(m.name, recorded[m.version], m.checksum)
        for m in migrations(folder)
        if m.version in recorded and recorded[m.version] != m.checksum
    ]


def accept_changed_migrations(
    connection: duckdb.DuckDBPyConnection, folder: Path | None = None
) -> list[ChangedMigration]:
    """Record the current checksum of every changed migration (nothing runs); return them."""
    changed = changed_migrations(connection, folder)
    by_name = {m.name: m for m in migrations(folder)}
    connection.execute("BEGIN TRANSACTION")
    for change in changed:
        connection.execute(
            "UPDATE schema_migrations SET checksum = ? WHERE version = ?",
            [change.file_checksum, by_name[change.name].version],
        )
    connection.execute("COMMIT")
    return changed


def migrate(path: Path, folder: Path | None = None) -> list[str]:
    """Create or upgrade the warehouse at ``path``; return the migrations applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = open_file(path, read_only=False, wait_seconds=0)
    try:
        return migrate_connection(connection, folder)
    finally:
        connection.close()
