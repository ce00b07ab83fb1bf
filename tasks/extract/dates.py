"""Publication and modification times: parse the many ways pages write them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from tasks.extract.rules.dates import (
    COMPACT,
    DOTTED,
    DOTTED_YEAR_FIRST,
    ISO,
    MONTHS,
    NUMERIC,
    SLASHED,
    URL_DATE,
    WORDY,
)

_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(
    y: str, m: str, d: str, hour: str | None = None, minute: str | None = None,
    second: str | None = None, tz: timezone | None = None, fraction: str | None = None,
) -> datetime | None:  # fmt: skip
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(y), int(m), int(d), int(hour or 0), int(minute or 0), int(second or 0), micro,
            tzinfo=tz or UTC,
        )  # fmt: skip
    except ValueError:
        return None


def _numeric(match: re.Match[str], month_first: bool) -> datetime | None:
    """A d/m/y or m/d/y date: a number above 12 is the day; else the page's custom decides."""
    a, b, year = match.group("a"), match.group("b"), match.group("y")
    if int(a) > 12 or (int(b) <= 12 and not month_first):
        return _build(year, b, a)
    return _build(year, a, b)


def parse_date(text: str | None, *, month_first: bool = True) -> tuple[datetime | None, bool]:
    """Parse a date or date-time. Returns the moment and whether the text gave a time zone.

    A moment with no time zone in the text is read as UTC. ``month_first`` reads an
    ambiguous "03/04/2024" as March 4 (American custom) rather than 3 April.
    """
    if not text:
        return None, False
    text = text.strip()[:200]
    if text.isdigit() and len(text) in (10, 13):  # Unix epoch seconds or milliseconds
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC), True
    match = ISO.search(text)
    if match:
        tz = _offset(match.group("tz"))
        g = match.group
        moment = _build(g("y"), g("m"), g("d"), g("H"), g("M"), g("S"), tz, g("F"))
        return moment, tz is not None
    for pattern in (COMPACT, SLASHED, DOTTED, DOTTED_YEAR_FIRST):
        match = pattern.search(text)
        if match:
            found = match.groupdict()
            return _build(found["y"], found["m"], found["d"], found.get("H"), found.get("M")), False
    match = NUMERIC.search(text)
    if match:
        return _numeric(match, month_first), False
    match = WORDY.search(text)
    if match:
        g = match.group
        day = g("d1") or g("d2") or g("d3")
        month = MONTHS.get((g("mon1") or g("mon2") or g("mon3")).casefold())
        year = g("y1") or g("y2") or g("y3")
        if month:
            return _build(year, str(month), day), False
    return None, False


def plausible(moment: datetime | None, now: datetime) -> datetime | None:
    """Keep dates between the early web and now (a small clock skew allowed)."""
    if moment is None or moment < _EARLIEST or moment > now + timedelta(days=1):
        return None
    return moment


def date_from_url(url: str | None) -> datetime | None:
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    g = match.group
    if g("y"):
        return _build(g("y"), g("m"), g("d"))
    return _build(g("y2"), g("m2"), g("d2"))
