"""Find the article object in a page's JSON-LD, whatever the nesting (@graph, lists, mainEntity)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from tasks.extract.rules.jsonld import ARTICLE_TYPES, PAGE_TYPES

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_NODES = 5_000


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except RecursionError:
        return None  # nested deeper than any real metadata: the page is read without it
    except ValueError:
        try:
            return json.loads(_CONTROL.sub(" ", text), strict=False)
        except (ValueError, RecursionError):
            return None


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object reachable through @graph, lists and mainEntity, breadth first."""
    queue = [value]
    seen = 0
    while queue and seen < _MAX_NODES:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                nested = item.get(key)
                if isinstance(nested, dict | list):
                    queue.append(nested)


def type_names(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return [n.rsplit("/", 1)[-1] for n in names if isinstance(n, str)]


def parse_jsonld(blocks: list[str]) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, flattened."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        data = _loads(block)
        if data is not None:
            found.extend(_objects(data))
    return found


def find_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object describing the article: an *Article type, else a page with article fields."""
    best: dict[str, Any] | None = None
    best_rank = 0
    for obj in objects:
        names = type_names(obj)
        if any(ARTICLE_TYPES.search(n) for n in names):
            rank = 3 if "articleBody" in obj or "headline" in obj else 2
        elif any(n in PAGE_TYPES for n in names) and ("datePublished" in obj or "author" in obj):
            rank = 1
        else:
            continue
        if rank > best_rank:
            best, best_rank = obj, rank
    return best


def first_text(value: Any) -> str | None:
    """A string from a JSON-LD value that may be a string, a list, or an object with a name."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            text = first_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        for key in ("name", "@value", "url", "@id"):
            text = value.get(key)
            if isinstance(text, str) and text.strip():
                return text.strip()
    return None


def find_by_id(objects: list[dict[str, Any]], ref: str) -> dict[str, Any] | None:
    for obj in objects:
        if obj.get("@id") == ref and len(obj) > 1:
            return obj
    return None
