from __future__ import annotations

import numpy as np

from tasks.dedup import minhash


def _set(values: range) -> np.ndarray:
    return np.unique(np.array([v * 0x9E3779B97F4A7C15 % 2**64 for v in values], dtype=np.uint64))


def test_estimate_follows_the_true_jaccard() -> None:
    first, second = _set(range(0, 600)), _set(range(200, 800))  # Jaccard 400/800 = 0.5
    rows = minhash.signatures([first, second])
    assert abs(minhash.estimated_jaccard(rows[0], rows[1]) - 0.5) < 0.15


def test_identical_sets_share_every_band_and_disjoint_sets_none() -> None:
    rows = minhash.signatures([_set(range(300)), _set(range(300)), _set(range(5000, 5300))])
    keys = minhash.band_keys(rows)
    assert keys.shape == (3, minhash.BANDS)
    assert np.array_equal(keys[0], keys[1])
    assert not set(keys[0].tolist()) & set(keys[2].tolist())


def test_signatures_do_not_depend_on_the_batch() -> None:
    sets = [_set(range(n, n + 50)) for n in range(0, 1000, 37)]
    together = minhash.signatures(sets)
    alone = np.vstack([minhash.signatures([s]) for s in sets])
    assert np.array_equal(together, alone)


def test_an_empty_set_gets_the_empty_signature() -> None:
    rows = minhash.signatures([np.empty(0, dtype=np.uint64), _set(range(10))])
    assert (rows[0] == 0xFFFFFFFF).all() and not (rows[1] == 0xFFFFFFFF).all()
