"""Load staged batches into the warehouse: one short transaction a batch, then close the file.

If another process holds the warehouse, nothing is lost: the batches stay staged and the next
run (or ``newsflow load``) loads them. A batch id is recorded in ``staged_batches`` inside the
batch's own transaction, so a batch that is loaded twice (a crash between commit and cleanup)
counts once.
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

    def add(self, other: LoadReport) -> None:
        """Fold a later load of the same run into this report (pending/busy: the later's)."""
        self.batches_loaded += other.batches_loaded
        self.new += other.new
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.failed_batches += other.failed_batches
        self.busy = other.busy
        self.pending_batches = other.pending_batches
        for source, count in other.new_by_source.items():
            self.new_by_source[source] = self.new_by_source.get(source, 0) + count


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
                for batch_dir in batches:
                    try:
                        _load_batch(connection, batch_dir, report)
                    except (duckdb.Error, ValueError, KeyError, OSError) as exc:
                        _quarantine(batch_dir, settings.data_dir / "staging-failed", exc)
                        report.failed_batches += 1
                        continue
                    shutil.rmtree(batch_dir)
                    report.batches_loaded += 1
        except WarehouseBusy:
            report.busy = True
        report.pending_batches = len(pending_batches(settings.staging_dir))
    return report


def _load_batch(connection: duckdb.DuckDBPyConnection, batch_dir: Path, report: LoadReport) -> None:
    meta = read_meta(batch_dir)
    batch_id, run_id = batch_dir.name, str(meta["run_id"])
    connection.execute("BEGIN TRANSACTION")
    try:
        done = connection.execute(
            "SELECT count(*) FROM staged_batches WHERE batch_id = ?", [batch_id]
        ).fetchone()
        if done and done[0]:
            connection.execute("ROLLBACK")
            return
        _ensure_run_row(connection, meta)
        if meta["kind"] == "run":
            _finish_run(connection, meta)
        else:
            _load_batch_rows(connection, batch_dir, run_id, report)
        connection.execute("INSERT INTO staged_batches VALUES (?, ?, now())", [batch_id, run_id])
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _load_batch_rows(
    connection: duckdb.DuckDBPyConnection, batch_dir: Path, run_id: str, report: LoadReport
) -> None:
    articles_file = batch_dir / "articles.jsonl"
    new = duplicate = 0
    if articles_file.stat().st_size:
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE staged_articles AS SELECT * FROM read_json(?, "
            f"format = 'newline_delimited', columns = {_struct(_ARTICLE_COLUMNS)})",
            [str(articles_file)],
        )
        connection.execute(_sql("resolve_articles.sql"))
        new, duplicate, by_source = _insert_articles_and_sightings(connection, run_id)
        for source, count in by_source.items():
            report.new_by_source[source] = report.new_by_source.get(source, 0) + count
    rejected = _insert_rows(connection, "rejects", batch_dir / "rejects.jsonl", {"run_id": run_id})
    _insert_rows(connection, "file_ledger", batch_dir / "ledger.jsonl", {"run_id": run_id})
    tables_dir = batch_dir / "tables"
    if tables_dir.is_dir():
        for table_file in sorted(tables_dir.glob("*.jsonl")):
            _insert_rows(connection, table_file.stem, table_file, {})
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
    connection: duckdb.DuckDBPyConnection, table: str, path: Path, constants: dict[str, Any]
) -> int:
    if not path.is_file() or not path.stat().st_size:
        return 0
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not columns:
        raise ValueError(f"staged rows for unknown table {table!r} in {path}")
    file_columns = {name: kind for name, kind in columns if name not in constants}
    select = ", ".join([*(f'"{c}"' for c in file_columns), *("?" for _ in constants)])
    names = ", ".join(f'"{c}"' for c in [*file_columns, *constants])
    inserted = connection.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM read_json(?, '
        f"format = 'newline_delimited', columns = {_struct(file_columns)})",
        [*constants.values(), str(path)],
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
