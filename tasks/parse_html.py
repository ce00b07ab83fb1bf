"""Saved HTML pages: the extractor (``tasks.extract``) gives the fields."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tasks.clean import clean_body
from tasks.errors import InputRejected
from tasks.models import Article
from tasks.normalise import cut_long_body, normalise_article
from tasks.stage_times import timed
from tasks.text_sniff import binary_kind, bom_encoding

_CLOSERS = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)
_MIN_BODY_WORDS = 5


def looks_truncated(html: bytes) -> bool:
    """Cut off mid-download: no closing body/html tag, and it ends inside a tag or text."""
    tail = html[-4096:]
    bom = bom_encoding(html)
    if bom is not None and bom[0] != "utf-8":  # a UTF-16 or UTF-32 page: look at its characters
        encoding = bom[0]
        width = 4 if "32" in encoding else 2
        tail = html[-4096 * width :]
        tail = tail[len(tail) % width :].decode(encoding, "replace").encode("utf-8")
    tail = tail.rstrip()
    return not _CLOSERS.search(tail) and not tail.endswith(b">")


def parse_html_article(
    html: bytes, *, location: str, source: str | None, url: str | None = None
) -> Article:
    with timed("decode"):
        kind = binary_kind(html)
        truncated = kind is None and looks_truncated(html)
    if kind is not None:
        raise InputRejected(
            "binary file, not HTML", f"the content looks like {kind}", stage="decode"
        )
    if truncated:
        raise InputRejected(
            "truncated HTML", "the page ends mid-element with no </body> or </html>; not loaded"
        )
    from tasks.extract import extract_article  # the extractor's imports cost ~0.3 s: load on use

    with timed("extract"):
        extracted = extract_article(html, url)
    warnings: list[str] = []
    with timed("clean"):
        body = clean_body(cut_long_body(extracted.body, warnings), extracted.title)
    if len(body.split()) < _MIN_BODY_WORDS:
        raise InputRejected("no article text", "the page has no main text newsflow could find")
    canonical = extracted.canonical_url or url
    extra: dict[str, object] = {"extraction_method": extracted.method}
    for name in ("description", "section", "top_image"):
        if getattr(extracted, name):
            extra[name] = getattr(extracted, name)
    if extracted.tags:
        extra["tags"] = list(extracted.tags)
    if extracted.is_paywalled:
        extra["is_paywalled"] = True
    if extracted.modified_at:
        extra["modified_at"] = extracted.modified_at.isoformat()
    if extracted.warnings:
        extra["warnings"] = list(extracted.warnings)
    article = Article(
        title=extracted.title,
        body=body,
        source=source or _host(canonical),
        location=location,
        authors=extracted.authors,
        published_at=extracted.published_at,
        language=extracted.language,
        url=url,
        canonical_url=canonical,
        extra=extra,
        warnings=tuple(warnings),
    )
    with timed("clean"):
        return normalise_article(article)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[::1" and other URLs urlsplit cannot take apart
        return None
    return host.removeprefix("www.") if host else None
