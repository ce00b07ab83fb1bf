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
# Boxes named for the story's metadata or a picture's credit, not its summary.
NOT_LEAD = Caseless(
    r"byline|auth?or|caption|notice|disclosure|affiliate|credit|copyright|date|time|meta|share|social|tags?\b|breadcrumb|"
    r"related|promo|newsletter|subscri|advert|sponsor|comment|rating|disclaimer|\btoc\b"
)
AFFILIATE = re.compile(r"affiliate links?|earn (?:a|some) commission", re.IGNORECASE)
PROMO = Caseless(
    r"\b(?:sign up|subscribe|newsletter|have a (?:news )?tip|send us a tip|follow us|donate|"
    r"financial support|support (?:us|our \w+|\w+ so)|become a (?:member|subscriber)|"
    r"download (?:the|our) app|all rights reserved|if you enjoyed|read more|see also|"
    r"abonnieren|jetzt anmelden|weiterlesen|auch interessant|schon gelesen|mehr zum thema|"
    r"lesen sie auch|gefällt (?:dir|ihnen|das)|in den kommentaren|folgen sie uns|"
    r"suscr[ií]b|hazte miembro|[uú]nete|lee tambi[eé]n|te puede interesar|puedes ver|"
    r"abonnez|lire aussi|leia tamb[eé]m|assine|przeczytaj|nuestro canal)|©"
)
BOX_WORDS = Caseless(
    r"comment|footer|consent|cookie|modal|popup|newsletter|(?:^|\s)(?:sidebar|widget-area)(?:$|\s)"
)
BUTTON = Caseless(r"btn|button|follow")
