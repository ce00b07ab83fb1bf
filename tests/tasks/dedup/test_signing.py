from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from tasks.dedup import minhash
from tasks.dedup.models import DedupInput
from tasks.dedup.shingles import shingles
from tasks.dedup.signing import sign_batch
from tasks.dedup.story import story_features

from .texts import SAME_EVENT_OTHER_OUTLET, SITE_STORY_ONE, WIRE_TEXT

SEEN = datetime(2024, 3, 4, tzinfo=UTC)
CASES = [
    ("Riverton council approves Arlen bridge", WIRE_TEXT),
    (None, SAME_EVENT_OTHER_OUTLET),
    ("Fire", SITE_STORY_ONE),  # one title term: the head comes from the body's lead
    ("a " * 200 + "minister", "the bridge vote " * 30),  # a title longer than the term window
    ("", ""),
    ("Kurz", "zwei Wörter"),
]


def test_the_batch_signs_each_article_as_the_per_text_functions_do() -> None:
    inputs = [
        DedupInput(f"id{n}", title, body, "courier", None, None, None, SEEN)
        for n, (title, body) in enumerate(CASES)
    ]
    signed = sign_batch(inputs)
    for row, (title, body) in enumerate(CASES):
        expected = shingles(body)
        assert signed.shingle_counts[row] == expected.size
        assert np.array_equal(signed.minhashes[row], minhash.signatures([expected])[0])
        assert signed.terms.features(row) == story_features(title, body)
        assert signed.outlets[row] == "courier" and signed.days[row] == 19_786


def test_signing_in_parts_on_worker_processes_gives_the_same_batch() -> None:
    from tasks.dedup.signing import concat_signed, sign_in_parts

    inputs = [
        DedupInput(
            article_id=f"a{n}", title=f"Minister {n % 7} visits", body=WIRE_TEXT + f" Part {n}.",
            source=f"s{n % 3}", url=f"https://site{n % 3}.example/{n}", canonical_url=None,
            published_at=None, first_seen_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        for n in range(1100)
    ]  # fmt: skip
    whole, parts = sign_batch(inputs), sign_in_parts(inputs, processes=2)
    assert concat_signed([sign_batch(inputs[:1])]).article_ids == ["a0"]
    assert parts.article_ids == whole.article_ids and parts.outlets == whole.outlets
    for name in ("shingle_counts", "minhashes", "band_keys", "days"):
        assert np.array_equal(getattr(parts, name), getattr(whole, name)), name
    for name in ("doc", "term", "in_terms", "in_head", "is_key"):
        assert np.array_equal(getattr(parts.terms, name), getattr(whole.terms, name)), name


def test_ranges_by_size_cover_every_item_once_within_the_limit() -> None:
    from tasks.dedup.signing import ranges_by_size

    sizes = [3, 4, 10, 1, 1, 1, 0, 7]
    ranges = ranges_by_size(sizes, 5)
    assert ranges == [(0, 1), (1, 2), (2, 3), (3, 7), (7, 8)]  # 10 and 7 alone: larger items
    assert ranges_by_size([], 5) == []
    assert [i for a, b in ranges for i in range(a, b)] == list(range(len(sizes)))


def test_signing_in_pieces_of_bounded_text_gives_the_same_batch(monkeypatch) -> None:
    from tasks.dedup import signing

    inputs = [
        DedupInput(f"id{n}", title, body, "courier", None, None, None, SEEN)
        for n, (title, body) in enumerate(CASES * 3)
    ]
    whole = sign_batch(inputs)
    monkeypatch.setattr(signing, "CHARS_AT_ONCE", 300)  # a piece per article or two
    pieces = signing.sign_in_parts(inputs, processes=1)
    assert pieces.article_ids == whole.article_ids
    for name in ("shingle_counts", "minhashes", "band_keys", "days"):
        assert np.array_equal(getattr(pieces, name), getattr(whole, name)), name
    for name in ("doc", "term", "in_terms", "in_head", "is_key"):
        assert np.array_equal(getattr(pieces.terms, name), getattr(whole.terms, name)), name
