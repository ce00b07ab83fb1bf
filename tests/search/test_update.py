"""The index follows the warehouse: incremental updates, rebuilds, clusters that merge."""

from __future__ import annotations

from search.schema import index_dir, open_index
from search.update import count_articles, stored_position, update_index
from tests.search.support import build, corpus, run_search
from tests.support.holder import held_by_another_process
from tests.warehouse.dedup_support import ingest, query
from warehouse.connection import write_connection


def test_the_first_update_indexes_every_article_and_records_the_watermark(settings):
    report = build(settings, corpus())
    assert report.full and report.indexed == 7 and report.documents == 7
    index = open_index(index_dir(settings.warehouse_file), create=False)
    position = stored_position(index)
    last = query(settings, "SELECT doc_no, article_id FROM dedup_docs ORDER BY doc_no DESC LIMIT 1")
    assert position is not None and (position.doc_no, position.article_id) == last[0]


def test_an_update_with_nothing_new_writes_nothing(settings):
    build(settings, corpus())
    again = update_index(settings)
    assert not again.full and again.indexed == 0 and again.documents == 7


def test_new_articles_are_indexed_incrementally_and_found(settings):
    build(settings, corpus()[:4])
    assert run_search(settings, "tram").hits == []
    report = build(settings, corpus()[4:], run_id="run-2")
    assert not report.full and report.indexed == 3 and report.documents == 7
    assert [h.title for h in run_search(settings, "tram").hits] == ["Tram extension to the campus"]


def test_a_copy_arriving_later_moves_its_cluster_and_the_hit_collapses(settings):
    articles = corpus()
    build(settings, [articles[0], *articles[3:]])
    alone = run_search(settings, "Arlen bridge")
    assert [h.copies_total for h in alone.hits] == [0]
    build(settings, articles[1:3], run_id="run-2")
    hits = run_search(settings, "Arlen bridge").hits
    assert len(hits) == 1 and hits[0].copies_total == 2
    assert sorted([hits[0].source, *(c.source for c in hits[0].copies)]) == [
        "harbor-gazette",
        "valley-times",
        "wire-one",
    ]


def test_a_rebuild_gives_the_same_results_as_the_incremental_updates(settings):
    articles = corpus()
    for n, item in enumerate(articles):
        build(settings, [item], run_id=f"run-{n}")
    queries = ["bridge", "harbour OR tram", '"pay rise"', "source:metro-wire", "harbour -dredging"]
    before = {
        q: [(h.article_id, h.copies_total, h.snippet) for h in run_search(settings, q).hits]
        for q in queries
    }
    report = update_index(settings, rebuild=True)
    assert report.full and report.documents == 7
    after = {
        q: [(h.article_id, h.copies_total, h.snippet) for h in run_search(settings, q).hits]
        for q in queries
    }
    assert after == before
    assert all(before[q] for q in queries)


def test_a_renumbered_dedup_index_is_noticed_and_the_search_index_rebuilt(settings):
    build(settings, corpus())
    with write_connection(settings.warehouse_file) as connection:
        connection.execute(
            "UPDATE dedup_docs SET article_id = 'renumbered' "
            "WHERE doc_no = (SELECT max(doc_no) FROM dedup_docs)"
        )
    report = update_index(settings)
    assert report.full and report.documents == 7


def test_an_article_the_watermark_cannot_explain_triggers_a_full_rebuild(settings):
    build(settings, corpus())
    with write_connection(settings.warehouse_file) as connection:
        connection.execute("DELETE FROM articles WHERE source = 'metro-wire'")
    report = update_index(settings)
    assert report.full and report.documents == 5
    assert run_search(settings, "tram").hits == []


def test_a_second_writer_is_turned_away_while_the_first_holds_the_index(settings):
    build(settings, corpus())
    index = open_index(index_dir(settings.warehouse_file), create=False)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    try:
        report = update_index(settings.with_overrides(load_wait_seconds=0.2))
        assert report.busy
    finally:
        writer.rollback()
        del writer
    assert count_articles(index) == 7
    assert not update_index(settings).busy


def test_a_search_is_not_blocked_while_a_load_holds_the_warehouse(settings):
    build(settings, corpus())
    with held_by_another_process(settings.warehouse_file, read_only=False):
        hits = run_search(settings, "tram").hits
    assert [h.title for h in hits] == ["Tram extension to the campus"]


def test_an_update_finding_the_warehouse_held_reports_busy_and_changes_nothing(settings):
    build(settings, corpus()[:4])
    ingest(settings, corpus()[4:], run_id="run-2")
    with held_by_another_process(settings.warehouse_file, read_only=False):
        report = update_index(settings.with_overrides(load_wait_seconds=0.2))
    assert report.busy
    assert run_search(settings, "tram").hits == []
    assert update_index(settings).documents == 7
    assert [h.title for h in run_search(settings, "tram").hits] == ["Tram extension to the campus"]


def test_an_index_of_another_schema_is_replaced_by_the_next_update(settings):
    import tantivy

    directory = index_dir(settings.warehouse_file)
    directory.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("old_field", stored=True)
    old = tantivy.Index(builder.build(), path=str(directory))
    writer = old.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(old_field="from an older version"))
    writer.commit()
    writer.wait_merging_threads()
    report = build(settings, corpus())
    assert report.full and report.documents == 7
    assert [h.title for h in run_search(settings, "tram").hits] == ["Tram extension to the campus"]
