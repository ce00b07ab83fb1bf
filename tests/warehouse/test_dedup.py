"""Near-copies and stories in a real warehouse: across runs, no false merges, idempotence,
rebuild equal to the incremental path, a busy warehouse leaving articles pending."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

from settings import Settings
from tasks.dedup.linking import ALGORITHMS
from tests.tasks.dedup.texts import (
    SAME_EVENT_OTHER_OUTLET,
    SITE_FOOTER,
    SITE_HEADER,
    SITE_STORY_ONE,
    SITE_STORY_TWO,
    WIRE,
    WIRE_TEXT,
    brief,
)
from tests.warehouse.dedup_support import article, cluster_of, ingest, query
from warehouse import dedup_run
from warehouse.dedup_run import dedup_pending

TRIMMED = "RIVERTON (Wire Service) -\n\n" + "\n\n".join(WIRE[:5])
NOTED = "\n\n".join([WIRE[0], "Editor's note: corrected the vote count.", *WIRE[1:]])


def _state(settings: Settings) -> dict[str, Any]:
    return {
        "clusters": sorted(query(settings, "SELECT * FROM article_clusters")),
        "duplicates": sorted(
            query(settings, "SELECT article_id, duplicate_of, kind, similarity FROM duplicates")
        ),
        "stories": sorted(
            query(settings, "SELECT article_id, linked_to, similarity FROM story_links")
        ),
    }


def test_near_copies_across_runs_share_a_copy_cluster(settings: Settings) -> None:
    ingest(settings, [article(WIRE_TEXT, title="Bridge approved", source="gazette", slug="1")])
    assert dedup_pending(settings, ALGORITHMS).indexed == 1
    ingest(
        settings,
        [
            article(TRIMMED, title="Riverton bridge", source="courier", slug="2"),
            article(NOTED, title="Council votes for bridge", source="herald", slug="3"),
        ],
        run_id="run-2",
    )
    report = dedup_pending(settings, ALGORITHMS)
    # each copy links to the original; the two copies differ too much to link to each other
    assert (report.indexed, report.near_copy_links) == (2, 2)
    clusters = cluster_of(settings)
    assert len({copy for copy, _ in clusters.values()}) == 1
    kinds = query(settings, "SELECT DISTINCT kind, method FROM duplicates")
    assert [k for k, _ in kinds] == ["near_copy"] and "minhash" in kinds[0][1]
    rows = query(settings, "SELECT copies, outlets FROM syndication")
    assert rows == [(3, ["courier", "gazette", "herald"])]


def test_same_event_by_two_outlets_is_one_story_but_two_copy_clusters(
    settings: Settings,
) -> None:
    ingest(
        settings,
        [
            article(WIRE_TEXT, title="Riverton council approves Arlen bridge", source="gazette"),
            article(SAME_EVENT_OTHER_OUTLET, title=None, source="courier", slug="b", days=1),
        ],
    )
    dedup_pending(settings, ALGORITHMS)
    (first, second) = cluster_of(settings).values()
    assert first[1] == second[1] and first[0] != second[0]
    assert query(settings, "SELECT count(*) FROM duplicates") == [(0,)]
    assert query(settings, "SELECT articles, outlets, title FROM stories") == [
        (2, ["courier", "gazette"], "Riverton council approves Arlen bridge")
    ]
    assert query(settings, "SELECT articles, unique_texts, stories FROM daily_unique_stories") == [
        (1, 1, 1),
        (1, 1, 1),
    ]


def test_boilerplate_briefs_and_one_site_never_merge(settings: Settings) -> None:
    ingest(
        settings,
        [
            article("\n\n".join([SITE_HEADER, SITE_STORY_ONE, SITE_FOOTER]), slug="fire",
                    title="Bakery fire", source="courier"),
            article("\n\n".join([SITE_HEADER, SITE_STORY_TWO, SITE_FOOTER]), slug="band",
                    title="Band wins", source="courier"),
            article(brief("Riverton", 34, "Monday", "car chase", "Elm Street"), slug="b1"),
            article(brief("Riverton", 34, "Monday", "car chase", "Oak Street"), slug="b2"),
            article(brief("Lakeside", 51, "Friday", "bar fight", "Main Street"), slug="b3"),
        ],
    )  # fmt: skip
    dedup_pending(settings, ALGORITHMS)
    clusters = cluster_of(settings)
    assert len({copy for copy, _ in clusters.values()}) == 5
    assert query(settings, "SELECT count(*) FROM duplicates") == [(0,)]


def test_ingesting_the_same_near_copies_twice_adds_nothing(settings: Settings) -> None:
    batch = [
        article(WIRE_TEXT, source="gazette", slug="1"),
        article(TRIMMED, source="courier", slug="2"),
    ]
    ingest(settings, batch)
    dedup_pending(settings, ALGORITHMS)
    before = _state(settings)
    ingest(settings, batch, run_id="run-2")
    again = dedup_pending(settings, ALGORITHMS)
    assert again.indexed == 0 and _state(settings) == before


def test_rebuild_gives_what_the_incremental_path_gave(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = settings.with_overrides(dedup_batch_size=2)
    texts = [
        (WIRE_TEXT, "gazette", "Riverton approves Arlen bridge"),
        (SAME_EVENT_OTHER_OUTLET, "courier", None),
        (TRIMMED, "herald", "Arlen bridge approved"),
        (NOTED, "tribune", None),
        (brief("Riverton", 34, "Monday", "car chase", "Elm Street"), "gazette", None),
        ("\n\n".join([SITE_HEADER, SITE_STORY_ONE, SITE_FOOTER]), "courier", "Bakery fire"),
    ]
    for number, (body, source, title) in enumerate(reversed(texts)):  # one run each
        ingest(small, [article(body, title=title, source=source, slug=str(number))], f"r{number}")
        dedup_pending(small, ALGORITHMS)
    incremental = _state(small)
    assert len(incremental["duplicates"]) == 2 and incremental["stories"]
    dedup_pending(settings, ALGORITHMS, rebuild=True)
    assert _state(settings) == incremental
    monkeypatch.setattr(dedup_run, "HOLD_SECONDS", 0.0)  # reopen the file after every batch
    report = dedup_pending(small, ALGORITHMS, rebuild=True)
    assert report.indexed == len(texts) and _state(small) == incremental


def test_same_canonical_url_with_a_changed_text_is_a_version(settings: Settings) -> None:
    # The loader still resolves a known canonical URL to its first article, so the refined
    # layer 1 (a new row per changed text) is simulated here by two rows written directly.
    ingest(settings, [article(WIRE_TEXT, source="gazette", slug="1")])
    url = "https://gazette.example/bridge"
    with _writer(settings) as connection:
        connection.execute("UPDATE articles SET canonical_url = ?", [url])
        connection.execute(
            "INSERT INTO articles SELECT * REPLACE ('v2' || article_id[3:] AS article_id, "
            "? AS body, 'x' AS content_hash, "
            "first_seen_at + INTERVAL 1 HOUR AS first_seen_at) FROM articles",
            [SAME_EVENT_OTHER_OUTLET],
        )
    report = dedup_pending(settings, ALGORITHMS)
    assert report.version_links == 1 and report.near_copy_links == 0
    assert query(settings, "SELECT kind, method FROM duplicates") == [("version", "canonical_url")]
    assert len({copy for copy, _ in cluster_of(settings).values()}) == 1


def test_a_busy_warehouse_leaves_articles_pending(settings: Settings) -> None:
    ingest(settings, [article(WIRE_TEXT, source="gazette")])
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            connection = duckdb.connect({str(settings.warehouse_file)!r})
            print("holding", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        busy = dedup_pending(settings.with_overrides(load_wait_seconds=0.2), ALGORITHMS)
        assert busy.busy and busy.indexed == 0
    finally:
        holder.communicate("\n", timeout=30)
    report = dedup_pending(settings, ALGORITHMS)
    assert report.indexed == 1 and report.pending == 0


def _writer(settings: Settings) -> Any:
    from warehouse.connection import write_connection

    return write_connection(settings.warehouse_file)


def test_read_pending_gives_the_oldest_unindexed_articles_with_their_own_fields(
    settings: Settings,
) -> None:
    from warehouse.connection import read_connection
    from warehouse.dedup_index import read_pending

    ingest(settings, [article(WIRE_TEXT, source="gazette", slug="old")])
    dedup_pending(settings, ALGORITHMS)
    texts = [SITE_STORY_ONE, SITE_STORY_TWO, SAME_EVENT_OTHER_OUTLET]
    ingest(
        settings,
        [article(t, title=f"t{n}", source=f"s{n}", slug=str(n)) for n, t in enumerate(texts)],
        run_id="run-2",
    )
    stored = {
        row[0]: row[1:]
        for row in query(settings, "SELECT article_id, title, body, source, url FROM articles")
    }
    pending_ids = sorted(aid for aid, (_, body, _, _) in stored.items() if body != WIRE_TEXT)
    with read_connection(settings.warehouse_file) as connection:
        first, more = read_pending(connection, 2)
        every, more_after_all = read_pending(connection, 10)
    assert [item.article_id for item in first] == pending_ids[:2] and more
    assert [item.article_id for item in every] == pending_ids and not more_after_all
    for item in every:  # each text with its own article, not another row's
        assert (item.title, item.body, item.source, item.url) == stored[item.article_id]


def test_a_pass_inside_a_run_waits_for_enough_pending_articles_and_the_final_pass_takes_all(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An in-run pass indexes once ``dedup_pass_articles`` and 1/``IN_RUN_PASS_FRACTION`` of the
    index are pending; the final pass (not in-run) indexes whatever is pending."""
    monkeypatch.setattr(dedup_run, "IN_RUN_PASS_FRACTION", 1)  # wait for as many as indexed
    settings = settings.with_overrides(dedup_pass_articles=1)
    ingest(settings, [article(WIRE_TEXT, title="Bridge approved", source="gazette", slug="1")])
    assert dedup_pending(settings, ALGORITHMS, in_run=True).indexed == 1  # empty index: 1 is enough
    ingest(
        settings,
        [article(TRIMMED, title="Riverton bridge", source="courier", slug="2")],
        run_id="run-2",
    )
    ingest(
        settings, [article(NOTED, title="Council votes", source="herald", slug="3")], run_id="run-3"
    )
    assert dedup_pending(settings, ALGORITHMS, in_run=True).indexed == 2  # 2 pending >= 1 indexed
    briefs = [
        ("4", "Brief four", ("Ashby", 41, "Monday", "a fire", "Mill Road")),
        ("5", "Brief five", ("Corton", 67, "Friday", "a flood", "Quay Lane")),
    ]
    for slug, title, facts in briefs:  # one run each
        body = brief(*facts)
        ingest(
            settings, [article(body, title=title, source="post", slug=slug)], run_id=f"run-{slug}"
        )
    waited = dedup_pending(settings, ALGORITHMS, in_run=True)  # 2 pending < 3 indexed
    assert (waited.indexed, waited.pending) == (0, 2)
    assert query(settings, "SELECT count(*) FROM dedup_docs") == [(3,)]
    final = dedup_pending(settings, ALGORITHMS)
    assert (final.indexed, final.pending) == (2, 0)
    assert query(settings, "SELECT count(*) FROM dedup_docs") == [(5,)]
