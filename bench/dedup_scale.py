"""Scale half of bench/dedup.py: check N new articles against an index of M existing ones.

The texts are synthetic: words drawn from a Zipf-like distribution over 60,000 made-up words,
150-word bodies with 8-word titles, published over one year. The index rows of the existing
articles are made by the real signing functions (``shingles_of_hashes``, ``signatures``,
``band_keys``, ``story_terms``) and written by the real ``insert_signed``; only the
tokenising of the index texts is skipped (the word hashes come from a table of the vocabulary,
equal to what ``word_hashes`` gives). The new articles are then inserted into ``articles`` as the
loader would, and one child process runs the real ``dedup_pending`` on them: its wall time and
peak resident memory (the whole process: Python, numpy and DuckDB) are what is reported.
One new article in ten is a near-copy of an indexed one (header added, a sentence dropped).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from tasks.dedup import minhash
from tasks.dedup.shingles import _POSITION_MULTIPLIERS, SHINGLE_WORDS, U64, mix64
from tasks.dedup.signing import SignedBatch
from tasks.dedup.story_batch import story_terms
from tasks.dedup.tokens import tokenize
from tasks.fingerprint import article_id_for, content_hash
from warehouse import dedup_clusters, dedup_index
from warehouse.connection import write_connection

VOCABULARY = 60_000
BODY_WORDS = 150
TITLE_WORDS = 8
CHUNK = 20_000
START = datetime(2024, 1, 1, tzinfo=UTC)
_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


@dataclass(frozen=True)
class Corpus:
    words: list[str]
    crc: U64
    weights: np.ndarray

    @classmethod
    def make(cls, seed: int = 11) -> Corpus:
        rng = np.random.default_rng(seed)
        # Zipf's law of abbreviation: the frequent words are the short ones (as "the", "der",
        # "de" are), so the most frequent ranks get 2-3 letters and the rest 3-12.
        lengths = np.sort(rng.integers(3, 13, size=VOCABULARY))
        lengths[:150] = rng.integers(2, 4, size=150)
        words = list(dict.fromkeys("".join(rng.choice(_LETTERS, size=n)) for n in lengths))
        crc = np.array([zlib.crc32(w.encode()) for w in words], dtype=np.uint64)
        weights = 1.0 / (np.arange(len(words)) + 20.0)
        return cls(words, crc, weights / weights.sum())

    def draw(self, rng: np.random.Generator, docs: int, length: int) -> np.ndarray:
        return rng.choice(len(self.words), size=(docs, length), p=self.weights)

    def text(self, ids: np.ndarray) -> str:
        return " ".join(self.words[i] for i in ids)


def extend_index(path: Path, corpus: Corpus, start: int, stop: int, seed: int = 1) -> None:
    """Add synthetic articles ``start..stop`` to the warehouse, with their index rows."""
    rng = np.random.default_rng([seed, start])
    for first in range(start, stop, CHUNK):
        count = min(CHUNK, stop - first)
        body_ids = corpus.draw(rng, count, BODY_WORDS)
        title_ids = corpus.draw(rng, count, TITLE_WORDS)
        days = rng.integers(0, 365, size=count)
        body_words = [[corpus.words[i] for i in row] for row in body_ids]
        title_words = [[corpus.words[i] for i in row] for row in title_ids]
        bodies = [" ".join(w) for w in body_words]
        titles = [" ".join(w) for w in title_words]
        hashes = [content_hash(b) for b in bodies]
        ids = [article_id_for(h) for h in hashes]
        shingle_sets = shingle_rows(corpus.crc[body_ids])
        rows = minhash.signatures(shingle_sets)
        signed = SignedBatch(
            article_ids=ids,
            shingle_counts=np.array([np.unique(s).size for s in shingle_sets], dtype=np.int64),
            minhashes=rows,
            band_keys=minhash.band_keys(rows),
            terms=story_terms(tokenize(titles), tokenize(bodies)),
            outlets=[f"outlet{(first + n) % 500}" for n in range(count)],
            days=(19_723 + days).astype(np.int32),
        )
        published = [START + timedelta(days=int(d), hours=int(n % 24)) for n, d in enumerate(days)]
        with write_connection(path, wait_seconds=30) as connection:
            connection.execute("BEGIN TRANSACTION")
            _insert_articles(connection, ids, hashes, titles, bodies, published, first)
            doc_no = dedup_index.next_doc_no(connection)
            dedup_index.insert_signed(connection, signed, doc_no)
            dedup_clusters.add_singletons(connection, ids)
            connection.execute("COMMIT")


def shingle_rows(word_hashes: np.ndarray) -> list[U64]:
    """The shingle hashes of equal-length texts (a matrix of word hashes), row by row, as
    ``shingles_of_hashes`` makes them but unsorted and with repeats (MinHash ignores both)."""
    windows = word_hashes.shape[1] - SHINGLE_WORDS + 1
    combined = np.zeros((word_hashes.shape[0], windows), dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined += word_hashes[:, offset : offset + windows] * _POSITION_MULTIPLIERS[offset]
    return list(mix64(combined))


def add_new_articles(path: Path, corpus: Corpus, count: int, indexed: int, seed: int = 2) -> None:
    """Insert ``count`` pending articles; every tenth is a near-copy of an indexed article."""
    rng = np.random.default_rng(seed)
    with write_connection(path, wait_seconds=30) as connection:
        sample = connection.execute(
            f"SELECT body FROM articles USING SAMPLE reservoir({max(1, count // 10)}) "
            "REPEATABLE (7)"
        ).fetchall()
    bodies = [corpus.text(row) for row in corpus.draw(rng, count, BODY_WORDS * 2)]
    for n, (body,) in enumerate(sample):
        words = str(body).split()
        cut = int(rng.integers(10, len(words) - 10))
        bodies[n * 10] = "CITY (Wire) - " + " ".join(words[:cut] + words[cut + 8 :])
    titles = [corpus.text(row) for row in corpus.draw(rng, count, TITLE_WORDS)]
    days = rng.integers(0, 365, size=count)
    published = [START + timedelta(days=int(d), hours=5) for d in days]
    hashes = [content_hash(b) for b in bodies]
    ids = [article_id_for(h) for h in hashes]
    with write_connection(path, wait_seconds=30) as connection:
        connection.execute("BEGIN TRANSACTION")
        _insert_articles(connection, ids, hashes, titles, bodies, published, indexed)
        connection.execute("COMMIT")


def _insert_articles(
    connection: object,
    ids: list[str],
    hashes: list[str],
    titles: list[str],
    bodies: list[str],
    published: list[datetime],
    first: int,
) -> None:
    seen = [START + timedelta(seconds=first + n) for n in range(len(ids))]
    columns = {
        "article_id": np.array(ids, dtype=object),
        "title": np.array(titles, dtype=object),
        "body": np.array(bodies, dtype=object),
        "published_at": np.array([p.replace(tzinfo=None) for p in published], "datetime64[us]"),
        "source": np.array([f"outlet{(first + n) % 500}" for n in range(len(ids))], dtype=object),
        "content_hash": np.array(hashes, dtype=object),
        "first_seen_at": np.array([p.replace(tzinfo=None) for p in seen], "datetime64[us]"),
    }
    connection.register("_bench_articles", columns)  # type: ignore[attr-defined]
    connection.execute(  # type: ignore[attr-defined]
        """
        INSERT INTO articles BY NAME
        SELECT article_id, title, body, [] AS authors,
               timezone('UTC', published_at) AS published_at, 'xx' AS language,
               'https://' || source || '/' || article_id AS url, source, 150 AS word_count,
               content_hash, timezone('UTC', first_seen_at) AS first_seen_at,
               'bench' AS parser_version, [] AS warnings
        FROM _bench_articles
        """
    )
    connection.unregister("_bench_articles")  # type: ignore[attr-defined]


def truncate_index(path: Path, size: int) -> None:
    """Keep only the first ``size`` synthetic articles (and their index rows)."""
    with write_connection(path, wait_seconds=30) as connection:
        connection.execute("BEGIN TRANSACTION")
        for table in ("dedup_bands", "dedup_terms", "dedup_docs"):
            connection.execute(f"DELETE FROM {table} WHERE doc_no > ?", [size])
        cutoff = START + timedelta(seconds=size)
        connection.execute("DELETE FROM articles WHERE first_seen_at >= ?", [cutoff])
        connection.execute(
            "DELETE FROM article_clusters WHERE article_id NOT IN (SELECT article_id FROM articles)"
        )
        connection.execute("COMMIT")
        connection.execute("CHECKPOINT")


def measure_in_child(path: Path) -> dict[str, float]:
    """Run the real ``dedup_pending`` on ``path`` in a fresh process; its time and peak RSS."""
    code = (
        "import json, sys; from bench.dedup_scale import _child; "
        "print(json.dumps(_child(sys.argv[1])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _child(path: str) -> dict[str, float]:
    from settings import load_settings
    from tasks.dedup.linking import ALGORITHMS
    from warehouse.dedup_run import dedup_pending

    settings = load_settings({}, warehouse=Path(path))  # default settings, as the flows run
    started = time.perf_counter()
    report = dedup_pending(settings, ALGORITHMS)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "indexed": report.indexed,
        "near_copy_links": report.near_copy_links,
        "story_links": report.story_links,
        "peak_mb": peak_kb / 1024,
    }
