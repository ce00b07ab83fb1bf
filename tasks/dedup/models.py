"""Plain values the deduplication steps pass around."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

NEAR_COPY = "near_copy"
VERSION = "version"  # same canonical URL, changed text (layer 1)
LINKS_PER_DOC = 8  # links a new document gets, at most: clusters need one to join


@dataclass(frozen=True)
class DedupInput:
    """One article as the deduplication reads it from the warehouse."""

    article_id: str
    title: str | None
    body: str
    source: str | None
    url: str | None
    canonical_url: str | None
    published_at: datetime | None
    first_seen_at: datetime


@dataclass(frozen=True)
class Link:
    """``article_id`` is a near-copy / version / same-story peer of ``duplicate_of``.

    Links are oriented by (first seen, article id): ``duplicate_of`` is the earlier one, so the
    same pair is written the same way however the two arrived.
    """

    article_id: str
    duplicate_of: str
    kind: str
    similarity: float
    method: str


def link_pair(link: Link) -> tuple[str, str]:
    return (link.article_id, link.duplicate_of)
