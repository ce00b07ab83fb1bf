"""The declared publication date checked against the date shown beside the headline."""

import json
from datetime import UTC, datetime, timedelta, timezone

from tasks.extract import extract_article

_STORY = "The council voted on the bridge after a long debate about costs. " * 5


def _jsonld(published: str, modified: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "Bridge vote",
        "datePublished": published,
        "dateModified": modified,
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _published(head: str, shown: str) -> datetime | None:
    page = (
        f"<html><head>{head}</head><body><h1>Bridge vote</h1>"
        f"<div class='byline'><span>By Ann Lee</span><span>{shown}</span></div>"
        f"<p>{_STORY}</p></body></html>"
    )
    return extract_article(page, None).published_at


def test_a_page_showing_only_its_update_agreed_by_json_ld_is_dated_by_it() -> None:
    head = _jsonld("2021-08-12T19:35:44+00:00", "2025-02-22T22:13:14+00:00")
    assert _published(head, "Last Updated: February 22, 2025") == datetime(
        2025, 2, 22, 22, 13, 14, tzinfo=UTC
    )
    # The shown update is not the declared one: the declared publication stands.
    assert _published(head, "Updated March 3, 2025") == datetime(
        2021, 8, 12, 19, 35, 44, tzinfo=UTC
    )


def test_a_shown_publication_next_to_the_update_keeps_the_declared_date() -> None:
    head = _jsonld("2021-08-12T19:35:44+00:00", "2025-02-22T22:13:14+00:00")
    shown = "Published August 12, 2021</span><span>Updated February 22, 2025"
    assert _published(head, shown) == datetime(2021, 8, 12, 19, 35, 44, tzinfo=UTC)


def test_an_unlabelled_shown_date_that_is_the_json_ld_modification_dates_the_page() -> None:
    head = _jsonld("2020-05-13T20:03:25+00:00", "2025-01-02T15:06:08+00:00")
    assert _published(head, "January 2, 2025") == datetime(2025, 1, 2, 15, 6, 8, tzinfo=UTC)
    # Open Graph's article:published_time is the publisher's own claim: it stands.
    sharer = head + '<meta property="article:published_time" content="2020-05-13T20:03:25Z">'
    assert _published(sharer, "January 2, 2025") == datetime(2020, 5, 13, 20, 3, 25, tzinfo=UTC)


def test_a_shown_date_days_before_the_declared_one_is_the_first_appearance() -> None:
    head = '<meta property="article:published_time" content="2025-06-12T00:00:00Z">'
    assert _published(head, "November 2, 2022") == datetime(2022, 11, 2, tzinfo=UTC)
    # A day earlier is the page's own time zone against UTC: the declared instant stands.
    late = '<meta property="article:published_time" content="2026-02-23T00:57:30Z">'
    assert _published(late, "February 22, 2026") == datetime(2026, 2, 23, 0, 57, 30, tzinfo=UTC)


def test_an_earlier_date_far_below_the_headline_does_not_redate_the_page() -> None:
    head = '<meta property="article:published_time" content="2025-06-12T00:00:00Z">'
    filler = "".join(f"<p>Line {n} of the introduction.</p>" for n in range(12))
    page = (
        f"<html><head>{head}</head><body><h1>Bridge vote</h1>{filler}"
        f"<p>November 2, 2022</p><p>{_STORY}</p></body></html>"
    )
    assert extract_article(page, None).published_at == datetime(2025, 6, 12, tzinfo=UTC)


def test_an_abbreviated_german_update_line_is_an_update() -> None:
    berlin = timezone(timedelta(hours=2))
    head = _jsonld("2025-06-28T16:03:53+02:00", "2025-06-29T21:18:04+02:00")
    shown = "Akt.: 29. Juni 2025 - 21.18 Uhr</span><span>28. Juni 2025 - 16.03 Uhr"
    assert _published(head, shown) == datetime(2025, 6, 28, 16, 3, 53, tzinfo=berlin)
