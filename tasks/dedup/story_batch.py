"""Story features (``story.story_features_of_terms``) of a whole batch at once, in numpy.

The result is one row per (article, term) of the article's term set or headline terms, with
flags, which is how the index stores them (lists built by DuckDB, key terms in
``dedup_terms``). ``features`` turns one article's rows back into ``story.StoryFeatures``: the
tests hold the two ways equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tasks.dedup.story import HEAD_WORDS, KEY_TERMS, MIN_TITLE_TERMS, STORY_WORDS, StoryFeatures
from tasks.dedup.tokens import Tokens

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
_TERM_BITS = 34  # term ids are crc32 + 1 < 2**33


@dataclass(frozen=True)
class StoryTerms:
    """Rows sorted by article, then key rank (key terms first, in key order)."""

    doc: I64  # index of the article in the batch
    term: I64
    in_terms: B  # in the article's term set (headline and lead, ``STORY_WORDS`` words)
    in_head: B  # a headline term
    is_key: B  # one of the article's ``KEY_TERMS`` key terms

    def features(self, doc: int) -> StoryFeatures:
        rows = self.doc == doc
        term = self.term[rows]
        return StoryFeatures(
            frozenset(term[self.in_terms[rows]].tolist()),
            frozenset(term[self.in_head[rows]].tolist()),
            tuple(term[self.is_key[rows]].tolist()),
        )


def story_terms(titles: Tokens, bodies: Tokens) -> StoryTerms:
    docs = titles.counts.size
    title_doc, title_pos = _owners(titles)
    body_doc, body_pos = _owners(bodies)
    # only the first STORY_WORDS (>= HEAD_WORDS) words of a body can count
    body_terms = bodies.term_ids
    early = np.flatnonzero((body_pos < STORY_WORDS) & (body_terms != 0))
    body_doc, body_pos, body_terms = body_doc[early], body_pos[early], body_terms[early]
    title_terms = titles.term_ids
    named = np.flatnonzero((title_pos < STORY_WORDS) & (title_terms != 0))
    title_doc, title_pos, title_terms = title_doc[named], title_pos[named], title_terms[named]
    body_window = np.maximum(0, STORY_WORDS - titles.counts)
    in_body = body_pos < body_window[body_doc]
    in_lead = body_pos < HEAD_WORDS
    # the term sequence of each article: its title terms, then its body terms
    seq_doc = np.concatenate((title_doc, body_doc[in_body]))
    seq_order = np.concatenate((title_pos, STORY_WORDS + body_pos[in_body]))
    seq_key = np.concatenate((title_terms, body_terms[in_body]))
    order = np.lexsort((seq_order, seq_doc))
    seq = (seq_doc[order] << _TERM_BITS) | seq_key[order]
    term_key, first_seen, counts = np.unique(seq, return_index=True, return_counts=True)
    title_keys = _sorted_unique((title_doc << _TERM_BITS) | title_terms)
    distinct_title = np.bincount(title_keys >> _TERM_BITS, minlength=docs)
    title_head = distinct_title >= MIN_TITLE_TERMS
    use = np.concatenate((title_head[title_doc], in_lead & ~title_head[body_doc]))
    head_doc = np.concatenate((title_doc, body_doc))[use]
    head_order = np.concatenate((title_pos, body_pos))[use]
    head_seq = (head_doc << _TERM_BITS) | np.concatenate((title_terms, body_terms))[use]
    head_seq = head_seq[np.lexsort((head_order, head_doc))]
    head_key, head_first = np.unique(head_seq, return_index=True)
    every = _sorted_unique(np.concatenate((term_key, head_key)))
    in_terms = np.isin(every, term_key, assume_unique=True)
    in_head = np.isin(every, head_key, assume_unique=True)
    count = np.zeros(every.size, dtype=np.int64)
    count[in_terms] = counts
    seen = np.zeros(every.size, dtype=np.int64)
    seen[in_terms] = first_seen
    head_rank = np.zeros(every.size, dtype=np.int64)
    head_rank[in_head] = head_first
    doc = every >> _TERM_BITS
    # key order: headline terms as they come, then by count (descending), then first seen
    primary = np.where(in_head, head_rank, -count)
    rank_order = np.lexsort((seen, primary, ~in_head, doc))
    doc = doc[rank_order]
    starts = np.searchsorted(doc, np.arange(docs))
    rank = np.arange(doc.size) - starts[doc]
    return StoryTerms(
        doc=doc,
        term=every[rank_order] & ((1 << _TERM_BITS) - 1),
        in_terms=in_terms[rank_order],
        in_head=in_head[rank_order],
        is_key=rank < KEY_TERMS,
    )


def _sorted_unique(values: I64) -> I64:
    """``np.unique`` by sorting (numpy's hash-based path is slower on these sizes)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _owners(tokens: Tokens) -> tuple[I64, I64]:
    """The text of each word and the word's position in it."""
    bounds = tokens.bounds()
    doc = np.repeat(np.arange(tokens.counts.size), tokens.counts)
    return doc, np.arange(doc.size) - bounds[doc]
