"""Person names from bylines: no "By", no "and"-joined strings, no roles, no emails or links."""

from __future__ import annotations

import re
from typing import Any

from tasks.extract.jsonld import find_by_id, type_names
from tasks.extract.text import squash

_LEAD = re.compile(
    r"^(?:(?:written|posted|story|words|text|reported)\s+by|by|von|par|por|from)(?:\s+|\s*:\s*)"
    r"|^(?:autor(?:in)?|authors?|tekst|text)\s*:\s*|^(?:author|autor)\s+(?=[A-Z])",
    re.IGNORECASE,
)
_LEAD_LOWER = re.compile(r"^(?:di|de|da|door|av|af|od|przez)\s+")
_JOINERS = re.compile(
    r"\s*(?:,|;|\||/|&|\+|•|·|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bog\b|\boch\b|\ben\b|\bi\b|\bu\b"
    r"|\bva\b|\bve\b|\bAND\b)\s*"
)
_ROLE_WORDS = {
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
_GROUP_WORDS = {"staff", "team", "the", "our"}
_CREDENTIAL = re.compile(
    r"^(?:Ph\.?\s?D|M\.?D|D\.?O|R\.?N|R\.?D|M\.?S|M\.?A|B\.?A|B\.?S|MBA|MPH|MSc|BSc|CPA|CFA|"
    r"CFP|DDS|DMD|DVM|LCSW|LPC|NP|PA-C|FAND|FACP|FACLM|J\.?D|Esq|Jr|Sr|II|III)\.?$"
)
_NON_NAME = re.compile(r"[@#\d<>{}=\[\]]|https?:|www\.|\.com\b")
_TRAILING_ROLE = re.compile(r"\s*(?:기자|특파원|記者|特派員|编辑|編集委員)$")
_NAME_WORD = re.compile(r"^[\w'’.\-]+$")


def _clean_one(raw: str, strict: bool) -> str | None:
    name = squash(raw).strip(" .,:;|-–—·•")
    name = _TRAILING_ROLE.sub("", _LEAD.sub("", name)).strip(" .,:;|-–—")
    if not name or _NON_NAME.search(name):
        return None
    words = name.split()
    if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if any(w.casefold().strip(".") in _ROLE_WORDS for w in words):
        return None
    if all(w.casefold() in _GROUP_WORDS for w in words):
        return None  # "Staff", "The Team": a name must come with these
    if strict and not any(w[0].isupper() for w in words if w[0].isalpha()):
        return None
    return name


def split_byline(byline: str, *, strict: bool = True) -> list[str]:
    """Split a byline such as "By Ann Lee and Bo Chen, Reuters" into names.

    ``strict`` (for text read off the page) also requires a capitalised word; names from
    structured data may be written in lower case ("dpa").
    """
    text = squash(byline)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = _LEAD_LOWER.sub("", _LEAD.sub("", text))
    names: list[str] = []
    for part in _JOINERS.split(text):
        if names and _CREDENTIAL.match(part.strip()):
            names[-1] = f"{names[-1]}, {part.strip()}"  # "Ann Lee, PhD" is one person
            continue
        name = _clean_one(part, strict)
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def jsonld_authors(article: dict[str, Any], objects: list[dict[str, Any]]) -> list[str]:
    """Names of the article's authors that are people (organisations only if nothing else)."""
    people, organisations = jsonld_people(article, objects)
    return people or organisations


def jsonld_people(
    article: dict[str, Any], objects: list[dict[str, Any]]
) -> tuple[list[str], list[str]]:
    """The article's authors from JSON-LD: people, and organisations apart."""
    value = article.get("author") or article.get("creator")
    items = value if isinstance(value, list) else [value]
    people: list[str] = []
    others: list[str] = []
    for item in items:
        if isinstance(item, dict) and set(item) <= {"@id"} and isinstance(item.get("@id"), str):
            item = find_by_id(objects, item["@id"]) or item
        if isinstance(item, str):
            people.extend(split_byline(item, strict=False))
        elif isinstance(item, dict):
            name = item.get("name")
            given, family = item.get("givenName"), item.get("familyName")
            if not name and isinstance(given, str) and isinstance(family, str):
                name = f"{given} {family}"
            if isinstance(name, list):
                name = " and ".join(n for n in name if isinstance(n, str))
            if not isinstance(name, str):
                continue
            if "Organization" in "".join(type_names(item)):
                # An organisation's name is a name as it stands ("BBC News", "AFP").
                if 0 < len(squash(name)) <= 80:
                    others.append(squash(name))
                continue
            people.extend(split_byline(name, strict=False))
    return people, others


def dedupe(names: list[str]) -> list[str]:
    kept: list[str] = []
    for name in names:
        if name.casefold() not in {k.casefold() for k in kept}:
            kept.append(name)
    return kept
