"""Small text helpers shared by the field extractors."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to single spaces."""
    return _SPACE.sub(" ", text).strip()


def folded(text: str) -> str:
    """A form for comparing two labels: lower case, whitespace collapsed."""
    return squash(text).casefold()
