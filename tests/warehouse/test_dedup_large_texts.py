"""A dedup pass and a search update over texts larger than their DuckDB memory caps: DuckDB
reads a vector's strings at once, so they raise the cap for that turn or chunk instead of
failing every run."""

from __future__ import annotations

import random

import pytest

from search.update import update_index
from settings import Settings
from tasks.dedup.linking import ALGORITHMS
from tests.warehouse.dedup_support import article, ingest, query
from warehouse import dedup_run, opening, search_feed
from warehouse.dedup_run import dedup_pending


def _long_text(rng: random.Random, characters: int) -> str:
    words = [f"w{n:05d}" for n in range(5_000)]
    paragraphs = []
    size = 0
    while size < characters:
        paragraph = " ".join(rng.choices(words, k=100))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def test_texts_larger_than_the_caps_are_indexed_for_dedup_and_search(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dedup_run, "DUCKDB_MEMORY_LIMIT_MB", 16)
    monkeypatch.setattr(search_feed, "MEMORY_LIMIT_MB", 16)
    rng = random.Random(5)
    texts = [_long_text(rng, 1_000_000) for _ in range(24)]  # 24 MB in one DuckDB vector
    ingest(settings, [article(text, slug=str(n)) for n, text in enumerate(texts)])
    report = dedup_pending(settings, ALGORITHMS)
    assert report.indexed == 24
    assert query(settings, "SELECT count(*) FROM dedup_docs") == [(24,)]
    assert query(settings, "SELECT count(*) FROM article_clusters") == [(24,)]
    searched = update_index(settings)
    assert (searched.error, searched.indexed, searched.documents) == (None, 24, 24)


def test_a_load_larger_than_its_cap_is_loaded_with_a_larger_one(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the same batches failed every run (``LoadFailed``, kept staged for ever)."""
    monkeypatch.setattr(opening, "MEMORY_LIMIT_MB", 16)  # the write connection's cap
    caps: list[int] = []
    real_set = opening.set_memory_limit
    monkeypatch.setattr(
        opening, "set_memory_limit", lambda c, mb: (caps.append(mb), real_set(c, mb))[1]
    )
    rng = random.Random(6)
    texts = [_long_text(rng, 1_000_000) for _ in range(24)]
    ingest(settings, [article(text, slug=str(n)) for n, text in enumerate(texts)])
    assert query(settings, "SELECT count(*) FROM articles") == [(24,)]
    assert list(settings.staging_dir.iterdir()) == []  # loaded, nothing left staged
    assert caps[0] == 16 and max(caps) > 16 and caps[-1] == 16  # raised, then put back
