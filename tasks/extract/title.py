"""The headline, without the site name that pages add to <title> and og:title."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from tasks.extract.rules.titles import DOMAIN, SEPARATOR, SUFFIX_START, TRAIL
from tasks.extract.text import folded, repair_mojibake, squash


def host_words(url: str | None) -> set[str]:
    if not url:
        return set()
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in {"www", "m", "amp", "com", "org", "net"}]
    return {p.casefold() for p in parts if len(p) > 2}


def looks_like_site(part: str, site_names: list[str], host_words: set[str]) -> bool:
    key = folded(part)
    if DOMAIN.fullmatch(key):
        return True
    compact = re.sub(r"[\W_]+", "", key)
    for name in site_names:
        name_key = folded(name)
        if key == name_key or compact == re.sub(r"[\W_]+", "", name_key):
            return True
    return bool(compact) and any(compact == w or compact == w.replace("-", "") for w in host_words)


def _without_whole_name(title: str, site_names: list[str]) -> str:
    """A site name at either end as a whole, even one with a separator of its own ("Gym Co |
    Gyms near you") or set off by a bare pipe ("NEWS EASY|Headline")."""
    for name in site_names:
        name = squash(name)
        if len(name) < 3:
            continue
        edge = re.escape(name)
        for pattern in (
            rf"^{edge}(?:\s*\|\s*|{SEPARATOR.pattern})",
            rf"(?:\s*\|\s*|{SEPARATOR.pattern}){edge}$",
        ):
            match = re.search(pattern, title, re.IGNORECASE)
            rest = title[: match.start()] + title[match.end() :] if match else ""
            if match and len(rest.strip()) > len(name) / 2:  # no headline taken for a name
                return rest.strip()
    return title


def strip_site_name(title: str, site_names: list[str], url: str | None) -> str:
    """Drop leading or trailing parts of ``title`` that name the site."""
    title = _without_whole_name(title, site_names)
    parts = SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    hosts = host_words(url)
    separators = SEPARATOR.findall(title)
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


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": None})
_MIN_HEADLINE = 8  # characters: shorter <h1> texts are labels ("News", "Menu"), not headlines
_WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    """Compare headlines regardless of case, spacing, curly quotes and soft hyphens."""
    return folded(text.translate(_QUOTES))


def _compact(text: str) -> str:
    """Letters and digits only: "Ahrtal-Flut : Zwei" and "Ahrtal-Flut: Zwei" are one title."""
    return "".join(_WORD.findall(_key(text)))


def _shares_words(h1: str, declared: list[str]) -> bool:
    """Whether at least half of the <h1>'s words occur in one of the declared titles."""
    words = set(_WORD.findall(_key(h1)))
    return any(len(words & set(_WORD.findall(_key(t)))) > 0.6 * len(words) for t in declared)


def _agreeing(h1: str, declared: list[str], cleaned: list[str]) -> str | None:
    """The form of the headline to report when an <h1> and the metadata name the same one."""
    key, compact = _key(h1), _compact(h1)
    keys = {_key(t) for t in declared + cleaned}
    keys |= {_key(part) for t in declared for part in SEPARATOR.split(t)}
    if key in keys or (len(key) > 15 and any(key in k for k in keys)):
        # Display filters re-case the visible <h1>, curl its quotes and hyphenate it; the
        # metadata keeps the headline as it was typed.
        return next((t for t in cleaned + declared if _key(t) == key), h1)
    for title in cleaned + declared:
        short = _compact(title)
        if short == compact and h1[-1:] in "?!" and h1[:-1].rstrip() == title:
            return h1  # the metadata left the question (or the exclamation) open
        if short == compact or (len(short) > 15 and compact.endswith(short)):
            return title  # the <h1> adds spacing or a kicker ("Section: Headline")
    return None


def _lost_characters(h1: str, cleaned: list[str]) -> str | None:
    """ "Planning? Beginner? Guide" for "Planning: Beginner's Guide": an encoder that could not
    write a character put a question mark in its place; the metadata kept the text."""
    if "?" not in h1.rstrip("?"):
        return None
    pattern = re.compile(".{1,3}".join(re.escape(piece) for piece in h1.split("?")))
    return next((t for t in cleaned if pattern.fullmatch(t)), None)


def _without_label(title: str) -> str:
    """ "The Lab | Machine learning at the institute": a short part leading a pipe, which no
    <h1> confirmed as a kicker, labels a section or the site."""
    parts = title.split(" | ")
    if len(parts) == 2 and len(parts[0]) < len(parts[1]) / 2:
        return parts[1]
    return title


def _first_part(title: str) -> str:
    """ "Headline | Tagline": what follows a pipe is a tagline or a section, not the headline."""
    first = title.split(" | ", 1)[0]
    return first if len(first.split()) >= 3 else title


def _without_suffix(title: str, others: list[str]) -> str:
    """ "Headline-Section | Site" when another declared title is just "Headline": the rest,
    joined on without spaces, is a suffix the site name check could not see."""
    for other in sorted(others, key=len):
        rest = title[len(other) :]
        if len(other) >= _MIN_HEADLINE and title.startswith(other) and SUFFIX_START.match(rest):
            return other
    return title


def _site_headings(
    h1_texts: list[str], title_tag: str | None, site_names: list[str], hosts: set[str]
) -> list[str]:
    """<h1>s that the <title> carries as its last part, after a longer part or another <h1>
    ("Post title | Blog" with an <h1> "Blog"): the site's name in its header. ("NASA | Story"
    with an <h1> "Story" is the other way round: a short site name leads, and so does a
    front part that names the site.)"""
    if not title_tag:
        return []
    tag = _key(repair_mojibake(squash(unescape(title_tag))))
    keys = {_key(h) for h in h1_texts}
    found = []
    for h1 in h1_texts:
        key = _key(h1)
        if not key or len(key) >= len(tag) or not tag.endswith(key):
            continue
        match = re.search(SEPARATOR.pattern + "$", tag[: len(tag) - len(key)] + " ")
        front = tag[: match.start()] if match else ""
        if looks_like_site(front, site_names, hosts):
            continue
        if front and (front in keys or len(front.split()) >= len(key.split())):
            found.append(squash(h1))
    return found


def _trail_labels(
    title_tag: str | None, h1_texts: list[str], site_names: list[str], hosts: set[str]
) -> list[str]:
    """ "Blog » Blog Archive » Post": a <title> laid out as a trail from the site's name
    (a known name or the page's <h1>) to a longer last part ends in the headline; the parts
    before it label the site and its sections."""
    parts = TRAIL.split(squash(unescape(title_tag or "")))
    if len(parts) < 3 or len(parts[-1]) <= len(parts[0]):
        return []  # "Headline › Section › Site" runs the other way
    first = _key(parts[0])
    if looks_like_site(parts[0], site_names, hosts) or any(_key(h) == first for h in h1_texts):
        return parts[:-1]
    return []


def choose_title(
    headline: str | None,
    meta_titles: list[str],
    title_tag: str | None,
    h1_texts: list[str],
    site_names: list[str],
    url: str | None,
    *,
    news: bool = False,
) -> str | None:
    """Pick the headline.

    In order: a news headline JSON-LD and og:title agree on when the <h1> is a piece of it
    or it plus a tail; an <h1> the head metadata agrees with; a JSON-LD headline written apart from
    the social/SEO title (an editor set it on purpose); the page's visible <h1> when it
    shares most words with the metadata (else it is a site or section label); the cleaned
    metadata. SEO plugins copy the social title into JSON-LD, so a JSON-LD headline equal
    to og:title says nothing more than og:title does.
    """
    site_names = site_names + _site_headings(h1_texts, title_tag, site_names, host_words(url))
    site_names += _trail_labels(title_tag, h1_texts, site_names, host_words(url))
    given = [headline, *meta_titles, title_tag]
    declared = [repair_mojibake(squash(unescape(t))) for t in given if t and squash(t)]
    hosts = host_words(url)
    h1s = [squash(h) for h in h1_texts]
    h1s = [h for h in h1s if len(h) >= _MIN_HEADLINE and not looks_like_site(h, site_names, hosts)]
    if h1s and len(h1s[0].split()) >= 3:
        # A <title> or og:title that is only the site's host name says nothing of the story
        # the first <h1> (three words or more: a headline, not a label) tells.
        declared = [t for t in declared if not looks_like_site(t, [], hosts)]
    cleaned = [strip_site_name(t, site_names, url) for t in declared]
    if news and headline and squash(headline):
        own = strip_site_name(repair_mojibake(squash(unescape(headline))), site_names, url)
        seo = {_key(strip_site_name(squash(unescape(t)), site_names, url)) for t in meta_titles}
        # A headline that is only the <title> again was copied from the SEO title, not set
        # apart; an <h1> that og:title agrees with is then the headline the page shows.
        tag = strip_site_name(squash(unescape(title_tag or "")), site_names, url)
        copied = _key(own) == _key(tag) and any(_key(h) in seo for h in h1s)
        if seo and _key(own) not in seo and not copied:
            return own
        if seo and _key(own) in seo:
            # JSON-LD and the social title agree on the headline; an <h1> that is only a
            # piece of it (a kicker dropped) or it plus a tail is a display variant.
            both = _key(own)
            if any(_key(h) != both and (_key(h) in both or both in _key(h)) for h in h1s):
                return _first_part(own)
    for h1 in h1s:
        agreed = _agreeing(h1, declared, cleaned) or _lost_characters(h1, cleaned)
        if agreed:
            return _first_part(agreed)
    social = [t for t in (headline, *meta_titles) if t and squash(t)]
    social_titles = [strip_site_name(squash(unescape(t)), site_names, url) for t in social]
    for h1 in h1s:
        if h1.isupper() and declared:
            continue  # a shouted label ("OUR SERVICES"), not the story's headline
        if not declared or _shares_words(h1, social_titles or cleaned):
            return _first_part(h1)
    if cleaned:
        return _first_part(_without_label(_without_suffix(cleaned[0], cleaned)))
    for h1 in h1_texts:
        if squash(h1):
            return squash(h1)
    return None
