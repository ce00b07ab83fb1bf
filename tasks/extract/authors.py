"""Person names from bylines: no "By", no "and"-joined strings, no roles, no emails or links."""

from __future__ import annotations

import re
from typing import Any

from tasks.extract.jsonld import find_by_id, type_names
from tasks.extract.rules.bylines import (
    CREDENTIAL,
    GROUP_WORDS,
    JOINERS,
    LEAD,
    LEAD_LOWER,
    NAME_WORD,
    NON_NAME,
    ROLE_WORDS,
    TRAILING_ROLE,
)
from tasks.extract.text import squash


def _clean_one(raw: str, strict: bool) -> str | None:
    name = squash(raw).strip(" .,:;|-–—·•")
    name = TRAILING_ROLE.sub("", LEAD.sub("", name)).strip(" .,:;|-–—")
    if not name or NON_NAME.search(name):
        return None
    words = name.split()
    if not 1 <= len(words) <= 5 or not all(NAME_WORD.match(w) for w in words):
        return None
    if any(w.casefold().strip(".") in ROLE_WORDS for w in words):
        return None
    if all(w.casefold() in GROUP_WORDS for w in words):
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
    text = LEAD_LOWER.sub("", LEAD.sub("", text))
    names: list[str] = []
    for part in JOINERS.split(text):
        if names and CREDENTIAL.match(part.strip()):
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
