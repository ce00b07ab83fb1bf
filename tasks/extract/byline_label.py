"""Bylines printed as a label and a name in elements of their own: "Written by <a>Ann Lee</a>
⋅ Editor ⋅ Updated May 4, 2024", "Posted by <a>Ann Lee</a> on 2024-05-04 in News"."""

from __future__ import annotations

import re

from bs4.element import NavigableString, Tag

from tasks.extract.authors import split_byline
from tasks.extract.hints import attr_text
from tasks.extract.page_index import PageIndex
from tasks.extract.rules.bylines import (
    BY_LABEL,
    BY_START,
    COMMENT_BOX,
    JOINER,
    LABEL_WORDS,
    NAMES_END,
    PREFIX,
)
from tasks.extract.rules.tags import BYLINE_ELSEWHERE_TAGS
from tasks.extract.text import squash

_MAX_BLOCK = 160  # characters: a byline line, not a paragraph that mentions "by"


def in_comments(tag: Tag) -> bool:
    """Whether ``tag`` sits in a comment thread, where bylines name commenters."""
    for parent in tag.parents:
        if not isinstance(parent, Tag) or not parent.attrs:
            continue
        if COMMENT_BOX.search(attr_text(parent)):
            return True
    return False


def _byline_block(label: NavigableString) -> list[str] | None:
    """The texts, piece by piece, of the smallest element around ``label`` that holds more
    than the label; none where that element is longer than a byline."""
    node = label.parent
    own = squash(str(label))
    for _ in range(3):
        if not isinstance(node, Tag) or node.name in ("body", "html", "article", "main"):
            return None
        text = squash(node.get_text(" "))
        if len(text) > len(own) + 2:
            if len(text) > _MAX_BLOCK:
                return None
            pieces = [squash(piece) for piece in node.stripped_strings]
            at = next((i for i, piece in enumerate(pieces) if piece == own), 0)
            if not all(PREFIX.search(piece) for piece in pieces[:at]):
                return None  # "Licensed by", a sentence that runs on to "by": no byline
            return pieces[at:]
        node = node.parent
    return None


def _names_after_label(pieces: list[str]) -> list[str]:
    """People named after the label: pieces that are names or joiners ("and", ","), up to
    the first piece that is neither or that breaks off (a separator, "on <date>")."""
    first = re.sub(rf"^\s*{LABEL_WORDS}\s*:?\s*", "", pieces[0], flags=re.IGNORECASE)
    names: list[str] = []
    for piece in [first, *pieces[1:]]:
        cut = NAMES_END.split(piece, maxsplit=1)
        segment = cut[0].strip()
        if segment and not JOINER.fullmatch(segment):
            parts = [part for part in JOINER.split(segment) if part.strip()]
            found = split_byline(segment)
            if not found or len(found) != len(parts) or not all(map(_looks_like_person, found)):
                break
            names.extend(found)
        if len(cut) > 1:
            break
    return names


def _looks_like_person(name: str) -> bool:
    """Capitalised words, save short particles ("van", "de"); not shouted ("U.S. CUSTOMS")."""
    words = name.split()
    if len(words) < 2 or name.isupper() or not words[0][0].isupper():
        return False
    return all(word[0].isupper() or len(word) <= 3 for word in words)


def labelled_bylines(page: PageIndex, limit: int = 6) -> list[str]:
    """Names after a "By" label whose name stands in an element of its own."""

    def is_label(text: str | None) -> bool:
        if not text:
            return False
        return (BY_LABEL.match(text) or BY_START.match(text)) is not None

    for string in page.strings_matching(is_label, limit=limit):
        parent = string.parent
        if not isinstance(parent, Tag) or parent.name in ("script", "style", "title"):
            continue
        chain = [parent, *list(parent.parents)[:3]]
        if any(p.name in BYLINE_ELSEWHERE_TAGS for p in chain) or in_comments(parent):
            continue
        alone = BY_LABEL.match(str(string)) is not None
        pieces = _byline_block(string) if alone else [squash(str(string))]
        names = _names_after_label(pieces) if pieces else []
        if names:
            return names
    return []
