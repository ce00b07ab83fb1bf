"""Values read from feeds, sitemaps and pages, made safe to keep: text that encodes as UTF-8,
dates that are aware UTC in a plausible range, URLs that are canonical http(s) with a real host.

Whatever a document holds (a number where a string belongs, a lone surrogate from ``&#55296;``,
a year-1 date), these helpers return a usable value or None; they never raise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tasks.dates import checked_moment, parse_iso
from tasks.urls import canonicalize_url

# Older than this is no date of a feed or sitemap entry.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HOST = re.compile(r"^([a-z0-9_-]+\.)*[a-z0-9_-]+$|^[0-9a-f:.]+$")


def repair_text(text: str) -> str:
    """``text`` with lone surrogates made U+FFFD and control characters (but tab and line
    breaks) removed."""
    return _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))


def clean_text(value: Any, limit: int = 10_000) -> str | None:
    """A string's words on one line, repaired and at most ``limit`` characters; None for
    anything that is not a string or holds no word."""
    if not isinstance(value, str):
        return None
    text = " ".join(repair_text(value[: limit * 2]).split())[:limit]
    return text or None


def scalar_text(value: Any, limit: int = 2_000) -> str | None:
    """A string, or an integer written out (a JSON Feed ``id`` may be either)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value) if abs(value) < 10**100 else None
        return text
    return clean_text(value, limit)


def plausible_utc(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """``value`` as aware UTC (naive taken as UTC), or None when it cannot be converted or
    lies before ``EARLIEST`` or more than a day after now (``tasks.dates.checked_moment``)."""
    if value is None:
        return None
    return checked_moment(value, now=now, earliest=EARLIEST).moment


def iso_to_utc(value: Any) -> datetime | None:
    """An ISO 8601 / W3C datetime string (``2024-05-01``, ``…T10:00Z``, with offset) as a
    plausible UTC datetime; None otherwise."""
    parsed = parse_iso(value)
    return plausible_utc(parsed) if parsed is not None else None


def safe_url(link: Any, base: Any = None) -> str | None:
    """The canonical http(s) URL of ``link`` (resolved against ``base``), or None when it is
    no URL, another scheme (``javascript:``, ``mailto:``) or names no usable host."""
    if not isinstance(link, str) or not link.strip() or len(link) > 8_192:
        return None
    base_text = base if isinstance(base, str) and len(base) <= 8_192 else None
    try:
        url = canonicalize_url(repair_text(link), base_text)
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return url if _HOST.match(host) else None
