"""The bodies' texts live beside the index (search.bodies): snippets come from there, a full
build keeps only what it wrote, and a reader is never held up by a writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import tantivy

from search.bodies import BodyWriter, bodies_file, read_bodies
from search.schema import KEYWORD_ANALYZER, TEXT_ANALYZER, index_dir, open_index, register_analyzers
from search.searcher import SearchRequest, search
from search.update import article_document, update_index
from tests.search.support import FERRY, build, corpus, run_search
from tests.warehouse.dedup_support import query
from warehouse.connection import write_connection
from warehouse.search_feed import read_search_feed


def test_the_index_keeps_a_bodys_words_and_the_file_beside_it_its_text(settings):
    build(settings, corpus())
    directory = index_dir(settings.warehouse_file)
    index = open_index(directory, create=False)
    searcher = index.searcher()
    hits = searcher.search(index.parse_query('"pay rise"', ["body"]), 5).hits
    assert len(hits) == 1
    stored = searcher.doc(hits[0][1]).to_dict()
    assert "body" not in stored and stored["title"] == ["Ferry workers end three-day strike"]
    texts = dict(query(settings, "SELECT article_id, body FROM articles"))
    assert read_bodies(directory, sorted(texts), wait_seconds=1) == texts
    [hit] = run_search(settings, '"pay rise"').hits
    assert "**pay** **rise**" in hit.snippet
    assert hit.snippet.replace("**", "").strip("…") in FERRY.replace("\n", " ")


def test_a_rebuild_keeps_only_the_texts_of_the_articles_it_indexed(settings):
    build(settings, corpus())
    gone = [
        row[0]
        for row in query(settings, "SELECT article_id FROM articles WHERE source = 'metro-wire'")
    ]
    with write_connection(settings.warehouse_file) as connection:
        connection.execute("DELETE FROM articles WHERE source = 'metro-wire'")
    report = update_index(settings)
    assert report.full and report.documents == 5
    directory = index_dir(settings.warehouse_file)
    assert len(gone) == 2 and read_bodies(directory, gone, wait_seconds=1) == {}
    left = [row[0] for row in query(settings, "SELECT article_id FROM articles")]
    assert len(read_bodies(directory, left, wait_seconds=1)) == 5


def test_texts_put_and_not_committed_are_rolled_back(tmp_path):
    with BodyWriter(tmp_path, full=False, wait_seconds=1) as bodies:
        bodies.put([("a", "first text")])
        bodies.commit()
    with BodyWriter(tmp_path, full=False, wait_seconds=1) as bodies:
        bodies.put([("a", "replaced"), ("b", "second text")])
    assert read_bodies(tmp_path, ["a", "b"], wait_seconds=1) == {"a": "first text"}
    with BodyWriter(tmp_path, full=False, wait_seconds=1) as bodies:
        bodies.put([("b", "second text, é and 日本")])
        bodies.commit()
    assert read_bodies(tmp_path, ["a", "b", "c"], wait_seconds=1) == {
        "a": "first text",
        "b": "second text, é and 日本",
    }


def test_a_reader_sees_the_last_commit_while_a_writer_holds_its_transaction(tmp_path):
    with BodyWriter(tmp_path, full=True, wait_seconds=1) as bodies:
        bodies.put([("a", "old")])
        bodies.commit()
    with BodyWriter(tmp_path, full=True, wait_seconds=1) as bodies:
        bodies.put([("b", "new")])
        assert read_bodies(tmp_path, ["a", "b"], wait_seconds=0.1) == {"a": "old"}
        bodies.commit()
    assert read_bodies(tmp_path, ["a", "b"], wait_seconds=1) == {"b": "new"}


def test_many_ids_are_read_in_chunks(tmp_path):
    texts = {f"id-{n:05d}": f"text {n}" for n in range(1_234)}
    with BodyWriter(tmp_path, full=False, wait_seconds=1) as bodies:
        bodies.put(sorted(texts.items()))
        bodies.commit()
    assert read_bodies(tmp_path, [*texts, "id-none"], wait_seconds=1) == texts


def test_hits_come_without_snippets_and_say_why_when_the_texts_cannot_be_read(settings):
    build(settings, corpus())
    file = bodies_file(index_dir(settings.warehouse_file))
    for extra in (file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        extra.unlink(missing_ok=True)
    file.write_bytes(b"not a database " * 100)
    result = run_search(settings, "tram")
    assert [h.title for h in result.hits] == ["Tram extension to the campus"]
    assert result.hits[0].snippet_text == ""
    assert result.snippets_missing is not None and "cannot be read" in result.snippets_missing


def test_the_texts_file_is_an_ordinary_sqlite_database(settings):
    build(settings, corpus())
    file = bodies_file(index_dir(settings.warehouse_file))
    with sqlite3.connect(file) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT count(*) FROM bodies").fetchone() == (7,)


def test_without_the_texts_file_hits_say_so_and_a_rebuild_writes_it_again(settings):
    build(settings, corpus())
    file = bodies_file(index_dir(settings.warehouse_file))
    file.unlink()
    result = run_search(settings, '"pay rise"')
    assert [h.title for h in result.hits] == ["Ferry workers end three-day strike"]
    assert result.hits[0].snippet_text == ""
    assert result.snippets_missing is not None and "--rebuild" in result.snippets_missing
    update_index(settings, rebuild=True)
    again = run_search(settings, '"pay rise"')
    assert again.snippets_missing is None and "**pay** **rise**" in again.hits[0].snippet


def _stored_body_schema() -> tantivy.Schema:
    """The layout of schema version 1, which stored the body in the index's documents."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", stored=False, tokenizer_name="raw")
    builder.add_text_field("article_id", stored=True, tokenizer_name="raw")
    for name in ("title", "body"):
        builder.add_text_field(name, stored=True, tokenizer_name=TEXT_ANALYZER)
    builder.add_text_field("source", stored=True, fast=True, tokenizer_name=KEYWORD_ANALYZER)
    builder.add_text_field("language", stored=True, tokenizer_name=KEYWORD_ANALYZER)
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_date_field("published_at", stored=True)
    builder.add_date_field("event_at", stored=True, indexed=True, fast=True)
    builder.add_integer_field("event_day", fast=True)
    builder.add_text_field("copy_cluster_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("story_id", stored=True, tokenizer_name="raw")
    for name in ("copy_key", "story_key", "article_key"):
        builder.add_integer_field(name, fast=True)
    builder.add_bytes_field("meta", stored=True)
    return builder.build()


def test_an_index_that_still_stores_its_bodies_gives_snippets_from_them(settings, tmp_path):
    build(settings, corpus())
    old = tmp_path / "version-1.search"
    old.mkdir()
    index = tantivy.Index(_stored_body_schema(), path=str(old))
    register_analyzers(index)
    writer = index.writer(15_000_000, 1)
    with read_search_feed(settings.warehouse_file, None, wait_seconds=5) as feed:
        for chunk in feed.chunks:
            for row in chunk:
                writer.add_document(article_document(row))
    writer.commit()
    writer.wait_merging_threads()
    assert not bodies_file(old).exists()
    result = search(old, SearchRequest('"pay rise"'))
    assert result.snippets_missing is None
    assert "**pay** **rise**" in result.hits[0].snippet


def test_a_relative_folder_with_odd_characters_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = Path("a b?c#d%20é")
    with BodyWriter(folder, full=False, wait_seconds=1) as bodies:
        bodies.put([("a", "text")])
        bodies.commit()
    assert (tmp_path / "a b?c#d%20é" / "bodies.sqlite").is_file()
    assert read_bodies(folder, ["a"], wait_seconds=1) == {"a": "text"}
