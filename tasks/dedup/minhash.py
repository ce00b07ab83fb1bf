"""MinHash signatures and LSH band keys, vectorised over a batch of shingle sets.

Parameters (chosen by measurement, see bench/dedup.py): 126 permutations in 42 bands of 3 rows.
Two texts become candidates when any band is equal; the chance is 1 - (1 - J^3)^42 for shingle
Jaccard J: 0.94 at J = 0.4, 0.996 at J = 0.5, 0.05 at J = 0.1. Candidates are then verified on
the true shingle sets (``nearcopy.verify``), so the bands only decide what is looked at.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from tasks.dedup.shingles import U64, mix64

BANDS = 42
ROWS_PER_BAND = 3
NUM_PERM = BANDS * ROWS_PER_BAND
_SEED = 20_240_517
_rng = np.random.default_rng(_SEED)
# h_i(x) = (a_i * x + b_i) mod 2^32 with a_i odd, over the high 32 bits x of each shingle hash:
# a random permutation of the 32-bit values per i. 32-bit arithmetic is 2.5x faster than 64-bit
# here, and the shingles of two texts collide in 32 bits with negligible probability.
_A = (_rng.integers(0, 2**31, size=NUM_PERM, dtype=np.uint32) << np.uint32(1)) | np.uint32(1)
_B = _rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK_CELLS = 4_000_000  # shingles x permutations handled at once (bounds memory to ~16 MB)

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def signatures(shingle_sets: list[U64]) -> U32:
    """One row of ``NUM_PERM`` uint32 minima per shingle set (all 0xFFFFFFFF when empty)."""
    sizes = np.array([s.size for s in shingle_sets], dtype=np.int64)
    values = np.concatenate(shingle_sets) if shingle_sets else np.empty(0, dtype=np.uint64)
    return signatures_of_runs(values, sizes)


def signatures_of_runs(values: U64, sizes: I64) -> U32:
    """``signatures`` of sets given one after another (``sizes`` values each, repeats allowed)."""
    out = np.full((sizes.size, NUM_PERM), _EMPTY, dtype=np.uint32)
    starts = np.zeros(sizes.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    # chunks of whole sets of about _CHUNK_CELLS cells (a set larger than that is one chunk)
    bounds = np.unique(np.searchsorted(starts, np.arange(0, starts[-1], _CHUNK_CELLS // NUM_PERM)))
    cuts = [0, *[int(b) for b in bounds if 0 < b < sizes.size], sizes.size]
    for first, stop in itertools.pairwise(cuts):
        chunk_sizes = sizes[first:stop]
        filled = np.flatnonzero(chunk_sizes)
        if filled.size == 0:
            continue
        chunk = values[starts[first] : starts[stop]]
        high = (chunk >> np.uint64(32)).astype(np.uint32)
        hashed = np.multiply.outer(_A, high)  # (NUM_PERM, shingles), contiguous per permutation
        hashed += _B[:, None]
        offsets = starts[first:stop][filled] - starts[first]
        out[first + filled] = np.minimum.reduceat(hashed, offsets, axis=1).T
    return out


def band_keys(signature_rows: U32) -> I64:
    """``BANDS`` signed 64-bit keys per signature; the band number is mixed into its key."""
    count = signature_rows.shape[0]
    rows = signature_rows.astype(np.uint64).reshape(count, BANDS, ROWS_PER_BAND)
    combined = np.arange(BANDS, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    combined = np.broadcast_to(combined, (count, BANDS)).copy()
    for row in range(ROWS_PER_BAND):
        combined = mix64(combined ^ (rows[:, :, row] << np.uint64(row * 11)))
    return combined.view(np.int64)


def estimated_jaccard(first: U32, second: U32) -> float:
    """Share of equal minima: an unbiased estimate of the shingle Jaccard similarity."""
    return float(np.count_nonzero(first == second)) / NUM_PERM
