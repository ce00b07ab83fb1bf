"""Dates a reader sees on the page: the one written next to the headline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bs4.element import NavigableString, Tag

from tasks.extract.dates import parse_date, plausible
from tasks.extract.hints import attr_text
from tasks.extract.page_index import PageIndex
from tasks.extract.rules.dates import DATE_LINE, OTHER_STORIES, UPDATED
from tasks.extract.rules.tags import DATE_ELSEWHERE_TAGS, HIDDEN_TAGS
from tasks.extract.text import squash

# A day each way: a date shown in the page's time zone against one declared in another.
_SLACK = timedelta(days=1)
_BESIDE_HEADLINE = 7  # lines of text between the headline and its date line


def dates_other_story(tag: Tag) -> bool:
    """Whether ``tag`` sits in a box of teasers for other stories or in the comments."""
    for parent in [tag, *list(tag.parents)[:8]]:
        if parent.name in ("body", "html"):
            break
        if parent.attrs and OTHER_STORIES.search(attr_text(parent)):
            return True
    return False


def _dated_lines(strings: Any, skip: set[int], window: int, month_first: bool) -> list[str]:
    """Date lines among the first ``window`` lines of text in ``strings``."""
    found: list[str] = []
    seen = 0
    for string in strings:
        if id(string) in skip or not isinstance(string.parent, Tag):
            continue
        if string.parent.name in HIDDEN_TAGS:
            continue
        text = squash(str(string))
        if not text:
            continue
        seen += 1
        if seen > window:
            break
        dated = len(text) <= 80 and DATE_LINE.search(text) is not None
        nearby = [string.parent, *list(string.parent.parents)[:4]]
        dated = dated and not any(
            tag.name in DATE_ELSEWHERE_TAGS or (tag.name in ("li", "td") and tag.find("a"))
            for tag in nearby
        )
        if dated and parse_date(text, month_first=month_first)[0] is not None:
            found.append(text)
        else:
            found.append("")  # a line without a date: keeps the distance
    return found


@dataclass(frozen=True)
class ShownDate:
    """A date line near the headline: its text, how many lines away, and whether it
    says "Updated"."""

    text: str
    distance: int
    updated: bool


def shown_dates(page: PageIndex, *, month_first: bool = True, window: int = 40) -> list[ShownDate]:
    """Date lines within ``window`` lines of text before or after the headline (the first
    <h1>), nearest first; lines after it before lines before it at the same distance."""
    h1 = page.first("h1")
    if h1 is None:
        return []
    inside = {id(node) for node in h1.descendants if isinstance(node, NavigableString)}
    after = _dated_lines(page.strings_after(h1, window * 4), inside, window, month_first)
    before = _dated_lines(page.strings_before(h1, window * 4), inside, window, month_first)
    ranked = sorted(
        (distance, side, text)
        for side, lines in enumerate((after, before))
        for distance, text in enumerate(lines)
        if text
    )
    return [ShownDate(text, distance, bool(UPDATED.search(text))) for distance, _, text in ranked]


def header_date(shown: list[ShownDate]) -> str | None:
    """The date written nearest the headline; a publication date before an "Updated" one."""
    fresh = [date.text for date in shown if not date.updated]
    return fresh[0] if fresh else (shown[0].text if shown else None)


def _is_revision(shown: datetime | None, modified: datetime | None, published: datetime) -> bool:
    """Whether a shown date is the declared modification, made after the publication."""
    if shown is None or modified is None:
        return False
    return shown.date() == modified.date() > published.date()


def reconcile(
    published: datetime | None,
    declared_modified: datetime | None,
    shown: list[ShownDate],
    month_first: bool,
    sharer_published: bool,
) -> datetime | None:
    """The declared publication date, checked against what the reader is shown.

    ``declared_modified`` is the JSON-LD dateModified; ``sharer_published`` says the page
    also declares Open Graph's article:published_time.
    - A page that shows only "Updated <date>", which is its declared modification,
      presents itself as of that revision.
    - So does one whose nearest shown date is that modification, unlabelled, unless
      article:published_time makes the publisher's claim for the first appearance.
    - A date shown right by the headline days before the declared one is when the story
      first appeared: the declared date is a re-save or a migration.
    """
    if published is None or not shown:
        return published
    fresh = [date for date in shown if not date.updated]
    if not fresh:
        moment = parse_date(shown[0].text, month_first=month_first)[0]
        return (
            declared_modified if _is_revision(moment, declared_modified, published) else published
        )
    nearest = fresh[0]
    moment = parse_date(nearest.text, month_first=month_first)[0]
    if not sharer_published and _is_revision(moment, declared_modified, published):
        return declared_modified
    if nearest.distance > _BESIDE_HEADLINE:
        return published
    moment = plausible(moment, published)
    if moment is not None and moment.date() < published.date() - _SLACK:
        return moment
    return published
