from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tasks.dates import read_published
from tasks.errors import InputRejected
from tasks.models import Article
from tasks.normalise import MAX_BODY_CHARS, normalise_article

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _article(**fields: object) -> Article:
    values: dict[str, object] = {
        "title": "T",
        "body": "Body text.",
        "source": None,
        "location": "x",
    }
    return Article(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0001-01-01T00:00:00+05:00", "out of range"),
        ("9999-12-31T23:59:59-05:00", "out of range"),
        ("9999-12-31", "in the future"),
        ("1200-05-01", "before 1600"),
        (float("nan"), "not a date"),
        (float("inf"), "not a date"),
        (10**30, "not a date"),
        (True, "not a date"),
        ({"a": 1}, "not a date"),
        ("2026-13-45", "not a date"),
    ],
)
def test_impossible_dates_are_dropped_with_the_reason(value: object, problem: str) -> None:
    moment, found = read_published(value, now=NOW)
    assert moment is None and found is not None and problem in found


def test_a_good_date_is_utc() -> None:
    moment, problem = read_published("2025-06-01T12:00:00+02:00", now=NOW)
    assert (moment, problem) == (datetime(2025, 6, 1, 10, tzinfo=UTC), None)
    assert read_published(1_700_000_000_000, now=NOW).moment == datetime.fromtimestamp(
        1_700_000_000, UTC
    )


def test_an_aware_date_outside_the_range_is_dropped_by_the_normaliser() -> None:
    far = datetime(1, 1, 1, 3, tzinfo=timezone(timedelta(hours=5)))
    article = normalise_article(_article(published_at=far), now=NOW)
    assert article.published_at is None
    assert article.warnings[0].startswith("published: 0001-01-01T03:00:00+05:00 is out of range")


def test_every_string_field_is_made_storable() -> None:
    article = normalise_article(
        _article(
            title="Lone \ud800 and\x07bell",
            body="Text \udfff with\x00 NUL and \x93quotes\x94.",
            authors=("Ann\ud83d", 5, "Ann\ud83d"),
            url="https://example.com/" + "a" * 9000,
            extra={"k\ud800": ["\udc00", float("nan"), 10**30, {"deep": {}}]},
        ),
        now=NOW,
    )
    for text in (article.title, article.body, *article.authors, *article.warnings):
        assert text is not None
        text.encode("utf-8")
    assert article.title == "Lone \ufffd andbell"
    assert article.body == "Text \ufffd with NUL and “quotes”."
    assert article.authors == ("Ann\ufffd",)
    assert article.url is None
    assert article.extra == {
        "k\ufffd": ["\ufffd", None, "1000000000000000000000000000000", {"deep": {}}]
    }


def test_an_over_long_body_is_cut_at_a_paragraph() -> None:
    paragraph = "word " * 199 + "end."
    body = "\n\n".join([paragraph] * (MAX_BODY_CHARS // 1000 + 10))
    article = normalise_article(_article(body=body), now=NOW)
    assert len(article.body) <= MAX_BODY_CHARS and article.body.endswith("end.")
    assert article.warnings[0].startswith(f"body: {len(body):,} characters")


def test_a_body_of_nothing_but_controls_is_rejected_at_normalise() -> None:
    with pytest.raises(InputRejected) as caught:
        normalise_article(_article(body="\x00\x01\x02"), now=NOW)
    assert (caught.value.reason, caught.value.stage) == ("no article text", "normalise")
