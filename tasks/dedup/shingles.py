"""Word shingles of a text, hashed to 64-bit integers with a stable (process-independent) hash."""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np
import numpy.typing as npt

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
    """The words of ``text``, NFKC-normalised and case-folded.

    The same words as in ``fingerprint.normalised_text`` (its quote and space folding never
    touches a word character), without its cost.
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def mix64(values: U64) -> U64:
    """splitmix64's finaliser: spreads every input bit over the whole output."""
    z = values.copy()
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


_CACHE_LIMIT = 500_000
_crc_cache: dict[str, int] = {}


def word_hashes(tokens: list[str]) -> U64:
    """crc32 of each word (stable across processes, unlike ``hash``), as uint64."""
    cache = _crc_cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    for token in set(tokens).difference(cache):
        cache[token] = zlib.crc32(token.encode("utf-8"))
    return np.array(list(map(cache.__getitem__, tokens)), dtype=np.int64).view(np.uint64)


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
    return shingles_of_words(words(text), size)


def shingles_of_words(tokens: list[str], size: int = SHINGLE_WORDS) -> U64:
    return shingles_of_hashes(word_hashes(tokens), size)


def shingles_of_many(token_lists: list[list[str]], size: int = SHINGLE_WORDS) -> list[U64]:
    """``shingles_of_words`` for many texts at once: one pass of numpy over the whole batch."""
    lengths = np.array([len(t) for t in token_lists], dtype=np.int64)
    return shingles_of_runs(word_hashes([w for t in token_lists for w in t]), lengths, size)


def shingle_runs(hashes: U64, lengths: npt.NDArray[np.int64], size: int = SHINGLE_WORDS) -> U64:
    """Every text's shingle hashes, unsorted and with repeats, one text after another (the
    values of ``shingles_of_hashes`` without its sorting, which MinHash does not need)."""
    windows = hashes.size - size + 1
    if windows <= 0 or not (lengths >= size).any():
        values, owner = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    else:
        combined = np.zeros(windows, dtype=np.uint64)
        for offset in range(size):
            combined += hashes[offset : offset + windows] * _POSITION_MULTIPLIERS[offset]
        starts = np.zeros(lengths.size, dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        token_owner = np.repeat(np.arange(lengths.size), lengths)[:windows]
        inside = np.arange(windows) - starts[token_owner] <= lengths[token_owner] - size
        values, owner = mix64(combined[inside]), token_owner[inside]
    short = np.flatnonzero((lengths > 0) & (lengths < size))
    if short.size:  # rare: a text shorter than one shingle is one shingle
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        extra = [shingles_of_hashes(hashes[starts[i] : starts[i] + lengths[i]]) for i in short]
        values = np.concatenate((values, *extra))
        owner = np.concatenate((owner, short))
        values = values[np.argsort(owner, kind="stable")]
    return values


def distinct_counts(values: U64, sizes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """How many distinct values each run holds, compared on their high 48 bits (two shingles
    of one text agreeing there: about 1 in 10**10 texts). Sorting the bare numbers (owner in
    the top 16 bits) is several times faster than sorting them by owner and value."""
    counts = np.zeros(sizes.size, dtype=np.int64)
    starts = np.zeros(sizes.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    group = 1 << 16
    for first in range(0, sizes.size, group):
        stop = min(first + group, sizes.size)
        local = np.repeat(np.arange(stop - first, dtype=np.uint64), sizes[first:stop])
        keys = np.sort(
            (local << np.uint64(48)) | (values[starts[first] : starts[stop]] >> np.uint64(16))
        )
        new = np.ones(keys.size, dtype=bool)
        new[1:] = keys[1:] != keys[:-1]
        counts[first:stop] = np.bincount(
            (keys[new] >> np.uint64(48)).astype(np.int64), minlength=stop - first
        )
    return counts


def shingles_of_runs(
    hashes: U64, lengths: npt.NDArray[np.int64], size: int = SHINGLE_WORDS
) -> list[U64]:
    """``shingles_of_hashes`` of each text, given all texts' word hashes one after the other
    (``lengths`` words each)."""
    starts = np.zeros(lengths.size, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    out: list[U64] = [np.empty(0, dtype=np.uint64)] * lengths.size
    for index in np.flatnonzero((lengths > 0) & (lengths < size)).tolist():
        out[index] = shingles_of_hashes(hashes[starts[index] : starts[index] + lengths[index]])
    long_docs = np.flatnonzero(lengths >= size)
    if long_docs.size == 0:
        return out
    if long_docs.size < lengths.size:
        hashes = np.concatenate([hashes[starts[i] : starts[i] + lengths[i]] for i in long_docs])
    starts = np.concatenate(([0], np.cumsum(lengths[long_docs])[:-1]))
    windows = hashes.size - size + 1
    combined = np.zeros(windows, dtype=np.uint64)
    for offset in range(size):
        combined += hashes[offset : offset + windows] * _POSITION_MULTIPLIERS[offset]
    counts = lengths[long_docs] - size + 1  # windows that stay inside one text
    token_owner = np.repeat(np.arange(long_docs.size), lengths[long_docs])[:windows]
    local = np.arange(windows) - starts[token_owner]
    positions = np.flatnonzero(local < counts[token_owner])
    owner = token_owner[positions]
    values = mix64(combined[positions])
    by_value = np.argsort(values)
    owners = owner[by_value]
    if long_docs.size <= np.iinfo(np.uint16).max:  # numpy sorts 16-bit keys by radix
        owners = owners.astype(np.uint16)
    order = by_value[np.argsort(owners, kind="stable")]
    owner, values = owner[order], values[order]
    keep = np.ones(values.size, dtype=bool)
    keep[1:] = (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])
    owner, values = owner[keep], values[keep]
    bounds = np.searchsorted(owner, np.arange(long_docs.size + 1))
    for slot, index in enumerate(long_docs.tolist()):
        out[index] = values[bounds[slot] : bounds[slot + 1]]
    return out
