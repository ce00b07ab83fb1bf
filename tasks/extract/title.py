"""The headline, without the site name that pages add to <title> and og:title."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from tasks.extract.text import folded, repair_mojibake, squash

# A separator needs spaces on both sides so hyphenated words and times (10:30) survive.
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«/]|::|:)\s+")


def host_words(url: str | None) -> set[str]:
    if not url:
        return set()
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in {"www", "m", "amp", "com", "org", "net"}]
    return {p.casefold() for p in parts if len(p) > 2}


def looks_like_site(part: str, site_names: list[str], host_words: set[str]) -> bool:
    key = folded(part)
    compact = re.sub(r"[\W_]+", "", key)
    for name in site_names:
        name_key = folded(name)
        if key == name_key or compact == re.sub(r"[\W_]+", "", name_key):
            return True
    return bool(compact) and any(compact == w or compact == w.replace("-", "") for w in host_words)


def strip_site_name(title: str, site_names: list[str], url: str | None) -> str:
    """Drop leading or trailing parts of ``title`` that name the site."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    hosts = host_words(url)
    separators = _SEPARATOR.findall(title)
    while len(parts) > 1 and looks_like_site(parts[-1], site_names, hosts):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and looks_like_site(parts[0], site_names, hosts):
        parts.pop(0)
        separators.pop(0)
    if len(parts) > 1 and "|" in separators[-1] and len(parts[-1]) < len(parts[0]) / 2:
        # "Headline | Section | Brand": a trailing pipe part much shorter than the rest is a brand
        parts.pop()
        separators.pop()
    rebuilt = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        rebuilt += separator + part
    return rebuilt


def choose_title(
    headline: str | None,
    meta_titles: list[str],
    title_tag: str | None,
    h1_texts: list[str],
    site_names: list[str],
    url: str | None,
) -> str | None:
    """Pick the headline: an <h1> the head metadata agrees with, else the cleaned metadata."""
    given = [headline, *meta_titles, title_tag]
    declared = [repair_mojibake(squash(unescape(t))) for t in given if t and squash(t)]
    cleaned = [strip_site_name(t, site_names, url) for t in declared]
    declared_keys = {folded(t) for t in declared + cleaned}
    declared_keys |= {folded(part) for t in declared for part in _SEPARATOR.split(t)}
    for h1 in h1_texts:
        h1 = squash(h1)
        if not h1:
            continue
        key = folded(h1)
        if key in declared_keys or any(key in k for k in declared_keys if len(key) > 15):
            return h1
    if cleaned:
        return cleaned[0]
    for h1 in h1_texts:
        if squash(h1):
            return squash(h1)
    return None
