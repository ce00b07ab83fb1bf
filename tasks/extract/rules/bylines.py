"""Byline rules: the labels before a name, what ends the names, what joins them."""

from __future__ import annotations

import re

from tasks.extract.text import Caseless

COMMENT_BOX = Caseless(r"comment|repl(?:y|ies)|respond|discussion")
LABEL_WORDS = r"(?:(?:written|posted|article|story|words|text|reported|published)\s+)?by"
# The label alone ("Written by:"), or a text that starts with it and breaks off at the name.
BY_LABEL = re.compile(rf"^\s*{LABEL_WORDS}\s*:?\s*$", re.IGNORECASE)
BY_START = re.compile(rf"^\s*{LABEL_WORDS}\s*:?\s+\S", re.IGNORECASE)
# Where the names end: a separator, "on <date>", "in <section>", a date or a time.
NAMES_END = re.compile(
    r"\s+(?:on|in|at|am|le|el|il|para|for)\s+|\s*(?:[|•·⋅–—]|\s-\s|\s\.\s)"
    r"|\s+\d|\s+(?:updated|published|posted)\b",
    re.IGNORECASE,
)
JOINER = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
PREFIX = re.compile(r"\d|^\W+$")  # what may stand before the label: a date, a separator
LEAD = re.compile(
    r"^(?:(?:written|posted|story|words|text|reported)\s+by|by|von|par|por|from)(?:\s+|\s*:\s*)"
    r"|^(?:autor(?:in)?|authors?|tekst|text)\s*:\s*|^(?:author|autor)\s+(?=[A-Z])",
    re.IGNORECASE,
)
LEAD_LOWER = re.compile(r"^(?:di|de|da|door|av|af|od|przez)\s+")
JOINERS = re.compile(
    r"\s*(?:,|;|\||/|&|\+|•|·|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bog\b|\boch\b|\ben\b|\bi\b|\bu\b"
    r"|\bva\b|\bve\b|\bAND\b)\s*"
)
ROLE_WORDS = {
    "writer", "reporter", "editor", "correspondent", "contributor", "columnist",
    "redaktion", "redakteur", "redakteurin", "autor", "autorin", "journalist", "journalistin",
    "senior", "chief", "news", "desk", "photographer", "photos", "photo", "video",
    "updated", "published", "online", "rédaction", "redacción", "redazione", "producer",
    "contributing", "editorial", "opinion", "guest", "analyst", "fotos", "foto", "bild", "mit",
    "with",
    "min", "read", "follow", "email", "share", "more", "about", "view", "profile", "posts",
    "articles", "all", "bio", "agenturen", "agencies", "by", "von", "par", "por", "de", "di",
    "door", "folgen", "sponsored", "write",
    "founder", "co-founder", "cofounder", "ceo", "cto", "director", "manager", "head", "lead",
    "engineer", "officer", "president", "specialist", "consultant", "strategist",
    "coordinator", "reviewer", "expert", "marketing", "author", "linkedin",
}  # fmt: skip
GROUP_WORDS = {"staff", "team", "the", "our"}
CREDENTIAL = re.compile(
    r"^(?:Ph\.?\s?D|M\.?D|D\.?O|R\.?N|R\.?D|M\.?S|M\.?A|B\.?A|B\.?S|MBA|MPH|MSc|BSc|CPA|CFA|"
    r"CFP|DDS|DMD|DVM|LCSW|LPC|NP|PA-C|FAND|FACP|FACLM|J\.?D|Esq|Jr|Sr|II|III)\.?$"
)
NON_NAME = re.compile(r"[@#\d<>{}=\[\]]|https?:|www\.|\.com\b")
TRAILING_ROLE = re.compile(r"\s*(?:기자|특파원|記者|特派員|编辑|編集委員)$")
NAME_WORD = re.compile(r"^[\w'’.\-]+$")
BYLINE_CLASS = Caseless(r"byline|author|writer|reporter|contributor")
NAME_CLASS = re.compile(r"(?:^|[\W_])name(?:$|[\W_])", re.IGNORECASE)
# A line of its own that is a byline: "By Ann Lee", "Written by Ann Lee".
BY_LINE = re.compile(
    r"^\s*(?:(?:[Ww]ritten|[Pp]osted|[Ww]ords)\s+)?(?:[Bb]y|BY):?\s+[A-Z][\w'’.\-]+(?:\s+[\w'’.\-]+){0,3}"
    r"\s*(?:[,|•·–—]\s*(?:in|on|for|\w{1,12}\s+\d[\w ,:]{0,20})?\s*)?$"
)  # "By Ann Lee", "By Ann Lee, in", "By Ann Lee | May 4, 2024"
AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "byl", "article.author", "citation_author", "twitter:creator:name",
)  # fmt: skip
