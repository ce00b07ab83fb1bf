"""Strings made storable: no unpaired surrogates, no control characters but tab and line feed.

A Python ``str`` can hold what no UTF-8 column can: a lone surrogate (JSON's ``"\\ud800"``, a
file name's undecodable byte). Control characters are noise in text, except the C1 range
(U+0080..U+009F), which in real text is Windows-1252 read as Latin-1 (0x93 a quote, 0x97 a
dash): those are read as the characters meant.
"""

from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # keeps \t and \n
_C1 = re.compile("[\x80-\x9f]")
# The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are dropped.
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252", errors="ignore") or None for code in range(0x80, 0xA0)
}
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def repair_text(text: str) -> tuple[str, list[str]]:
    """``text`` made storable, and what was done (empty for nearly all texts)."""
    problems: list[str] = []
    if _clean(text):
        return text, problems
    if SURROGATE.search(text):
        replaced = text.count("\ufffd")
        text = pair_surrogates(text)
        if text.count("\ufffd") > replaced:
            problems.append("unpaired surrogate(s) replaced with U+FFFD")
        else:
            problems.append("surrogate pairs joined into the characters they encode")
    text, removed = _CONTROLS.subn("", text)
    if removed:
        problems.append(f"{removed:,} control character(s) removed")
    if _C1.search(text):
        problems.append("C1 control character(s) read as the Windows-1252 characters they encode")
        text = text.translate(_C1_AS_CP1252)
    return text, problems


def _clean(text: str) -> bool:
    """Nothing to repair? In C loops (UTF-8 encoding, byte deletion): 10x a regex search."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return False  # a surrogate
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return False
    return b"\xc2" not in data or _C1_UTF8.search(data) is None


def storable(text: str) -> str:
    """``text`` on one line and safe for any UTF-8 column (reasons, details, warnings)."""
    text = pair_surrogates(text) if SURROGATE.search(text) else text
    return _LINE_CONTROLS.sub(" ", text)


def pair_surrogates(text: str) -> str:
    """Join surrogate pairs split into two code points; replace unpaired ones with U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
