"""Word shingles of a text, hashed to 64-bit integers with a stable (process-independent) hash."""

from __future__ import annotations

import re
import zlib

import numpy as np
import numpy.typing as npt

from tasks.fingerprint import normalised_text

SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
# Odd 64-bit multipliers (golden-ratio family) combining the word hashes of one shingle.
_POSITION_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip

U64 = npt.NDArray[np.uint64]


def words(text: str) -> list[str]:
    """The words of ``text`` after the exact-dedup normalisation (case, quotes, spaces)."""
    return _WORD.findall(normalised_text(text))


def mix64(values: U64) -> U64:
    """splitmix64's finaliser: spreads every input bit over the whole output."""
    z = values.copy()
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


def word_hashes(tokens: list[str]) -> U64:
    """crc32 of each word (stable across processes, unlike ``hash``), as uint64."""
    cache: dict[str, int] = {}
    values = [cache.get(t) or cache.setdefault(t, zlib.crc32(t.encode("utf-8"))) for t in tokens]
    return np.array(values, dtype=np.uint64)


def shingles_of_hashes(hashes: U64, size: int = SHINGLE_WORDS) -> U64:
    """Sorted unique hashes of all ``size``-word windows (a shorter text is one shingle)."""
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint64)
    width = min(size, int(hashes.size))
    count = int(hashes.size) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        combined += hashes[offset : offset + count] * _POSITION_MULTIPLIERS[offset]
    return np.unique(mix64(combined))


def shingles(text: str, size: int = SHINGLE_WORDS) -> U64:
    return shingles_of_hashes(word_hashes(words(text)), size)
