"""JSON article files: one object (``.json``, or a list of them) or one object a line (``.jsonl``).

Known fields: url, title, body or text, published, authors, source, language, canonical_url.
Every other field is kept in ``Article.extra``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tasks.clean import clean_body, clean_line
from tasks.dates import parse_published
from tasks.errors import InputRejected
from tasks.models import Article

_STRING_FIELDS = ("url", "title", "source", "language", "canonical_url")
_BODY_FIELDS = ("body", "text")
_KNOWN = {*_STRING_FIELDS, *_BODY_FIELDS, "published", "authors"}


def parse_json_document(text: str, *, location: str, source: str | None) -> list[Article]:
    """All articles of a ``.json`` file; raises InputRejected for the whole file."""
    document = _loads(text, where="")
    items = document if isinstance(document, list) else [document]
    if not items:
        raise InputRejected("no article text", "the JSON list is empty")
    return [
        article_from_object(item, location=f"{location}#{i}" if len(items) > 1 else location,
                            default_source=source)
        for i, item in enumerate(items)
    ]  # fmt: skip


def iter_json_lines(
    text: str, *, location: str, source: str | None
) -> Iterator[tuple[str, Article | InputRejected]]:
    """Each non-blank line of a ``.jsonl`` file: its ``path:line`` and article or error."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{location}:{number}"
        try:
            yield (
                where,
                article_from_object(
                    _loads(line, where=f"line {number}: "), location=where, default_source=source
                ),
            )
        except InputRejected as rejected:
            yield where, rejected


def article_from_object(item: Any, *, location: str, default_source: str | None) -> Article:
    if not isinstance(item, dict):
        raise InputRejected("wrong JSON shape", f"expected an object, got {_kind(item)}")
    values: dict[str, str | None] = {}
    for name in _STRING_FIELDS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            raise InputRejected(
                "wrong field type", f"'{name}' must be a string, got {_kind(value)}"
            )
        values[name] = clean_line(value) if isinstance(value, str) and value.strip() else None
    title = values["title"]
    body = clean_body(_body_text(item), title)
    if not body:
        raise InputRejected("no article text", "the object has no 'body' or 'text'")
    published_raw = item.get("published")
    if published_raw is not None and not isinstance(published_raw, str | int | float):
        raise _wrong_type("published", "a string or number", published_raw)
    extra = {k: v for k, v in item.items() if k not in _KNOWN}
    published = parse_published(published_raw)
    if published_raw not in (None, "") and published is None:
        extra["unparsed_published"] = published_raw
    return Article(
        title=title,
        body=body,
        source=values["source"] or default_source,
        location=location,
        authors=_authors(item.get("authors")),
        published_at=published,
        language=values["language"],
        url=values["url"],
        canonical_url=values["canonical_url"] or values["url"],
        extra=extra,
    )


def _body_text(item: dict[str, Any]) -> str:
    for name in _BODY_FIELDS:
        value = item.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            return "\n\n".join(value)
        raise _wrong_type(name, "a string or a list of strings", value)
    return ""


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise _wrong_type("authors", "a list of strings", value)
    return tuple(dict.fromkeys(clean_line(a) for a in value if a.strip()))


def _loads(text: str, *, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputRejected(
            "invalid JSON", f"{where}line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise InputRejected("invalid JSON", f"{where}nested too deeply") from exc


def _wrong_type(name: str, expected: str, value: Any) -> InputRejected:
    return InputRejected("wrong field type", f"'{name}' must be {expected}, got {_kind(value)}")


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
