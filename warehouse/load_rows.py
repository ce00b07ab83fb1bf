"""The rows of a group of staged batches into the warehouse, in one transaction.

Exact duplicates resolve here: a staged text equal (after normalisation) to an article already
in the warehouse is a sighting of it; among the rows of one transaction, the first in the
group's order becomes the article. The caller decides that order.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from staging.read import StagedBatch
from warehouse.load_report import LOADER_FLOW, NO_SOURCE, LoadReport

ARTICLE_COLUMNS = {
    "ord": "INTEGER", "article_id": "VARCHAR", "content_hash": "VARCHAR", "title": "VARCHAR",
    "body": "VARCHAR", "authors": "VARCHAR[]", "published_at": "TIMESTAMPTZ",
    "language": "VARCHAR", "url": "VARCHAR", "canonical_url": "VARCHAR", "source": "VARCHAR",
    "location": "VARCHAR", "word_count": "INTEGER", "parser_version": "VARCHAR",
    "extra": "JSON", "warnings": "VARCHAR[]", "seen_at": "TIMESTAMPTZ",
    "description": "VARCHAR", "section": "VARCHAR", "tags": "VARCHAR[]", "image_url": "VARCHAR",
    "modified_at": "TIMESTAMPTZ", "is_paywalled": "BOOLEAN", "extraction_method": "VARCHAR",
    "raw_ref": "VARCHAR",
}  # fmt: skip
# Rows that cannot load: wrong types, values out of range, malformed staged JSON.
DATA_ERRORS = (duckdb.Error, ValueError, KeyError, TypeError)
_ORD_SPAN = 1 << 32  # more rows than one batch can hold
_DEFAULT_MAX_OBJECT = 16 * 1024 * 1024  # DuckDB's default maximum_object_size


def load_group(connection: duckdb.DuckDBPyConnection, group: list[StagedBatch]) -> LoadReport:
    """Load the group's rows and record its batch ids, all in one transaction (or nothing).
    A group is one run's batches: numbered if any says so (``number_rows``), whichever comes
    first (a pickup's rejects go first, and a batch staged before the flag existed has none)."""
    meta = {**group[0].meta, "number_rows": any(b.meta.get("number_rows") for b in group)}
    return load_parts(connection, [(b.path.name, b.path) for b in group], meta)


def load_parts(
    connection: duckdb.DuckDBPyConnection, parts: list[tuple[str, Path]], meta: dict[str, Any]
) -> LoadReport:
    """Load directories laid out like batches, recorded under the given ids."""
    counts = LoadReport()
    ids = [part_id for part_id, _ in parts]
    connection.execute("BEGIN TRANSACTION")
    try:
        done = {
            row[0]
            for row in connection.execute(
                "SELECT batch_id FROM staged_batches WHERE list_contains(?, batch_id)", [ids]
            ).fetchall()
        }
        todo = [(part_id, path) for part_id, path in parts if part_id not in done]
        if not todo:
            connection.execute("ROLLBACK")
            return counts
        run_id = str(meta["run_id"])
        ensure_run_row(connection, meta)
        if meta["kind"] == "run":
            _finish_run(connection, meta)
        else:
            numbered = bool(meta.get("number_rows"))
            _load_rows(connection, [path for _, path in todo], run_id, counts, numbered)
        connection.execute(
            "INSERT INTO staged_batches SELECT unnest(?), ?, now()",
            [[part_id for part_id, _ in todo], run_id],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return counts


def _load_rows(
    connection: duckdb.DuckDBPyConnection,
    batch_dirs: list[Path],
    run_id: str,
    report: LoadReport,
    numbered: bool,
) -> None:
    articles_files = [
        path
        for path in (d / "articles.jsonl" for d in batch_dirs)
        if path.is_file() and path.stat().st_size
    ]
    new = duplicate = 0
    if articles_files:
        # ord orders rows within a batch; the batch's place in the group goes above it.
        largest = max(path.stat().st_size for path in articles_files)
        reads = " UNION ALL ".join(
            f"SELECT * REPLACE (CAST(ord AS BIGINT) + {index} * {_ORD_SPAN} AS ord) "
            f"FROM read_json(?, format = 'newline_delimited', "
            f"maximum_object_size = {max(_DEFAULT_MAX_OBJECT, largest + 1)}, "
            f"columns = {_struct(ARTICLE_COLUMNS)})"
            for index in range(len(articles_files))
        )
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE staged_articles AS {reads}",
            [str(path) for path in articles_files],
        )
        connection.execute(_sql("resolve_articles.sql"))
        new, duplicate, by_source = _insert_articles_and_sightings(connection, run_id, numbered)
        for source, count in by_source.items():
            report.new_by_source[source] = report.new_by_source.get(source, 0) + count
    constants = {"run_id": run_id}
    rejects = [d / "rejects.jsonl" for d in batch_dirs]
    rejected = insert_rows(connection, "rejects", rejects, constants)
    insert_rows(connection, "file_ledger", [d / "ledger.jsonl" for d in batch_dirs], constants)
    other_tables: dict[str, list[Path]] = {}
    for batch_dir in batch_dirs:
        if (batch_dir / "tables").is_dir():
            for table_file in sorted((batch_dir / "tables").glob("*.jsonl")):
                other_tables.setdefault(table_file.stem, []).append(table_file)
    for table, files in sorted(other_tables.items()):
        insert_rows(connection, table, files, {})
    connection.execute(
        "UPDATE ingest_runs SET seen = seen + ?, new = new + ?, duplicate = duplicate + ?, "
        "rejected = rejected + ? WHERE run_id = ?",
        [new + duplicate + rejected, new, duplicate, rejected, run_id],
    )
    report.new += new
    report.duplicate += duplicate
    report.rejected += rejected


def _insert_articles_and_sightings(
    connection: duckdb.DuckDBPyConnection, run_id: str, numbered: bool
) -> tuple[int, int, dict[str, int]]:
    """``numbered``: the new articles take the next ``load_seq`` numbers, in the group's order
    (migration 090); otherwise none, and dedup orders them by id."""
    load_seq = (
        "(SELECT coalesce(max(load_seq), 0) FROM articles) + row_number() OVER (ORDER BY ord)"
        if numbered
        else "NULL"
    )
    new_rows = connection.execute(
        f"""
        INSERT INTO articles BY NAME
        SELECT article_id, title, body, authors, published_at, language, url, canonical_url,
               source, word_count, content_hash, seen_at AS first_seen_at, parser_version,
               extra, coalesce(warnings, []) AS warnings, description, section, tags,
               image_url, modified_at, is_paywalled, extraction_method, raw_ref,
               {load_seq} AS load_seq
        FROM resolved_articles
        WHERE existing_id IS NULL AND resolved_id = article_id AND hash_rank = 1
        RETURNING source
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
        key = source or NO_SOURCE
        by_source[key] = by_source.get(key, 0) + 1
    return len(new_rows), total - len(new_rows), by_source


def insert_rows(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    paths: list[Path],
    constants: dict[str, Any],
) -> int:
    """Insert the rows of the JSON-lines files ``paths`` (one statement for all of them)."""
    files = [path for path in paths if path.is_file() and path.stat().st_size]
    if not files:
        return 0
    columns = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    if not columns or not table.isidentifier():
        raise ValueError(f"staged rows for unknown table {table!r} in {files[0]}")
    file_columns = {name: kind for name, kind in columns if name not in constants}
    select = ", ".join([*(f'"{c}"' for c in file_columns), *("?" for _ in constants)])
    names = ", ".join(f'"{c}"' for c in [*file_columns, *constants])
    largest = max(path.stat().st_size for path in files)
    inserted = connection.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM read_json(?, '
        f"format = 'newline_delimited', columns = {_struct(file_columns)}, "
        f"maximum_object_size = {max(_DEFAULT_MAX_OBJECT, largest + 1)})",
        [*constants.values(), [str(path) for path in files]],
    ).fetchone()
    return int(inserted[0]) if inserted else 0


def ensure_run_row(connection: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    if meta.get("flow_name") == LOADER_FLOW:
        return  # the loader's own notes belong to no run
    connection.execute(
        """
        INSERT INTO ingest_runs (run_id, flow_name, started_at, status)
        SELECT ?, ?, CAST(? AS TIMESTAMPTZ), 'running'
        WHERE NOT EXISTS (SELECT 1 FROM ingest_runs WHERE run_id = ?)
        """,
        [
            meta["run_id"],
            meta["flow_name"],
            meta.get("started_at") or meta.get("epoch") or meta["created_at"],
            meta["run_id"],
        ],
    )


def _finish_run(connection: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    if meta["status"] == "crashed":  # noticed by a later run; a completed run stays completed
        connection.execute(
            "UPDATE ingest_runs SET status = 'crashed', crash_noticed_at = CAST(? AS TIMESTAMPTZ)"
            ", loaded_at = now() WHERE run_id = ? AND status = 'running'",
            [meta["noticed_at"], meta["run_id"]],
        )
        return
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
