"""The extractors the benchmark compares: newsflow's own and its open-source peers.

Peers are imported lazily; they belong to the ``bench`` optional dependencies, not to newsflow.
Every extractor maps (html bytes, url) to the same prediction dictionary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Prediction = dict[str, Any]
Extractor = Callable[[bytes, str | None], Prediction]
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "tr")


def _newsflow() -> Extractor:
    from tasks.extract import extract_article

    def run(html: bytes, url: str | None) -> Prediction:
        article = extract_article(html, url)
        published = article.published_at.isoformat() if article.published_at else None
        if published and published.endswith("T00:00:00+00:00"):
            published = published[:10]  # midnight UTC: the page gave a date without a time
        return {
            "title": article.title,
            "authors": list(article.authors),
            "published": published,
            "body": article.body,
            "language": article.language,
            "canonical_url": article.canonical_url,
            "method": article.method,
        }

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    def run(html: bytes, url: str | None) -> Prediction:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if document is None:
            return {"title": None, "authors": [], "published": None, "body": "", "method": None}
        found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
        authors = [a.strip() for a in (found.get("author") or "").split(";") if a.strip()]
        return {
            "title": found.get("title"),
            "authors": authors,
            "published": found.get("date"),
            "body": found.get("text") or "",
            "language": found.get("language"),
            "canonical_url": found.get("url"),
            "method": "trafilatura",
        }

    return run


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    def run(html: bytes, url: str | None) -> Prediction:
        document = Document(html, url=url)
        summary = document.summary(html_partial=True)
        body = ""
        if summary.strip():
            tree = lxml.html.fromstring(summary)
            for block in tree.iter(*_BLOCKS):
                block.text = "\n\n" + (block.text or "")
            body = "\n\n".join(" ".join(p.split()) for p in tree.text_content().split("\n\n"))
            body = "\n\n".join(p for p in body.split("\n\n") if p)
        return {
            "title": document.short_title() or None,
            "authors": [],
            "published": None,
            "body": body,
            "language": None,
            "canonical_url": None,
            "method": "readability",
        }

    return run


FACTORIES: dict[str, Callable[[], Extractor]] = {
    "newsflow": _newsflow,
    "trafilatura": _trafilatura,
    "readability": _readability,
}
PEERS = ("trafilatura", "readability")


def load(name: str) -> Extractor:
    """The extractor called ``name``; a clear message if its package is not installed."""
    try:
        return FACTORIES[name]()
    except ImportError as error:
        raise SystemExit(
            f"the {name} peer is not installed ({error}); "
            "install the bench extras: pip install -e '.[bench]', or pass --no-peers"
        ) from error
