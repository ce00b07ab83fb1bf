"""Dates from article metadata → timezone-aware UTC datetimes, or why there is none."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

FUTURE_TOLERANCE = timedelta(days=1)
# No news was printed before the 17th century: an earlier date is a placeholder or a mistake
# (year 1 stands for "no date" in several CMSs), and such years break time-zone arithmetic.
EARLIEST = datetime(1600, 1, 1, tzinfo=UTC)


class Published(NamedTuple):
    moment: datetime | None  # timezone-aware, UTC
    problem: str | None = None  # why a given value was not used, for the article's warnings


def parse_published(value: object, *, now: datetime | None = None) -> datetime | None:
    """An ISO 8601 string or a Unix timestamp as UTC; None when absent, unparseable or future.

    A value without a time zone is taken as UTC; a date alone as midnight UTC.
    """
    return read_published(value, now=now).moment


def read_published(value: object, *, now: datetime | None = None) -> Published:
    """The moment ``value`` names, or None and the problem (for a value that was there)."""
    if value is None or value == "":
        return Published(None)
    if isinstance(value, bool):
        return Published(None, f"{value!r} is not a date; dropped")
    if isinstance(value, int | float):
        moment = _from_timestamp(value)
    elif isinstance(value, str):
        moment = _from_iso(value)
    else:
        return Published(None, f"a {type(value).__name__} is not a date; dropped")
    if moment is None:
        return Published(None, f"{_shown(value)} is not a date newsflow can read; dropped")
    return checked_moment(moment, now=now)


def checked_moment(
    moment: datetime, *, now: datetime | None = None, earliest: datetime = EARLIEST
) -> Published:
    """``moment`` in UTC if it is a plausible publication time (from ``earliest`` to a day
    after ``now``; a naive moment is taken as UTC), else None and why."""
    try:
        moment = as_utc(moment)
    except (OverflowError, ValueError, OSError, TypeError) as exc:
        return Published(None, f"{_shown(moment)} is out of range ({exc}); dropped")
    if moment < earliest:
        return Published(None, f"{moment.date().isoformat()} is before {earliest.year}; dropped")
    if moment > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        return Published(None, f"{moment.date().isoformat()} is in the future; dropped")
    return Published(moment)


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (a naive one taken as UTC); may raise
    ``OverflowError`` at the ends of the calendar."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_from_iso(value: object) -> datetime | None:
    """An ISO 8601 string as an aware UTC datetime (a naive one taken as UTC), not checked for
    plausibility; None for anything else, or a moment beyond the ends of the calendar."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    try:
        return as_utc(parsed)
    except OverflowError:
        return None


def utc_moment(value: object) -> datetime | None:
    """A moment newsflow stored itself (a datetime read back from DuckDB, or its ISO string in
    a staged row) as an aware UTC datetime; None for anything else."""
    if isinstance(value, datetime):
        try:
            return as_utc(value)
        except OverflowError:
            return None
    return utc_from_iso(value)


def parse_iso(value: object) -> datetime | None:
    """An ISO 8601 / W3C datetime string (``2024-05-01``, ``…T10:00Z``, with an offset) as
    written, not yet checked; None for anything else."""
    return _from_iso(value) if isinstance(value, str) else None


def _from_timestamp(value: float) -> datetime | None:
    if not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value / 1000 if abs(value) > 1e11 else value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_iso(value: str) -> datetime | None:
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if len(text) > 64:
        return None
    try:
        return datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        return None


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, datetime) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
