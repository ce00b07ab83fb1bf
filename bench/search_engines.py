"""Which full-text engine: the candidates that install here, measured on the same articles.

    .venv/bin/python bench/search_engines.py [--articles 50000] [--queries 300] [--eval-dir …]

- tantivy (PyPI ``tantivy``, Rust, BM25 with block-max WAND): the engine newsflow uses;
- SQLite FTS5 (in Python's own ``sqlite3``): BM25 ranking, external-content table;
- DuckDB's ``fts`` extension is not measured: it is not bundled in the duckdb wheel
  (``duckdb_extensions()`` lists it NOT_INSTALLED) and ``INSTALL fts`` downloads it, which this
  project cannot do.

Each engine indexes title, body, source, date and cluster id of the same generated articles
(``bench/search_corpus.py``; tantivy with newsflow's analyzer, FTS5 with ``unicode61
remove_diacritics 2``, both folding accents), then answers the same queries: the words of
the exact title of random articles, all required (AND), and the same words with OR. Reported: build rate, bytes
per article on disk, title@1 and query p50 / p95. The engines alone: no collapse, no snippets.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import tantivy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_corpus import GeneratedArticle, generate
from search.schema import TEXT_ANALYZER, register_analyzers

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
_WORDS = re.compile(r"[^\W_]+")
Query = Callable[[list[str], bool], str | None]  # words, conjunction -> cluster id at rank 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args(argv)
    articles = generate(args.articles, args.eval_dir if args.eval_dir.is_dir() else None)
    sample = random.Random(3).sample(articles, args.queries)
    words = [(a, _WORDS.findall(a.title.lower())) for a in sample]
    with tempfile.TemporaryDirectory() as scratch:
        for name, build in (("tantivy", _tantivy), ("sqlite-fts5", _sqlite)):
            folder = Path(scratch) / name
            folder.mkdir()
            started = time.perf_counter()
            query = build(folder, articles)
            seconds = time.perf_counter() - started
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            print(
                f"{name}: build {len(articles) / seconds:,.0f} articles/s, {size / len(articles):,.0f} bytes/article"
            )
            for conjunction in (True, False):
                latencies, found = [], 0
                for article, terms in words:
                    started = time.perf_counter()
                    top = query(terms, conjunction)
                    latencies.append(time.perf_counter() - started)
                    found += top == article.copy_cluster_id
                p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
                mode = "AND" if conjunction else "OR "
                print(
                    f"  title words {mode}: title@1 {found / len(words):.3f}, p50 {p50:.1f} ms, p95 {p95:.1f} ms"
                )
            shutil.rmtree(folder)
    return 0


def _tantivy(folder: Path, articles: list[GeneratedArticle]) -> Query:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=False, tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("body", stored=True, tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_date_field("published_at", stored=True, indexed=True, fast=True)
    builder.add_text_field("cluster", stored=True, tokenizer_name="raw")
    index = tantivy.Index(builder.build(), path=str(folder))
    register_analyzers(index)  # newsflow's: split, lower-case, fold to ASCII
    writer = index.writer(heap_size=128_000_000, num_threads=2)
    for a in articles:
        writer.add_document(
            tantivy.Document(
                title=a.title, body=a.body, source=a.source, published_at=a.published_at,
                cluster=a.copy_cluster_id,
            )
        )  # fmt: skip
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def query(terms: list[str], conjunction: bool) -> str | None:
        parsed = index.parse_query(
            " ".join(terms), ["title", "body"], conjunction_by_default=conjunction
        )
        hits = searcher.search(parsed, 10).hits
        return str(searcher.doc(hits[0][1]).get_first("cluster")) if hits else None

    return query


def _sqlite(folder: Path, articles: list[GeneratedArticle]) -> Query:
    connection = sqlite3.connect(folder / "index.sqlite")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, title, body, source, published_at, cluster)"
    )
    connection.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    with connection:
        connection.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
            [
                (n, a.title, a.body, a.source, a.published_at.isoformat(), a.copy_cluster_id)
                for n, a in enumerate(articles)
            ],
        )
        connection.execute("INSERT INTO fts (rowid, title, body) SELECT id, title, body FROM docs")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def query(terms: list[str], conjunction: bool) -> str | None:
        match = (" AND " if conjunction else " OR ").join(f'"{t}"' for t in terms)
        row = connection.execute(
            "SELECT d.cluster FROM fts JOIN docs AS d ON d.id = fts.rowid WHERE fts MATCH ? "
            "ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10",
            [match],
        ).fetchone()
        return str(row[0]) if row else None

    return query


if __name__ == "__main__":
    raise SystemExit(main())
