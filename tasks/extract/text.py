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


_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")
_ESCAPE = re.compile(r"\\.")


class Caseless:
    """A case-insensitive pattern, searched fast.

    Python's IGNORECASE matching runs several times slower than plain matching, and class
    names, ids and short lines are tested against these patterns by the thousand on every
    page. ASCII text is lower-cased and searched with the pattern as written (which must
    therefore be in lower case); other text is searched with IGNORECASE.
    """

    __slots__ = ("folded_search", "pattern", "plain_search")

    def __init__(self, pattern: str) -> None:
        if _UPPER_LITERAL.search(_ESCAPE.sub("", pattern)):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        # the pattern's own searches: plain for lower-cased ASCII text, IGNORECASE for the rest
        self.plain_search = re.compile(pattern).search
        self.folded_search = re.compile(pattern, re.IGNORECASE).search

    def search(self, text: str) -> re.Match[str] | None:
        """Where the pattern is found (in ``text`` lower-cased, when it is ASCII)."""
        if text.isascii():
            return self.plain_search(text.lower())
        return self.folded_search(text)
