"""Dates from article metadata → timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_FUTURE_TOLERANCE = timedelta(days=1)


def parse_published(value: object, *, now: datetime | None = None) -> datetime | None:
    """An ISO 8601 string or a Unix timestamp as UTC; None when absent, unparseable or future.

    A value without a time zone is taken as UTC; a date alone as midnight UTC.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            moment = datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    if moment > (now or datetime.now(UTC)) + _FUTURE_TOLERANCE:
        return None
    return moment
