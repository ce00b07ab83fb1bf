"""Analysis queries of bench/scale.py, timed on the finished warehouse.

What each query looks at (the busiest day, the largest copy cluster, a phrase of one body) is
chosen first, untimed; then each query runs 3 times, each on a fresh read-only connection
(opening included, as ``newsflow sql`` opens one), and its figure is the slowest run.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warehouse.connection import read_connection
from warehouse.digest import top_stories

RUNS = 3

DAILY_BY_SOURCE = "SELECT day, source, articles, avg_words FROM daily_articles"
# One row a copy cluster: the row's ``copies`` says how big the chosen cluster is.
SYNDICATION = "SELECT * FROM syndication WHERE copy_cluster_id = ?"
LIKE_SEARCH = (
    "SELECT article_id, title, source, published_at FROM articles WHERE body LIKE ? "
    "ORDER BY published_at DESC LIMIT 20"
)


def run_queries(warehouse: Path) -> list[tuple[str, float, str]]:
    """(name, seconds, what it returned); the first entry, ``articles``, carries the count."""
    with read_connection(warehouse) as connection:
        articles, day, cluster, phrase = _choices(connection)

    def sql(query: str, parameters: list[Any]) -> Callable[[], int]:
        def run() -> int:
            with read_connection(warehouse) as connection:
                return len(connection.execute(query, parameters).fetchall())

        return run

    def syndication() -> int:
        """The copies of the cluster's one row (a row count would always be 1)."""
        with read_connection(warehouse) as connection:
            described = connection.execute(SYNDICATION, [cluster])
            names = [column[0] for column in described.description]
            found = described.fetchall()
        return sum(int(row[names.index("copies")]) for row in found)

    def digest() -> int:
        return len(top_stories(warehouse, day, limit=10, wait_seconds=10))

    timed = [
        ("daily articles by source", sql(DAILY_BY_SOURCE, []), "all days"),
        ("a day's biggest stories", digest, f"day {day}, top 10"),
        ("syndication of one cluster", syndication, "the largest copy cluster"),
        ("LIKE over bodies", sql(LIKE_SEARCH, [f"%{phrase}%"]), f"'%{phrase}%'"),
    ]
    results: list[tuple[str, float, str]] = [("articles", 0.0, str(articles))]
    for name, query, what in timed:
        seconds, rows = _slowest(query)
        unit = "copies in its one row" if query is syndication else "rows"
        results.append((name, seconds, f"{what}: {rows} {unit}"))
    return results


def _choices(connection: Any) -> tuple[int, date, str, str]:
    articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    day = connection.execute(
        "SELECT day FROM daily_articles GROUP BY day ORDER BY sum(articles) DESC, day LIMIT 1"
    ).fetchone()[0]
    cluster = connection.execute(
        "SELECT copy_cluster_id FROM article_clusters GROUP BY copy_cluster_id "
        "ORDER BY count(*) DESC, copy_cluster_id LIMIT 1"
    ).fetchone()[0]
    # The middle article by id: its id found by sorting ids alone, then its body read. Sorting
    # the bodies along (the same choice) held ~160 MB at 20,000 articles, more than any timed
    # query, and failed under a 128 MB cap in the full run.
    body = connection.execute(
        "SELECT body FROM articles WHERE article_id = "
        "(SELECT article_id FROM articles ORDER BY article_id LIMIT 1 OFFSET ?)",
        [articles // 2],
    ).fetchone()[0]
    words = body.split()
    phrase = " ".join(words[len(words) // 2 : len(words) // 2 + 2])
    return int(articles), day, str(cluster), phrase


def _slowest(query: Callable[[], int]) -> tuple[float, int]:
    worst, rows = 0.0, 0
    for _ in range(RUNS):
        began = time.perf_counter()
        rows = query()
        worst = max(worst, time.perf_counter() - began)
    return worst, rows


def main() -> None:
    """``python bench/scale_queries.py WAREHOUSE``: the results as one JSON line."""
    print(json.dumps(run_queries(Path(sys.argv[1]))), flush=True)


if __name__ == "__main__":
    main()
