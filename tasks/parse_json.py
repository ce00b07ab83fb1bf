"""JSON article files: one object, a list of them, or several (``.json``), or one a line
(``.jsonl``).

Known fields: url, title, body or text, published, authors, source, language, canonical_url.
Every other field is kept in ``Article.extra``. Each record stands alone: a bad one is a reject
of its own (``path#3`` for the fourth record of a ``.json``, ``path:12`` for line 12 of a
``.jsonl``) and the others load. A field of the wrong type is dropped with a warning (a number
where text belongs is kept as text); only a body that is not text rejects its record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tasks.clean import clean_body, clean_line
from tasks.dates import read_published
from tasks.errors import InputRejected
from tasks.json_records import MAX_RECORDS, JsonReader, Record, document_records, line_records
from tasks.models import Article
from tasks.normalise import cut_long_body, normalise_article

_STRING_FIELDS = ("url", "title", "source", "language", "canonical_url")
_BODY_FIELDS = ("body", "text")
_KNOWN = {*_STRING_FIELDS, *_BODY_FIELDS, "published", "authors"}

Outcome = tuple[str, Article | InputRejected]


def parse_json_document(
    text: str, *, location: str, source: str | None, max_records: int = MAX_RECORDS
) -> list[Outcome]:
    """Each record of a ``.json`` file: where it is and its article or why not.

    A file of one record is named by its path alone; records of a longer file ``path#i``."""
    records = document_records(text, JsonReader(), max_records)
    first = next(records, None)
    if first is None:
        return [(location, InputRejected("no article text", "the JSON holds only empty lists"))]
    second = next(records, None)
    if second is None:
        return [_outcome(first, location, source)]
    outcomes = [_outcome(first, f"{location}#0", source), _outcome(second, f"{location}#1", source)]
    outcomes.extend(_outcome(record, f"{location}#{record[0]}", source) for record in records)
    return outcomes


def iter_json_lines(
    text: str, *, location: str, source: str | None, max_records: int = MAX_RECORDS
) -> Iterator[Outcome]:
    """Each non-blank line of a ``.jsonl`` file: its ``path:line`` and article or error."""
    for record in line_records(text, JsonReader(), max_records):
        yield _outcome(record, f"{location}:{record[0]}", source)


def _outcome(record: Record, where: str, source: str | None) -> Outcome:
    _, value, problems = record
    if isinstance(value, InputRejected):
        return where, value
    try:
        return where, article_from_object(
            value, location=where, default_source=source, warnings=problems
        )
    except InputRejected as rejected:
        return where, rejected
    except Exception as exc:  # one record's surprise must not cost the others
        return where, InputRejected("internal error while parsing", f"{type(exc).__name__}: {exc}")


def article_from_object(
    item: Any, *, location: str, default_source: str | None, warnings: list[str] | None = None
) -> Article:
    if not isinstance(item, dict):
        raise InputRejected("wrong JSON shape", f"expected an object, got {_kind(item)}")
    notes = list(warnings or ())
    values = {name: _text_field(item.get(name), name, notes) for name in _STRING_FIELDS}
    title = values["title"]
    body = clean_body(cut_long_body(_body_text(item, notes), notes), title)
    if not body:
        raise InputRejected("no article text", "the object has no 'body' or 'text'")
    extra = {k: v for k, v in item.items() if k not in _KNOWN}
    extra["extraction_method"] = "json"  # the path that gave the body (a column in the warehouse)
    published_raw = item.get("published")
    published, problem = read_published(published_raw)
    if problem is not None:
        notes.append(f"published: {problem}")
        extra["unparsed_published"] = (
            published_raw if isinstance(published_raw, str | int | float) else repr(published_raw)
        )
    article = Article(
        title=title,
        body=body,
        source=values["source"] or default_source,
        location=location,
        authors=_authors(item.get("authors"), notes),
        published_at=published,
        language=values["language"],
        url=values["url"],
        canonical_url=values["canonical_url"] or values["url"],
        extra=extra,
        warnings=tuple(notes),
    )
    return normalise_article(article)


def _text_field(value: Any, name: str, notes: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        notes.append(f"{name}: a number where text belongs; kept as text")
        value = str(value)
    if not isinstance(value, str):
        notes.append(f"{name}: {_kind(value)} is not text; dropped")
        return None
    return clean_line(value) or None


def _body_text(item: dict[str, Any], notes: list[str]) -> str:
    for name in _BODY_FIELDS:
        value = item.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            paragraphs = [p for p in value if isinstance(p, str)]
            if len(paragraphs) < len(value):
                dropped = len(value) - len(paragraphs)
                notes.append(f"{name}: {dropped:,} list item(s) that are not text dropped")
            return "\n\n".join(paragraphs)
        raise InputRejected(
            "wrong field type",
            f"'{name}' must be a string or a list of strings, got {_kind(value)}",
        )
    return ""


def _authors(value: Any, notes: list[str]) -> tuple[str, ...]:
    """Names from a string, a list of strings, or schema.org-style ``{"name": ...}`` objects."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    dropped = 0
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            if name.strip():
                names.append(clean_line(name))
        else:
            dropped += 1
    if dropped:
        notes.append(f"authors: {dropped:,} item(s) that are not names dropped")
    return tuple(dict.fromkeys(names))


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
