"""Everything the index stores about a batch of articles, computed in one vectorised pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from tasks.dedup import minhash
from tasks.dedup.models import DedupInput
from tasks.dedup.shingles import shingles_of_runs
from tasks.dedup.story import HEAD_WORDS, STORY_WORDS, StoryDoc, outlet_of, story_features_of_terms
from tasks.dedup.tokens import Tokens, tokenize

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
    body_tokens = tokenize([item.body for item in inputs])
    title_tokens = tokenize([item.title or "" for item in inputs])
    shingle_sets = shingles_of_runs(body_tokens.word_hashes, body_tokens.counts)
    rows = minhash.signatures(shingle_sets)
    return SignedBatch(
        article_ids=[item.article_id for item in inputs],
        shingle_counts=np.array([s.size for s in shingle_sets], dtype=np.int64),
        minhashes=rows,
        band_keys=minhash.band_keys(rows),
        stories=_stories(inputs, title_tokens, body_tokens),
    )


def _stories(inputs: Sequence[DedupInput], titles: Tokens, bodies: Tokens) -> list[StoryDoc]:
    title_terms, body_terms = titles.term_ids.tolist(), bodies.term_ids.tolist()
    title_bounds, body_bounds = titles.bounds().tolist(), bodies.bounds().tolist()
    out = []
    for index, item in enumerate(inputs):
        title_start, title_stop = title_bounds[index], title_bounds[index + 1]
        body_start, body_stop = body_bounds[index], body_bounds[index + 1]
        body_words = max(0, STORY_WORDS - (title_stop - title_start))
        features = story_features_of_terms(
            [t for t in title_terms[title_start : min(title_stop, title_start + STORY_WORDS)] if t],
            [t for t in body_terms[body_start : min(body_stop, body_start + body_words)] if t],
            [t for t in body_terms[body_start : min(body_stop, body_start + HEAD_WORDS)] if t],
        )
        outlet = outlet_of(item.source, item.canonical_url or item.url)
        out.append(StoryDoc(features, outlet, event_day(item.published_at, item.first_seen_at)))
    return out
