"""What an update writes again: the other members of a story a new article joins only when their
cluster or story id moved (the index then holds every article under the warehouse's ids), and
the whole index only when it would replace more than its share of what the index holds."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import tantivy

from search import update
from search.schema import KIND_ARTICLE, index_dir, open_index
from search.update import update_index
from settings import Settings, load_settings
from tests.search.support import build, corpus, run_search
from tests.warehouse.dedup_support import query

_COPIES = 3  # corpus(): the wire story as three outlets carry it


def _held_ids(settings: Settings) -> list[tuple[str, str, str]]:
    """(article id, copy cluster id, story id) of every article the index holds."""
    index = open_index(index_dir(settings.warehouse_file), create=False)
    searcher = index.searcher()
    kind = tantivy.Query.term_query(index.schema, "kind", KIND_ARTICLE)
    docs = [searcher.doc(address) for _, address in searcher.search(kind, 1000).hits]
    return sorted(
        (
            str(d.get_first("article_id")),
            str(d.get_first("copy_cluster_id")),
            str(d.get_first("story_id")),
        )
        for d in docs
    )


def _warehouse_ids(settings: Settings) -> list[tuple[str, str, str]]:
    rows = query(settings, "SELECT article_id, copy_cluster_id, story_id FROM article_clusters")
    return sorted((str(a), str(c), str(s)) for a, c, s in rows)


def _copies_by_id(tmp_path: Path) -> list[int]:
    """The corpus's copies (their places in ``corpus()``), smallest article id first."""
    scratch = load_settings({}, data_dir=tmp_path / "scratch", settle_seconds=0)
    build(scratch, corpus()[:_COPIES])
    rows = query(scratch, "SELECT article_id, url FROM articles ORDER BY article_id")
    by_url = {a.url: n for n, a in enumerate(corpus()[:_COPIES])}
    return [by_url[str(url)] for _, url in rows]


@pytest.mark.parametrize(
    ("first", "then", "written"),
    [
        # A copy with a larger id: the cluster keeps the first copy's id, only the new one is
        # written (indexed 1, alike 1).
        (0, 1, (1, 1)),
        # A copy with a smaller id: the cluster's id is now the new copy's, and the first copy
        # is written again under it (indexed 2, alike 0).
        (_COPIES - 1, 0, (2, 0)),
    ],
    ids=["larger-id-copy-leaves-the-first", "smaller-id-copy-moves-the-first"],
)
def test_a_second_copy_rewrites_the_first_only_when_its_cluster_id_moves(
    settings, tmp_path, first, then, written
):
    by_id = _copies_by_id(tmp_path)  # places in corpus(), smallest article id first
    articles = corpus()
    build(settings, [articles[by_id[first]], *articles[_COPIES:]])
    report = build(settings, [articles[by_id[then]]], run_id="run-2")
    assert (report.indexed, report.alike) == written
    assert _held_ids(settings) == _warehouse_ids(settings)
    assert [h.copies_total for h in run_search(settings, "Arlen bridge").hits] == [1]


@pytest.mark.parametrize("order", list(itertools.permutations(range(_COPIES))))
def test_in_any_order_of_arrival_the_index_holds_the_warehouse_ids(settings, order):
    articles = corpus()
    build(settings, articles[_COPIES:])
    for run, place in enumerate(order):
        build(settings, [articles[place]], run_id=f"run-{run}")
        assert _held_ids(settings) == _warehouse_ids(settings)
    incremental = run_search(settings, "Arlen bridge").hits
    assert update_index(settings, rebuild=True).full
    rebuilt = run_search(settings, "Arlen bridge").hits
    assert [(h.article_id, h.copies_total) for h in incremental] == [
        (h.article_id, h.copies_total) for h in rebuilt
    ]
    assert len(incremental) == 1 and incremental[0].copies_total == _COPIES - 1


def test_new_articles_however_many_never_make_an_update_rebuild_the_index(
    settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(update, "REINDEX_MIN", 1)  # the share alone decides
    smallest, *_ = _copies_by_id(tmp_path)
    articles = corpus()
    build(settings, [articles[smallest]])
    # Six new articles against an index of one: nothing held is replaced.
    report = build(settings, [a for n, a in enumerate(articles) if n != smallest], run_id="run-2")
    assert not report.full and report.indexed == 6 and report.documents == 7
    assert _held_ids(settings) == _warehouse_ids(settings)


def test_an_update_replacing_more_than_its_share_rebuilds_the_index(
    settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(update, "REINDEX_MIN", 1)
    smallest, *larger = _copies_by_id(tmp_path)
    articles = corpus()
    build(settings, [articles[n] for n in larger])
    # The smallest copy moves both held copies to its cluster: two replaced, past a tenth of 2.
    report = build(settings, [articles[smallest]], run_id="run-2")
    assert report.full and report.indexed == 3 and report.documents == 3
    assert _held_ids(settings) == _warehouse_ids(settings)
