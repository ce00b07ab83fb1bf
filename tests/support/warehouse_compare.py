"""Two warehouses compared on what they hold, not on when or by which run they got it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# Every table's content columns: no timestamps, run ids or processing order (doc numbers); of
# a fetched page's extra, not when it was fetched nor the capture file it went to.
CONTENT = {
    "articles": "SELECT article_id, title, body, authors, published_at, language, url, "
    "canonical_url, source, word_count, content_hash, parser_version, "
    'CAST(json_merge_patch(extra, \'{"fetch": null, "raw": null}\') AS VARCHAR), '
    "warnings FROM articles",
    "sightings": "SELECT article_id, location, source FROM sightings",
    "rejects": "SELECT input, reason, detail, stage, source FROM rejects",
    "file_ledger": "SELECT path, size, mtime_ns, outcome FROM file_ledger",
    "duplicates": "SELECT article_id, duplicate_of, kind, similarity, method FROM duplicates",
    "story_links": "SELECT article_id, linked_to, similarity, method FROM story_links",
    "article_clusters": "SELECT article_id, copy_cluster_id, story_id FROM article_clusters",
    "dedup_docs": "SELECT article_id, shingle_count, minhash, story_terms, head_terms, outlet "
    "FROM dedup_docs",
    "run_totals": "SELECT flow_name, sum(seen), sum(new), sum(duplicate), sum(rejected) "
    "FROM ingest_runs GROUP BY flow_name",
    "first_seen_per_run_epoch": "SELECT count(DISTINCT first_seen_at) FROM articles",
}


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            name: sorted(connection.execute(sql).fetchall(), key=repr)
            for name, sql in CONTENT.items()
        }


def differences(left: Path, right: Path) -> dict[str, str]:
    """Per table, how the two differ (an empty dict: they hold the same)."""
    a, b = snapshot(left), snapshot(right)
    found = {}
    for name in CONTENT:
        if a[name] != b[name]:
            only_a = [row for row in a[name] if row not in b[name]][:2]
            only_b = [row for row in b[name] if row not in a[name]][:2]
            found[name] = (
                f"{len(a[name])} vs {len(b[name])} rows; "
                f"only left {str(only_a)[:300]}; only right {str(only_b)[:300]}"
            )
    return found


def run_statuses(path: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute(
            "SELECT flow_name, status FROM ingest_runs ORDER BY started_at, status"
        ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]
