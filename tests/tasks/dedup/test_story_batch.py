from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.dedup.story import story_features
from tasks.dedup.story_batch import story_terms
from tasks.dedup.tokens import tokenize

from .texts import SAME_EVENT_OTHER_OUTLET, WIRE

# few distinct words, so that terms repeat, titles fall back to the lead, prefixes collide
_WORDS = st.sampled_from(
    ["bridge", "bridges", "council", "the", "about", "Ortiz", "ministers", "minister", "2024",
     "1990s", "vote", "río", "Straße", "a", "it's", "Arlen", "riverton"]
)  # fmt: skip
_TEXT = st.lists(_WORDS, max_size=170).map(" ".join)


@given(st.lists(st.tuples(st.one_of(st.none(), _TEXT), _TEXT), min_size=1, max_size=8))
def test_the_batch_gives_each_article_the_features_story_features_gives(
    articles: list[tuple[str | None, str]],
) -> None:
    batch = story_terms(
        tokenize([t or "" for t, _ in articles]), tokenize([b for _, b in articles])
    )
    for index, (title, body) in enumerate(articles):
        assert batch.features(index) == story_features(title, body)


def test_real_sized_texts_and_rows_sorted_by_article() -> None:
    articles = [("Riverton council approves Arlen bridge", "\n\n".join(WIRE)),
                (None, SAME_EVENT_OTHER_OUTLET), ("", "")]  # fmt: skip
    batch = story_terms(
        tokenize([t or "" for t, _ in articles]), tokenize([b for _, b in articles])
    )
    assert batch.doc.tolist() == sorted(batch.doc.tolist())
    for index, (title, body) in enumerate(articles):
        assert batch.features(index) == story_features(title, body)
