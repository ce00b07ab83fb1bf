from __future__ import annotations

import subprocess
import sys

import numpy as np

from tasks.dedup.shingles import SHINGLE_WORDS, shingles, shingles_of_many, words

from .texts import WIRE_TEXT


def test_form_differences_do_not_change_the_shingles() -> None:
    curly = "It\u2019s the \u201cfinal\u201d vote,\nsaid   the MAYOR of the town today."
    straight = 'it\'s the "final" vote, said the mayor of the town today.'
    assert np.array_equal(shingles(curly), shingles(straight))


def test_word_order_changes_the_shingles() -> None:
    assert not np.array_equal(
        shingles("one two three four five six"), shingles("six five four three two one")
    )


def test_a_text_shorter_than_one_shingle_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("just three words").size == 1
    assert shingles("").size == 0
    assert shingles(WIRE_TEXT).size == len(words(WIRE_TEXT)) - SHINGLE_WORDS + 1 - 0


def test_hashes_are_the_same_in_another_process() -> None:
    code = (
        "from tasks.dedup.shingles import shingles;"
        "print(','.join(map(str, shingles('the council voted on the bridge today')[:3])))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    here = ",".join(map(str, shingles("the council voted on the bridge today")[:3]))
    assert other == here


def test_the_batch_path_gives_each_texts_own_shingles() -> None:
    texts = [WIRE_TEXT, "", "two words", "one two three four five", WIRE_TEXT[:300], "a b c d e f"]
    together = shingles_of_many([words(t) for t in texts])
    for text, batch_result in zip(texts, together, strict=True):
        assert np.array_equal(batch_result, shingles(text)), text
