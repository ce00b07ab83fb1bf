"""The index's story links are exactly what ``same_story`` decides for every candidate pair."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from settings import Settings
from tasks.dedup import story
from tasks.dedup.linking import ALGORITHMS
from tasks.dedup.models import DedupInput
from tasks.dedup.signing import sign_batch
from tasks.dedup.story import StoryDoc, same_story
from tests.tasks.dedup.texts import SAME_EVENT_OTHER_OUTLET, SITE_STORY_ONE, WIRE, WIRE_TEXT
from tests.warehouse.dedup_support import article, ingest, query
from warehouse.dedup_index import read_pending
from warehouse.dedup_run import dedup_pending

ARTICLES = [  # body, title, outlet, days after day 0
    (WIRE_TEXT, "Riverton council approves Arlen bridge", "gazette", 0),
    (SAME_EVENT_OTHER_OUTLET, None, "courier", 1),
    (SAME_EVENT_OTHER_OUTLET + " Update.", None, "courier", 2),  # same outlet as the one above
    ("\n\n".join(WIRE[2:6]), "Bridge vote: opponents wanted schools", "herald", 3),
    ("\n\n".join(WIRE[1:4]), "Arlen bridge", "tribune", 5),  # outside the window of the first
    ("\n\n".join(WIRE[::-1]), None, None, 2),  # no outlet known
    (SITE_STORY_ONE, "Bakery fire on Elm Street", "courier", 0),
]


def test_story_links_are_same_story_of_every_candidate_pair(settings: Settings) -> None:
    ingest(settings, [
        article(body, title=title, source=outlet, slug=str(n), days=days)
        for n, (body, title, outlet, days) in enumerate(ARTICLES)
    ])  # fmt: skip
    from warehouse.connection import read_connection

    with read_connection(settings.warehouse_file) as connection:
        inputs: list[DedupInput] = read_pending(connection, 100)[0]
    dedup_pending(settings, ALGORITHMS)
    signed = sign_batch(inputs)
    docs = [
        StoryDoc(signed.terms.features(n), signed.outlets[n], int(signed.days[n]))
        for n in range(len(inputs))
    ]
    expected = set()
    for first, second in combinations(range(len(inputs)), 2):
        shared_keys = set(docs[first].features.key_terms) & set(docs[second].features.key_terms)
        in_window = abs(docs[first].day - docs[second].day) <= story.WINDOW_DAYS
        similarity = same_story(docs[second], docs[first])
        if len(shared_keys) >= story.MIN_SHARED_KEY_TERMS and in_window and similarity:
            pair = sorted((inputs[first].article_id, inputs[second].article_id))
            expected.add((*pair, similarity))
    links = query(settings, "SELECT article_id, linked_to, similarity FROM story_links")
    assert {(*sorted((a, b)), s) for a, b, s in links} == expected
    assert len(expected) >= 3  # the test texts do make stories, and not all pairs do
    assert len(expected) < len(inputs) * (len(inputs) - 1) // 2


def test_story_links_do_not_depend_on_the_runs_a_batch_is_matched_in(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents whose term matches would pass ``MATCHES_AT_ONCE`` are matched in several runs,
    all against the one read of the index's buckets; the links are those of a single run."""
    import warehouse.dedup_stories as dedup_stories

    ingest(settings, [
        article(body, title=title, source=outlet, slug=str(n), days=days)
        for n, (body, title, outlet, days) in enumerate(ARTICLES)
    ])  # fmt: skip
    dedup_pending(settings, ALGORITHMS)
    one_run = query(settings, "SELECT * EXCLUDE (found_at) FROM story_links ORDER BY ALL")
    runs: list[set[int]] = []  # the documents each run looks up
    chunk_candidates = dedup_stories._chunk_candidates

    def counted(*args: Any) -> list[tuple[int, int, float]]:
        runs.append(set(args[1]["doc_no"].tolist()))
        return chunk_candidates(*args)

    monkeypatch.setattr(dedup_stories, "MATCHES_AT_ONCE", 1)
    monkeypatch.setattr(dedup_stories, "_chunk_candidates", counted)
    dedup_pending(settings, ALGORITHMS, rebuild=True)
    assert len(runs) >= 3
    assert sum(len(docs) for docs in runs) == len(set().union(*runs))  # each doc in one run
    assert query(settings, "SELECT * EXCLUDE (found_at) FROM story_links ORDER BY ALL") == one_run
    assert len(one_run) >= 3
