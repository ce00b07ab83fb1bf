"""The one date-normalisation module: ISO strings and stored moments as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.article_metadata import split_metadata
from tasks.dates import utc_from_iso, utc_moment

PARIS_SUMMER = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),  # naive: taken as UTC
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("not a date", None),
        (42, None),
        (None, None),
    ],
)
def test_iso_strings_become_utc(value: object, expected: datetime | None) -> None:
    assert utc_from_iso(value) == expected
    moment = utc_from_iso(value)
    assert moment is None or moment.utcoffset() == timedelta(0)


def test_a_stored_moment_comes_back_in_utc_whether_a_datetime_or_its_string() -> None:
    stored = datetime(2024, 5, 1, 12, tzinfo=PARIS_SUMMER)
    assert (
        utc_moment(stored) == utc_moment(stored.isoformat()) == datetime(2024, 5, 1, 10, tzinfo=UTC)
    )
    assert utc_moment(datetime(2024, 5, 1, 10)) == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert utc_moment(datetime.min.replace(tzinfo=PARIS_SUMMER)) is None  # before year 1 in UTC
    assert utc_moment(None) is None


# Fixed offsets, as stored rows carry them (a zone's skipped hour has no one offset to compare).
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(min_value=datetime(1700, 1, 1), timezones=OFFSETS))
def test_utc_moment_round_trips_any_aware_moment(moment: datetime) -> None:
    as_utc = utc_moment(moment.isoformat())
    assert as_utc == moment and as_utc is not None and as_utc.tzinfo == UTC


def test_modified_at_is_read_through_the_same_rules() -> None:
    columns, rest = split_metadata({"modified_at": "2024-05-01T12:00:00+02:00"})
    assert columns["modified_at"] == datetime(2024, 5, 1, 10, tzinfo=UTC)
    columns, rest = split_metadata({"modified_at": "0099-01-01T00:00:00Z"})
    assert columns["modified_at"] is None and rest["modified_at"] == "0099-01-01T00:00:00Z"
