"""Everything the index stores about a batch of articles, computed in one vectorised pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from tasks.dedup import minhash
from tasks.dedup.models import DedupInput
from tasks.dedup.shingles import U64, shingles_of_many, words
from tasks.dedup.story import StoryDoc, outlet_of, story_features_of_words

_SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class SignedBatch:
    article_ids: list[str]
    shingle_counts: npt.NDArray[np.int64]
    minhashes: minhash.U32  # (articles, NUM_PERM)
    band_keys: minhash.I64  # (articles, BANDS)
    stories: list[StoryDoc]


def event_day(published_at: datetime | None, first_seen_at: datetime) -> int:
    """UTC day number of when the event happened: published, else first seen."""
    moment = published_at or first_seen_at
    return int(moment.timestamp() // _SECONDS_PER_DAY)


def sign_batch(inputs: Sequence[DedupInput]) -> SignedBatch:
    body_words = [words(item.body) for item in inputs]  # once, for shingles and terms
    shingle_sets: list[U64] = shingles_of_many(body_words)
    stories = [
        StoryDoc(
            features=story_features_of_words(words(item.title or ""), tokens),
            outlet=outlet_of(item.source, item.canonical_url or item.url),
            day=event_day(item.published_at, item.first_seen_at),
        )
        for item, tokens in zip(inputs, body_words, strict=True)
    ]
    rows = minhash.signatures(shingle_sets)
    return SignedBatch(
        article_ids=[item.article_id for item in inputs],
        shingle_counts=np.array([s.size for s in shingle_sets], dtype=np.int64),
        minhashes=rows,
        band_keys=minhash.band_keys(rows),
        stories=stories,
    )
