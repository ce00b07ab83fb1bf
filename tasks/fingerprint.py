"""Identity of an article's text: what counts as "the same text" for exact deduplication."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTE_STYLE = {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
}  # fmt: skip
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTE_STYLE) + "]")


def normalised_text(text: str) -> str:
    """Text folded for comparison only: NFKC, one quote style, case-folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    folded = _QUOTE_CHARS.sub(lambda match: _QUOTE_STYLE[match.group()], text).casefold()
    return " ".join(folded.split())


def content_hash(body: str) -> str:
    """sha256 (hex) of the normalised body: equal for texts that differ only in form."""
    return hashlib.sha256(normalised_text(body).encode("utf-8")).hexdigest()


def article_id_for(content_hash_hex: str) -> str:
    """A short, stable id for the article first seen with this content hash."""
    return content_hash_hex[:20]


def word_count(body: str) -> int:
    """Words separated by white space (the usual word count of an editor)."""
    return len(body.split())
