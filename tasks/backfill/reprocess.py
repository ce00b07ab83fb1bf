"""Re-extract stored raw pages with the current parser (no network), batch by batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tasks.fetch.articles import article_from_page
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import RawRef, read_warc_body
from tasks.models import Article, RawPage, Reject


@dataclass(frozen=True)
class Reextracted:
    articles: list[Article]
    rejects: list[Reject]


def reextract_batch(pages: Sequence[RawPage], raw_dir: Path) -> Reextracted:
    """Extract every page of ``pages`` again from its stored bytes; a missing record is a reject."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    for page in pages:
        ref = RawRef(page.warc_file, page.warc_offset, page.warc_length)
        try:
            body = read_warc_body(raw_dir, ref)
        except (OSError, ValueError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            rejects.append(Reject(page.url, "raw page unreadable", detail, "read", page.source))
            continue
        result = FetchResult(
            url=page.url,
            final_url=page.final_url,
            outcome="ok",
            status=200,
            body=body,
            content_type=page.content_type,
            charset=page.charset,
        )
        made = article_from_page(result, page.source or "(unknown)", {"via": "reprocess"}, ref)
        (rejects if isinstance(made, Reject) else articles).append(made)  # type: ignore[arg-type]
    return Reextracted(articles, rejects)
