"""``Article.extra`` made into JSON that any reader (DuckDB's included) takes, within bounds.

Keys become text; strings lose unpaired surrogates and control characters; NaN and infinities
become null; integers beyond 64 bits become their digits as text; anything nested deeper than
``MAX_DEPTH`` levels, a string over ``MAX_STRING_CHARS`` and, last, the largest fields of an
``extra`` over ``MAX_EXTRA_CHARS`` are dropped. Each kind of repair is reported once, with the
first place it happened and how often.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from tasks.text_repair import repair_text

MAX_DEPTH = 32
MAX_STRING_CHARS = 100_000
MAX_EXTRA_CHARS = 1_000_000  # as JSON text
_INT64 = 2**63
_HUGE_INT_BITS = 13_000  # about Python's 4,300-digit limit for int -> str
_DROPPED = object()


class _Problems:
    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, int]] = {}  # problem -> (first place, count)

    def add(self, place: str, problem: str) -> None:
        first, count = self.seen.get(problem, (place, 0))
        self.seen[problem] = (first, count + 1)

    def lines(self) -> list[str]:
        return [
            f"{place}: {problem}" + (f" ({count - 1:,} more like it)" if count > 1 else "")
            for problem, (place, count) in self.seen.items()
        ]


def clean_extra(extra: object) -> tuple[dict[str, Any], list[str]]:
    """The storable ``extra`` and its problems as ``.field: what was done`` lines."""
    problems = _Problems()
    if not isinstance(extra, Mapping):
        if extra is not None:
            problems.add("", f"a {type(extra).__name__} is not an object; dropped")
        return {}, problems.lines()
    cleaned = _clean_object(extra, "", 1, problems)
    _fit(cleaned, problems)
    return cleaned, problems.lines()


def _clean(value: Any, place: str, depth: int, problems: _Problems) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if -_INT64 <= value < _INT64:
            return value
        if value.bit_length() > _HUGE_INT_BITS:
            problems.add(place, "integer with thousands of digits; dropped")
            return _DROPPED
        problems.add(place, "integer too large for 64 bits; kept as text")
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        problems.add(place, f"{value} is not a JSON number; replaced with null")
        return None
    if isinstance(value, str):
        return _clean_string(value, place, problems)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping | list | tuple) and depth >= MAX_DEPTH:
        problems.add(place, f"nested deeper than {MAX_DEPTH} levels; dropped")
        return _DROPPED
    if isinstance(value, Mapping):
        return _clean_object(value, place, depth + 1, problems)
    if isinstance(value, list | tuple):
        items = (_clean(item, f"{place}[{i}]", depth + 1, problems) for i, item in enumerate(value))
        return [item for item in items if item is not _DROPPED]
    problems.add(place, f"a {type(value).__name__} is not JSON; kept as its text")
    return _clean_string(_text_of(value), place, problems)


def _clean_object(
    value: Mapping[Any, Any], place: str, depth: int, problems: _Problems
) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        name = _clean_string(key if isinstance(key, str) else _text_of(key), place, problems)
        if name in cleaned:
            problems.add(f"{place}.{name}", "two keys are the same once repaired; first kept")
            continue
        item = _clean(item, f"{place}.{name}", depth, problems)
        if item is not _DROPPED:
            cleaned[name] = item
    return cleaned


def _clean_string(text: str, place: str, problems: _Problems) -> str:
    if len(text) > MAX_STRING_CHARS:
        problems.add(place, f"text over {MAX_STRING_CHARS:,} characters; cut")
        text = text[:MAX_STRING_CHARS]
    text, repairs = repair_text(text)
    for repair in repairs:
        problems.add(place, repair.split(" ", 1)[1] if repair[0].isdigit() else repair)
    return text


def _fit(extra: dict[str, Any], problems: _Problems) -> None:
    """Drop the largest fields until ``extra`` is at most ``MAX_EXTRA_CHARS`` as JSON."""
    sizes = {key: len(_json(key)) + len(_json(value)) + 2 for key, value in extra.items()}
    total = sum(sizes.values()) + 2
    for key in sorted(sizes, key=lambda k: (-sizes[k], k)):
        if total <= MAX_EXTRA_CHARS:
            break
        del extra[key]
        total -= sizes[key]
        problems.add(f".{key}", f"dropped to keep extra under {MAX_EXTRA_CHARS:,} characters")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _text_of(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # an object whose __str__ fails is still only one field
        return f"<{type(value).__name__}>"
