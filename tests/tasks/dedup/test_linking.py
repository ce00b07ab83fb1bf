"""Near-copy linking reads only the texts a pass in (new, old) order would verify.

The index is an in-memory stand-in for ``warehouse.dedup_index`` (real signatures of real
texts; the candidate pairs are chosen by the test), so the test can count the texts read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from tasks.dedup import nearcopy
from tasks.dedup.interfaces import Fact
from tasks.dedup.linking import MIN_ESTIMATED_JACCARD, link_batch
from tasks.dedup.models import LINKS_PER_DOC, DedupInput, Link
from tasks.dedup.shingles import U64, shingles
from tasks.dedup.signing import SignedBatch, sign_batch
from tasks.dedup.story import StoryRule

from .texts import WIRE, WIRE_TEXT

SEEN = datetime(2025, 5, 6, tzinfo=UTC)


def _filler(seed: int, words: int = 160) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(f"w{int(n)}" for n in rng.integers(0, 50_000, words))


def _partial_copy(seed: int) -> str:
    """Half of the wire text and as much text of its own: alike enough for the MinHash
    estimate, not for the verification."""
    return "\n\n".join([*WIRE[:4], _filler(seed, 120)])


class _Index:
    """Earlier documents 1..n with their texts; candidate pairs as given."""

    def __init__(self, earlier: list[str], batch: list[DedupInput], pairs: list[tuple[int, int]]):
        self.first = len(earlier) + 1
        self.texts = {n + 1: text for n, text in enumerate(earlier)}
        self.texts.update({self.first + n: item.body for n, item in enumerate(batch)})
        stored = sign_batch([_input(f"old{n}", text, n) for n, text in enumerate(earlier)])
        self.signatures = {
            n + 1: row.astype("<u4").tobytes() for n, row in enumerate(stored.minhashes)
        }
        self.pairs = sorted(pairs)
        self.bodies_read: list[int] = []
        self.kept: dict[int, U64] = {}  # the shingle sets the index keeps (dedup_shingles)

    def band_candidates(self, signed: SignedBatch, first: int) -> list[tuple[int, int]]:
        return self.pairs

    def minhashes(self, doc_nos: Sequence[int]) -> dict[int, bytes]:
        return {d: self.signatures[d] for d in doc_nos}

    def url_candidates(self, first: int, urls: Sequence[str | None]) -> list[tuple[int, int]]:
        return []

    def story_candidates(
        self, signed: SignedBatch, first: int, rule: StoryRule
    ) -> list[tuple[int, int, float]]:
        return []

    def article_facts(self, doc_nos: Sequence[int], *, with_body: bool) -> dict[int, Fact]:
        if with_body:
            self.bodies_read += doc_nos
        return {d: self.fact(d, with_body) for d in doc_nos}

    def stored_shingles(self, doc_nos: Sequence[int]) -> dict[int, U64]:
        assert all(d < self.first for d in doc_nos)  # earlier documents only
        return {d: self.kept[d] for d in doc_nos if d in self.kept}

    def fact(self, doc: int, with_body: bool = True) -> Fact:
        return (f"a{doc:03d}", SEEN + timedelta(minutes=doc), self.texts[doc] if with_body else "")


def _input(article_id: str, body: str, minute: int) -> DedupInput:
    seen = SEEN + timedelta(minutes=minute)
    return DedupInput(article_id, "Bridge vote", body, "wire", None, None, None, seen)


def _one_pass(index: _Index, signed: SignedBatch) -> list[Link]:
    """The reference: every likely pair in (new, old) order, each doc's first links kept."""
    from tasks.dedup.linking import _estimated_jaccard, _oriented

    pairs = np.array(index.pairs, dtype=np.int64)
    estimate = _estimated_jaccard(index, index.first, signed, pairs)
    links: list[Link] = []
    per_doc: dict[int, int] = {}
    for new, old in pairs[estimate >= MIN_ESTIMATED_JACCARD].tolist():
        if per_doc.get(new, 0) >= LINKS_PER_DOC:
            continue
        verdict = nearcopy.verify(shingles(index.texts[new]), shingles(index.texts[old]))
        link = _oriented(index.fact(new), index.fact(old), "near_copy", verdict.jaccard)
        if verdict.is_near_copy:
            links.append(link)
            per_doc[new] = per_doc.get(new, 0) + 1
    return links


def test_a_text_copied_many_times_gets_its_earliest_links_and_the_later_copies_go_unread() -> None:
    # earlier: 14 copies of the wire text, and two texts that share half of it
    earlier = [WIRE_TEXT + f" Update {n}." for n in range(16)]
    earlier[1], earlier[4] = _partial_copy(1), _partial_copy(4)
    first = len(earlier) + 1
    texts = [WIRE_TEXT + " Final.", WIRE_TEXT + " Final update.", _filler(7)]
    batch = [_input(f"a{first + n:03d}", text, first + n) for n, text in enumerate(texts)]
    pairs = [(first, old) for old in range(1, 17)]
    pairs += [(first + 1, old) for old in (2, 3, first)]  # a short queue, one pair in the batch
    pairs += [(first + 2, old) for old in (5, 6)]  # unlike: dropped by the estimate
    index = _Index(earlier, batch, pairs)
    signed = sign_batch(batch)

    found = link_batch(batch, signed, first, index).copies

    assert found == _one_pass(index, signed)
    by_doc = [link.article_id for link in found]
    assert by_doc.count(f"a{first:03d}") == LINKS_PER_DOC
    assert by_doc.count(f"a{first + 1:03d}") == 2  # its first candidate is a partial copy
    # the fixture has what it is for: partial copies the estimate lets through, and then fail
    partial = [p for p in found if p.duplicate_of in ("a002", "a005")]
    assert not partial and {2, 5} <= set(index.bodies_read)
    # the first new doc needed its 1st to 10th candidates (two of them failed); 11 to 16 were never read
    assert sorted(index.bodies_read) == list(range(1, 11))  # each read once


def test_earlier_shingle_sets_are_returned_to_keep_and_kept_ones_spare_reading_texts() -> None:
    earlier = [WIRE_TEXT + f" Update {n}." for n in range(12)]
    earlier[1] = _partial_copy(1)
    first = len(earlier) + 1
    batch = [_input(f"a{first:03d}", WIRE_TEXT + " Final.", first)]
    index = _Index(earlier, batch, [(first, old) for old in range(1, 13)])
    signed = sign_batch(batch)

    found = link_batch(batch, signed, first, index)
    verified = sorted(index.bodies_read)
    assert sorted(found.earlier_shingles) == verified  # every earlier set shingled, to keep
    for doc, kept in found.earlier_shingles.items():
        assert np.array_equal(kept, shingles(index.texts[doc]))

    index.kept = found.earlier_shingles  # what the index kept; a later batch of the same copy
    index.bodies_read = []
    again = link_batch(batch, signed, first, index)
    assert again.copies == found.copies
    assert index.bodies_read == [] and again.earlier_shingles == {}  # no earlier text read

    index.kept = {d: s for d, s in found.earlier_shingles.items() if d % 2}  # half of them
    index.bodies_read = []
    partly = link_batch(batch, signed, first, index)
    assert partly.copies == found.copies
    assert (
        sorted(index.bodies_read)
        == sorted(partly.earlier_shingles)
        == [d for d in verified if d % 2 == 0]
    )
