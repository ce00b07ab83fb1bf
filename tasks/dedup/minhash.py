"""MinHash signatures and LSH band keys, vectorised over a batch of shingle sets.

Parameters (chosen by measurement, see bench/dedup.py): 126 permutations in 42 bands of 3 rows.
Two texts become candidates when any band is equal; the chance is 1 - (1 - J^3)^42 for shingle
Jaccard J: 0.94 at J = 0.4, 0.996 at J = 0.5, 0.05 at J = 0.1. Candidates are then verified on
the true shingle sets (``nearcopy.verify``), so the bands only decide what is looked at.
"""

from __future__ import annotations

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
    out = np.full((len(shingle_sets), NUM_PERM), _EMPTY, dtype=np.uint32)
    start = 0
    while start < len(shingle_sets):
        stop, cells = start, 0
        while stop < len(shingle_sets) and (cells == 0 or cells < _CHUNK_CELLS):
            cells += max(1, shingle_sets[stop].size) * NUM_PERM
            stop += 1
        _fill(out, shingle_sets, start, stop)
        start = stop
    return out


def _fill(out: U32, shingle_sets: list[U64], start: int, stop: int) -> None:
    chunk = shingle_sets[start:stop]
    sizes = np.array([s.size for s in chunk], dtype=np.int64)
    filled = np.flatnonzero(sizes)
    if filled.size == 0:
        return
    values = (np.concatenate([chunk[i] for i in filled]) >> np.uint64(32)).astype(np.uint32)
    hashed = np.multiply.outer(_A, values)  # (NUM_PERM, shingles), contiguous per permutation
    hashed += _B[:, None]
    offsets = np.concatenate(([0], np.cumsum(sizes[filled])[:-1]))
    out[start + filled] = np.minimum.reduceat(hashed, offsets, axis=1).T


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
