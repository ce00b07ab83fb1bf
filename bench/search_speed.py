"""Benchmark of full-text search (issue 19): quality of known-item search, build rate, latency.

    .venv/bin/python bench/search_speed.py [--articles 200000] [--queries 500] [--workdir data/bench-search]

The warehouse is built DIRECTLY, not through the ingest: ``bench/search_corpus.py`` generates the
articles (originals, near-copies, stories, plus the dev bodies of ../shared/eval), and they are
inserted with SQL into ``articles``, ``article_clusters`` (the generator's own clusters, by the
warehouse's rule) and ``dedup_docs`` (the columns the search feed reads; no signatures). The
index is then built by the real ``update_index`` (read from DuckDB, written to tantivy) and
queried through the real ``search`` (query language, filters, collapse, snippets), opening the
index for every query as ``newsflow search`` does.

- known_item_title@1: the exact title of N random articles (as a user would type it: quotes
  and parentheses dropped); a hit when the first result is the article's near-copy cluster.
- body@10: five words of the body that are rarest in the whole corpus; a hit when the
  article's cluster is among the first ten.
- latency: p50 / p95 of every query above, half of them with a source, date or language filter
  (the p95 of the last line); and apart, of broad queries (one or two of the commonest words,
  thousands of matches to count and collapse).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_corpus import GeneratedArticle, batches, generate
from search.schema import index_dir, open_index, text_analyzer
from search.searcher import SearchRequest, search
from search.update import update_index
from settings import load_settings
from warehouse.connection import write_connection

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
TARGETS = "targets title@1>=0.98 body@10>=0.95 p95<=50ms build>=2000/s"
_OPERATOR = re.compile(r"\b(AND|OR|NOT)\b")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench-search"))
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR, help="../shared/eval")
    args = parser.parse_args(argv)
    shutil.rmtree(args.workdir, ignore_errors=True)
    settings = load_settings({}, data_dir=args.workdir, load_wait_seconds=30)

    started = time.perf_counter()
    eval_dir = args.eval_dir if args.eval_dir.is_dir() else None
    articles = generate(args.articles, eval_dir)
    print(
        f"generated {len(articles):,} articles in {time.perf_counter() - started:.0f} s "
        f"({'words and texts of ' + str(eval_dir) if eval_dir else 'made-up words: no eval data'})"
    )
    started = time.perf_counter()
    write_warehouse(settings.warehouse_file, articles)
    print(f"warehouse written (SQL, no ingest) in {time.perf_counter() - started:.0f} s")

    report = update_index(settings)
    assert report.full and report.documents == len(articles), report
    rate = len(articles) / report.seconds
    directory = index_dir(settings.warehouse_file)
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    print(
        f"index build: {report.seconds:.1f} s, {rate:,.0f} articles/s, {size / len(articles):,.0f} bytes/article"
    )

    rng = random.Random(7)
    sample = rng.sample(articles, args.queries)
    titles = [(a, title_query(a.title)) for a in sample]
    bodies = [(a, " ".join(rare_words(directory, a.body))) for a in sample]
    latencies: list[float] = []
    title_hits = _score(directory, titles, 1, latencies, filtered=False)
    body_hits = _score(directory, bodies, 10, latencies, filtered=False)
    _score(directory, titles[: args.queries // 2], 10, latencies, filtered=True)
    _score(directory, bodies[: args.queries // 2], 10, latencies, filtered=True)
    broad: list[float] = []
    _score(directory, broad_queries(articles, rng, args.queries // 5), 20, broad, filtered=False)
    b50, b95 = np.percentile(np.array(broad) * 1000, [50, 95])
    print(
        f"broad queries (1-2 of the 100 commonest title words, thousands of matches): p50 {b50:.1f} ms, p95 {b95:.1f} ms"
    )
    p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
    print(f"known-item: title@1 {title_hits:.3f}, body@10 {body_hits:.3f} ({args.queries} each)")
    print(
        f"latency over {len(latencies)} queries (half filtered): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )

    started = time.perf_counter()
    incremental = update_index(settings)
    print(
        f"an update with nothing new: {time.perf_counter() - started:.2f} s ({incremental.indexed} indexed)"
    )
    print(
        f"search: known_item_title@1={title_hits:.3f} body@10={body_hits:.3f} "
        f"p95_ms={p95:.1f} p50_ms={p50:.1f} build_per_s={rate:,.0f} "
        f"bytes_per_article={size / len(articles):,.0f} broad_p95_ms={b95:.1f} ({TARGETS})"
    )
    return 0


def title_query(title: str) -> str:
    """The title as a user types it into the box: quotes and brackets dropped, an upper-case
    AND/OR/NOT read as a word."""
    text = re.sub(r'["()]', " ", title)
    return _OPERATOR.sub(lambda m: m.group().lower(), text)


def broad_queries(
    articles: list[GeneratedArticle], rng: random.Random, count: int
) -> list[tuple[GeneratedArticle, str]]:
    """Queries of one or two of the commonest title words (no known item: latency only)."""
    counts: Counter[str] = Counter()
    for article in articles[:20_000]:
        counts.update(set(text_analyzer().analyze(article.title)))
    common = [w for w, _ in counts.most_common(100)]
    return [(articles[0], " ".join(rng.sample(common, rng.choice((1, 2))))) for _ in range(count)]


def rare_words(directory: Path, body: str, count: int = 5) -> list[str]:
    """The ``count`` words of ``body`` found in the fewest articles (index statistics)."""
    index = open_index(directory, create=False)
    searcher = index.searcher()
    words = sorted(set(text_analyzer().analyze(body)))
    frequency = {w: searcher.doc_freq("body", w) for w in words}
    return sorted(words, key=lambda w: (frequency[w], w))[:count]


def _score(
    directory: Path,
    queries: list[tuple[GeneratedArticle, str]],
    depth: int,
    latencies: list[float],
    *,
    filtered: bool,
) -> float:
    found = 0
    for n, (article, text) in enumerate(queries):
        request = SearchRequest(text, limit=depth)
        if filtered:  # filters the article passes, so the hit must still be there
            day = article.published_at.date()
            request = [
                SearchRequest(text, limit=depth, sources=(article.source,)),
                SearchRequest(text, limit=depth, since=day - timedelta(days=3), until=day),
                SearchRequest(text, limit=depth, language=article.language),
            ][n % 3]
        started = time.perf_counter()
        hits = search(directory, request).hits
        latencies.append(time.perf_counter() - started)
        found += any(h.copy_cluster_id == article.copy_cluster_id for h in hits[:depth])
    return found / max(len(queries), 1)


def write_warehouse(path: Path, articles: list[GeneratedArticle]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc_no = 0
    with write_connection(path, wait_seconds=30) as connection:
        for chunk in batches(articles, 20_000):
            ids = np.array([a.article_id for a in chunk], dtype=object)
            published = np.array(
                [a.published_at.replace(tzinfo=None) for a in chunk], dtype="datetime64[us]"
            )
            columns = {
                "article_id": ids,
                "title": np.array([a.title for a in chunk], dtype=object),
                "body": np.array([a.body for a in chunk], dtype=object),
                "language": np.array([a.language for a in chunk], dtype=object),
                "url": np.array([a.url for a in chunk], dtype=object),
                "source": np.array([a.source for a in chunk], dtype=object),
                "published_at": published,
                "copy_cluster_id": np.array([a.copy_cluster_id for a in chunk], dtype=object),
                "story_id": np.array([a.story_id for a in chunk], dtype=object),
                "doc_no": np.arange(doc_no + 1, doc_no + 1 + len(chunk), dtype=np.int64),
            }
            doc_no += len(chunk)
            connection.register("_bench_articles", columns)
            connection.execute("BEGIN TRANSACTION")
            connection.execute(
                """
                INSERT INTO articles (article_id, title, body, authors, published_at, language,
                    url, canonical_url, source, word_count, content_hash, first_seen_at,
                    parser_version, extra)
                SELECT article_id, title, body, [], timezone('UTC', published_at), language, url,
                       NULL, source, len(string_split(body, ' ')), article_id,
                       timezone('UTC', published_at), 'bench', NULL
                FROM _bench_articles
                """
            )
            connection.execute(
                "INSERT INTO article_clusters (article_id, copy_cluster_id, story_id) "
                "SELECT article_id, copy_cluster_id, story_id FROM _bench_articles"
            )
            connection.execute(
                """
                INSERT INTO dedup_docs (doc_no, article_id, shingle_count, minhash, story_terms,
                    head_terms, outlet, event_day, indexed_at)
                SELECT doc_no, article_id, 0, ''::BLOB, [], [], source,
                       CAST(epoch(published_at) // 86400 AS INTEGER), now()
                FROM _bench_articles
                """
            )
            connection.execute("COMMIT")
            connection.unregister("_bench_articles")


if __name__ == "__main__":
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    raise SystemExit(main())
