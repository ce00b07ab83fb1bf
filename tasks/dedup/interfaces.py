"""What a dedup run and the warehouse's index exchange, so that ``warehouse/`` only reads and
writes: the look-ups a batch's linking makes in the index (``IndexLookups``, which the
warehouse implements), the links it finds (``BatchLinks``), and the algorithms the warehouse's
run is given to apply (``DedupAlgorithms``: ``tasks.dedup.linking.ALGORITHMS``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from tasks.dedup.models import DedupInput, Link
from tasks.dedup.shingles import U64
from tasks.dedup.signing import SignedBatch
from tasks.dedup.story import StoryRule

Fact = tuple[str, datetime, str]  # article_id, first_seen_at, body


class IndexLookups(Protocol):
    """The index's answers for the batch numbered from ``first`` (its first doc number)."""

    def band_candidates(self, signed: SignedBatch, first: int) -> list[tuple[int, int]]: ...

    def minhashes(self, doc_nos: Sequence[int]) -> dict[int, bytes]: ...

    def url_candidates(
        self, first: int, canonical_urls: Sequence[str | None]
    ) -> list[tuple[int, int]]: ...

    def story_candidates(
        self, signed: SignedBatch, first: int, rule: StoryRule
    ) -> list[tuple[int, int, float]]: ...

    def article_facts(self, doc_nos: Sequence[int], *, with_body: bool) -> dict[int, Fact]: ...

    def stored_shingles(self, doc_nos: Sequence[int]) -> dict[int, U64]:
        """The shingle sets the index keeps of these earlier documents, where it has one."""
        ...


@dataclass(frozen=True)
class BatchLinks:
    """The links a batch's articles get, each oriented later -> earlier, and the shingle sets
    of earlier documents that were verified against and had none kept (for the index to keep:
    the same earliest members of a family are verified against in run after run)."""

    copies: list[Link]
    versions: list[Link]
    stories: list[Link]
    earlier_shingles: dict[int, U64] = field(default_factory=dict)


class DedupAlgorithms(Protocol):
    def sign(self, batch: list[DedupInput], *, processes: int) -> SignedBatch: ...

    def link(
        self, batch: list[DedupInput], signed: SignedBatch, first: int, lookups: IndexLookups
    ) -> BatchLinks: ...

    def components(
        self, members: Iterable[str], links: Iterable[tuple[str, str]]
    ) -> dict[str, str]: ...
