"""Load staged batches into the warehouse: short transactions (a few batches each), then close
the file.

If another process holds the warehouse, nothing is lost: the batches stay staged and the next
run (or ``newsflow load``) loads them. A batch id is recorded in ``staged_batches`` inside the
transaction that loads its rows, so a batch that is loaded twice (a crash between commit and
cleanup) counts once.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from newsflow.settings import Settings
from warehouse.connection import write_connection
from warehouse.errors import WarehouseBusy
from warehouse.staging import pending_batches, read_meta

_ARTICLE_COLUMNS = {
    "ord": "INTEGER", "article_id": "VARCHAR", "content_hash": "VARCHAR", "title": "VARCHAR",
    "body": "VARCHAR", "authors": "VARCHAR[]", "published_at": "TIMESTAMPTZ",
    "language": "VARCHAR", "url": "VARCHAR", "canonical_url": "VARCHAR", "source": "VARCHAR",
    "location": "VARCHAR", "word_count": "INTEGER", "parser_version": "VARCHAR",
    "extra": "JSON", "seen_at": "TIMESTAMPTZ",
}  # fmt: skip
_STALE_TEMPORARY_SECONDS = 3600
_GROUP_BATCHES = 20
_ORD_SPAN = 1 << 32  # more rows than one batch can hold
_LOAD_ERRORS = (duckdb.Error, ValueError, KeyError, OSError)
_one_loader_per_process = threading.Lock()


@dataclass
class LoadReport:
    batches_loaded: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    busy: bool = False
    pending_batches: int = 0
    failed_batches: int = 0
    new_by_source: dict[str, int] = field(default_factory=dict)

    def add_counts(self, other: LoadReport) -> None:
        """Rows a committed group loaded."""
        self.new += other.new
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        for source, count in other.new_by_source.items():
            self.new_by_source[source] = self.new_by_source.get(source, 0) + count

    def add(self, other: LoadReport) -> None:
        """Fold a later load of the same run into this report (pending/busy: the later's)."""
        self.add_counts(other)
        self.batches_loaded += other.batches_loaded
        self.failed_batches += other.failed_batches
        self.busy = other.busy
        self.pending_batches = other.pending_batches


def load_staged(settings: Settings) -> LoadReport:
    """Load every pending batch; report what was loaded and what still waits."""
    report = LoadReport()
    with _one_loader_per_process:
        _remove_stale_temporaries(settings.staging_dir)
        batches = pending_batches(settings.staging_dir)
        if not batches:
            return report
        try:
            with write_connection(
                settings.warehouse_file, wait_seconds=settings.load_wait_seconds
            ) as connection:
                for group in _groups(batches):
                    _load_group_or_each(connection, group, settings, report)
        except WarehouseBusy:
            report.busy = True
        report.pending_batches = len(pending_batches(settings.staging_dir))
    return report


def _groups(batches: list[Path]) -> list[list[tuple[Path, dict[str, Any]]]]:
    """Consecutive row batches of one run, up to ``_GROUP_BATCHES`` a group (one transaction
    each: a commit costs more than a batch's rows); a run's closing record on its own."""
    groups: list[list[tuple[Path, dict[str, Any]]]] = []
    for batch_dir in batches:
        meta = read_meta(batch_dir)
        last = groups[-1] if groups else None
        if (
            last is not None
            and len(last) < _GROUP_BATCHES
            and meta["kind"] != "run"
            and last[0][1]["kind"] != "run"
            and last[0][1]["run_id"] == meta["run_id"]
        ):
            last.append((batch_dir, meta))
        else:
            groups.append([(batch_dir, meta)])
    return groups


def _load_group_or_each(
    connection: duckdb.DuckDBPyConnection,
    group: list[tuple[Path, dict[str, Any]]],
    settings: Settings,
    report: LoadReport,
) -> None:
    """Load the group in one transaction; if that fails, each batch in its own, so that only a
    batch that cannot load is set aside (with its error) and never blocks the others."""
    try:
        report.add_counts(_load_group(connection, group))
    except _LOAD_ERRORS as exc:
        if len(group) == 1:
            _quarantine(group[0][0], settings.data_dir / "staging-failed", exc)
            report.failed_batches += 1
            return
        for single in group:
            _load_group_or_each(connection, [single], settings, report)
        return
    for batch_dir, _ in group:
        shutil.rmtree(batch_dir)
        report.batches_loaded += 1


def _load_group(
    connection: duckdb.DuckDBPyConnection, group: list[tuple[Path, dict[str, Any]]]
) -> LoadReport:
    counts = LoadReport()
    ids = [batch_dir.name for batch_dir, _ in group]
    connection.execute("BEGIN TRANSACTION")
    try:
        done = {
            row[0]
            for row in connection.execute(
                "SELECT batch_id FROM staged_batches WHERE list_contains(?, batch_id)", [ids]
            ).fetchall()
        }
        todo = [(d, meta) for d, meta in group if d.name not in done]
        if not todo:
            connection.execute("ROLLBACK")
            return counts
        meta = todo[0][1]
        _ensure_run_row(connection, meta)
        if meta["kind"] == "run":
            _finish_run(connection, meta)
        else:
            _load_batch_rows(connection, [d for d, _ in todo], str(meta["run_id"]), counts)
        connection.execute(
            "INSERT INTO staged_batches SELECT unnest(?), ?, now()",
            [[d.name for d, _ in todo], str(meta["run_id"])],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return counts


def _load_batch_rows(
    connection: duckdb.DuckDBPyConnection, batch_dirs: list[Path], run_id: str, report: LoadReport
) -> None:
    articles_files = [
        path for path in (d / "articles.jsonl" for d in batch_dirs) if path.stat().st_size
    ]
    new = duplicate = 0
    if articles_files:
        # ord orders rows within a batch; the batch's place in the group goes above it.
        reads = " UNION ALL ".join(
            f"SELECT * REPLACE (CAST(ord AS BIGINT) + {index} * {_ORD_SPAN} AS ord) "
            f"FROM read_json(?, format = 'newline_delimited', "
            f"columns = {_struct(_ARTICLE_COLUMNS)})"
            for index in range(len(articles_files))
        )
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE staged_articles AS {reads}",
            [str(path) for path in articles_files],
        )
        connection.execute(_sql("resolve_articles.sql"))
        new, duplicate, by_source = _insert_articles_and_sightings(connection, run_id)
        for source, count in by_source.items():
            report.new_by_source[source] = report.new_by_source.get(source, 0) + count
    constants = {"run_id": run_id}
    rejects = [d / "rejects.jsonl" for d in batch_dirs]
    rejected = _insert_rows(connection, "rejects", rejects, constants)
    _insert_rows(connection, "file_ledger", [d / "ledger.jsonl" for d in batch_dirs], constants)
    other_tables: dict[str, list[Path]] = {}
    for batch_dir in batch_dirs:
        if (batch_dir / "tables").is_dir():
            for table_file in sorted((batch_dir / "tables").glob("*.jsonl")):
                other_tables.setdefault(table_file.stem, []).append(table_file)
    for table, files in sorted(other_tables.items()):
        _insert_rows(connection, table, files, {})
    connection.execute(
        "UPDATE ingest_runs SET seen = seen + ?, new = new + ?, duplicate = duplicate + ?, "
        "rejected = rejected + ? WHERE run_id = ?",
        [new + duplicate + rejected, new, duplicate, rejected, run_id],
    )
    report.new += new
    report.duplicate += duplicate
    report.rejected += rejected


def _insert_articles_and_sightings(
    connection: duckdb.DuckDBPyConnection, run_id: str
) -> tuple[int, int, dict[str, int]]:
    new_rows = connection.execute(
        """
        INSERT INTO articles
        SELECT article_id, title, body, authors, published_at, language, url, canonical_url,
               source, word_count, content_hash, seen_at, parser_version, extra
        FROM resolved_articles
        WHERE existing_id IS NULL AND resolved_id = article_id AND hash_rank = 1
        RETURNING coalesce(source, '(unknown)')
        """
    ).fetchall()
    connection.execute(
        """
        INSERT INTO sightings
        SELECT DISTINCT ON (resolved_id, location) resolved_id, location, source, seen_at, ?
        FROM resolved_articles AS r
        WHERE NOT EXISTS (
            SELECT 1 FROM sightings AS s
            WHERE s.article_id = r.resolved_id AND s.location = r.location
        )
        ORDER BY resolved_id, location, ord
        """,
        [run_id],
    )
    total_row = connection.execute("SELECT count(*) FROM resolved_articles").fetchone()
    total = int(total_row[0]) if total_row else 0
    by_source: dict[str, int] = {}
    for (source,) in new_rows:
        by_source[source] = by_source.get(source, 0) + 1
    return len(new_rows), total - len(new_rows), by_source


def _insert_rows(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    paths: list[Path],
    constants: dict[str, Any],
) -> int:
    """Insert the rows of the JSON-lines files ``paths`` (one statement for all of them)."""
    files = [str(path) for path in paths if path.is_file() and path.stat().st_size]
    if not files:
        return 0
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not columns:
        raise ValueError(f"staged rows for unknown table {table!r} in {files[0]}")
    file_columns = {name: kind for name, kind in columns if name not in constants}
    select = ", ".join([*(f'"{c}"' for c in file_columns), *("?" for _ in constants)])
    names = ", ".join(f'"{c}"' for c in [*file_columns, *constants])
    inserted = connection.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM read_json(?, '
        f"format = 'newline_delimited', columns = {_struct(file_columns)})",
        [*constants.values(), files],
    ).fetchone()
    return int(inserted[0]) if inserted else 0


def _ensure_run_row(connection: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    connection.execute(
        """
        INSERT INTO ingest_runs (run_id, flow_name, started_at, status)
        SELECT ?, ?, CAST(? AS TIMESTAMPTZ), 'running'
        WHERE NOT EXISTS (SELECT 1 FROM ingest_runs WHERE run_id = ?)
        """,
        [
            meta["run_id"],
            meta["flow_name"],
            meta.get("started_at") or meta["created_at"],
            meta["run_id"],
        ],
    )


def _finish_run(connection: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    connection.execute(
        """
        UPDATE ingest_runs
        SET started_at = CAST(? AS TIMESTAMPTZ), finished_at = CAST(? AS TIMESTAMPTZ),
            status = ?, loaded_at = now()
        WHERE run_id = ?
        """,
        [meta["started_at"], meta["finished_at"], meta["status"], meta["run_id"]],
    )


def _struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"


def _sql(name: str) -> str:
    return (resources.files("warehouse") / "sql" / name).read_text("utf-8")


def _quarantine(batch_dir: Path, failed_dir: Path, error: BaseException) -> None:
    """Set a batch that cannot load aside (with the error), so it never blocks the others."""
    failed_dir.mkdir(parents=True, exist_ok=True)
    target = failed_dir / batch_dir.name
    shutil.move(batch_dir, target)
    (target / "error.txt").write_text(f"{type(error).__name__}: {error}\n", "utf-8")


def _remove_stale_temporaries(staging_dir: Path) -> None:
    if not staging_dir.is_dir():
        return
    cutoff = time.time() - _STALE_TEMPORARY_SECONDS
    for leftover in staging_dir.glob(".tmp-*"):
        if leftover.stat().st_mtime < cutoff:
            shutil.rmtree(leftover, ignore_errors=True)
