from datetime import UTC, datetime, timedelta, timezone

import pytest

from tasks.extract.dates import date_from_url, parse_date, plausible


@pytest.mark.parametrize(
    ("text", "expected", "zoned"),
    [
        (
            "2024-03-05T09:30:00+01:00",
            datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1))),
            True,
        ),
        ("2024-03-05T09:30:00Z", datetime(2024, 3, 5, 9, 30, tzinfo=UTC), True),
        (
            "2024-03-05T09:30:00-0500",
            datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
            True,
        ),
        ("2024-03-05 09:30:00.389+00:00", datetime(2024, 3, 5, 9, 30, 0, 389000, tzinfo=UTC), True),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC), False),
        ("5 March 2024", datetime(2024, 3, 5, tzinfo=UTC), False),
        ("March 5th, 2024", datetime(2024, 3, 5, tzinfo=UTC), False),
        ("05.03.2024", datetime(2024, 3, 5, tzinfo=UTC), False),
        ("1709627400", datetime(2024, 3, 5, 8, 30, tzinfo=UTC), True),
    ],
)
def test_common_date_formats_parse(text: str, expected: datetime, zoned: bool) -> None:
    moment, has_zone = parse_date(text)
    assert moment == expected
    assert moment is not None and moment.utcoffset() == expected.utcoffset()
    assert has_zone is zoned


def test_nonsense_is_not_a_date() -> None:
    assert parse_date("yesterday-ish") == (None, False)
    assert parse_date("2024-13-45") == (None, False)


def test_future_and_prehistoric_dates_are_rejected() -> None:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert plausible(datetime(2024, 7, 1, tzinfo=UTC), now) is None
    assert plausible(datetime(1970, 1, 1, tzinfo=UTC), now) is None
    assert plausible(datetime(2024, 5, 1, tzinfo=UTC), now) == datetime(2024, 5, 1, tzinfo=UTC)


def test_a_date_in_the_url_path_is_found() -> None:
    assert date_from_url("https://x.example/2019/11/18/story/") == datetime(
        2019, 11, 18, tzinfo=UTC
    )
    assert date_from_url("https://x.example/news/20191118/story") == datetime(
        2019, 11, 18, tzinfo=UTC
    )
    assert date_from_url("https://x.example/news/story-123") is None
