"""Dates a reader sees on the page: the one written next to the headline."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from tasks.extract.dates import parse_date
from tasks.extract.hints import attr_text
from tasks.extract.text import squash

# A date written out: "May 4, 2024", "4 May 2024", "04.05.2024", "2024-05-04", "5/4/2024".
DATE_LINE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+[^\W\d_]{3,10}\.?,?\s+(?:19|20)\d{2}\b"
    r"|\b[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b"
    r"|\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}\b|\b(?:19|20)\d{2}([-.])\d{2}\1\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b"
)
_UPDATED = re.compile(
    r"updat|modifi|aktualisiert|revised|mis à jour|actualizad|refreshed", re.IGNORECASE
)
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "title", "head"))
# A date in a link, a list, a menu or a side box dates something else (another story).
_ELSEWHERE_TAGS = frozenset(("a", "nav", "footer", "aside", "option", "button"))


# Boxes that date other stories or readers' posts: related teasers, cards, comments.
_OTHER_STORIES = re.compile(
    r"(?:^|[\s_-])(?:related|teasers?|recommend\w*|slides?|slider|carousel|comments?|repl(?:y|ies))"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)


def dates_other_story(tag: Tag) -> bool:
    """Whether ``tag`` sits in a box of teasers for other stories or in the comments."""
    for parent in [tag, *list(tag.parents)[:8]]:
        if parent.name in ("body", "html"):
            break
        if parent.attrs and _OTHER_STORIES.search(attr_text(parent)):
            return True
    return False


def _dated_lines(strings: Any, skip: set[int], window: int, month_first: bool) -> list[str]:
    """Date lines among the first ``window`` lines of text in ``strings``."""
    found: list[str] = []
    seen = 0
    for string in strings:
        if id(string) in skip or not isinstance(string.parent, Tag):
            continue
        if string.parent.name in _HIDDEN_TAGS:
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
            tag.name in _ELSEWHERE_TAGS or (tag.name in ("li", "td") and tag.find("a"))
            for tag in nearby
        )
        if dated and parse_date(text, month_first=month_first)[0] is not None:
            found.append(text)
        else:
            found.append("")  # a line without a date: keeps the distance
    return found


def header_date(soup: BeautifulSoup, *, month_first: bool = True, window: int = 40) -> str | None:
    """The written date nearest the headline (the first <h1>), within ``window`` lines of
    text before or after it; a publication date before an "Updated ..." one."""
    h1 = soup.find("h1")
    if not isinstance(h1, Tag):
        return None
    inside = set(map(id, h1.find_all(string=True)))
    after = _dated_lines(
        h1.find_all_next(string=True, limit=window * 4), inside, window, month_first
    )
    before = _dated_lines(
        h1.find_all_previous(string=True, limit=window * 4), inside, window, month_first
    )
    ranked = sorted(
        (distance, side, text)
        for side, lines in enumerate((after, before))
        for distance, text in enumerate(lines)
        if text
    )
    fresh = [text for _, _, text in ranked if not _UPDATED.search(text)]
    return fresh[0] if fresh else (ranked[0][2] if ranked else None)
