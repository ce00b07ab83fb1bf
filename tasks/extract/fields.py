"""Metadata fields read from JSON-LD, meta tags and the tree: title, authors, dates and more."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from bs4 import Tag

from tasks.extract.authors import dedupe, jsonld_people, split_byline
from tasks.extract.byline_label import in_comments, labelled_bylines
from tasks.extract.date_visible import dates_other_story, header_date, reconcile, shown_dates
from tasks.extract.dates import date_from_url, parse_date, plausible
from tasks.extract.hints import attr_text
from tasks.extract.jsonld import first_text, type_names
from tasks.extract.meta import PageMeta
from tasks.extract.page_index import PageIndex
from tasks.extract.rules.boilerplate import BUTTON
from tasks.extract.rules.bylines import AUTHOR_META, BY_LINE, BYLINE_CLASS, NAME_CLASS
from tasks.extract.rules.dates import (
    DATE_CLASS,
    DATE_LINE,
    MODIFIED_META,
    NOT_PUBLISHED,
    PUBLISHED_KEY,
    PUBLISHED_META,
    UPDATED,
)
from tasks.extract.rules.tags import CONTROL_TAGS, DATELESS_TAGS, NAME_TAGS
from tasks.extract.rules.titles import SITE_DOMAIN
from tasks.extract.text import squash
from tasks.extract.title import choose_title, host_words, looks_like_site

_AUTHOR_BOX = 600  # characters: an author's name and biography, not a whole article


def site_names_of(meta: PageMeta, ld: dict[str, Any]) -> list[str]:
    site_names = meta.all("og:site_name", "application-name", "apple-mobile-web-app-title")
    publisher = ld.get("publisher")
    if isinstance(publisher, dict):
        name = first_text(publisher.get("name"))
        if name:
            site_names.append(name)
    return site_names


def title_of(page: PageIndex, meta: PageMeta, ld: dict[str, Any], url: str | None) -> str | None:
    headline = first_text(ld.get("headline")) or first_text(ld.get("name"))
    meta_titles = meta.all("og:title", "twitter:title", "dc.title", "headline")
    h1_texts = [squash(h.get_text(" ")) for h in page.named("h1")[:4]]
    site_names = site_names_of(meta, ld)
    news = any("NewsArticle" in kind for kind in type_names(ld))
    return choose_title(headline, meta_titles, meta.title_tag, h1_texts, site_names, url, news=news)


def _dom_bylines(page: PageIndex) -> list[str]:
    """Byline texts from the page: itemprop/rel author first, then short elements whose
    class names an author, then a short "By ..." line; never from a comment thread."""
    texts: list[str] = []
    for tag in page.with_attrs(limit=6, itemprop="author"):
        if in_comments(tag):
            continue
        name = tag.find(itemprop="name") if isinstance(tag, Tag) else None
        source = name if isinstance(name, Tag) else tag
        content = source.get("content") if isinstance(source, Tag) else None
        texts.append(content if isinstance(content, str) else source.get_text(" "))
    if any(split_byline(text) for text in texts):
        return texts
    texts = []
    for tag in page.with_attrs(limit=6, rel="author"):
        if not in_comments(tag):
            texts.append(tag.get_text(" "))
    if any(split_byline(text) for text in texts):
        return texts  # not a "View more posts" link to the author's page
    texts = []
    for tag in page.with_attrs(limit=40, class_=BYLINE_CLASS):
        if (tag.name in CONTROL_TAGS and tag.name != "a") or BUTTON.search(attr_text(tag)):
            continue  # a "follow the author" button
        named = tag.find(class_=NAME_CLASS)
        if isinstance(named, Tag) and squash(named.get_text(" ")):
            tag = named  # "Written by: <span class=author-name>…</span> Gardener & Cook"
        text = squash(tag.get_text(" "))
        if 0 < len(text) < 120 and not in_comments(tag):
            if split_byline(text):
                return [text]
            # A name and a job title in elements of their own run together as one text.
            # Single words beside a full name there are labels ("Guide", "Edit").
            found = split_byline(" ; ".join(squash(piece) for piece in tag.stripped_strings))
            full = [person for person in found if " " in person]
            if found:
                return ["; ".join(full or found)]
        if 120 <= len(text) < _AUTHOR_BOX and not in_comments(tag):
            # An author box: the name in an element of its own, then a biography.
            for part in tag.find_all(NAME_TAGS, limit=8):
                label = squash(part.get_text(" "))
                found = split_byline(label)
                if 0 < len(label) <= 40 and len(found) == 1 and " " in found[0]:
                    return [label]
    for string in page.strings_matching(BY_LINE, limit=3):
        parent = string.parent
        if not isinstance(parent, Tag) or in_comments(parent):
            continue
        if not any(p.name in CONTROL_TAGS for p in [parent, *list(parent.parents)[:3]]):
            return [str(string)]
    return texts


def authors_of(
    page: PageIndex,
    meta: PageMeta,
    ld: dict[str, Any],
    objects: list[dict[str, Any]],
    url: str | None = None,
) -> tuple[str, ...]:
    # An organisation in JSON-LD, or the site's own name given as the author, is the
    # publisher standing in for a byline the page may still print: look for people in
    # the meta tags and the page first.
    site_names, hosts = site_names_of(meta, ld), host_words(url)
    people, organisations = jsonld_people(ld, objects) if ld else ([], [])
    names: list[str] = []

    def sort(found: list[str]) -> None:
        for name in found:
            site = SITE_DOMAIN.match(name) or looks_like_site(name, site_names, hosts)
            (organisations if site else names).append(name)

    sort(people)
    if not names and site_names and organisations:
        # An organisation other than the site itself (a news agency) is the byline.
        names.extend(o for o in organisations if not looks_like_site(o, site_names, hosts))
    if not names:
        for value in meta.all(*AUTHOR_META):
            if not value.startswith(("http", "@", "/")):
                sort(split_byline(value, strict=False))
    if not names:
        for text in _dom_bylines(page):
            found = split_byline(text)
            if len(found) >= 3 and all(" " not in name for name in found):
                continue  # single words in a row: a list of tags or sections, not people
            sort(found)
    if not names:
        sort(labelled_bylines(page))
    return tuple(dedupe(names or organisations))


def _first_date(
    values: list[str | None], now: datetime, *, month_first: bool = True
) -> datetime | None:
    fallback: datetime | None = None
    for value in values:
        moment, zoned = parse_date(value, month_first=month_first)
        moment = plausible(moment, now)
        if moment is None:
            continue
        if zoned or (value and len(value.strip()) <= 10):
            return moment
        fallback = fallback or moment
    return fallback


def _visible_dates(page: PageIndex) -> list[str | None]:
    """Short texts of elements whose class names a date, as a reader would see them."""
    texts: list[str | None] = []
    for tag in page.with_attrs(limit=12, class_=DATE_CLASS):
        text = squash(tag.get_text(" "))
        if 6 <= len(text) <= 80:
            texts.append(text)
    return texts


def _declared_elsewhere(page: PageIndex, meta: PageMeta) -> list[str | None]:
    """Publication dates under other meta names ("published_on") or in RDFa on any element."""
    values: list[str | None] = []
    for key, found in meta.values.items():
        if PUBLISHED_KEY.search(key) and not NOT_PUBLISHED.search(key):
            values.extend(found)
    for tag in page.with_attrs(limit=3, property=PUBLISHED_KEY, content=True):
        content = tag.get("content")
        if isinstance(content, str) and not NOT_PUBLISHED.search(str(tag.get("property"))):
            values.append(content)
    return values


def _text_dates(page: PageIndex, *, updated: bool = False) -> list[str | None]:
    """Short lines that are mostly a date ("Posted on April 13, 2023"), outside links, lists,
    furniture and comments; an "Updated ..." line is a modification, not the publication
    (those lines alone with ``updated``)."""
    texts: list[str | None] = []
    for string in page.strings_matching(DATE_LINE, limit=8):
        text = squash(str(string))
        parent = string.parent
        if len(text) > 60 or bool(UPDATED.search(text)) != updated or not isinstance(parent, Tag):
            continue
        if any(p.name in DATELESS_TAGS for p in [parent, *list(parent.parents)[:4]]):
            continue
        if not in_comments(parent):
            texts.append(text)
    return texts


def dates_of(
    page: PageIndex, meta: PageMeta, ld: dict[str, Any], url: str | None, now: datetime
) -> tuple[datetime | None, datetime | None]:
    published_values: list[str | None] = [first_text(ld.get("datePublished"))]
    published_values += meta.all(*PUBLISHED_META)
    published_values.append(first_text(ld.get("dateCreated")))
    for tag in page.with_attrs(limit=3, names=("time", "meta"), itemprop="datePublished"):
        stamp = tag.get("datetime") or tag.get("content")
        published_values.append(stamp if isinstance(stamp, str) else tag.get_text(" "))
    for tag in page.named("time")[:10]:
        if dates_other_story(tag):
            continue
        stamp = tag.get("datetime") or tag.get("content")
        published_values.append(stamp if isinstance(stamp, str) else tag.get_text(" "))
    published = _first_date(published_values, now)
    # Numbers such as 03/04/2024 read month first on pages in American English only.
    month_first = (meta.lang or "").lower() == "en-us"
    if published is None:
        published = _first_date(_declared_elsewhere(page, meta), now)
    shown = shown_dates(page, month_first=month_first)
    declared_modified = _first_date([first_text(ld.get("dateModified"))], now)
    sharer = bool(meta.all("article:published_time"))
    published = reconcile(published, declared_modified, shown, month_first, sharer)
    if published is None:
        published = _first_date([header_date(shown)], now, month_first=month_first)
    if published is None:
        published = _first_date(_visible_dates(page), now, month_first=month_first)
    if published is None:
        published = _first_date(_text_dates(page), now, month_first=month_first)
    if published is None:
        published = plausible(date_from_url(url), now)
    modified_values: list[str | None] = [first_text(ld.get("dateModified"))]
    modified_values += meta.all(*MODIFIED_META)
    modified = _first_date(modified_values, now)
    if published is None:
        # A page that only says when it was last updated: that is the best date it gives.
        updated = _first_date(_text_dates(page, updated=True), now, month_first=month_first)
        published = updated or modified
    return published, modified


def canonical_of(meta: PageMeta, url: str | None) -> str | None:
    link = meta.canonical or meta.first("og:url")
    if not link:
        return url
    return urljoin(url, link) if url else link


def tags_of(meta: PageMeta, ld: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        found.extend(keywords.split(","))
    elif isinstance(keywords, list):
        found.extend(k for k in keywords if isinstance(k, str))
    found.extend(meta.all("article:tag", "news_keywords"))
    if not found:
        for value in meta.all("keywords"):
            found.extend(value.split(","))
    cleaned = [squash(t) for t in found if squash(t)]
    return tuple(dict.fromkeys(cleaned))


def image_of(meta: PageMeta, ld: dict[str, Any], url: str | None) -> str | None:
    image = meta.first("og:image", "og:image:url", "twitter:image", "twitter:image:src")
    if not image:
        image = first_text(ld.get("image")) or first_text(ld.get("thumbnailUrl"))
    if not image:
        return None
    return urljoin(url, image) if url else image


def is_paywalled(ld: dict[str, Any], objects: list[dict[str, Any]]) -> bool:
    for obj in [ld, *objects]:
        free = obj.get("isAccessibleForFree")
        if free is False or (isinstance(free, str) and free.strip().lower() == "false"):
            return True
    return False
