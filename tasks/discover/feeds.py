"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into items whose fields are hints for the pages.

XML feeds go through feedparser, which tolerates broken real-world feeds, after the XML guard
has refused entity declarations. JSON Feed (which this feedparser version does not read) is
read here. A feed that is broken but still yields items is kept and marked ``malformed``.
"""

from __future__ import annotations

import calendar
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from tasks.discover.xmlguard import UnsafeXml, check_xml_safe
from tasks.urls import InvalidUrl, canonicalize_url


class FeedRejected(ValueError):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class FeedItem:
    link: str | None  # canonical; None when the item has no usable http(s) link
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None  # UTC
    author: str | None = None
    summary: str | None = None
    raw_link: str | None = None  # as written in the feed, resolved but not canonicalised


@dataclass(frozen=True)
class ParsedFeed:
    format: str  # rss20, atom10, json, ...
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    malformed: bool = False
    problem: str | None = None  # the parser's complaint, when malformed


def parse_feed(
    data: bytes, url: str | None = None, *, content_type: str | None = None
) -> ParsedFeed:
    """Parse a feed; raise ``FeedRejected`` for hostile XML or a document that is no feed."""
    if _looks_like_json(data, content_type):
        return _parse_json_feed(data, url)
    try:
        check_xml_safe(data)
    except UnsafeXml as exc:
        raise FeedRejected(exc.reason, exc.detail) from exc
    # Without a content type feedparser complains; application/xml lets the document's own
    # encoding declaration decide, as it should.
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    problem = str(parsed.get("bozo_exception", "")) if parsed.bozo else None
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        raise FeedRejected("not a feed", problem or "no feed elements found")
    base = url or parsed.feed.get("link")
    items = [_item_from_entry(entry, base) for entry in parsed.entries]
    return ParsedFeed(
        format=version or "unknown",
        title=parsed.feed.get("title"),
        items=items,
        malformed=bool(parsed.bozo),
        problem=problem,
    )


def _looks_like_json(data: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type:
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _item_from_entry(entry: Any, base: str | None) -> FeedItem:
    raw = entry.get("link") or _alternate_link(entry)
    published = _struct_to_utc(entry.get("published_parsed") or entry.get("updated_parsed"))
    return FeedItem(
        link=_canonical(raw, base),
        guid=entry.get("id"),
        title=_clean(entry.get("title")),
        published=published,
        author=_clean(entry.get("author")),
        summary=_clean(entry.get("summary")),
        raw_link=raw,
    )


def _alternate_link(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _canonical(link: Any, base: str | None) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return canonicalize_url(link, base)
    except InvalidUrl:
        return None


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _parse_json_feed(data: bytes, url: str | None) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedRejected("malformed json feed", str(exc)) from exc
    if not isinstance(document, dict) or "jsonfeed.org/version" not in str(
        document.get("version", "")
    ):
        raise FeedRejected("not a feed", "JSON without a jsonfeed.org version")
    base = url or document.get("home_page_url") or document.get("feed_url")
    items = []
    for raw in document.get("items") or []:
        if not isinstance(raw, dict):
            continue
        link = raw.get("url") or raw.get("external_url")
        authors = raw.get("authors") or ([raw["author"]] if raw.get("author") else [])
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and a.get("name")]
        items.append(
            FeedItem(
                link=_canonical(link, base),
                guid=str(raw["id"]) if raw.get("id") is not None else None,
                title=_clean(raw.get("title")),
                published=_iso_to_utc(raw.get("date_published") or raw.get("date_modified")),
                author=", ".join(names) or None,
                summary=_clean(raw.get("summary")),
                raw_link=link if isinstance(link, str) else None,
            )
        )
    return ParsedFeed(format="json", title=_clean(document.get("title")), items=items)


def _iso_to_utc(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
