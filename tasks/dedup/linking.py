"""A batch's links, found through the index's look-ups (``IndexLookups``): versions (same
canonical URL, changed text), near-copies (LSH band candidates, the MinHash estimate, then the
exact shingle Jaccard) and same-story peers. Every link depends on its two articles only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from tasks.dedup import minhash, nearcopy, story
from tasks.dedup.clusters import components
from tasks.dedup.interfaces import BatchLinks, Fact, IndexLookups
from tasks.dedup.models import LINKS_PER_DOC, NEAR_COPY, VERSION, DedupInput, Link, link_pair
from tasks.dedup.shingles import U64, shingles
from tasks.dedup.signing import CHARS_AT_ONCE, SignedBatch, ranges_by_size, sign_in_parts
from tasks.dedup.tokens import shingles_of_texts

# Pairs whose estimated Jaccard is below this are not worth reading the texts for: the
# estimate's standard error is <= 0.045, and the loosest accepted pair has Jaccard >= 0.36.
MIN_ESTIMATED_JACCARD = 0.2
VERSION_METHOD = "canonical_url"
_PAIRS_AT_ONCE = 32_768


class Algorithms:
    """The algorithms ``warehouse.dedup_run`` applies to each batch (``DedupAlgorithms``)."""

    def sign(self, batch: list[DedupInput], *, processes: int) -> SignedBatch:
        return sign_in_parts(batch, processes=processes)

    def link(
        self, batch: list[DedupInput], signed: SignedBatch, first: int, lookups: IndexLookups
    ) -> BatchLinks:
        return link_batch(batch, signed, first, lookups)

    def components(
        self, members: Iterable[str], links: Iterable[tuple[str, str]]
    ) -> dict[str, str]:
        return components(members, links)


ALGORITHMS = Algorithms()


def link_batch(
    batch: list[DedupInput], signed: SignedBatch, first: int, lookups: IndexLookups
) -> BatchLinks:
    """The links of the batch whose first doc number is ``first``."""
    facts = _Facts(lookups, first, batch)
    versions = _version_links(lookups, first, batch, facts)
    copies, earlier_shingles = _near_copy_links(
        lookups, first, signed, facts, {link_pair(x) for x in versions}
    )
    stories = _story_links(lookups, first, signed, facts)
    return BatchLinks(copies, versions, stories, earlier_shingles)


class _Facts:
    """(article_id, first_seen_at, body) by doc number: the batch's own from memory, earlier
    articles read from the warehouse for the doc numbers asked for, and only then."""

    def __init__(self, lookups: IndexLookups, first: int, batch: list[DedupInput]):
        self._lookups = lookups
        self._first = first
        self._batch = batch

    def get(self, doc_nos: Iterable[int], *, with_body: bool = True) -> dict[int, Fact]:
        wanted = set(doc_nos)
        earlier = sorted(d for d in wanted if d < self._first)
        out = self._lookups.article_facts(earlier, with_body=with_body)
        for doc in wanted - set(earlier):
            item = self._batch[doc - self._first]
            out[doc] = (item.article_id, item.first_seen_at, item.body if with_body else "")
        return out


def _near_copy_links(
    lookups: IndexLookups,
    first: int,
    signed: SignedBatch,
    facts: _Facts,
    versions: set[tuple[str, str]],
) -> tuple[list[Link], dict[int, U64]]:
    """Each new doc's likely candidates verified in (new, old) order until it has
    ``LINKS_PER_DOC`` links: the links of one pass over every pair, but the texts read and
    shingled are only those of the pairs such a pass verifies. A text copied many times over
    gets up to ``CANDIDATES_PER_DOC`` candidates that are all copies, of which the first
    ``LINKS_PER_DOC`` are kept, so the rest are never read. An earlier document's shingle set
    is the one the index keeps if it has one (no text read); else its text is shingled, and
    the set returned for the index to keep."""
    pairs = np.array(lookups.band_candidates(signed, first), dtype=np.int64)
    if not pairs.size:
        return [], {}
    estimate = _estimated_jaccard(lookups, first, signed, pairs)
    queues: dict[int, list[int]] = {}  # new doc -> its likely earlier docs, earliest first
    for new_doc, old_doc in pairs[estimate >= MIN_ESTIMATED_JACCARD].tolist():
        queues.setdefault(new_doc, []).append(old_doc)
    links: dict[int, list[Link]] = {new_doc: [] for new_doc in queues}
    verified = dict.fromkeys(queues, 0)  # how many of each doc's queue are verified
    known: dict[int, Fact] = {}
    shingle_sets: dict[int, U64] = {}
    shingled_earlier: dict[int, U64] = {}
    while True:
        # Each doc's next candidates, as many as it still has room for links: a pass in order
        # verifies each of them too (it stops only once the doc has all its links).
        wave = []
        for new_doc, olds in queues.items():
            room = LINKS_PER_DOC - len(links[new_doc])
            taken = olds[verified[new_doc] : verified[new_doc] + room]
            verified[new_doc] += len(taken)
            wave += [(new_doc, old_doc) for old_doc in taken]
        if not wave:
            break
        unread = {d for pair in wave for d in pair} - known.keys()
        stored = lookups.stored_shingles(sorted(d for d in unread if d < first))
        shingle_sets.update(stored)
        known.update(facts.get(stored.keys(), with_body=False))
        texts_needed = sorted(unread - stored.keys())
        known.update(facts.get(texts_needed))
        _add_shingle_sets(shingle_sets, known, texts_needed)
        shingled_earlier.update((d, shingle_sets[d]) for d in texts_needed if d < first)
        for new_doc, old_doc in wave:
            verdict = nearcopy.verify(shingle_sets[new_doc], shingle_sets[old_doc])
            link = _oriented(known[new_doc], known[old_doc], NEAR_COPY, verdict.jaccard)
            if verdict.is_near_copy and link_pair(link) not in versions:  # a version is linked
                links[new_doc].append(link)
    return [link for new_doc in queues for link in links[new_doc]], shingled_earlier


def _add_shingle_sets(
    shingle_sets: dict[int, U64], known: dict[int, Fact], docs: list[int]
) -> None:
    """The shingle sets of ``docs`` (their texts in ``known``), tokenized a slice at a time."""
    texts = [known[d][2] for d in docs]
    for start, stop in ranges_by_size([len(text) for text in texts], CHARS_AT_ONCE):
        shingle_sets.update(
            zip(docs[start:stop], shingles_of_texts(texts[start:stop]), strict=True)
        )


def _estimated_jaccard(
    lookups: IndexLookups, first: int, signed: SignedBatch, pairs: np.ndarray
) -> np.ndarray:
    """The MinHash estimate of each pair's Jaccard similarity: each document's signature held
    once, the pairs compared ``_PAIRS_AT_ONCE`` at a time (a row per pair would be 504 bytes
    times every pair)."""
    olds = np.unique(pairs[:, 1])
    stored = lookups.minhashes([int(d) for d in olds if d < first])
    signatures = np.stack(
        [
            np.frombuffer(stored[d], dtype="<u4") if d < first else signed.minhashes[d - first]
            for d in olds.tolist()
        ]
    )
    row_of_old = np.searchsorted(olds, pairs[:, 1])
    estimate = np.empty(len(pairs))
    for start in range(0, len(pairs), _PAIRS_AT_ONCE):
        part = slice(start, start + _PAIRS_AT_ONCE)
        equal = signed.minhashes[pairs[part, 0] - first] == signatures[row_of_old[part]]
        estimate[part] = np.count_nonzero(equal, axis=1) / minhash.NUM_PERM
    return estimate


def _version_links(
    lookups: IndexLookups, first: int, batch: Sequence[DedupInput], facts: _Facts
) -> list[Link]:
    """Layer 1: the same canonical URL with a changed text is a new version of the document."""
    urls = [item.canonical_url for item in batch]
    pairs = lookups.url_candidates(first, urls)
    known = facts.get({d for pair in pairs for d in pair})
    links = []
    for new_doc, old_doc in pairs:
        verdict = nearcopy.verify(shingles(known[new_doc][2]), shingles(known[old_doc][2]))
        links.append(_oriented(known[new_doc], known[old_doc], VERSION, verdict.jaccard))
    return links


def _story_links(
    lookups: IndexLookups, first: int, signed: SignedBatch, facts: _Facts
) -> list[Link]:
    accepted = lookups.story_candidates(signed, first, story.RULE)
    known = facts.get({d for p in accepted for d in p[:2]}, with_body=False)
    return [
        Link(*link_pair(_oriented(known[a], known[b], "story", s)), "story", s, story.METHOD)
        for a, b, s in accepted
    ]


def _oriented(
    first: Fact,
    second: Fact,
    kind: str,
    similarity: float,
) -> Link:
    """The later article (first seen, then id) points at the earlier one."""
    earlier, later = sorted((first, second), key=lambda fact: (fact[1], fact[0]))
    method = nearcopy.METHOD if kind == NEAR_COPY else VERSION_METHOD
    return Link(later[0], earlier[0], kind, round(similarity, 6), method)
