"""The index's schema and analyzers, and where the index of a warehouse lives.

One document per article, plus one ``meta`` document holding what the index covers (the
warehouse watermark), replaced in the same commit as the articles it describes. Text is split
on anything that is not a letter or digit, lower-cased and folded to ASCII (``café`` finds
``cafe``); no stemming, so every language is read alike and a word means that word.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import tantivy

SCHEMA_VERSION = 2  # 2: the body indexed, not stored (its text is in search.bodies)
TEXT_ANALYZER = "newsflow_text"
KEYWORD_ANALYZER = "newsflow_keyword"
MAX_TOKEN_BYTES = 40

KIND_ARTICLE = "article"
KIND_META = "meta"
TEXT_FIELDS = ("title", "body")
KEYWORD_FIELDS = ("source", "language")
QUERY_FIELDS = (*TEXT_FIELDS, *KEYWORD_FIELDS)


def index_dir(warehouse_file: Path) -> Path:
    """Beside the warehouse: ``data/newsflow.duckdb`` -> ``data/newsflow.search/``."""
    return warehouse_file.with_name(warehouse_file.stem + ".search")


def text_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def keyword_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", stored=False, tokenizer_name="raw")
    builder.add_text_field("article_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("body", stored=False, tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("source", stored=True, fast=True, tokenizer_name=KEYWORD_ANALYZER)
    builder.add_text_field("language", stored=True, tokenizer_name=KEYWORD_ANALYZER)
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_date_field("published_at", stored=True)
    builder.add_date_field("event_at", stored=True, indexed=True, fast=True)
    builder.add_integer_field("event_day", fast=True)  # days since 1970-01-01, UTC
    builder.add_text_field("copy_cluster_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("story_id", stored=True, tokenizer_name="raw")
    builder.add_integer_field("copy_key", fast=True)  # the cluster ids as numbers, for
    builder.add_integer_field("story_key", fast=True)  # grouping many hits at once
    builder.add_integer_field("article_key", fast=True)  # ties broken alike in any layout
    builder.add_bytes_field("meta", stored=True)
    return builder.build()


def cluster_key(cluster_id: str) -> int:
    """A number for a cluster id (hex article ids: their first 60 bits; others: a hash)."""
    try:
        return int(cluster_id[:15], 16) if len(cluster_id) >= 15 else _hashed(cluster_id)
    except ValueError:
        return _hashed(cluster_id)


def _hashed(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest()) >> 4


def register_analyzers(index: tantivy.Index) -> None:
    """Analyzers are not stored in the index: every process that opens it registers them."""
    index.register_tokenizer(TEXT_ANALYZER, text_analyzer())
    index.register_tokenizer(KEYWORD_ANALYZER, keyword_analyzer())
    index.register_fast_field_tokenizer(KEYWORD_ANALYZER, keyword_analyzer())


def open_index(directory: Path, *, create: bool) -> tantivy.Index:
    """Open the index in ``directory`` (creating it when ``create``), analyzers registered."""
    exists = directory.is_dir() and tantivy.Index.exists(str(directory))
    if not exists and not create:
        from search.errors import IndexMissing

        raise IndexMissing(
            f"no search index at {directory}: run `newsflow search --rebuild` (an ingest "
            "builds it too)"
        )
    if not create:
        index = tantivy.Index.open(str(directory))  # the schema it was written with
        register_analyzers(index)
        return index
    directory.mkdir(parents=True, exist_ok=True)
    try:
        index = tantivy.Index(build_schema(), path=str(directory), reuse=True)
    except ValueError as exc:
        if "schema does not match" not in str(exc):
            raise
        # Written by another version of newsflow: the writer starts a new index (the next
        # update fills it from the warehouse); readers open the old files they hold.
        stale = directory.with_name(f"{directory.name}.stale-{os.getpid()}")
        directory.rename(stale)
        shutil.rmtree(stale, ignore_errors=True)
        directory.mkdir(parents=True)
        index = tantivy.Index(build_schema(), path=str(directory), reuse=True)
    register_analyzers(index)
    return index


def count_matches(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    result: Any = searcher.search(query, 1, count=True)  # the stubs lack SearchResult.count
    return int(result.count or 0)
