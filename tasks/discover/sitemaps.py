"""Sitemaps (urlset, sitemap index, Google News, gzipped, plain text) into URLs with dates.

The parser never resolves entities, never loads a DTD and never touches the network; the XML
guard refuses entity declarations first. Walking an index recursively needs fetching, so it
lives with the fetcher (``tasks.fetch.discovery``); this module only reads one document.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from lxml import etree

from errors import SitemapRejected as SitemapRejected
from tasks.discover.clean import clean_text, iso_to_utc, safe_url
from tasks.discover.xmlguard import UnsafeXml, check_xml_safe

MAX_ENTRIES = 50_000  # the sitemap protocol's own limit per file
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # protocol limit is 50 MB uncompressed


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # canonical
    lastmod: datetime | None = None
    news_published: datetime | None = None  # news:publication_date
    news_title: str | None = None

    @property
    def published_hint(self) -> datetime | None:
        return self.news_published or self.lastmod


@dataclass(frozen=True)
class ParsedSitemap:
    kind: Literal["urlset", "index", "text"]
    entries: list[SitemapEntry] = field(default_factory=list)  # pages (urlset, text)
    sitemaps: list[SitemapEntry] = field(default_factory=list)  # children (index)
    truncated: bool = False
    malformed: bool = False
    unusable: list[str] = field(default_factory=list)  # <loc>s that are no http(s) URL


def parse_sitemap(data: bytes, url: str | None = None) -> ParsedSitemap:
    """Parse one sitemap document; raise ``SitemapRejected`` with a reason when unusable.

    Never raises anything else: an unexpected error becomes ``SitemapRejected('internal error
    reading the sitemap', 'Type: message')``.
    """
    try:
        return _parse(data, url)
    except SitemapRejected:
        raise
    except Exception as exc:
        detail = f"{type(exc).__name__}: {clean_text(str(exc), 500) or ''}"
        raise SitemapRejected("internal error reading the sitemap", detail) from exc


def _parse(data: bytes, url: str | None) -> ParsedSitemap:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise SitemapRejected("not a sitemap", "empty document")
    if not stripped.startswith(b"<"):
        return _parse_text(stripped, url)
    try:
        check_xml_safe(data)
    except UnsafeXml as exc:
        raise SitemapRejected(exc.reason, exc.detail) from exc
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapRejected("malformed sitemap", str(exc)) from exc
    if root is None:
        raise SitemapRejected("malformed sitemap", "no root element")
    malformed = len(parser.error_log) > 0
    name = _local(root.tag)
    unusable: list[str] = []
    if name == "urlset":
        entries, truncated = _entries(root, "url", url, unusable)
        if malformed and not entries:
            raise SitemapRejected("malformed sitemap", str(parser.error_log.last_error))
        return ParsedSitemap(
            "urlset", entries=entries, truncated=truncated, malformed=malformed, unusable=unusable
        )
    if name == "sitemapindex":
        children, truncated = _entries(root, "sitemap", url, unusable)
        return ParsedSitemap(
            "index", sitemaps=children, truncated=truncated, malformed=malformed, unusable=unusable
        )
    raise SitemapRejected("not a sitemap", f"root element is <{name}>")


def _entries(
    root: etree._Element, tag: str, base: str | None, unusable: list[str]
) -> tuple[list[SitemapEntry], bool]:
    found: list[SitemapEntry] = []
    seen: set[str] = set()
    for element in root:
        if not isinstance(element.tag, str) or _local(element.tag) != tag:
            continue
        if len(found) >= MAX_ENTRIES:
            return found, True
        fields = _child_texts(element)
        loc = safe_url(fields.get("loc"), base)
        if loc is None:
            unusable.append(clean_text(fields.get("loc"), 200) or "(empty)")
            continue
        if loc in seen:
            continue
        seen.add(loc)
        found.append(
            SitemapEntry(
                url=loc,
                lastmod=parse_w3c_datetime(fields.get("lastmod")),
                news_published=parse_w3c_datetime(fields.get("publication_date")),
                news_title=clean_text(fields.get("title")),
            )
        )
    return found, False


def _child_texts(element: etree._Element) -> dict[str, str]:
    """Local name → stripped text for the element's descendants (news:news is nested)."""
    texts: dict[str, str] = {}
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            texts.setdefault(_local(child.tag), text)
    return texts


def _local(tag: str) -> str:
    # Not etree.QName: a recovering parser can leave names QName refuses ("content:encoded").
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _parse_text(data: bytes, base: str | None) -> ParsedSitemap:
    entries: list[SitemapEntry] = []
    for line in data.decode("utf-8", "replace").splitlines():
        candidate = line.strip()
        if not candidate.lower().startswith(("http://", "https://")):
            continue
        url = safe_url(candidate, base)
        if url is not None:
            entries.append(SitemapEntry(url=url))
        if len(entries) >= MAX_ENTRIES:
            return ParsedSitemap("text", entries=entries, truncated=True)
    if not entries:
        raise SitemapRejected("not a sitemap", "neither XML nor a list of URLs")
    return ParsedSitemap("text", entries=entries)


def _gunzip(data: bytes) -> bytes:
    """Every gzip member of ``data`` (concatenated members are one file), bounded."""
    out = bytearray()
    pending = data
    try:
        while pending[:2] == b"\x1f\x8b":
            decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
            out += decoder.decompress(pending, MAX_UNZIPPED_BYTES + 1 - len(out))
            if len(out) > MAX_UNZIPPED_BYTES or decoder.unconsumed_tail:
                raise SitemapRejected(
                    "sitemap too large", f"over {MAX_UNZIPPED_BYTES} bytes unzipped"
                )
            if not decoder.eof:
                raise SitemapRejected("corrupt gzip", "the compressed data ends too early")
            pending = decoder.unused_data.lstrip(b"\0")
    except zlib.error as exc:
        raise SitemapRejected("corrupt gzip", str(exc)) from exc
    if not out:
        raise SitemapRejected("corrupt gzip", "no data after decompression")
    return bytes(out)


def parse_w3c_datetime(value: str | None) -> datetime | None:
    """W3C datetime (``2024-05-01``, ``2024-05-01T10:00Z``, with offset) → UTC; None if not,
    or if outside the plausible range (see ``tasks.discover.clean``)."""
    return iso_to_utc(value)
