"""The result of extracting one HTML page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ExtractedArticle:
    """Fields read from one page; ``None`` or empty where the page does not say."""

    title: str | None
    body: str
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None  # timezone-aware
    modified_at: datetime | None = None  # timezone-aware
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    top_image: str | None = None
    is_paywalled: bool = False
    method: str = "empty"  # which path produced the body: json-ld, scoring, fallback, empty
    warnings: tuple[str, ...] = ()
