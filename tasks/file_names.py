"""File paths as newsflow stores and shows them: valid UTF-8, readable, and lossless.

A POSIX file name is any bytes but ``/`` and NUL; Python hands names that are not UTF-8 over as
``str`` with each undecodable byte as a lone surrogate (U+DC80..U+DCFF, ``os.fsdecode``), which
no UTF-8 column can hold. The *shown* form is the path with:

- each byte that is not UTF-8 written ``\\xNN`` (two lower-case hex digits),
- each control character (U+0000..U+001F, U+007F) written ``\\xNN``,
- any other lone surrogate written ``\\uNNNN``,
- and a backslash that is part of the name written ``\\\\``,

so that ``path_from_shown`` gives the exact original back. Names made only of printable UTF-8
without backslashes (nearly all of them) are shown unchanged.
"""

from __future__ import annotations

import os
import re

_NEEDS_ESCAPE = re.compile(r"[\\\x00-\x1f\x7f\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(?:\\|x([0-9a-f]{2})|u([0-9a-f]{4}))")


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as valid, readable UTF-8; ``path_from_shown`` reverses it exactly."""
    text = os.fspath(path)
    # What needs escaping is never printable but the backslash: two checks in C, for the
    # hundreds of thousands of plain names of a big inbox, before the pattern.
    if ("\\" not in text and text.isprintable()) or _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(_escape, text)


def path_from_shown(shown: str) -> str:
    """The path (``os.fsdecode`` form, ready to open) that ``shown_path`` turned into ``shown``."""
    if "\\" not in shown:
        return shown
    return _ESCAPED.sub(_unescape, shown)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode carries it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _unescape(match: re.Match[str]) -> str:
    byte, unit = match.group(1), match.group(2)
    if byte is not None:
        value = int(byte, 16)
        return chr(value) if value < 0x80 else chr(0xDC00 + value)
    if unit is not None:
        return chr(int(unit, 16))
    return "\\"
