"""Staged rows as lines of UTF-8 JSON; what JSON in UTF-8 cannot hold is repaired, and said."""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

_SURROGATES = re.compile("[\ud800-\udfff]")
REPAIRED = "unencodable values repaired at staging"


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def json_line(row: Mapping[str, Any]) -> str:
    """One staged row as a line of UTF-8 JSON. What JSON in UTF-8 cannot hold is repaired: an
    unpaired surrogate becomes U+FFFD, NaN or infinity null; the row's ``warnings`` say so."""
    try:
        line = json.dumps(row, default=json_default, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
    except (UnicodeEncodeError, ValueError):  # ValueError: NaN or infinity, which JSON lacks
        repaired = repair(row)
        said = repaired.get("warnings")
        if isinstance(said, list) and REPAIRED not in said:
            repaired["warnings"] = [*said, REPAIRED]
        line = json.dumps(repaired, default=json_default, ensure_ascii=False, allow_nan=False)
    return line + "\n"


def repair(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        # A valid pair stored as two code points becomes the one character it spells.
        with contextlib.suppress(UnicodeDecodeError):
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {repair(str(k)): repair(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [repair(v) for v in value]
    return value
