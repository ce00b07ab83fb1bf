"""Everything the index stores about a batch of articles, computed in one vectorised pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from tasks.dedup import minhash
from tasks.dedup.models import DedupInput
from tasks.dedup.shingles import SHINGLE_WORDS, distinct_counts, shingle_runs
from tasks.dedup.story import outlet_of
from tasks.dedup.story_batch import StoryTerms, story_terms
from tasks.dedup.tokens import tokenize
from tasks.stage_times import add, collecting, timed
from tasks.workers import map_in_workers

_SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class SignedBatch:
    article_ids: list[str]
    shingle_counts: npt.NDArray[np.int64]
    minhashes: minhash.U32  # (articles, NUM_PERM)
    band_keys: minhash.I64  # (articles, BANDS)
    terms: StoryTerms  # story term set, headline terms and key terms of every article
    outlets: list[str | None]
    days: npt.NDArray[np.int32]  # event day of every article (days since 1970-01-01, UTC)


def event_day(published_at: datetime | None, first_seen_at: datetime) -> int:
    """UTC day number of when the event happened: published, else first seen."""
    moment = published_at or first_seen_at
    return int(moment.timestamp() // _SECONDS_PER_DAY)


# Below this many articles a part, shipping texts to a worker costs more than it saves.
_MIN_PART = 500
# Signing holds a Python string per word and numpy arrays per word and shingle: about 70
# bytes per character of text at its peak (tracemalloc), so a part is signed in pieces of at
# most this many characters (~18 MB; 2,000,000 took 58 MB of a dedup pass's peak, and was no
# faster): a batch of ten thousand long articles would otherwise take gigabytes.
CHARS_AT_ONCE = 250_000


def ranges_by_size(sizes: Sequence[int], limit: int) -> list[tuple[int, int]]:
    """Consecutive (start, stop) ranges covering ``sizes``, each adding up to at most ``limit``
    (an item larger than that is a range of its own)."""
    ranges: list[tuple[int, int]] = []
    start, total = 0, 0
    for index, size in enumerate(sizes):
        if index > start and total + size > limit:
            ranges.append((start, index))
            start, total = index, 0
        total += size
    if start < len(sizes):
        ranges.append((start, len(sizes)))
    return ranges


def sign_in_parts(inputs: Sequence[DedupInput], *, processes: int) -> SignedBatch:
    """``sign_batch`` of the inputs split over ``processes`` worker processes, each part
    signed in pieces of at most ``CHARS_AT_ONCE`` characters: the same result (each article's
    signature depends on its own text only)."""
    parts = max(1, min(processes, len(inputs) // _MIN_PART))
    size = -(-len(inputs) // parts) if inputs else 1
    pieces: list[list[DedupInput]] = []
    for first in range(0, len(inputs), size):
        part = inputs[first : first + size]
        lengths = [len(item.body) + len(item.title or "") for item in part]
        pieces += [list(part[a:b]) for a, b in ranges_by_size(lengths, CHARS_AT_ONCE)]
    if len(pieces) <= 1:
        return sign_batch(inputs)
    if parts == 1:
        return concat_signed([sign_batch(piece) for piece in pieces])
    signed = map_in_workers(sign_batch_timed, pieces, processes=processes)
    for _, seconds in signed:
        add(seconds)  # CPU of the workers (the wait here costs none)
    return concat_signed([batch for batch, _ in signed])


def sign_batch_timed(inputs: Sequence[DedupInput]) -> tuple[SignedBatch, dict[str, float]]:
    """``sign_batch`` and its CPU seconds, for a worker process."""
    with collecting() as seconds, timed("dedup signing"):
        signed = sign_batch(inputs)
    return signed, seconds


def concat_signed(parts: Sequence[SignedBatch]) -> SignedBatch:
    """One batch of the parts' articles, in order."""
    offsets = np.cumsum([0, *(len(p.article_ids) for p in parts[:-1])])
    return SignedBatch(
        article_ids=[a for p in parts for a in p.article_ids],
        shingle_counts=np.concatenate([p.shingle_counts for p in parts]),
        minhashes=np.concatenate([p.minhashes for p in parts]),
        band_keys=np.concatenate([p.band_keys for p in parts]),
        terms=StoryTerms(
            doc=np.concatenate([p.terms.doc + o for p, o in zip(parts, offsets, strict=True)]),
            term=np.concatenate([p.terms.term for p in parts]),
            in_terms=np.concatenate([p.terms.in_terms for p in parts]),
            in_head=np.concatenate([p.terms.in_head for p in parts]),
            is_key=np.concatenate([p.terms.is_key for p in parts]),
        ),
        outlets=[o for p in parts for o in p.outlets],
        days=np.concatenate([p.days for p in parts]),
    )


def sign_batch(inputs: Sequence[DedupInput]) -> SignedBatch:
    body_tokens = tokenize([item.body for item in inputs])
    title_tokens = tokenize([item.title or "" for item in inputs])
    counts = body_tokens.counts
    values = shingle_runs(body_tokens.word_hashes, counts)
    sizes = np.where(counts >= SHINGLE_WORDS, counts - SHINGLE_WORDS + 1, np.minimum(counts, 1))
    rows = minhash.signatures_of_runs(values, sizes)
    return SignedBatch(
        article_ids=[item.article_id for item in inputs],
        shingle_counts=distinct_counts(values, sizes),
        minhashes=rows,
        band_keys=minhash.band_keys(rows),
        terms=story_terms(title_tokens, body_tokens),
        outlets=[outlet_of(item.source, item.canonical_url or item.url) for item in inputs],
        days=np.array(
            [event_day(item.published_at, item.first_seen_at) for item in inputs], dtype=np.int32
        ),
    )
