"""Ranking: the words in the order typed, a title match, ties."""

from __future__ import annotations

from tests.search.support import build, run_search
from tests.warehouse.dedup_support import article

FILLER = "The committee met again on Tuesday and the minutes were published in the evening."


def test_a_title_with_the_words_in_the_order_typed_ranks_first(settings):
    build(
        settings,
        [
            article(
                f"Budget talks. {FILLER}", title="Budget talks resume in the council", slug="a"
            ),
            article(
                f"{FILLER} Resume of the talks.", title="Council talks: budget to resume", slug="b"
            ),
            article(f"{FILLER} On the budget, talks resume.", title="Minutes of the day", slug="c"),
        ],
    )
    titles = [h.title for h in run_search(settings, "budget talks resume").hits]
    assert titles[0] == "Budget talks resume in the council"
    assert set(titles) == {
        "Budget talks resume in the council",
        "Council talks: budget to resume",
        "Minutes of the day",
    }


def test_equal_scores_are_ordered_by_article_id(settings):
    build(
        settings,
        [
            article(f"Harbour notice number {n}. {FILLER}", title="Harbour notice", slug=str(n))
            for n in range(6)
        ],
    )
    hits = run_search(settings, "harbour notice").hits
    scores = [round(h.score, 4) for h in hits]
    ids = [h.article_id for h in hits]
    assert len(set(scores)) == 1 and ids == sorted(ids)
