"""Where a run's dedup passes fall never changes the index, even where the look-up caps bind.

A run loads its batches in its own order and makes passes while it still loads; documents are
numbered by (first seen, load order), so each pass indexes a prefix of what one pass over the
whole run would index. These tests shrink the caps so that they bind with a dozen articles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from settings import Settings
from staging.batches import stage_batch
from tasks.dedup import linking
from tasks.dedup.linking import ALGORITHMS
from tasks.models import Article
from tests.tasks.dedup.texts import SAME_EVENT_OTHER_OUTLET, WIRE
from tests.warehouse.dedup_support import article, query
from warehouse import dedup_index, dedup_run, dedup_stories
from warehouse import migrate as migrate_module
from warehouse.dedup_run import dedup_pending
from warehouse.load import load_staged
from warehouse.migrate import migrate, migrations

EPOCH = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)  # one run: all its articles first seen then


@pytest.fixture(autouse=True)
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup_index, "BUCKET_CAP", 2)
    monkeypatch.setattr(dedup_stories, "STORY_BUCKET_CAP", 2)
    for module in (dedup_index, dedup_stories):
        monkeypatch.setattr(module, "CANDIDATES_PER_DOC", 2)
    for module in (linking, dedup_stories):
        monkeypatch.setattr(module, "LINKS_PER_DOC", 1)
    # an in-run pass indexes whatever is pending, however small the share of the index
    monkeypatch.setattr(dedup_run, "IN_RUN_PASS_FRACTION", 10**9)


def _run_articles() -> list[Article]:
    """Near-copies of one wire story and other outlets' reports of the same event: families
    larger than the caps, in the files' order (not the order of their content-hash ids)."""
    copies = [
        article(
            "\n\n".join([*WIRE, f"Reporting by desk {number}, edition {number * 7}."]),
            title="Riverton approves Arlen bridge",
            source=f"outlet{number % 5}.example",
            slug=f"copy-{number}",
        )
        for number in range(9)
    ]
    reports = [
        article(
            f"{SAME_EVENT_OTHER_OUTLET}\n\nAs told to the {name} by a council member.",
            title="Council backs Arlen river bridge",
            source=f"{name}.example",
            slug=f"report-{name}",
        )
        for name in ("ledger", "observer", "sentinel", "times", "mirror", "post")
    ]
    mixed = [x for pair in zip(copies, reports, strict=False) for x in pair]
    return [*mixed, *copies[len(reports) :]]


def _batches(articles: Sequence[Article], size: int) -> list[Sequence[Article]]:
    return [articles[start : start + size] for start in range(0, len(articles), size)]


def _stage(settings: Settings, articles: Sequence[Article], seq: int) -> None:
    stage_batch(
        settings.staging_dir, run_id="run-1", flow_name="test", articles=articles, rejects=(),
        epoch=EPOCH, seq=seq, number_rows=True,
    )  # fmt: skip


def _index(settings: Settings) -> dict[str, Any]:
    return {
        "docs": query(
            settings,
            "SELECT a.url FROM dedup_docs JOIN articles AS a USING (article_id) ORDER BY doc_no",
        ),
        "duplicates": sorted(
            query(settings, "SELECT article_id, duplicate_of, kind, similarity FROM duplicates")
        ),
        "stories": sorted(
            query(settings, "SELECT article_id, linked_to, similarity FROM story_links")
        ),
        "clusters": sorted(query(settings, "SELECT * FROM article_clusters")),
    }


def _one_pass(settings: Settings, batches: list[Sequence[Article]]) -> dict[str, Any]:
    for seq, batch in enumerate(batches, start=1):
        _stage(settings, batch, seq)
    assert not load_staged(settings).busy
    assert dedup_pending(settings, ALGORITHMS).indexed == sum(map(len, batches))
    return _index(settings)


def _passes_while_loading(
    settings: Settings, batches: list[Sequence[Article]], pass_after: set[int]
) -> dict[str, Any]:
    """Load the run's batches one at a time, in its order, with an in-run pass after the
    batches numbered in ``pass_after``, then the run's final pass."""
    settings = settings.with_overrides(dedup_pass_articles=1)
    for seq, batch in enumerate(batches, start=1):
        _stage(settings, batch, seq)
        assert not load_staged(settings).busy
        if seq in pass_after:
            assert dedup_pending(settings, ALGORITHMS, in_run=True).indexed > 0
    dedup_pending(settings, ALGORITHMS)
    return _index(settings)


@pytest.mark.parametrize("pass_after", [{1, 2, 3, 4}, {1}, {3}, {2, 4}])
def test_passes_during_a_run_give_what_one_pass_gives(
    settings: Settings, tmp_path: Path, pass_after: set[int]
) -> None:
    batches = _batches(_run_articles(), 3)
    whole = _one_pass(settings, batches)
    assert len(whole["docs"]) == 15
    # one link a document (LINKS_PER_DOC): which earlier copy it names depends on the order
    assert len(whole["duplicates"]) == (9 - 1) + (6 - 1) and whole["stories"]
    other = settings.with_overrides(data_dir=tmp_path / "passes")
    assert _passes_while_loading(other, batches, pass_after) == whole


def test_documents_are_numbered_in_load_order_and_rebuild_keeps_it(settings: Settings) -> None:
    articles = _run_articles()
    incremental = _passes_while_loading(settings, _batches(articles, 4), {1, 2})
    assert incremental["docs"] == [(item.url,) for item in articles]
    dedup_pending(settings, ALGORITHMS, rebuild=True)
    assert _index(settings) == incremental


def numbered_ids(settings: Settings) -> list[tuple[Any, ...]]:
    return query(settings, "SELECT article_id FROM articles WHERE load_seq > 0 ORDER BY load_seq")


def test_older_articles_keep_the_order_dedup_gave_them_and_a_pickups_follow_in_load_order(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings.warehouse_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as patch:
        older = [m for m in migrations() if m.version < 90]
        patch.setattr(migrate_module, "migrations", lambda folder=None: older)
        migrate(path)
    with duckdb.connect(str(path)) as connection:
        for article_id, day in [("c", 1), ("a", 2), ("b", 1), ("d", 2)]:
            connection.execute(
                "INSERT INTO articles (article_id, body, authors, word_count, content_hash, "
                "first_seen_at, parser_version) VALUES (?, 'text', [], 1, ?, ?, 'v')",
                [article_id, article_id, datetime(2024, 3, day, tzinfo=UTC)],
            )
    assert migrate(path)[0] == "090_article_load_seq.sql"
    _stage(settings, _run_articles()[:2], seq=1)
    assert not load_staged(settings).busy
    assert query(settings, "SELECT count(*) FROM articles WHERE load_seq IS NULL") == [(4,)]
    numbered = query(settings, "SELECT url, load_seq FROM articles WHERE load_seq IS NOT NULL")
    assert sorted(numbered, key=lambda row: row[1]) == [
        (item.url, number) for number, item in enumerate(_run_articles()[:2], start=1)
    ]
    with duckdb.connect(str(path)) as connection:
        pending, _ = dedup_index.read_pending(connection, 10)
    # older rows first (first seen, then id), then the run's in load order
    expected = ["b", "c", "a", "d"] + [row[0] for row in numbered_ids(settings)]
    assert [item.article_id for item in pending] == expected


def test_one_outlets_earlier_reports_do_not_crowd_out_anothers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document's capped candidates (``CANDIDATES_PER_DOC``, 2 here) are other outlets' (its
    own can never share its story), so a pickup that loads one outlet's files together still
    links across outlets."""
    monkeypatch.setattr(dedup_stories, "STORY_BUCKET_CAP", 1_000)  # only the per-doc cap binds
    title = "Riverton council approves Arlen river bridge"
    parts = [WIRE[0:2], WIRE[2:4], [SAME_EVENT_OTHER_OUTLET], WIRE[4:7]]
    outlets = ["gazette", "gazette", "courier", "gazette"]  # the last after its outlet's two
    run = [
        article("\n\n".join(body), title=title, source=f"{outlet}.example", slug=f"s{number}")
        for number, (body, outlet) in enumerate(zip(parts, outlets, strict=True))
    ]
    _one_pass(settings, [run])
    urls = dict(query(settings, "SELECT article_id, url FROM articles"))
    linked = {(urls[a], urls[b]) for a, b, _ in _index(settings)["stories"]}
    assert ("https://gazette.example/s3", "https://courier.example/s2") in linked


def test_a_group_is_numbered_when_a_pickups_rejects_batch_loads_first(settings: Settings) -> None:
    """A group of one run's batches is numbered if any of them says so: a pickup's rejects
    batch (no articles) loads first, and a batch staged before the flag existed has none."""
    stage_batch(
        settings.staging_dir, run_id="run-1", flow_name="test", articles=[], rejects=[],
        ledger=(), epoch=EPOCH, seq=0,
    )  # fmt: skip
    _stage(settings, _run_articles()[:3], seq=1)
    assert not load_staged(settings).busy
    assert query(settings, "SELECT url FROM articles ORDER BY load_seq NULLS FIRST") == [
        (item.url,) for item in _run_articles()[:3]
    ]
