"""The words of many texts at once, as numbers: one numpy pass per batch instead of Python per word.

Gives exactly what the per-text functions give (``shingles.words`` then ``shingles.word_hashes``
and ``story`` term ids): the same words (NFKC, case-folded, runs of ``\\w`` characters),
the same crc32 of each word's UTF-8 bytes and the same story term ids, so an index built either
way is the same index. The crc32 runs column-wise: step ``j`` advances every word that has a
``j``-th byte, so the Python loop has as many turns as the longest word has bytes.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tasks.dedup.shingles import SHINGLE_WORDS, shingles_of_runs
from tasks.dedup.stopwords import STOPWORDS
from tasks.dedup.story import MIN_TERM_LETTERS, TERM_PREFIX

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_WORD = re.compile(r"\w")
_ASCII_WORD = np.array([bool(_WORD.match(chr(c))) for c in range(128)])
_ASCII_DIGIT = np.array([chr(c).isdigit() for c in range(128)])
_non_ascii_class: dict[int, tuple[bool, bool]] = {}  # code point -> (word char, digit)
_MAX_VECTOR_BYTES = 64  # longer words (rare) are hashed one by one
_MAX_PREFIX_BYTES = TERM_PREFIX * 4


def _crc_table() -> npt.NDArray[np.uint32]:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    return table.astype(np.uint32)


_CRC_TABLE = _crc_table()
_STOPWORD_CRCS = np.array(sorted({zlib.crc32(w.encode()) for w in STOPWORDS}), dtype=np.uint64)
_STOPWORDS_BY_CRC: dict[int, list[npt.NDArray[np.uint8]]] = {}
for _word in sorted(STOPWORDS):
    _STOPWORDS_BY_CRC.setdefault(zlib.crc32(_word.encode()), []).append(
        np.frombuffer(_word.encode(), dtype=np.uint8)
    )


@dataclass(frozen=True)
class Tokens:
    """The words of a batch of texts, concatenated in text order."""

    word_hashes: U64  # crc32 of each word's UTF-8 bytes (as ``shingles.word_hashes``)
    term_ids: I64  # the word's story term id, 0 when the word is no term
    counts: I64  # words per text

    def bounds(self) -> I64:
        """Offsets of each text's first word, and the total at the end."""
        out = np.zeros(self.counts.size + 1, dtype=np.int64)
        np.cumsum(self.counts, out=out[1:])
        return out


def tokenize(texts: Sequence[str]) -> Tokens:
    normalised = [unicodedata.normalize("NFKC", text).casefold() for text in texts]
    joined = "\n".join(normalised)  # a non-word separator: no word spans two texts
    if joined.isascii():
        data = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        is_word = _ASCII_WORD[data]
        is_digit = None  # looked up at word starts only
        offsets = None  # code point i is byte i
    else:
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        is_word, is_digit = _classify(points)
        # UTF-8 byte offset of every code point (and of the end)
        widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
        offsets = np.zeros(points.size + 1, dtype=np.int64)
        np.cumsum(widths, out=offsets[1:])
        data = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    starts = np.flatnonzero(is_word[1:] > is_word[:-1]) + 1
    ends = np.flatnonzero(is_word[1:] < is_word[:-1]) + 1
    if is_word.size and is_word[0]:
        starts = np.concatenate(([0], starts))
    if is_word.size and is_word[-1]:
        ends = np.append(ends, is_word.size)
    text_starts = np.zeros(len(normalised), dtype=np.int64)
    if normalised:
        np.cumsum([len(t) + 1 for t in normalised[:-1]], out=text_starts[1:])
    owners = np.searchsorted(text_starts, starts, side="right") - 1
    counts = np.bincount(owners, minlength=len(normalised)).astype(np.int64)
    if starts.size == 0:
        empty = np.empty(0, dtype=np.int64)
        return Tokens(empty.view(np.uint64), empty, counts)
    prefix_ends = np.minimum(starts + TERM_PREFIX, ends)
    if offsets is None:
        byte_bounds = (starts, ends, prefix_ends)
    else:
        byte_bounds = (offsets[starts], offsets[ends], offsets[prefix_ends])
    full, prefix = _crc32(data, *byte_bounds)
    is_term = ends - starts >= MIN_TERM_LETTERS
    first_digit = _ASCII_DIGIT[data[starts]] if is_digit is None else is_digit[starts]
    numbers = np.flatnonzero(is_term & first_digit)
    if numbers.size:  # a number (all digits) is no term
        digits = _ASCII_DIGIT[data] if is_digit is None else is_digit
        digits_before = np.zeros(digits.size + 1, dtype=np.int64)
        np.cumsum(digits, out=digits_before[1:])
        in_word = digits_before[ends[numbers]] - digits_before[starts[numbers]]
        is_term[numbers[in_word == ends[numbers] - starts[numbers]]] = False
    candidates = np.flatnonzero(is_term)
    is_term[candidates[_are_stopwords(data, byte_bounds[0], byte_bounds[1], candidates, full)]] = (
        False
    )
    term_ids = np.where(is_term, prefix.astype(np.int64) + 1, 0)
    return Tokens(full, term_ids, counts)


def shingles_of_texts(texts: list[str], size: int = SHINGLE_WORDS) -> list[U64]:
    """``shingles`` of many texts at once."""
    batch = tokenize(texts)
    return shingles_of_runs(batch.word_hashes, batch.counts, size)


def _are_stopwords(
    data: npt.NDArray[np.uint8], byte_starts: I64, byte_ends: I64, candidates: I64, full: U64
) -> npt.NDArray[np.bool_]:
    """Which of the ``candidates`` words are stopwords: their crc32 says maybe (crc32 collides),
    their bytes say yes, compared one stopword at a time over all the words that may be it."""
    crcs = full[candidates]
    found = np.minimum(np.searchsorted(_STOPWORD_CRCS, crcs), _STOPWORD_CRCS.size - 1)
    maybe = np.flatnonzero(_STOPWORD_CRCS[found] == crcs)
    result = np.zeros(candidates.size, dtype=bool)
    if maybe.size == 0:
        return result
    maybe = maybe[np.argsort(found[maybe], kind="stable")]
    groups = np.flatnonzero(np.diff(found[maybe])) + 1
    for group in np.split(maybe, groups):
        word_starts = byte_starts[candidates[group]]
        lengths = byte_ends[candidates[group]] - word_starts
        for stopword in _STOPWORDS_BY_CRC[int(_STOPWORD_CRCS[found[group[0]]])]:
            same_length = lengths == stopword.size
            if not same_length.any():
                continue
            at = word_starts[same_length]
            equal = (data[at[:, None] + np.arange(stopword.size)] == stopword).all(axis=1)
            result[group[same_length][equal]] = True
    return result


def _classify(
    points: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Whether each code point is a ``\\w`` character (as ``re`` decides) and a digit."""
    ascii_points = np.minimum(points, 127)
    is_word, is_digit = _ASCII_WORD[ascii_points], _ASCII_DIGIT[ascii_points]
    high = np.flatnonzero(points >= 128)
    unique, inverse = np.unique(points[high], return_inverse=True)
    for point in unique.tolist():
        if point not in _non_ascii_class:
            char = chr(point)
            _non_ascii_class[point] = (bool(_WORD.match(char)), char.isdigit())
    classes = np.array([_non_ascii_class[p] for p in unique.tolist()], dtype=bool).reshape(-1, 2)
    is_word[high] = classes[inverse, 0]
    is_digit[high] = classes[inverse, 1]
    return is_word, is_digit


def _crc32(
    data: npt.NDArray[np.uint8], starts: I64, ends: I64, prefix_ends: I64
) -> tuple[U64, U64]:
    """crc32 of ``data[start:end]`` and of ``data[start:prefix_end]`` for every word."""
    lengths = ends - starts
    full = np.empty(lengths.size, dtype=np.uint64)
    prefix = np.empty(lengths.size, dtype=np.uint64)
    long_words = np.flatnonzero(lengths > _MAX_VECTOR_BYTES)
    for index in long_words.tolist():  # rare (URLs, codes): zlib, one by one
        full[index] = zlib.crc32(data[starts[index] : ends[index]].tobytes())
        prefix[index] = zlib.crc32(data[starts[index] : prefix_ends[index]].tobytes())
    short = np.flatnonzero(lengths <= _MAX_VECTOR_BYTES)
    if short.size == 0:
        return full, prefix
    # longest first (a radix sort on uint8), so that the words still running are a prefix
    order = short[np.argsort(_MAX_VECTOR_BYTES - lengths[short].astype(np.uint8), kind="stable")]
    sorted_lengths = lengths[order]
    positions = starts[order]
    prefix_lengths = (prefix_ends - starts)[order]
    crc = np.full(order.size, 0xFFFFFFFF, dtype=np.uint32)
    prefix_crc = np.zeros(order.size, dtype=np.uint32)
    running = order.size - np.searchsorted(
        sorted_lengths[::-1], np.arange(int(sorted_lengths[0])), side="right"
    )
    prefix_done = [np.flatnonzero(prefix_lengths == n + 1) for n in range(_MAX_PREFIX_BYTES)]
    cursor = positions.copy()
    byte = np.empty(order.size, dtype=np.uint8)
    table_index = np.empty(order.size, dtype=np.intp)
    looked_up = np.empty(order.size, dtype=np.uint32)
    for step, active in enumerate(running.tolist()):  # in place: no array made per turn
        state, at, slot = crc[:active], cursor[:active], table_index[:active]
        value = looked_up[:active]
        np.take(data, at, out=byte[:active])
        np.bitwise_xor(state, byte[:active], out=slot, casting="unsafe")
        np.bitwise_and(slot, 0xFF, out=slot)
        np.take(_CRC_TABLE, slot, out=value)
        np.right_shift(state, 8, out=state)
        np.bitwise_xor(state, value, out=state)
        at += 1
        if step < _MAX_PREFIX_BYTES:
            done = prefix_done[step]
            prefix_crc[done] = crc[done]
    full[order] = crc ^ np.uint32(0xFFFFFFFF)
    prefix[order] = prefix_crc ^ np.uint32(0xFFFFFFFF)
    return full, prefix
