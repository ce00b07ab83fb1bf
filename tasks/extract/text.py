"""Small text helpers shared by the field extractors."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to single spaces."""
    return _SPACE.sub(" ", text).strip()


_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€|â[\u0080-\u00bf]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252 or Latin-1 somewhere upstream."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def folded(text: str) -> str:
    """A form for comparing two labels: lower case, whitespace collapsed."""
    return squash(text).casefold()
