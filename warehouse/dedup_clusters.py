"""Cluster membership in ``article_clusters``: new articles start alone, links merge clusters.

Only the members of clusters touched by new links are read and rewritten, so the cost follows
the size of the merged clusters, not of the warehouse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import duckdb
import numpy as np

from warehouse.registered import registered

_COLUMNS = ("copy_cluster_id", "story_id")

# ``tasks.dedup.clusters.components``: each id -> the smallest id of its connected component
Components = Callable[[Iterable[str], Iterable[tuple[str, str]]], dict[str, str]]


def add_singletons(connection: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    if article_ids:
        connection.execute(
            "INSERT INTO article_clusters SELECT id, id, id FROM (SELECT unnest(?) AS id)",
            [list(article_ids)],
        )


def merge(
    connection: duckdb.DuckDBPyConnection,
    column: str,
    links: Sequence[tuple[str, str]],
    components: Components,
) -> int:
    """Union the clusters (in ``column``) joined by ``links`` (into the ``components`` of the
    members and links); return how many rows changed."""
    if column not in _COLUMNS:
        raise ValueError(f"unknown cluster column {column!r}")
    if not links:
        return 0
    endpoints = sorted({a for link in links for a in link})
    members = connection.execute(
        f"""
        SELECT article_id, {column} FROM article_clusters
        WHERE {column} IN (
            SELECT {column} FROM article_clusters WHERE article_id IN (SELECT unnest(?))
        )
        """,
        [endpoints],
    ).fetchall()
    current = {article_id: cluster for article_id, cluster in members}
    edges = [*links, *current.items()]
    merged = components(current, edges)
    changed = [
        (aid, merged[aid]) for aid, cluster in sorted(current.items()) if merged[aid] != cluster
    ]
    if changed:
        moves = {
            "moved_id": np.array([aid for aid, _ in changed], dtype=object),
            "new_cluster": np.array([new for _, new in changed], dtype=object),
        }
        with registered(connection, "_cluster_moves", moves):
            # Delete and append rather than UPDATE: DuckDB rewrites every row group an UPDATE
            # touched at the next checkpoint (the whole table, for moves spread over it),
            # while deleted rows cost a deletion mark.
            other = next(c for c in _COLUMNS if c != column)
            connection.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _moved_members AS
                SELECT c.article_id, m.new_cluster AS {column}, c.{other}
                FROM article_clusters AS c JOIN _cluster_moves AS m ON c.article_id = m.moved_id
                """
            )
            connection.execute(
                "DELETE FROM article_clusters "
                "WHERE article_id IN (SELECT article_id FROM _moved_members)"
            )
            connection.execute("INSERT INTO article_clusters BY NAME SELECT * FROM _moved_members")
            connection.execute("DROP TABLE _moved_members")
    return len(changed)
