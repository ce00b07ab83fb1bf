"""Whether two texts are the same article with edits: verification on the true shingle sets.

Thresholds (measured on synthetic edits of real article bodies and on real same-story pairs by
different outlets, bench/dedup.py):

- a text with fewer than ``MIN_SHINGLES`` shingles (about 20 words) is never a near-copy of
  anything: only exact copies of it are merged (layer 2);
- Jaccard >= ``required_jaccard(smaller size)``: 0.5 for texts of 200+ shingles, rising
  linearly for shorter texts to 0.85 at 100 shingles and below, so two briefs written from one
  template, or two short texts that are mostly one shared cookie banner (a real SemEval pair:
  Jaccard 0.78 at 70 shingles), need to be almost identical to merge;
- or the smaller text is contained in the larger (containment >= 0.9) and makes up at least
  ``MIN_CONTAINED_SHARE`` of it (a trimmed ending or a dropped paragraph). Shared boilerplate
  alone never qualifies: both texts then carry their own body, which keeps both measures down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tasks.dedup.shingles import U64

MIN_SHINGLES = 16
SHORT_TEXT_SHINGLES = 100
LONG_TEXT_SHINGLES = 200
LONG_TEXT_JACCARD = 0.5
SHORT_TEXT_JACCARD = 0.85
MIN_CONTAINMENT = 0.9
MIN_CONTAINED_SHARE = 0.4
METHOD = "minhash-lsh-42x3+shingle5-jaccard"


@dataclass(frozen=True)
class NearCopyVerdict:
    is_near_copy: bool
    jaccard: float
    containment: float

    @property
    def similarity(self) -> float:
        return self.jaccard


def required_jaccard(smaller_size: int) -> float:
    """The Jaccard similarity a pair needs, by the shingle count of its smaller text."""
    if smaller_size >= LONG_TEXT_SHINGLES:
        return LONG_TEXT_JACCARD
    span = LONG_TEXT_SHINGLES - SHORT_TEXT_SHINGLES
    share = max(0, smaller_size - SHORT_TEXT_SHINGLES) / span
    return SHORT_TEXT_JACCARD - (SHORT_TEXT_JACCARD - LONG_TEXT_JACCARD) * share


def verify(first: U64, second: U64) -> NearCopyVerdict:
    """Compare two sorted unique shingle-hash arrays (``shingles.shingles``)."""
    smaller, larger = sorted((int(first.size), int(second.size)))
    if smaller == 0:
        return NearCopyVerdict(False, 0.0, 0.0)
    shared = int(np.intersect1d(first, second, assume_unique=True).size)
    jaccard = shared / (smaller + larger - shared)
    containment = shared / smaller
    if smaller < MIN_SHINGLES:
        return NearCopyVerdict(False, jaccard, containment)
    by_jaccard = jaccard >= required_jaccard(smaller)
    by_containment = (
        containment >= MIN_CONTAINMENT
        and smaller >= LONG_TEXT_SHINGLES
        and smaller / larger >= MIN_CONTAINED_SHARE
    )
    return NearCopyVerdict(by_jaccard or by_containment, jaccard, containment)
