from datetime import UTC, datetime, timedelta, timezone

import pytest

from tasks.extract import extract_article
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
        ("2023 Jan 7", datetime(2023, 1, 7, tzinfo=UTC), False),
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


def test_a_date_followed_by_words_in_the_url_is_found() -> None:
    found = date_from_url("https://blog.example.org/articles/2025-12-15+Rust+backend")
    assert found == datetime(2025, 12, 15, tzinfo=UTC)


def _published(head: str, body: str) -> datetime | None:
    story = "The council voted on the bridge after a long debate about costs. " * 5
    page = f"<html><head>{head}</head><body><h1>Bridge vote</h1>{body}<p>{story}</p></body></html>"
    return extract_article(page, None).published_at


def test_other_publication_meta_names_and_rdfa_are_read() -> None:
    assert _published('<meta name="published_on" content="2026-01-22T21:00:00Z">', "") == (
        datetime(2026, 1, 22, 21, tzinfo=UTC)
    )
    rdfa = '<div property="dc:date dc:created" content="2022-11-08T10:47:56Z"></div>'
    assert _published("", rdfa) == datetime(2022, 11, 8, 10, 47, 56, tzinfo=UTC)
    created = '<span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00"></span>'
    assert _published("", created) == datetime(2022, 1, 28, 12, 45, 46, tzinfo=UTC)


def test_a_line_that_is_a_date_is_the_publication_date_unless_it_says_updated() -> None:
    assert _published("", "<p>Posted on April 13, 2023</p>") == datetime(2023, 4, 13, tzinfo=UTC)
    both = "<p>Updated May 1, 2023</p><p>Posted on April 13, 2023</p>"
    assert _published("", both) == datetime(2023, 4, 13, tzinfo=UTC)
    linked = '<ul><li><a href="/old">Older story</a> March 2, 2021</li></ul>'
    assert _published("", linked) is None


def test_numeric_day_month_year_dates_are_read() -> None:
    assert parse_date("2/24/2026")[0] == datetime(2026, 2, 24, tzinfo=UTC)
    assert parse_date("17/08/2025")[0] == datetime(2025, 8, 17, tzinfo=UTC)
    assert parse_date("Published: 2025.12.17 |")[0] == datetime(2025, 12, 17, tzinfo=UTC)
    # Neither number is above 12: the page's custom decides.
    assert parse_date("03/04/2024")[0] == datetime(2024, 3, 4, tzinfo=UTC)
    assert parse_date("03/04/2024", month_first=False)[0] == datetime(2024, 4, 3, tzinfo=UTC)


def test_a_numeric_date_line_follows_the_page_language() -> None:
    story = "The council voted on the bridge after a long debate about costs. " * 5
    page = (
        '<html lang="{lang}"><body><h1>Bridge vote</h1><div class="post-date">03/04/2024</div>'
        f"<p>{story}</p></body></html>"
    )
    american = extract_article(page.format(lang="en-US"), None).published_at
    british = extract_article(page.format(lang="en-GB"), None).published_at
    plain = extract_article(page.format(lang="en"), None).published_at
    assert american == datetime(2024, 3, 4, tzinfo=UTC)
    assert british == plain == datetime(2024, 4, 3, tzinfo=UTC)


def test_an_updated_line_or_the_modified_time_stands_in_when_nothing_says_published() -> None:
    assert _published("", "<p>Updated April 13, 2023</p>") == datetime(2023, 4, 13, tzinfo=UTC)
    modified = '<meta property="article:modified_time" content="2023-06-12T10:39:42+00:00">'
    assert _published(modified, "") == datetime(2023, 6, 12, 10, 39, 42, tzinfo=UTC)
    both = "<p>Posted on April 2, 2023</p><p>Updated April 13, 2023</p>"
    assert _published(modified, both) == datetime(2023, 4, 2, tzinfo=UTC)


def test_the_date_beside_the_headline_wins_over_dates_further_down() -> None:
    page = (
        "<html><body><nav><a href='/'>Home</a></nav><h1>Bridge vote</h1>"
        "<div><span>By Ann Lee</span><span>December 11, 2023</span></div>"
        "<p>{story}</p><div class='related'><h3>Older story</h3>"
        "<div class='post-date'>September 28, 2023</div></div></body></html>"
    ).format(story="The council voted on the bridge after a long debate about costs. " * 5)
    assert extract_article(page, None).published_at == datetime(2023, 12, 11, tzinfo=UTC)
    updated = page.replace("December 11, 2023", "Updated December 12, 2023")
    updated = updated.replace("<span>By Ann Lee</span>", "<span>Posted December 1, 2023</span>")
    assert extract_article(updated, None).published_at == datetime(2023, 12, 1, tzinfo=UTC)


def test_a_time_tag_in_a_box_of_other_stories_or_comments_is_not_the_story_date() -> None:
    teaser = (
        '<aside class="related-posts"><h3>Older story</h3>'
        '<time datetime="2021-03-02T08:00:00Z">March 2, 2021</time></aside>'
    )
    comment = (
        '<div class="comment-list"><p>Great read!</p>'
        '<time datetime="2024-01-09T08:00:00Z">January 9, 2024</time></div>'
    )
    own = '<time datetime="2023-12-11T08:00:00Z">December 11, 2023</time>'
    assert _published("", teaser) is None
    assert _published("", comment + own) == datetime(2023, 12, 11, 8, tzinfo=UTC)
