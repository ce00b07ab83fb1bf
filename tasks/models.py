"""Plain values passed between the steps and into the warehouse."""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PARSER_VERSION = "newsflow-0.1"
RUN_END_SEQ = 99_999_999  # a run's closing record loads after all of its batches


@dataclass(frozen=True)
class Article:
    """One cleaned article, ready to be deduplicated and loaded."""

    title: str | None
    body: str
    source: str | None
    location: str  # file path or URL where it was seen
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None  # timezone-aware, UTC
    language: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    parser_version: str = PARSER_VERSION
    # Field-level problems repaired or dropped without rejecting the article, e.g.
    # "published: year 9999 is out of range; dropped" or "title: unpaired surrogate replaced".
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reject:
    """An input newsflow could not turn into an article, and why."""

    input: str
    reason: str  # short and human-readable, e.g. "empty file"
    detail: str = ""
    stage: str = "parse"  # read | decode | parse | normalise | stage | load | fetch | discover
    source: str | None = None


@dataclass(frozen=True)
class FileInfo:
    """A file found by the pickup, with what identifies its version."""

    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class LedgerEntry:
    """A file the pickup has taken, so that an unchanged file is not read again."""

    path: str
    size: int
    mtime_ns: int
    outcome: str  # "parsed" or "rejected"


@dataclass(frozen=True)
class BatchRows:
    """Rows a step produced that load together: the wrapper stages them as one batch, the
    run's number ``seq`` (``tables``: rows of other tables, e.g. progress, by table name)."""

    articles: Sequence[Article] = ()
    rejects: Sequence[Reject] = ()
    ledger: Sequence[LedgerEntry] = ()
    tables: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    seq: int = 0


# A step that stages as it goes (a long archive, chunk by chunk) yields its batches, is sent
# back each one's staged directory, and returns its outcome.
StagedSteps = Generator[BatchRows, Path, T]


# What steps and the warehouse share: state read back from DuckDB and passed in.


@dataclass(frozen=True)
class UrlState:
    url: str
    kind: str
    source: str | None
    outcome: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    failures: int = 0
    retry: bool = False
    next_attempt_after: datetime | None = None
    reason: str | None = None
    hints: dict[str, Any] | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class ArchiveProgress:
    """``done``, or the offset to resume from (0: nothing read yet)."""

    resume_offset: int = 0
    done: bool = False
    records: int = 0
    pages: int = 0
    articles: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class RawPage:
    url: str
    final_url: str
    source: str | None
    content_type: str | None
    charset: str | None
    warc_file: str
    warc_offset: int
    warc_length: int


@dataclass(frozen=True)
class StoryLink:
    source: str
    title: str
    url: str | None


@dataclass(frozen=True)
class DigestStory:
    story_id: str
    title: str  # the day's earliest article with a title
    sources: int  # distinct outlets that day
    articles: int  # articles that day, near-copies included
    first_at: datetime
    links: list[StoryLink]  # one per outlet: its earliest article of the day
