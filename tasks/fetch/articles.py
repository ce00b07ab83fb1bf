"""A fetched page and its feed/sitemap hints into an ``Article`` (or a ``Reject``).

The page wins where it says something; the hints fill in what it lacks (a page without a date
takes its feed item's date). No network here: the page bytes are already fetched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tasks.discover.clean import iso_to_utc, plausible_utc, repair_text, safe_url
from tasks.extract import extract_article
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import RawRef
from tasks.models import Article, Reject


def article_from_page(
    result: FetchResult, source: str, hints: dict[str, Any], raw: RawRef | None
) -> Article | Reject:
    """Never raises: an unexpected error costs this page only ("internal error …")."""
    try:
        return _article(result, source, hints, raw)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {repair_text(str(exc))[:500]}"
        return Reject(
            result.url, "internal error making the article", detail, stage="parse", source=source
        )


def _article(
    result: FetchResult, source: str, hints: dict[str, Any], raw: RawRef | None
) -> Article | Reject:
    try:
        extracted = extract_article(result.body, result.final_url, http_charset=result.charset)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {repair_text(str(exc))[:500]}"
        return Reject(result.url, "extraction failed", detail, stage="parse", source=source)
    warnings: list[str] = []
    fields = _Fields(warnings)
    body = fields.text("body", extracted.body).strip()
    if not body:
        detail = "; ".join(repair_text(w) for w in extracted.warnings)
        return Reject(result.url, "no article text", detail, stage="parse", source=source)
    page_date = fields.date("published", extracted.published_at)
    published = _more_precise(page_date, iso_to_utc(hints.get("published")))
    authors = tuple(fields.text("authors", a) for a in extracted.authors if isinstance(a, str))
    authors = authors or _hint_authors(hints.get("author"))
    extra: dict[str, Any] = {
        "fetch": {
            "final_url": result.final_url,
            "status": result.status,
            "content_hash": result.content_hash,
            "fetched_at": result.fetched_at.isoformat(),
        },
        "hints": fields.scrub("hints", hints),
        "extraction_method": extracted.method,
        "extraction": {"warnings": fields.scrub("warnings", list(extracted.warnings))},
    }
    if raw is not None:
        extra["raw"] = raw.as_dict()
    for name in ("description", "section", "top_image"):
        value = getattr(extracted, name)
        if value:
            extra[name] = fields.scrub(name, value)
    if extracted.tags:
        extra["tags"] = fields.scrub("tags", list(extracted.tags))
    if extracted.is_paywalled:
        extra["is_paywalled"] = True
    modified = fields.date("modified_at", extracted.modified_at)
    if modified:
        extra["modified_at"] = modified.isoformat()
    title = fields.text("title", extracted.title) if extracted.title else None
    hint_title = hints.get("title")
    return Article(
        title=title or (repair_text(hint_title) if isinstance(hint_title, str) else None),
        body=body,
        source=source,
        location=result.url,
        authors=authors,
        published_at=published,
        language=fields.text("language", extracted.language) if extracted.language else None,
        url=safe_url(result.final_url) or result.url,
        canonical_url=safe_url(extracted.canonical_url, result.final_url)
        or safe_url(result.final_url),
        extra=extra,
        warnings=tuple(dict.fromkeys(warnings)),
    )


class _Fields:
    """Repairs a page's field values, noting each repair or drop in ``warnings``."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings

    def text(self, name: str, value: str) -> str:
        repaired = repair_text(value)
        if repaired != value:
            self.warnings.append(f"{name}: invalid characters replaced")
        return repaired

    def date(self, name: str, value: datetime | None) -> datetime | None:
        kept = plausible_utc(value)
        if value is not None and kept is None:
            self.warnings.append(f"{name}: {value.isoformat()} is out of range; dropped")
        return kept

    def scrub(self, name: str, value: Any) -> Any:
        """``value`` (JSON-like) with every string repaired."""
        if isinstance(value, str):
            return self.text(name, value)
        if isinstance(value, dict):
            return {self.text(name, str(k)): self.scrub(name, v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(name, v) for v in value]
        return value


def _more_precise(page: datetime | None, hint: datetime | None) -> datetime | None:
    """The page's date, unless it is a bare day (e.g. read from the URL) that the feed or
    sitemap gives with a time. Both are UTC already."""
    if page is None or hint is None:
        return page or hint
    bare_day = page.hour == page.minute == page.second == 0
    if bare_day and page.date() == hint.date():
        return hint
    return page


def _hint_authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str) or not value.strip():
        return ()
    # RSS <author> is "email (Name)"; keep the name.
    text = repair_text(value.strip())
    if "(" in text and text.endswith(")"):
        text = text[text.index("(") + 1 : -1]
    return (text.strip(),) if "@" not in text and text.strip() else ()
