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
