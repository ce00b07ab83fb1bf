"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into items whose fields are hints for the pages.

XML feeds go through feedparser, which tolerates broken real-world feeds, after the XML guard
has refused entity declarations. JSON Feed (which this feedparser version does not read) is
read here. A feed that is broken but still yields items is kept and marked ``malformed``.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from errors import FeedRejected as FeedRejected
from tasks.discover.clean import clean_text, iso_to_utc, plausible_utc, safe_url, scalar_text
from tasks.discover.xmlguard import UnsafeXml, check_xml_safe

MAX_ITEMS = 10_000  # items read from one feed; a real feed has tens


@dataclass(frozen=True)
class FeedItem:
    link: str | None  # canonical; None when the item has no usable http(s) link
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None  # UTC
    author: str | None = None
    summary: str | None = None
    raw_link: str | None = None  # as written in the feed (repaired text), not canonicalised


@dataclass(frozen=True)
class ParsedFeed:
    format: str  # rss20, atom10, json, ...
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    malformed: bool = False
    problem: str | None = None  # the parser's complaint, when malformed
    # Items that could not be read, as (reason, "item 3: ...") (each one costs only itself).
    item_problems: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False  # more than MAX_ITEMS items; the rest is left unread


def parse_feed(
    data: bytes, url: str | None = None, *, content_type: str | None = None
) -> ParsedFeed:
    """Parse a feed; raise ``FeedRejected`` for hostile XML or a document that is no feed.

    Never raises anything else: an unexpected error becomes ``FeedRejected('internal error
    reading the feed', 'Type: message')``, and one item's error is one ``item_problems`` line.
    """
    try:
        if _looks_like_json(data, content_type):
            return _parse_json_feed(data, url)
        return _parse_xml_feed(data, url, content_type)
    except FeedRejected:
        raise
    except Exception as exc:
        raise FeedRejected("internal error reading the feed", _describe(exc)) from exc


def _parse_xml_feed(data: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    try:
        check_xml_safe(data)
    except UnsafeXml as exc:
        raise FeedRejected(exc.reason, exc.detail) from exc
    if not data.strip():
        raise FeedRejected("not a feed", "empty document")
    # Without a content type feedparser complains; application/xml lets the document's own
    # encoding declaration decide, as it should.
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(_defuse_charrefs(data), response_headers=headers, sanitize_html=False)
    problem = clean_text(str(parsed.get("bozo_exception", "")), 500) if parsed.bozo else None
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        raise FeedRejected("not a feed", problem or "no feed elements found")
    base = url or _text_field(parsed.feed, "link")
    items, item_problems, truncated = _read_items(
        parsed.entries, lambda entry: _item_from_entry(entry, base)
    )
    return ParsedFeed(
        format=clean_text(version) or "unknown",
        title=_text_field(parsed.feed, "title"),
        items=items,
        malformed=bool(parsed.bozo),
        problem=problem,
        item_problems=item_problems,
        truncated=truncated,
    )


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}));")


def _defuse_charrefs(data: bytes) -> bytes:
    """Character references to no character (``&#55357;``, a lone surrogate; ``&#0;``; past
    U+10FFFF) made ``&#65533;``: feedparser's lenient parser raises on them."""

    def fix(match: re.Match[bytes]) -> bytes:
        hex_digits, digits = match.group(1), match.group(2)
        value = int(hex_digits, 16) if hex_digits else int(digits)
        bad = value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF
        return b"&#65533;" if bad else match.group(0)

    return _CHARREF.sub(fix, data)


def _read_items(
    raw_items: Iterable[Any], read: Callable[[Any], FeedItem | None]
) -> tuple[list[FeedItem], list[tuple[str, str]], bool]:
    """Each item through ``read``; an item that raises is named in the problems, not fatal."""
    items: list[FeedItem] = []
    problems: list[tuple[str, str]] = []
    for index, raw in enumerate(raw_items):
        if index >= MAX_ITEMS:
            return items, problems, True
        try:
            item = read(raw)
        except FeedRejected as exc:
            problems.append((exc.reason, f"item {index}: {exc.detail}"))
            continue
        except Exception as exc:  # the per-item boundary
            problems.append(
                ("internal error reading a feed item", f"item {index}: {_describe(exc)}")
            )
            continue
        if item is not None:
            items.append(item)
    return items, problems, False


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {clean_text(str(exc), 500) or ''}"


def _looks_like_json(data: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type:
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _text_field(mapping: Any, key: str) -> str | None:
    try:
        return clean_text(mapping.get(key))
    except Exception:
        return None


def _item_from_entry(entry: Any, base: str | None) -> FeedItem:
    raw = entry.get("link") or _alternate_link(entry)
    raw_link = clean_text(raw, 8_192)
    published = _struct_to_utc(entry.get("published_parsed") or entry.get("updated_parsed"))
    return FeedItem(
        link=safe_url(raw, base),
        guid=scalar_text(entry.get("id")),
        title=clean_text(entry.get("title")),
        published=published,
        author=clean_text(entry.get("author"), 500),
        summary=clean_text(entry.get("summary")),
        raw_link=raw_link,
    )


def _alternate_link(entry: Any) -> str | None:
    links = entry.get("links")
    for link in links if isinstance(links, list) else []:
        if not hasattr(link, "get"):
            continue
        href = link.get("href")
        if link.get("rel", "alternate") == "alternate" and isinstance(href, str) and href:
            return href
    return None


def _struct_to_utc(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return plausible_utc(datetime.fromtimestamp(calendar.timegm(value), tz=UTC))
    except (OverflowError, ValueError, OSError):
        return None


def _parse_json_feed(data: bytes, url: str | None) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FeedRejected("malformed json feed", f"not UTF-8: {exc}") from exc
    except RecursionError as exc:
        raise FeedRejected("malformed json feed", "nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, or a number too long to read
        raise FeedRejected("malformed json feed", clean_text(str(exc), 500) or "") from exc
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version" not in version:
        raise FeedRejected("not a feed", "JSON without a jsonfeed.org version")
    raw_items = document.get("items")
    if raw_items is None:
        raw_items = []
    if not isinstance(raw_items, list):
        kind = type(raw_items).__name__
        raise FeedRejected("malformed json feed", f"'items' is a {kind}, not a list")
    base = next(
        (b for b in (url, document.get("home_page_url"), document.get("feed_url")) if safe_url(b)),
        None,
    )
    items, problems, truncated = _read_items(raw_items, lambda raw: _json_item(raw, base))
    return ParsedFeed(
        format="json",
        title=clean_text(document.get("title")),
        items=items,
        item_problems=problems,
        truncated=truncated,
    )


def _json_item(raw: Any, base: str | None) -> FeedItem:
    if not isinstance(raw, dict):
        raise FeedRejected("feed item is not an object", f"a {type(raw).__name__}")
    link = raw.get("url") if isinstance(raw.get("url"), str) else raw.get("external_url")
    return FeedItem(
        link=safe_url(link, base),
        guid=scalar_text(raw.get("id")),
        title=clean_text(raw.get("title")),
        published=iso_to_utc(raw.get("date_published")) or iso_to_utc(raw.get("date_modified")),
        author=", ".join(_json_author_names(raw))[:500] or None,
        summary=clean_text(raw.get("summary")),
        raw_link=clean_text(link, 8_192),
    )


def _json_author_names(raw: dict[str, Any]) -> list[str]:
    """Names from ``authors`` (1.1: a list of objects) or ``author`` (1.0: one object)."""
    authors = raw.get("authors")
    if isinstance(authors, dict):
        authors = [authors]
    if not isinstance(authors, list):
        authors = [raw.get("author")]
    names = (clean_text(a.get("name"), 200) for a in authors[:50] if isinstance(a, dict))
    return [name for name in names if name]
