from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tasks.dedup import story
from tasks.dedup.shingles import word_hashes, words
from tasks.dedup.tokens import tokenize

from .texts import WIRE_TEXT

_ALPHABET = st.sampled_from(
    list("abcdeABCDE0123456789 _-.,'\n\t") + list("äöüßẞİıﬁ½²١日本ǅΣς\u00a0\u2019\u0301")
)
_WORD_SOUP = st.lists(
    st.sampled_from(
        [
            *("minister", "ministers", "about", "that", "2024", "12ab", "Straße", "x" * 70),
            *("können", "Können", "która", "którą", "être", "20٢4", "1990s"),
        ]
    ),
    max_size=12,
).map(" ".join)


def _reference(text: str) -> tuple[list[int], list[int]]:
    tokens = words(text)
    return word_hashes(tokens).tolist(), [(story._terms([w]) or [0])[0] for w in tokens]


@given(st.lists(st.one_of(st.text(_ALPHABET, max_size=60), _WORD_SOUP, st.text(max_size=30))))
def test_the_batch_gives_what_the_per_text_functions_give(texts: list[str]) -> None:
    batch = tokenize(texts)
    bounds = batch.bounds()
    for index, text in enumerate(texts):
        hashes, terms = _reference(text)
        assert batch.word_hashes[bounds[index] : bounds[index + 1]].tolist() == hashes
        assert batch.term_ids[bounds[index] : bounds[index + 1]].tolist() == terms


def test_counts_words_per_text_and_keeps_texts_apart() -> None:
    batch = tokenize([WIRE_TEXT, "", "end-of one", "  "])
    assert batch.counts.tolist() == [len(words(WIRE_TEXT)), 0, 3, 0]
    assert np.array_equal(batch.word_hashes[-3:], word_hashes(["end", "of", "one"]))


def test_stopwords_and_short_words_and_numbers_are_no_terms() -> None:
    batch = tokenize(["about the Ministers 2024 1990s"])
    assert batch.term_ids.tolist() == [0, 0, story.term_id("minist"), 0, story.term_id("1990s")]
