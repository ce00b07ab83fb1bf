"""Class/id words and styles that say an element is page furniture, hidden, or the story."""

from __future__ import annotations

import re

from tasks.extract.text import Caseless

NEGATIVE = Caseless(
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
POSITIVE = Caseless(
    r"article|body|content|entry|post|story|text|main|blog|prose|rich-?text|markdown"
)
# Names a theme gives the element that holds the story's body and nothing else.
STORY_BODY = Caseless(
    r"(?:^|[\s_-])(?:entry|post|article|story)[-_]?(?:content|body|text)(?:$|[\s_-])|articlebody"
)
# Inline elements with these words are captions, credits or screen-reader labels, not prose.
SCREEN_READER = r"sr-only|visually-?hidden|screen-?reader|element-invisible|offscreen"
INLINE_JUNK = Caseless(r"caption|credit|byline|share|social|timestamp|dateline|" + SCREEN_READER)
UNSEEN = Caseless(SCREEN_READER)
HIDDEN_STYLE = Caseless(r"display\s*:\s*none|visibility\s*:\s*hidden")
HIDDEN_CLASSES = frozenset(("hidden", "d-none", "is-hidden", "hide"))
# "hidden md:block", "d-none d-lg-block", "hide show@medium": shown again at some width.
SHOWN_AT = re.compile(r"[:@]|^d-\w+-(?:block|flex|inline)|^show")
