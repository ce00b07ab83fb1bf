"""Everything a page says about itself in its head: meta tags, links, <title>, lang."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from typing import Any

from tasks.extract.page_index import PageIndex
from tasks.extract.text import squash


@dataclass
class PageMeta:
    """Meta values keyed by lower-cased name, property or itemprop, in page order."""

    values: dict[str, list[str]] = field(default_factory=dict)
    title_tag: str | None = None
    canonical: str | None = None
    lang: str | None = None
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.values.get(key, ()):
                if value:
                    return value
        return None

    def all(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self.values.get(key, ()) if v]


def read_meta(page: PageIndex) -> PageMeta:
    meta = PageMeta()
    for tag in page.named("meta"):
        content = tag.get("content")
        if not isinstance(content, str):
            continue
        content = squash(unescape(content) if "&" in content else content)
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attr)
            if isinstance(key, str) and key:
                meta.values.setdefault(key.strip().lower(), []).append(content)
    title = page.first("title")
    if title is not None:
        meta.title_tag = squash(title.get_text()) or None
    for link in page.with_attrs(names=("link",), rel=True):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else [str(rel)]
        href = link.get("href")
        if "canonical" in (r.lower() for r in rels) and isinstance(href, str) and href.strip():
            meta.canonical = href.strip()
            break
    html = page.first("html")
    if html is not None:
        lang = html.get("lang") or html.get("xml:lang")
        if isinstance(lang, str) and lang.strip():
            meta.lang = lang.strip()
    return meta
