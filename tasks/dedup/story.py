"""Whether two different texts report the same event: key terms, headline terms, outlet, time.

A term is a word of 4+ letters (not a number, not in ``stopwords.STOPWORDS``), case-folded and
cut to its first 6 characters,
a crude stemmer that needs no language model (Tönnies/Tönnies', ministers/minister,
Fleischfabrik/Fleischfabriken) and works for the 8 languages of the evaluation set. Only the
headline and the first ``STORY_WORDS`` words count: the lead of a news text says what the
event is. Two articles share a story when (measured on SemEval-2022 task 8 pairs, see
bench/dedup.py):

- they come from different outlets (one outlet's follow-ups join a story through another
  outlet's report; same-site pairs share boilerplate and section vocabulary far too often),
- their event times (published, else first seen) are at most ``WINDOW_DAYS`` apart,
- they share at least ``MIN_SHARED_HEAD`` term of their headlines (the title; without one,
  the first ``HEAD_WORDS`` words of the text): this keeps cookie walls, block pages and
  other shared boilerplate apart,
- and the Jaccard similarity of their term sets is at least ``MIN_TERM_JACCARD``.

Candidates are found through ``KEY_TERMS`` key terms per article (headline terms first, then
the most repeated terms): a pair must share ``MIN_SHARED_KEY_TERMS`` of them to be looked at.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from tasks.dedup.shingles import words
from tasks.dedup.stopwords import STOPWORDS

STORY_WORDS = 150
HEAD_WORDS = 12
MIN_TITLE_TERMS = 2
MIN_TERM_LETTERS = 4
TERM_PREFIX = 6
KEY_TERMS = 16
MIN_SHARED_KEY_TERMS = 2
MIN_SHARED_HEAD = 1
MIN_TERM_JACCARD = 0.08
WINDOW_DAYS = 3
METHOD = "terms6-jaccard+head+outlet+window3d"
_CACHE_LIMIT = 500_000
_term_cache: dict[str, int] = {}  # word -> term id, 0 when the word is no term


@dataclass(frozen=True)
class StoryFeatures:
    terms: frozenset[int]
    head_terms: frozenset[int]
    key_terms: tuple[int, ...]


@dataclass(frozen=True)
class StoryRule:
    """The thresholds of ``same_story``, for the index's SQL version of it."""

    window_days: int = WINDOW_DAYS
    min_shared: int = MIN_SHARED_KEY_TERMS  # key terms a pair must share to be looked at
    min_shared_head: int = MIN_SHARED_HEAD
    min_jaccard: float = MIN_TERM_JACCARD


RULE = StoryRule()


@dataclass(frozen=True)
class StoryDoc:
    """What the story decision looks at for one article."""

    features: StoryFeatures
    outlet: str | None
    day: int  # days since 1970-01-01 (UTC) of the event time


def term_id(term: str) -> int:
    """A stable signed 64-bit id of a term (crc32 of the term, kept apart from 0)."""
    return zlib.crc32(term.encode("utf-8")) + 1


def _terms(tokens: list[str]) -> list[int]:
    """Term ids of ``tokens`` (case-folded words), in order, repeats kept."""
    cache = _term_cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    for word in set(tokens).difference(cache):
        keep = len(word) >= MIN_TERM_LETTERS and not word.isdigit() and word not in STOPWORDS
        cache[word] = term_id(word[:TERM_PREFIX]) if keep else 0
    return [term for term in map(cache.__getitem__, tokens) if term]


def story_features(title: str | None, body: str) -> StoryFeatures:
    return story_features_of_words(words(title or ""), words(body))


def story_features_of_words(title_words: list[str], body_words: list[str]) -> StoryFeatures:
    """Features from the case-folded words (``shingles.words``) of the title and the body."""
    return story_features_of_terms(
        _terms(title_words[:STORY_WORDS]),
        _terms(body_words[: max(0, STORY_WORDS - len(title_words))]),
        _terms(body_words[:HEAD_WORDS]),
    )


def story_features_of_terms(
    title_terms: list[int], body_terms: list[int], lead_terms: list[int]
) -> StoryFeatures:
    """Features from term ids: of the title's first ``STORY_WORDS`` words, of the body words
    that complete them to ``STORY_WORDS``, and of the body's first ``HEAD_WORDS`` words."""
    terms = [*title_terms, *body_terms]
    head = title_terms if len(set(title_terms)) >= MIN_TITLE_TERMS else lead_terms
    counts = Counter(terms)
    first_seen: dict[int, int] = {}
    for position, term in enumerate(terms):
        first_seen.setdefault(term, position)
    by_weight = sorted(counts, key=lambda t: (-counts[t], first_seen[t]))
    key = list(dict.fromkeys([*head, *by_weight]))[:KEY_TERMS]
    return StoryFeatures(frozenset(counts), frozenset(head), tuple(key))


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet: the source name when known, else the URL's host without ``www.``."""
    if source:
        return source.strip().casefold()
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def term_jaccard(first: StoryFeatures, second: StoryFeatures) -> float:
    union = len(first.terms | second.terms)
    return len(first.terms & second.terms) / union if union else 0.0


def same_story(first: StoryDoc, second: StoryDoc) -> float | None:
    """The term similarity when the two articles share a story, else None."""
    if first.outlet is not None and first.outlet == second.outlet:
        return None
    if abs(first.day - second.day) > WINDOW_DAYS:
        return None
    if len(first.features.head_terms & second.features.head_terms) < MIN_SHARED_HEAD:
        return None
    similarity = term_jaccard(first.features, second.features)
    return similarity if similarity >= MIN_TERM_JACCARD else None
