"""Writing a table, view or query of the warehouse to Parquet, CSV or JSON lines.

The only code path that lets user-chosen SQL write a file, and only the one file (or folder)
asked for: the query must be one statement that only reads (``warehouse.sql_guard``), and the
connection it runs on may touch nothing but a temporary name beside the target (DuckDB's
``allowed_paths``/``allowed_directories`` with external access off and the configuration
locked). The result is renamed into place once complete, so an interrupted export leaves no
half-written file where the target should be.
"""

from __future__ import annotations

import enum
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from errors import ExportError as ExportError
from warehouse.connection import read_connection
from warehouse.describe import UnknownRelation, unknown_relation_message
from warehouse.errors import QueryError, QueryRefused
from warehouse.query import locked_settings
from warehouse.sql_guard import read_only_statements

DAY = "day"
# Columns a row's day is read from, in order of preference (coalesced: the first one known).
_TIME_COLUMNS = (
    "published_at", "first_seen_at", "seen_at", "rejected_at", "fetched_at", "started_at",
    "recorded_at", "found_at", "indexed_at", "loaded_at", "applied_at",
)  # fmt: skip
_PARTITION_NAME = re.compile(r"^[^=/]+=[^/]*$")


class ExportFormat(enum.StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@dataclass(frozen=True)
class ExportReport:
    target: Path
    rows: int
    files: int


def format_for(target: Path) -> ExportFormat | None:
    """The format a file name asks for (``.parquet``, ``.csv``, ``.jsonl``/``.ndjson``)."""
    suffix = target.suffix.lower()
    return {
        ".parquet": ExportFormat.parquet,
        ".csv": ExportFormat.csv,
        ".jsonl": ExportFormat.jsonl,
        ".ndjson": ExportFormat.jsonl,
    }.get(suffix)


def export(
    warehouse: Path,
    target: Path,
    *,
    relation: str | None = None,
    sql: str | None = None,
    output_format: ExportFormat,
    partition_by: str | None = None,
    overwrite: bool = False,
    wait_seconds: float = 10.0,
    protected: tuple[Path, ...] = (),
) -> ExportReport:
    """Write ``relation`` (a table or view) or the result of ``sql`` to ``target``.

    With ``partition_by`` the target is a folder of Hive partitions (``day=2026-01-05/...``);
    ``day`` is the UTC day of the row's first known time column (publication, else first
    sighting, ...) unless the result has a ``day`` column itself. Nothing is written inside the
    ``protected`` folders (staging: a file there would be taken for a batch to load).
    """
    target = target.expanduser().absolute()
    for folder in protected:
        if target.resolve().is_relative_to(folder.expanduser().resolve()):
            raise ExportError(f"refused: {target} is inside {folder}, which newsflow manages")
    _check_target(target, partitioned=partition_by is not None, overwrite=overwrite)
    if (relation is None) == (sql is None):
        raise ExportError("export either a table or view, or a query")
    selected = ""
    if sql is not None:
        statements = read_only_statements(sql)
        if len(statements) != 1 or statements[0].type is not duckdb.StatementType.SELECT:
            raise QueryRefused("refused: export takes one SELECT query")
        selected = statements[0].query.strip().rstrip(";")
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.part")
    with _connection(warehouse, temporary, wait_seconds, partition_by is not None) as connection:
        if relation is not None:
            selected = f"SELECT * FROM {_quoted(_known_relation(connection, relation))}"
        try:
            shape = connection.execute(f"SELECT * FROM ({selected}) LIMIT 0").description
            body, partition_column = _partitioned(
                selected, [d[0] for d in shape or []], partition_by
            )
            options = _options(output_format, partition_column)
            counted = connection.execute(
                f"COPY ({body}) TO {_literal(str(temporary))} ({options})"
            ).fetchone()
        except duckdb.PermissionException as exc:
            raise QueryRefused(
                f"refused: {str(exc).splitlines()[0]} (export reads no files)"
            ) from exc
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from exc
    files = _put_in_place(temporary, target, partitioned=partition_by is not None)
    return ExportReport(target, int(counted[0]) if counted else 0, files)


@contextmanager
def _connection(
    warehouse: Path, temporary: Path, wait_seconds: float, partitioned: bool
) -> Iterator[duckdb.DuckDBPyConnection]:
    with read_connection(warehouse, wait_seconds=wait_seconds, config=locked_settings()) as c:
        if partitioned:
            c.execute(f"SET allowed_directories = [{_literal(str(temporary) + os.sep)}]")
        c.execute(f"SET allowed_paths = [{_literal(str(temporary))}]")
        c.execute("SET enable_external_access = false")
        c.execute("SET lock_configuration = true")
        try:
            yield c
        except BaseException:
            _remove(temporary)
            raise


def _known_relation(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    known = [
        row[0]
        for row in connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal"
            " AND database_name = current_database() UNION ALL "
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
            " AND database_name = current_database()"
        ).fetchall()
    ]
    for candidate in known:
        if candidate.lower() == name.lower():
            return str(candidate)
    raise UnknownRelation(unknown_relation_message(name, known))


def _partitioned(selected: str, columns: list[str], partition_by: str | None) -> tuple[str, str]:
    if partition_by is None:
        return selected, ""
    if partition_by in columns:
        return f"SELECT * FROM ({selected})", partition_by
    if partition_by != DAY:
        raise ExportError(f"no column {partition_by!r} to partition by; columns: {columns}")
    times = [c for c in _TIME_COLUMNS if c in columns]
    if not times:
        raise ExportError(
            "no time column to partition by day (published_at, first_seen_at, seen_at, ...): "
            "add one, or a column named day"
        )
    moment = "coalesce(" + ", ".join(_quoted(c) for c in times) + ")"
    day = f"CAST(timezone('UTC', {moment}) AS DATE)"
    return f"SELECT *, {day} AS {DAY} FROM ({selected})", DAY


def _options(output_format: ExportFormat, partition_column: str) -> str:
    options = {
        ExportFormat.parquet: ["FORMAT parquet", "COMPRESSION zstd"],
        ExportFormat.csv: ["FORMAT csv", "HEADER true"],
        ExportFormat.jsonl: ["FORMAT json"],
    }[output_format]
    if partition_column:
        options.append(f"PARTITION_BY ({_quoted(partition_column)})")
    return ", ".join(options)


def _check_target(target: Path, *, partitioned: bool, overwrite: bool) -> None:
    if not target.parent.is_dir():
        raise ExportError(f"no folder {target.parent} to write {target.name} into")
    if not target.exists() and not target.is_symlink():
        return
    if not overwrite:
        raise ExportError(f"{target} exists: choose another name, or --overwrite")
    if partitioned and target.is_dir() and not _looks_partitioned(target):
        raise ExportError(f"{target} is a folder that is not an export: not replaced")
    if target.is_dir() and not partitioned:
        raise ExportError(f"{target} is a folder: not replaced by a file")


def _looks_partitioned(folder: Path) -> bool:
    """Only a folder an earlier partitioned export wrote (``key=value`` sub-folders) is replaced."""
    return all(entry.is_dir() and _PARTITION_NAME.match(entry.name) for entry in folder.iterdir())


def _put_in_place(temporary: Path, target: Path, *, partitioned: bool) -> int:
    if not partitioned:
        if not temporary.exists():  # DuckDB writes no file for an empty CSV/JSON result
            temporary.touch()
        os.replace(temporary, target)
        return 1
    temporary.mkdir(exist_ok=True)  # an empty result writes no partition
    files = sum(1 for path in temporary.rglob("*") if path.is_file())
    if target.exists():
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.old")
        target.rename(old)
        temporary.rename(target)
        shutil.rmtree(old)
    else:
        temporary.rename(target)
    return files


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
