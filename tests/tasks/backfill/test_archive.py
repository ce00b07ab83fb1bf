"""Archive pages: the date template, and which links of a page are the day's articles."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.backfill.archive import (
    ArchiveConfigError,
    archive_links,
    archive_url_for,
    check_archive_config,
)
from tasks.sources import Source, source_from_table

PAGE = """<html><body>
<nav><a href="/">Home</a> <a href="/archive/2026/01/04">Previous day</a>
<a href="https://elsewhere.example/story">Partner</a> <a href="#top">Top</a>
<a href="mailto:desk@gazette.example">Mail</a></nav>
<main>
<a href="/2026/01/05/ferry-strike.html">Ferry strike ends</a>
<a href="https://www.gazette.example/2026/01/05/budget.html?utm_source=archive">Budget</a>
<a href="/2026/01/05/ferry-strike.html">Ferry strike ends (again)</a>
<a href="/about/">About us</a>
</main></body></html>"""


def _source(**extra: str) -> Source:
    return source_from_table(
        "gazette",
        {"kind": "feed", "urls": ["https://www.gazette.example/feed.xml"], **extra},
    )


def test_the_template_gives_each_day_its_archive_page() -> None:
    source = _source(archive_url="https://www.gazette.example/archive/{date:%Y/%m/%d}")
    assert archive_url_for(source, date(2026, 1, 5)) == (
        "https://www.gazette.example/archive/2026/01/05"
    )
    iso = _source(archive_url="https://www.gazette.example/day/{date}.html")
    assert archive_url_for(iso, date(2026, 1, 5)).endswith("/day/2026-01-05.html")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"archive_url": "https://www.gazette.example/archive/{day}"}, "must use only {date}"),
        ({"archive_url": "https://www.gazette.example/archive/"}, "has no {date}"),
        ({"archive_url": "ftp://www.gazette.example/{date}"}, "archive_url gives"),
        (
            {"archive_url": "https://www.gazette.example/{date}", "archive_link_pattern": "(["},
            "not a valid regex",
        ),
    ],
)
def test_a_bad_archive_setting_is_refused_with_its_reason(
    extra: dict[str, str], message: str
) -> None:
    with pytest.raises(ArchiveConfigError, match="gazette") as error:
        check_archive_config(_source(**extra))
    assert message in str(error.value)


def test_only_the_days_article_links_are_taken_each_once() -> None:
    source = _source(archive_url="https://www.gazette.example/archive/{date:%Y/%m/%d}")
    links = archive_links(PAGE, "https://www.gazette.example/archive/2026/01/05", source)
    assert links == [
        "https://www.gazette.example/2026/01/05/ferry-strike.html",
        "https://www.gazette.example/2026/01/05/budget.html",
        "https://www.gazette.example/about/",
    ]


def test_the_link_pattern_keeps_only_matching_links() -> None:
    source = _source(
        archive_url="https://www.gazette.example/archive/{date:%Y/%m/%d}",
        archive_link_pattern=r"/\d{4}/\d\d/\d\d/",
    )
    links = archive_links(PAGE, "https://www.gazette.example/archive/2026/01/05", source)
    assert links == [
        "https://www.gazette.example/2026/01/05/ferry-strike.html",
        "https://www.gazette.example/2026/01/05/budget.html",
    ]
