"""Metadata the paths record in ``Article.extra`` that the warehouse keeps as typed columns.

Every input path (HTML extraction, HTTP fetch, WARC records, JSON inputs) writes these under
the keys below; staging lifts them out so that ``extra`` keeps only what has no column.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tasks.dates import utc_from_iso

# Column -> the extra keys that feed it, first present wins (JSON inputs use several names).
_TEXT_KEYS = {
    "description": ("description", "summary", "abstract"),
    "section": ("section", "category"),
    "image_url": ("top_image", "image_url", "image"),
    "extraction_method": ("extraction_method",),
}
_TAG_KEYS = ("tags", "keywords")
_MODIFIED_KEYS = ("modified_at", "modified", "updated_at", "date_modified")
# Keys folded into ``raw_ref`` and dropped from extra.
_RAW_KEYS = ("raw", "warc")
METADATA_COLUMNS = (*_TEXT_KEYS, "tags", "modified_at", "is_paywalled", "raw_ref")


def split_metadata(extra: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The typed metadata columns, and ``extra`` without the keys they came from."""
    rest = dict(extra)
    columns: dict[str, Any] = {name: None for name in METADATA_COLUMNS}
    for column, keys in _TEXT_KEYS.items():
        for key in keys:
            value = rest.get(key)
            if isinstance(value, str) and value.strip():
                columns[column] = value.strip()
                for other in keys:
                    rest.pop(other, None)
                break
    for key in _TAG_KEYS:
        tags = _tags(rest.get(key))
        if tags is not None:
            columns["tags"] = tags
            for other in _TAG_KEYS:
                rest.pop(other, None)
            break
    for key in _MODIFIED_KEYS:
        modified = _timestamp(rest.get(key))
        if modified is not None:  # an unreadable date stays in extra as it came
            columns["modified_at"] = modified
            rest.pop(key)
            break
    if isinstance(rest.get("is_paywalled"), bool):
        columns["is_paywalled"] = rest.pop("is_paywalled")
    for key in _RAW_KEYS:
        ref = _raw_ref(rest.get(key))
        if ref is not None:
            columns["raw_ref"] = ref
            rest.pop(key)
            break
    return columns, rest


def _timestamp(value: object) -> datetime | None:
    moment = utc_from_iso(value.strip()) if isinstance(value, str) else None
    return moment if moment is not None and 1600 <= moment.year <= 9000 else None


def _tags(value: object) -> list[str] | None:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return None
    tags = [t.strip() for t in value if isinstance(t, str) and t.strip()]
    return tags or None


def _raw_ref(value: object) -> str | None:
    """``archive#offset`` for a WARC record, whether captured by newsflow or read from one."""
    if not isinstance(value, Mapping):
        return None
    archive = value.get("warc") or value.get("archive")
    offset = value.get("offset")
    if not isinstance(archive, str) or not isinstance(offset, int):
        return None
    return f"{archive}#{offset}"
