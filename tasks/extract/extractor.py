"""extract_article: one page's HTML in, its article fields out. Pure: no I/O, no clock but now()."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

from bs4 import BeautifulSoup, Tag

from tasks.decode import decode_html
from tasks.extract import fields
from tasks.extract.article import ExtractedArticle
from tasks.extract.gc_pause import collector_paused
from tasks.extract.jsonld import find_article, first_text, parse_jsonld
from tasks.extract.language import language_of
from tasks.extract.lead import lead_blocks
from tasks.extract.meta import PageMeta, read_meta
from tasks.extract.page_index import PageIndex
from tasks.extract.preclean import strip_non_content
from tasks.extract.render import render
from tasks.extract.score import choose_containers, measure
from tasks.extract.text import folded, squash
from tasks.extract.tree import parse_page, release
from tasks.stage_times import timed

MAX_HTML_CHARS = 3_000_000  # after scripts and styles are cut; real articles are far smaller
MAX_TAGS = 25_000  # more tags than real article pages have (the largest seen: 19,000)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\ufffd]")
_MIN_BODY = 200  # characters below which the scored container is not trusted
_LD_PARAGRAPH = re.compile(r"\n\s*\n|\r\n\s*\r\n")


def _jsonld_body(ld: dict[str, Any]) -> str:
    raw = ld.get("articleBody") or ld.get("text")
    if not isinstance(raw, str):
        return ""
    if "&lt;" in raw and "&gt;" in raw:
        raw = unescape(raw)  # markup escaped once more than JSON needs: "&lt;p&gt;"
    if "<" in raw and ">" in raw:
        raw = parse_page(raw).get_text("\n\n")
    elif "&" in raw:
        raw = unescape(raw)  # "&nbsp;" and "&quot;" written into a plain-text body
    paragraphs = (squash(p) for p in _LD_PARAGRAPH.split(raw.replace("\r", "")))
    return "\n\n".join(p for p in paragraphs if p)


def _body(
    soup: BeautifulSoup,
    ld: dict[str, Any],
    title: str | None,
    description: str | None,
    warnings: list[str],
) -> tuple[str, str]:
    root = soup.body if isinstance(soup.body, Tag) else soup
    stats, blocks, truncated = measure(root)
    if truncated:
        warnings.append("page too large: only its beginning was read")
    skip = {folded(title)} if title else set()
    containers = choose_containers(root, stats, blocks)
    text, method = "", "empty"
    if containers:
        text, method = "\n\n".join(render(containers, stats, skip)), "scoring"
        if len(text) >= _MIN_BODY:
            seen = folded(text)
            lead = render(lead_blocks(containers[0], root, stats), stats, skip)
            text = "\n\n".join([*(p for p in lead if folded(p) not in seen), text])
    root_stats = stats.get(id(root))
    if len(text) < _MIN_BODY and root_stats is not None and root_stats.prose > 0:
        whole = "\n\n".join(render([root], stats, skip))
        if len(whole) > len(text):
            text, method = whole, "fallback"
    structured = _jsonld_body(ld)
    if structured and len(text) < 0.6 * len(structured):
        text, method = structured, "json-ld"
    if not text and description:
        # A page drawn by scripts from data we cannot run: its summary beats nothing.
        text, method = description, "description"
        warnings.append("article text not in the markup: the description stands in")
    if not text:
        warnings.append("no article text found")
        method = "empty"
    return text, method


def _bounded(html: str, warnings: list[str]) -> str:
    """Cut a page with more characters or elements than a real article page would have."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        warnings.append(f"page longer than {MAX_HTML_CHARS} characters: cut")
    if html.count("<") > MAX_TAGS:
        position = -1
        for _ in range(MAX_TAGS):
            position = html.find("<", position + 1)
        html = html[:position]
        warnings.append(f"page has more than {MAX_TAGS} elements: cut")
    return html


def extract_article(
    html: bytes | str, url: str | None, *, http_charset: str | None = None
) -> ExtractedArticle:
    """Extract the article fields of one HTML page; ``url`` resolves relative links."""
    with collector_paused():
        return _extract(html, url, http_charset)


def _extract(html: bytes | str, url: str | None, http_charset: str | None) -> ExtractedArticle:
    with timed("decode"):
        text, warnings = decode_html(html, http_charset)
        sample = text[:8192]
        binary = bool(sample) and len(_BINARY.findall(sample)) > 0.02 * len(sample)
    if binary:
        warnings.append("page is binary, not HTML")
        return ExtractedArticle(title=None, body="", warnings=tuple(warnings))
    with timed("parse"):
        cleaned, jsonld_blocks = strip_non_content(text)
        cleaned = _bounded(cleaned, warnings)
        soup = parse_page(cleaned) if cleaned.strip() else None
    if soup is None:
        warnings.append("page has no markup or text")
        return ExtractedArticle(title=None, body="", warnings=tuple(warnings))
    try:
        return _fields(soup, url, jsonld_blocks, warnings)
    finally:
        release(soup)


def _fields(
    soup: BeautifulSoup, url: str | None, jsonld_blocks: list[str], warnings: list[str]
) -> ExtractedArticle:
    page = PageIndex(soup)
    meta: PageMeta = read_meta(page)
    meta.jsonld = parse_jsonld(jsonld_blocks)
    ld = find_article(meta.jsonld) or {}
    now = datetime.now(UTC)
    title = fields.title_of(page, meta, ld, url)
    authors = fields.authors_of(page, meta, ld, meta.jsonld, url)
    published, modified = fields.dates_of(page, meta, ld, url, now)
    description = meta.first("og:description", "description", "twitter:description")
    description = description or first_text(ld.get("description"))
    body, method = _body(soup, ld, title, description, warnings)
    return ExtractedArticle(
        title=title,
        body=body,
        authors=authors,
        published_at=published,
        modified_at=modified,
        language=language_of(meta, ld, body),
        canonical_url=fields.canonical_of(meta, url),
        description=description,
        section=first_text(ld.get("articleSection")) or meta.first("article:section"),
        tags=fields.tags_of(meta, ld),
        top_image=fields.image_of(meta, ld, url),
        is_paywalled=fields.is_paywalled(ld, meta.jsonld),
        method=method,
        warnings=tuple(warnings),
    )
