"""What tag names and class/id words say about an element's role on the page."""

from __future__ import annotations

import re
from functools import lru_cache

from bs4 import Tag

from tasks.extract.text import Caseless

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Never article text, wherever they are.
DROP_TAGS = frozenset(
    [
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "input",
        "label",
        "option",
        "head",
        "title",
        "meta",
        "link",
        "object",
        "embed",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
        "area",
        "dialog",
        "menu",
        "figure",
        "figcaption",
    ]
)
# Outside the article's container these hold page furniture.
FURNITURE_TAGS = frozenset(["nav", "aside", "footer", "header", "form", "menu", "dialog"])

_NEGATIVE = Caseless(
    r"comment|share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|promo|"
    r"advert|sponsor|cookie|consent|banner|popup|pop-up|modal|breadcrumb|sidebar|regist|"
    r"(?:^|\s)widgets?(?:$|[\s_])|"
    r"footer|masthead|navbar|menu|byline|author|caption|credit|copyright|disclaimer|toolbar|"
    r"pagination|pager|read-?more|more-stories|outbrain|taboola|paywall|login|rating|tooltip|"
    r"dateline|timestamp|article-meta|post-meta|entry-meta|meta-data|metadata|gallery|slideshow|"
    r"carousel|slider|"
    r"(?:^|[\s_-])(?:ads?|ad-\w+|tags?|nav|share|print|teaser|"
    r"trending|most-?read|popular|follow|donate|also|links?)(?:$|[\s_-])"
)
_POSITIVE = Caseless(
    r"article|body|content|entry|post|story|text|main|blog|prose|rich-?text|markdown"
)
# Names a theme gives the element that holds the story's body and nothing else.
_STORY_BODY = Caseless(
    r"(?:^|[\s_-])(?:entry|post|article|story)[-_]?(?:content|body|text)(?:$|[\s_-])|articlebody"
)
# Inline elements with these words are captions, credits or screen-reader labels, not prose.
_SCREEN_READER = r"sr-only|visually-?hidden|screen-?reader|element-invisible|offscreen"
_INLINE_JUNK = Caseless(r"caption|credit|byline|share|social|timestamp|dateline|" + _SCREEN_READER)
_UNSEEN = Caseless(_SCREEN_READER)
_HIDDEN_STYLE = Caseless(r"display\s*:\s*none|visibility\s*:\s*hidden")
_HIDDEN_CLASSES = frozenset(("hidden", "d-none", "is-hidden", "hide"))
# "hidden md:block", "d-none d-lg-block", "hide show@medium": shown again at some width.
_SHOWN_AT = re.compile(r"[:@]|^d-\w+-(?:block|flex|inline)|^show")


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
    negative = _NEGATIVE.search(text) is not None
    positive = _POSITIVE.search(text) is not None
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
    return _NEGATIVE.search(attr_text(tag)) is not None


def is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if not attrs:
        return False
    # The bare ``hidden`` attribute is not trusted: streaming renderers park the article in
    # hidden elements and move it into place with a script.
    if attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


def hidden_by_class(tag: Tag) -> bool:
    """A class that hides the element in common CSS frameworks, unless another class shows
    it again at some screen width ("hidden md:block")."""
    classes = tag.attrs.get("class") if tag.attrs else None
    if not isinstance(classes, list) or _HIDDEN_CLASSES.isdisjoint(classes):
        return False
    return not any(_SHOWN_AT.search(name) for name in classes)


def inline_junk(tag: Tag) -> bool:
    if not tag.attrs:
        return False
    return _INLINE_JUNK.search(attr_text(tag)) is not None


def screen_reader_only(tag: Tag) -> bool:
    """A label only screen readers announce ("Article content" before every chunk)."""
    if not tag.attrs:
        return False
    return _UNSEEN.search(attr_text(tag)) is not None


def names_story_body(tag: Tag) -> bool:
    """Whether the class/id or itemprop names the element as the story's body."""
    if not tag.attrs:
        return False
    if tag.attrs.get("itemprop") == "articleBody":
        return True
    return _STORY_BODY.search(attr_text(tag)) is not None
