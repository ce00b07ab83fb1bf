"""What tag names and class/id words say about an element's role on the page."""

from __future__ import annotations

from functools import lru_cache

from bs4 import Tag

from tasks.extract.rules.boilerplate import (
    HIDDEN_CLASSES,
    HIDDEN_STYLE,
    INLINE_JUNK,
    NEGATIVE,
    POSITIVE,
    SHOWN_AT,
    STORY_BODY,
    UNSEEN,
)
from tasks.extract.rules.tags import HEADINGS


def attr_text(tag: Tag) -> str:
    classes = tag.attrs.get("class")
    ident = tag.attrs.get("id")
    text = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    # A heading's id is an anchor spelled from its words ("nav_the_results"), not a role.
    if isinstance(ident, str) and tag.name not in HEADINGS:
        text = f"{text} {ident}"
    return text


@lru_cache(maxsize=4096)
def _hint_of(text: str) -> int:
    if not text.strip():
        return 0
    negative = NEGATIVE.search(text) is not None
    positive = POSITIVE.search(text) is not None
    if negative and not positive:
        return -1
    if positive and not negative:
        return 1
    return 0


def class_hint(tag: Tag) -> int:
    """-1 for furniture-like class/id words, +1 for content-like, 0 otherwise or for both."""
    if not tag.attrs:
        return 0
    return _hint_of(attr_text(tag))


def negative_words(tag: Tag) -> bool:
    """Whether the class/id names furniture, even if they also name content ("post-share")."""
    if not tag.attrs:
        return False
    return NEGATIVE.search(attr_text(tag)) is not None


def is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if not attrs:
        return False
    # The bare ``hidden`` attribute is not trusted: streaming renderers park the article in
    # hidden elements and move it into place with a script.
    if attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return isinstance(style, str) and HIDDEN_STYLE.search(style) is not None


def hidden_by_class(tag: Tag) -> bool:
    """A class that hides the element in common CSS frameworks, unless another class shows
    it again at some screen width ("hidden md:block")."""
    classes = tag.attrs.get("class") if tag.attrs else None
    if not isinstance(classes, list) or HIDDEN_CLASSES.isdisjoint(classes):
        return False
    return not any(SHOWN_AT.search(name) for name in classes)


def inline_junk(tag: Tag) -> bool:
    if not tag.attrs:
        return False
    return INLINE_JUNK.search(attr_text(tag)) is not None


def screen_reader_only(tag: Tag) -> bool:
    """A label only screen readers announce ("Article content" before every chunk)."""
    if not tag.attrs:
        return False
    return UNSEEN.search(attr_text(tag)) is not None


def names_story_body(tag: Tag) -> bool:
    """Whether the class/id or itemprop names the element as the story's body."""
    if not tag.attrs:
        return False
    if tag.attrs.get("itemprop") == "articleBody":
        return True
    return STORY_BODY.search(attr_text(tag)) is not None
